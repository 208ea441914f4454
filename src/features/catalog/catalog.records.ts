// Every catalog record defined once, as a TypeBox schema: the TypeScript types (catalog.ts) are derived from these
// with Static<>, and so are the API's response schemas (catalog.schemas.ts) where the shapes match. Adding a field to
// a record means: the schema here, the migration and table type, the row mapping in catalog.repository.ts, and the
// places that show or take it (see docs/decisions/0053-records-defined-once.md).
//
// Nullable fields are JSON Schema type arrays, not anyOf: fast-json-stringify serialises `anyOf` by running a
// validator per value to pick the branch, which made one service response ~10× slower (docs/benchmarks.md).
import { type TSchema, Type } from 'typebox';

export const NStr = Type.Unsafe<string | null>({ type: ['string', 'null'] });
export const NInt = Type.Unsafe<number | null>({ type: ['integer', 'null'] });

// gemeindeverband: an Amt, Samtgemeinde, Verbandsgemeinde … that runs its member Gemeinden's offices (ARS digits
// 6–9); bezirk: a district below a Gemeinde (Berlin's and Hamburg's Bezirke, a city's Stadtbezirke).
export const LEVEL_VALUES = [
  'bund',
  'land',
  'regierungsbezirk',
  'kreis',
  'gemeindeverband',
  'gemeinde',
  'bezirk',
] as const;
export const LevelRecord = Type.Unsafe<(typeof LEVEL_VALUES)[number]>({
  type: 'string',
  enum: [...LEVEL_VALUES],
  description: 'Verwaltungsebene',
});

/** A string enum as a plain `{ type, enum }` schema (no anyOf of literals), typed as the union of its values. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** The listed properties of an object schema, in the order given (for response schemas built from records). */
export function pickProperties<P extends Record<string, TSchema>, const K extends keyof P & string>(
  properties: P,
  keys: readonly K[],
): Pick<P, K> {
  return Object.fromEntries(keys.map((k) => [k, properties[k]])) as Pick<P, K>;
}

export const LinkRecord = Type.Object({ title: Type.String(), url: Type.String() });

/**
 * What an online link is, because the portal treats each differently: `antrag` a real online procedure ("Online
 * erledigen", with trust level), `ikfz` the internet-based vehicle registration (an online procedure of its own
 * name), `termin` a booking page ("Termin buchen"), `information`/`auskunft` pages to read (plain links).
 */
export const ONLINE_SERVICE_TYPE_VALUES = ['antrag', 'termin', 'information', 'auskunft', 'ikfz'] as const;
export const TRUST_LEVEL_VALUES = ['basisregistrierung', 'substanziell', 'hoch'] as const;

export const OnlineServiceRecord = Type.Object({
  ...LinkRecord.properties,
  type: StringEnum(ONLINE_SERVICE_TYPE_VALUES),
  trustLevel: Type.Optional(StringEnum(TRUST_LEVEL_VALUES)),
});

export const AreaKindRecord = Type.Object({
  code: Type.String(),
  name: Type.String(),
  tiers: Type.Array(LevelRecord),
  description: NStr,
});

export const AreaRecord = Type.Object({
  ags: Type.String(),
  ars: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  parentAgs: NStr,
  slug: Type.String(),
  postcodes: Type.Array(Type.String()),
  population: NInt,
  mainAuthorityId: NStr,
  website: NStr,
  // From the official register (areas import, decision 0130); absent: the writer does not touch them.
  /** The register's Textkennzeichen ("44" Landkreis, "51" Amt, "land" …), next to the deployment's own `kind`. */
  registerKind: Type.Optional(NStr),
  /** ISO date after which the area no longer exists; null: current. */
  validUntil: Type.Optional(NStr),
  /** The area that took a former one over. */
  successorAgs: Type.Optional(NStr),
  /**
   * Dated changes of `kind` (decision 0150), in date order: from `validFrom` the area is of that kind (a town that
   * becomes a "mittlere kreisangehörige Stadt"), until the next change. `kind` is the kind before the first one.
   */
  kindChanges: Type.Optional(Type.Array(Type.Object({ kind: Type.String(), validFrom: Type.String() }))),
});

export const LebenslageRecord = Type.Object({
  id: Type.String(),
  parentId: NStr,
  name: Type.String(),
  nameEn: NStr,
  description: NStr,
  themenfeld: NStr,
  position: Type.Integer(),
});

export const AddressRecord = Type.Object({ street: NStr, postcode: NStr, city: NStr });

export const AuthorityRecord = Type.Object({
  id: Type.String(),
  tenantAgs: Type.String(),
  areaAgs: Type.String(),
  parentId: NStr,
  name: Type.String(),
  address: AddressRecord,
  phone: NStr,
  fax: NStr,
  email: NStr,
  website: NStr,
  openingHours: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'OSM opening_hours' }),
  openingHoursNote: NStr,
  accessibility: NStr,
  sample: Type.Boolean({ description: 'Kontaktdaten sind Beispieldaten' }),
  version: Type.Integer(),
});

export const ContactRecord = Type.Object({
  id: Type.String(),
  tenantAgs: Type.String(),
  authorityId: Type.String(),
  name: NStr,
  role: NStr,
  phone: NStr,
  email: NStr,
  room: NStr,
  sample: Type.Boolean(),
  serviceIds: Type.Array(Type.String()),
  tasks: Type.Array(Type.String()),
  /** When set: the contact serves only citizens of these areas (and everything below them). */
  areas: Type.Optional(Type.Array(Type.String())),
  version: Type.Integer(),
});

/** A Leistung's texts, in the order the public answers list them. */
export const ServiceTextsRecord = Type.Object({
  teaser: NStr,
  fullText: NStr,
  documents: NStr,
  prerequisites: NStr,
  fees: NStr,
  deadlines: NStr,
  processingTime: NStr,
  procedure: NStr,
  legalBasis: NStr,
  hints: NStr,
  furtherInfo: NStr,
});

