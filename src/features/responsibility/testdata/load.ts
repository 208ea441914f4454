import { fileURLToPath } from 'node:url';
import { parseBundle, readBundleSources } from '../../../interop/bundle/bundle.reader.ts';
import { buildSnapshot, type CatalogSnapshot } from '../resolver.ts';

/** Parses a bundle (no database) and builds the resolver's snapshot from it, with contacts' tenants filled in. */
export function snapshotFromBundle(path: string): CatalogSnapshot {
  const set = parseBundle(readBundleSources(path));
  const authorities = set.authorities.map((a) => a.value);
  const tenantOf = new Map(authorities.map((a) => [a.id, a.tenantAgs]));
  return buildSnapshot({
    areas: set.areas.map((a) => a.value),
    areaKinds: set.areaKinds.map((k) => k.value),
    services: set.services.map((s) => s.value),
    tasks: (set.tasks ?? []).map((t) => t.value),
    authorities,
    assignments: authorities.flatMap((a) => a.assignments),
    contacts: set.contacts.map((c) => ({
      ...c.value,
      tenantAgs: c.value.tenantAgs || (tenantOf.get(c.value.authorityId) ?? ''),
    })),
  });
}

export const MINI_BUNDLE = fileURLToPath(new URL('./mini-bundle.yaml', import.meta.url));
/** An invented Rhineland-Palatinate-shaped county in format 2 (tasks, Verband, regions, dates, place of event). */
export const GERMANY_BUNDLE = fileURLToPath(new URL('./germany-bundle.yaml', import.meta.url));
