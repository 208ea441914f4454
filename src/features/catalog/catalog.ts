// Domain types and pure rules of the shared catalog. No I/O here.

export const LEVELS = ['bund', 'land', 'regierungsbezirk', 'kreis', 'gemeinde'] as const;
export type Level = (typeof LEVELS)[number];

export const ASSIGNMENT_ROLES = ['zustaendige_stelle', 'ansprechpunkt'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const ONLINE_SERVICE_TYPES = ['antrag', 'termin', 'information', 'auskunft'] as const;
export const TRUST_LEVELS = ['basisregistrierung', 'substanziell', 'hoch'] as const;

export interface Link {
  title: string;
  url: string;
}

export interface OnlineService extends Link {
  type: (typeof ONLINE_SERVICE_TYPES)[number];
  trustLevel?: (typeof TRUST_LEVELS)[number] | undefined;
}

export interface AreaKind {
  code: string;
  name: string;
  tiers: Level[];
  description: string | null;
}

export interface Area {
  ags: string;
  ars: string;
  name: string;
  kind: string;
  parentAgs: string | null;
  slug: string;
  postcodes: string[];
  population: number | null;
  mainAuthorityId: string | null;
  website: string | null;
}

export interface Lebenslage {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string | null;
  description: string | null;
  themenfeld: string | null;
  position: number;
}

export interface Address {
  street: string | null;
  postcode: string | null;
  city: string | null;
}

export interface Authority {
  id: string;
  tenantAgs: string;
  areaAgs: string;
  parentId: string | null;
  name: string;
  address: Address;
  phone: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  openingHours: string | null;
  openingHoursNote: string | null;
  accessibility: string | null;
  sample: boolean;
  version: number;
}

export interface Contact {
  id: string;
  tenantAgs: string;
  authorityId: string;
  name: string | null;
  role: string | null;
  phone: string | null;
  email: string | null;
  room: string | null;
  sample: boolean;
  serviceIds: string[];
  tasks: string[];
  version: number;
}

export interface ServiceTexts {
  teaser: string | null;
  fullText: string | null;
  documents: string | null;
  prerequisites: string | null;
  fees: string | null;
  deadlines: string | null;
  processingTime: string | null;
  procedure: string | null;
  legalBasis: string | null;
  hints: string | null;
  furtherInfo: string | null;
}

export interface ResponsibilityRule {
  id: string;
  serviceId: string;
  position: number;
  matchType: 'area' | 'area_kind';
  matchValue: string;
  withinAgs: string | null;
  level: Level;
  legalBasis: string | null;
  reason: string | null;
}

export interface Service extends ServiceTexts {
  id: string;
  tenantAgs: string;
  leikaKey: string | null;
  leikaType: string | null;
  name: string;
  synonyms: string[];
  task: string | null;
  lebenslagen: string[];
  forms: Link[];
  onlineServices: OnlineService[];
  textModules: Record<string, string>;
  defaultLevel: Level;
  defaultLegalBasis: string | null;
  defaultReason: string | null;
  rules: ResponsibilityRule[];
  version: number;
}

export interface Assignment {
  id: string;
  tenantAgs: string;
  /** Exactly one of serviceId / task is set. */
  serviceId: string | null;
  task: string | null;
  areaAgs: string;
  authorityId: string;
  role: AssignmentRole;
  deepLink: string | null;
  note: string | null;
}

/** A town's own decision about a catalog service it does not own: offered here or not, and local additions. */
export interface LocalServiceSetting {
  areaAgs: string;
  serviceId: string;
  offered: boolean;
  reason: string | null;
  alternativeUrl: string | null;
  alternativeServiceId: string | null;
  localText: string | null;
  localFees: string | null;
  localDocuments: string | null;
  localOnlineServices: OnlineService[];
}

// ---- keys -------------------------------------------------------------------------------------------------------

const AGS_LENGTHS = new Set([2, 3, 5, 8]);

/** Checks an AGS's shape: digits, a known length (Land 2, Regierungsbezirk 3, Kreis 5, Gemeinde 8) or "00" for the Bund. */
export function agsProblem(ags: string): string | null {
  if (!/^\d+$/.test(ags)) return 'must contain digits only';
  if (!AGS_LENGTHS.has(ags.length)) return 'must have 2, 3, 5 or 8 digits';
  return null;
}

export function arsProblem(ars: string): string | null {
  if (!/^\d{12}$/.test(ars)) return 'must be exactly 12 digits';
  return null;
}

/** The AGS that a parent area must have as a prefix: every official key nests (Gemeinde 05974028 in Kreis 05974). */
export function parentPrefixProblem(ags: string, parentAgs: string | null): string | null {
  if (parentAgs === null || parentAgs === '00') return null;
  if (!ags.startsWith(parentAgs) || ags.length <= parentAgs.length) {
    return `parent ${parentAgs} is not a prefix of ${ags}`;
  }
  return null;
}

/** ARS must begin with the AGS's Land, Regierungsbezirk and Kreis digits. */
export function arsMatchesAgs(ags: string, ars: string): boolean {
  if (ags === '00') return /^0{12}$/.test(ars);
  return ars.startsWith(ags.slice(0, Math.min(5, ags.length))) && (ags.length < 8 || ars.endsWith(ags.slice(5)));
}

export function leikaKeyProblem(key: string): string | null {
  if (!/^\d{14}$/.test(key)) return 'must be exactly 14 digits';
  if (!key.startsWith('99')) return 'must start with 99';
  return null;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CODE = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;

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

/** The record kinds the write path versions (the editor edits the first five). */
export const RECORD_TYPES = [
  'service',
  'area_service',
  'authority',
  'contact',
  'lebenslage',
  'area',
  'area_kind',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Records without an owning tenant (structure shared by all) are versioned under this marker. */
export const STRUCTURE_TENANT = '*';

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
    (c.localSettings?.length ?? 0) +
    (c.removals?.length ?? 0)
  );
}