export type ServiceTextField = keyof typeof ServiceTextsRecord.properties;
/** The text fields of a Leistung, in order: importers and exporters copy them in a loop, so a new one needs no edit there. */
export const SERVICE_TEXT_FIELDS = Object.keys(ServiceTextsRecord.properties) as ServiceTextField[];

/** What decides responsibility for a matter (the "Anknüpfungspunkt"); `residence` is the default. */
export const CONNECTING_FACTOR_VALUES = [
  'residence',
  'event_place',
  'property_location',
  'business_seat',
  'partner_residence',
  'parents_residence',
] as const;
export const ConnectingFactorRecord = StringEnum(CONNECTING_FACTOR_VALUES, { description: 'Anknüpfungspunkt' });

export const RULE_MATCH_TYPE_VALUES = ['area', 'subtree', 'area_kind'] as const;

/** One override, on a service or on a task: the match, the level and why; optionally dated and answered elsewhere. */
export const RuleRecord = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  /** area: that area; subtree: that area and everything below it; area_kind: every area of the kind. */
  matchType: StringEnum(RULE_MATCH_TYPE_VALUES),
  matchValue: Type.String(),
  withinAgs: NStr,
  level: LevelRecord,
  legalBasis: NStr,
  reason: NStr,
  /** The area that answers instead of the tier walk ("level Kreis; for Aachen the StädteRegion"). */
  answeredByAgs: Type.Optional(NStr),
  /** ISO date from which the rule holds (inclusive). */
  validFrom: Type.Optional(NStr),
  /** ISO date on which the rule stops holding (exclusive). */
  validUntil: Type.Optional(NStr),
});

export const ResponsibilityRuleRecord = Type.Object({
  ...RuleRecord.properties,
  serviceId: Type.String(),
});

/** An Aufgabe: the responsibility every service of the task inherits (decision 0120). */
export const TaskRecord = Type.Object({
  code: Type.String(),
  tenantAgs: Type.String(),
  name: Type.String(),
  defaultLevel: LevelRecord,
  defaultLegalBasis: NStr,
  defaultReason: NStr,
  connectingFactor: Type.Union([ConnectingFactorRecord, Type.Null()]),
  rules: Type.Array(RuleRecord),
  version: Type.Integer(),
});

export const AUDIENCE_VALUES = ['citizens', 'businesses'] as const;

/** Where an imported Leistung came from: the exchange it was read from, its id there and the upstream's date. */
export const ProvenanceRecord = Type.Object({
  /** `pvog`, `xzufi` … */
  source: Type.String(),
  /** The record's id in the source (PVOG's ID-LB, an XZuFi id). */
  externalId: NStr,
  /** When the source last changed it (YYYY-MM-DD), as the source says. */
  upstreamUpdatedAt: NStr,
});

/**
 * A Leistung. The public fields come first, in the order the API answers with them (catalog.schemas.ts spreads
 * them); what only the catalog uses (owner, responsibility rules, version) follows.
 */
export const ServiceRecord = Type.Object({
  id: Type.String(),
  name: Type.String(),
  leikaKey: NStr,
  leikaType: NStr,
  synonyms: Type.Array(Type.String()),
  task: NStr,
  lebenslagen: Type.Array(Type.String()),
  ...ServiceTextsRecord.properties,
  forms: Type.Array(LinkRecord),
  onlineServices: Type.Array(OnlineServiceRecord),
  textModules: Type.Record(Type.String(), Type.String()),
  /** Who the service is for (PVOG's addressees); absent: not stated. A town's list shows citizens' services first. */
  audience: Type.Optional(Type.Array(StringEnum(AUDIENCE_VALUES))),
  /** Set for services that came in through an exchange (PVOG, XZuFi); absent for those written here. */
  provenance: Type.Optional(Type.Union([ProvenanceRecord, Type.Null()])),
  tenantAgs: Type.String(),
  defaultLevel: LevelRecord,
  defaultLegalBasis: NStr,
  defaultReason: NStr,
  rules: Type.Array(ResponsibilityRuleRecord),
  /** True when the service declares no responsibility of its own and takes its task's default (bundle v2). */
  inheritsResponsibility: Type.Optional(Type.Boolean()),
  /** What decides responsibility; null/absent: the task's, else the residence. */
  connectingFactor: Type.Optional(Type.Union([ConnectingFactorRecord, Type.Null()])),
  version: Type.Integer(),
});

export const ASSIGNMENT_ROLE_VALUES = ['zustaendige_stelle', 'ansprechpunkt'] as const;

export const AssignmentRecord = Type.Object({
  id: Type.String(),
  tenantAgs: Type.String(),
  /** Exactly one of serviceId / task is set. */
  serviceId: NStr,
  task: NStr,
  areaAgs: Type.String(),
  authorityId: Type.String(),
  role: StringEnum(ASSIGNMENT_ROLE_VALUES),
  deepLink: NStr,
  note: NStr,
  /** ISO dates: the assignment holds from (inclusive) / until (exclusive). */
  validFrom: Type.Optional(NStr),
  validUntil: Type.Optional(NStr),
});

/** A town's own decision about a catalog service it does not own: offered here or not, and local additions. */
export const LocalServiceSettingRecord = Type.Object({
  areaAgs: Type.String(),
  serviceId: Type.String(),
  offered: Type.Boolean(),
  reason: NStr,
  alternativeUrl: NStr,
  alternativeServiceId: NStr,
  localText: NStr,
  localFees: NStr,
  localDocuments: NStr,
  localOnlineServices: Type.Array(OnlineServiceRecord),
});
