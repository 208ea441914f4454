// The edit documents of the catalog's records: a record without its storage keys (id, owner, version), as the
// editors' workspace edits it and as the history stores it. Derived from the domain types, mapped both ways here
// and nowhere else. Pure.
import type {
  Address,
  Area,
  AreaKind,
  Assignment,
  Authority,
  AuthorityWithAssignments,
  Contact,
  Lebenslage,
  LocalServiceSetting,
  ResponsibilityRule,
  Service,
} from './catalog.ts';

/** A responsibility override as an editor sees it: the catalog's rule without its storage keys (first match wins). */
export type RuleDoc = Omit<ResponsibilityRule, 'id' | 'serviceId' | 'position'>;
export type ServiceDoc = Omit<Service, 'id' | 'tenantAgs' | 'version' | 'rules'> & { rules: RuleDoc[] };
/** How a town handles a catalog service it does not own. */
export type AreaServiceDoc = Omit<LocalServiceSetting, 'areaAgs' | 'serviceId'>;
export type AssignmentDoc = Omit<Assignment, 'id' | 'tenantAgs' | 'authorityId'>;
export type AuthorityDoc = Omit<Authority, 'id' | 'tenantAgs' | 'version' | 'address'> &
  Address & { assignments: AssignmentDoc[] };
export type ContactDoc = Omit<Contact, 'id' | 'tenantAgs' | 'version'>;
export type LebenslageDoc = Omit<Lebenslage, 'id'>;
export type AreaDoc = Omit<Area, 'ags'>;
export type AreaKindDoc = Omit<AreaKind, 'code'>;

export interface DocOf {
  service: ServiceDoc;
  area_service: AreaServiceDoc;
  authority: AuthorityDoc;
  contact: ContactDoc;
  lebenslage: LebenslageDoc;
}

export function serviceDoc(s: Service): ServiceDoc {
  const { id: _id, tenantAgs: _t, version: _v, rules, ...rest } = s;
  return {
    ...rest,
    rules: rules.map(({ id: _i, serviceId: _s, position: _p, ...r }) => r),
  };
}

export function serviceFromDoc(id: string, tenantAgs: string, d: ServiceDoc): Service {
  return {
    ...d,
    id,
    tenantAgs,
    version: 0,
    rules: d.rules.map((r, i) => ({ ...r, id: `${id}:r${i + 1}`, serviceId: id, position: i })),
  };
}

export function authorityDoc(a: Authority, assignments: Assignment[]): AuthorityDoc {
  const { id: _id, tenantAgs: _t, version: _v, address, ...rest } = a;
  return {
    ...rest,
    ...address,
    assignments: [...assignments]
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .map(({ id: _i, tenantAgs: _tt, authorityId: _a, ...x }) => x),
  };
}

export function authorityFromDoc(id: string, tenantAgs: string, d: AuthorityDoc): AuthorityWithAssignments {
  const { street, postcode, city, assignments, ...rest } = d;
  return {
    ...rest,
    id,
    tenantAgs,
    address: { street, postcode, city },
    version: 0,
    assignments: assignments.map((a, i) => ({
      ...a,
      id: `${id}#e${i + 1}@${a.areaAgs}`,
      tenantAgs,
      authorityId: id,
    })),
  };
}

export function contactDoc(c: Contact): ContactDoc {
  const { id: _id, tenantAgs: _t, version: _v, ...rest } = c;
  // The links are a set: sorted, so that two equal sets read as the same document.
  return { ...rest, serviceIds: [...rest.serviceIds].sort(), tasks: [...rest.tasks].sort() };
}

export function contactFromDoc(id: string, tenantAgs: string, d: ContactDoc): Contact {
  return { ...d, id, tenantAgs, version: 0 };
}

export function lebenslageDoc(l: Lebenslage): LebenslageDoc {
  const { id: _id, ...rest } = l;
  return rest;
}

export const lebenslageFromDoc = (id: string, d: LebenslageDoc): Lebenslage => ({ ...d, id });

export function areaServiceDoc(l: LocalServiceSetting): AreaServiceDoc {
  const { areaAgs: _a, serviceId: _s, ...rest } = l;
  return rest;
}

export const localSettingFromDoc = (areaAgs: string, serviceId: string, d: AreaServiceDoc): LocalServiceSetting => ({
  ...d,
  areaAgs,
  serviceId,
});

/**
 * JSON with object keys sorted at every depth and arrays kept in order: two records that differ only in key order
 * compare equal, two lists in different order do not (the order of Lebenslagen and rules means something).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export const sameRecord = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
