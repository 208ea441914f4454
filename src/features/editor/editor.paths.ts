// The editors' URLs: the kind segments, the `struktur` marker tenant, and the path of a record's edit page.
import type { EntityType } from '../auth/auth.ts';
import { type AnyDoc, normalizeDoc, STRUCTURE_TENANT } from './editor.ts';

export const KIND_SEGMENTS = ['services', 'authorities', 'contacts', 'lebenslagen'] as const;

export type KindSegment = (typeof KIND_SEGMENTS)[number];

export const STRUCTURE = 'struktur';

export const NEW = 'neu';

export type Form = Record<string, string | string[] | undefined>;

export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export const intOrNull = (v: string | string[] | undefined) => {
  const s = one(v);
  return s && /^\d+$/.test(s) ? Number(s) : null;
};

/** `struktur` in URLs is the marker tenant of structure records (Lebenslagen). */
export const tenantOfUrl = (t: string) => (t === STRUCTURE ? STRUCTURE_TENANT : t);

export const tenantInUrl = (t: string) => (t === STRUCTURE_TENANT ? STRUCTURE : t);

export function editPath(type: EntityType, tenant: string, id: string): string {
  if (type === 'area_service') return `/editor/${tenant}/services/${id.split(':')[1]}`;
  const seg =
    type === 'service'
      ? 'services'
      : type === 'authority'
        ? 'authorities'
        : type === 'contact'
          ? 'contacts'
          : 'lebenslagen';
  return `/editor/${tenantInUrl(tenant)}/${seg}/${id}`;
}

export function emptyDoc(type: EntityType): AnyDoc {
  return normalizeDoc(type, type === 'service' ? { defaultLevel: 'gemeinde' } : {});
}

export function segmentOf(type: EntityType): KindSegment {
  return type === 'service' || type === 'area_service'
    ? 'services'
    : type === 'authority'
      ? 'authorities'
      : type === 'contact'
        ? 'contacts'
        : 'lebenslagen';
}
