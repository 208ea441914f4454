// Domain types and pure rules of the shared catalog. No I/O here.

import type { Static } from 'typebox';
import {
  type AddressRecord,
  type AreaKindRecord,
  type AreaRecord,
  ASSIGNMENT_ROLE_VALUES,
  type AssignmentRecord,
  AUDIENCE_VALUES,
  type AuthorityRecord,
  CONNECTING_FACTOR_VALUES,
  type ContactRecord,
  LEVEL_VALUES,
  type LebenslageRecord,
  type LinkRecord,
  type LocalServiceSettingRecord,
  ONLINE_SERVICE_TYPE_VALUES,
  type OnlineServiceRecord,
  type ResponsibilityRuleRecord,
  RULE_MATCH_TYPE_VALUES,
  type RuleRecord,
  type ServiceRecord,
  type ServiceTextsRecord,
  type TaskRecord,
  TRUST_LEVEL_VALUES,
} from './catalog.records.ts';

export const LEVELS = LEVEL_VALUES;
export const AUDIENCES = AUDIENCE_VALUES;
export type Level = (typeof LEVELS)[number];

export const ASSIGNMENT_ROLES = ASSIGNMENT_ROLE_VALUES;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const CONNECTING_FACTORS = CONNECTING_FACTOR_VALUES;
export type ConnectingFactor = (typeof CONNECTING_FACTORS)[number];
export const RULE_MATCH_TYPES = RULE_MATCH_TYPE_VALUES;

export const ONLINE_SERVICE_TYPES = ONLINE_SERVICE_TYPE_VALUES;
export const TRUST_LEVELS = TRUST_LEVEL_VALUES;

// The records' types, derived from their one definition in catalog.records.ts.
export type Link = Static<typeof LinkRecord>;
export type OnlineService = Static<typeof OnlineServiceRecord>;
export type AreaKind = Static<typeof AreaKindRecord>;
export type Area = Static<typeof AreaRecord>;
export type Lebenslage = Static<typeof LebenslageRecord>;
export type Address = Static<typeof AddressRecord>;
export type Authority = Static<typeof AuthorityRecord>;
export type Contact = Static<typeof ContactRecord>;
export type ServiceTexts = Static<typeof ServiceTextsRecord>;
export type ResponsibilityRule = Static<typeof ResponsibilityRuleRecord>;
export type Service = Static<typeof ServiceRecord>;
/** An override rule as the resolver reads it, whether it sits on a service or on a task. */
export type Rule = Static<typeof RuleRecord>;
/** An Aufgabe with the responsibility its services inherit. */
export type Task = Static<typeof TaskRecord>;
/** Exactly one of serviceId / task is set. */
export type Assignment = Static<typeof AssignmentRecord>;
/** A town's own decision about a catalog service it does not own: offered here or not, and local additions. */
export type LocalServiceSetting = Static<typeof LocalServiceSettingRecord>;

/**
 * A service stated to be only for businesses (PVOG's addressees). A town's lists put these after the services for
 * citizens, who are most of a portal's readers; a service whose audience is not stated counts as one for citizens.
 */
export function forBusinessesOnly(s: { audience?: readonly string[] | undefined }): boolean {
  return !!s.audience?.length && !s.audience.includes('citizens');
}

// ---- keys -------------------------------------------------------------------------------------------------------

/**
 * Area keys: the AGS of a Land (2 digits), Regierungsbezirk (3), Kreis (5) or Gemeinde (8), "00" for the Bund; a
 * Gemeindeverband's key is the first 9 digits of its ARS (Land, RB, Kreis, Verband), because the AGS has no Verband
 * digits; a district below a Gemeinde (Bezirk, Stadtbezirk) extends the Gemeinde's AGS by 2 to 4 digits.
 */
export type AreaKeyKind = 'bund' | 'land' | 'regierungsbezirk' | 'kreis' | 'gemeindeverband' | 'gemeinde' | 'bezirk';

export function areaKeyKind(key: string): AreaKeyKind | null {
  if (!/^\d+$/.test(key)) return null;
  if (key === '00') return 'bund';
  switch (key.length) {
    case 2:
      return 'land';
    case 3:
      return 'regierungsbezirk';
    case 5:
      return 'kreis';
    case 8:
      return 'gemeinde';
    case 9:
      return 'gemeindeverband';
    case 10:
    case 11:
    case 12:
      return 'bezirk';
    default:
      return null;
  }
}

/** Checks an area key's shape (see `areaKeyKind`). */
export function agsProblem(ags: string): string | null {
  if (!/^\d+$/.test(ags)) return 'must contain digits only';
  if (!areaKeyKind(ags))
    return 'must have 2 (Land), 3 (Regierungsbezirk), 5 (Kreis), 8 (Gemeinde), 9 (Gemeindeverband: ARS digits 1–9) or 10–12 digits (a district of an 8-digit Gemeinde)';
  return null;
}

export function arsProblem(ars: string): string | null {
  if (!/^\d{12}$/.test(ars)) return 'must be exactly 12 digits';
  return null;
}

/**
 * Every official key nests: a Gemeinde 05974028 lies in Kreis 05974 by prefix. A Gemeindeverband's members are known
 * by their ARS instead (073375001 holds the Gemeinde whose ARS begins with those 9 digits), so below a Verband the
 * child's ARS must carry the Verband key and its AGS the Verband's Kreis.
 */
export function parentPrefixProblem(ags: string, parentAgs: string | null, ars?: string): string | null {
  if (parentAgs === null || parentAgs === '00') return null;
  if (areaKeyKind(parentAgs) === 'gemeindeverband') {
    if (!ags.startsWith(parentAgs.slice(0, 5)) || ags.length !== 8)
      return `only a Gemeinde (8 digits) of Kreis ${parentAgs.slice(0, 5)} can belong to Gemeindeverband ${parentAgs}`;
    if (ars !== undefined && !ars.startsWith(parentAgs))
      return `its ARS ${ars} does not begin with the Gemeindeverband key ${parentAgs}, so it is not a member`;
    return null;
  }
  if (!ags.startsWith(parentAgs) || ags.length <= parentAgs.length) {
    return `parent ${parentAgs} is not a prefix of ${ags}`;
  }
  return null;
}

/** ARS must begin with the AGS's Land, Regierungsbezirk and Kreis digits (and a Verband's with its whole key). */
export function arsMatchesAgs(ags: string, ars: string): boolean {
  if (ags === '00') return /^0{12}$/.test(ars);
  const kind = areaKeyKind(ags);
  if (kind === 'gemeindeverband') return ars.startsWith(ags);
  const gemeinde = kind === 'bezirk' ? ags.slice(0, 8) : ags;
  return (
    ars.startsWith(gemeinde.slice(0, Math.min(5, gemeinde.length))) &&
    (gemeinde.length < 8 || ars.endsWith(gemeinde.slice(5)))
  );
}

export function leikaKeyProblem(key: string): string | null {
  if (!/^\d{14}$/.test(key)) return 'must be exactly 14 digits';
  if (!key.startsWith('99')) return 'must start with 99';
  return null;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CODE = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;

/** Whether a dated record holds on a day (ISO date `YYYY-MM-DD`); `validUntil` is exclusive. */
export function validOn(record: { validFrom?: string | null; validUntil?: string | null }, day: string): boolean {
  if (record.validFrom && day < record.validFrom) return false;
  if (record.validUntil && day >= record.validUntil) return false;
  return true;
}

/** A real calendar day written YYYY-MM-DD (2027-02-30 is not one). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The area as it is on a day: its kind is the last of its dated kind changes that has begun (decision 0150), else
 * its `kind`. The same object when nothing changed, so callers can compare by identity.
 */
export function areaOn<A extends { kind: string; kindChanges?: ReadonlyArray<{ kind: string; validFrom: string }> }>(
  area: A,
  day: string,
): A {
  let kind = area.kind;
  for (const c of area.kindChanges ?? []) if (c.validFrom <= day) kind = c.kind;
  return kind === area.kind ? area : { ...area, kind };
}

/**
 * The areas a postcode leads to: of every area listing it, the deepest (a Berlin Bezirk rather than Berlin, a
 * Gemeinde rather than its Kreis). One: the place is known; several: the citizen must choose (a shared postcode).
 */
export function postcodeAreas<A extends { ags: string; parentAgs: string | null; postcodes: readonly string[] }>(
  areas: Iterable<A>,
  postcode: string,
): A[] {
  const all = [...areas];
  const hits = all.filter((a) => a.postcodes.includes(postcode));
  const byAgs = new Map(all.map((a) => [a.ags, a]));
  const ancestors = new Set<string>();
  for (const hit of hits) {
    let parent = hit.parentAgs ? byAgs.get(hit.parentAgs) : undefined;
    for (let i = 0; parent && i < 8; i++) {
      ancestors.add(parent.ags);
      parent = parent.parentAgs ? byAgs.get(parent.parentAgs) : undefined;
    }
  }
  return hits.filter((a) => !ancestors.has(a.ags));
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

// ---- change sets (what an import or an editor writes) ---------------------------------------------------------

/** A record plus where it came from, so that an error can name the record: `areas.yaml: areas[3] (ags "05974020")`. */
export interface Labeled<T> {
  label: string;
  value: T;
  /**
   * Optimistic locking: the version of the record the writer saw (null: it saw none, the record must be new).
   * `catalog.write` refuses the whole write with a `VersionConflictError` (409) when the record moved on.
   * Omitted: no check (imports replace records whole).
   */
  expectedVersion?: number | null;
}

export interface AuthorityWithAssignments extends Authority {
  assignments: Assignment[];
}

/** The record kinds the write path versions (the editor's drafts cover the first five; tasks have their own page). */
export const RECORD_TYPES = [
  'service',
  'area_service',
  'authority',
  'contact',
  'lebenslage',
  'area',
  'area_kind',
  // An Aufgabe with its rules (decision 0150); its id in the history is "<tenant>:<code>".
  'task',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * The revisions' entity type of a Zuständigkeit's removal mark: assignments are part of their unit's record (its
 * revisions keep them without ids), so a removed one leaves a mark of its own for exchange exports (ADR 0292).
 */
export const ASSIGNMENT_REMOVAL = 'assignment';

/** Records without an owning tenant (structure shared by all) are versioned under this marker. */
export const STRUCTURE_TENANT = '*';

/** The id of a task in the history and the `tasks` table: codes are per tenant. */
export const taskKey = (tenantAgs: string, code: string) => `${tenantAgs}:${code}`;

/** The id of a town's setting for a service, as the history and the editor's URLs name it. */
export const areaServiceKey = (areaAgs: string, serviceId: string) => `${areaAgs}:${serviceId}`;

/**
 * A record to take off the catalog. `tenantAgs` is the owner the caller believes in; a removal of a record owned by
 * another tenant is refused, and so is one that other tenants' records still refer to (nothing of theirs is deleted).
 * For `area_service`, `id` is the service id and `tenantAgs` the town.
 */
export interface Removal {
  type: 'service' | 'area_service' | 'authority' | 'contact' | 'lebenslage';
  id: string;
  tenantAgs: string;
}

/**
 * Everything one write upserts (in dependency order) or removes. Records are replaced whole (their links too).
 * Every importer builds one of these and calls the catalog service's `write`.
 */
export interface CatalogChangeSet {
  areaKinds: Labeled<AreaKind>[];
  areas: Labeled<Area>[];
  lebenslagen: Labeled<Lebenslage>[];
  services: Labeled<Service>[];
  authorities: Labeled<AuthorityWithAssignments>[];
  contacts: Labeled<Contact>[];
  /** Tasks with their responsibility (bundle v2); written before the services that inherit it. */
  tasks?: Labeled<Task>[];
  /** Towns' settings for services of a tenant above them (`area_service_settings`). */
  localSettings?: Labeled<LocalServiceSetting>[];
  removals?: Labeled<Removal>[];
}

export function emptyChangeSet(): CatalogChangeSet {
  return {
    areaKinds: [],
    areas: [],
    lebenslagen: [],
    services: [],
    authorities: [],
    contacts: [],
    tasks: [],
    localSettings: [],
    removals: [],
  };
}

export function changeSetSize(c: CatalogChangeSet): number {
  return (
    c.areaKinds.length +
    c.areas.length +
    c.lebenslagen.length +
    c.services.length +
    c.authorities.length +
    c.contacts.length +
    (c.tasks?.length ?? 0) +
    (c.localSettings?.length ?? 0) +
    (c.removals?.length ?? 0)
  );
}
