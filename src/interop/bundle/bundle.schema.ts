import { type Static, type TUnsafe, Type } from 'typebox';
import {
  ASSIGNMENT_ROLES,
  AUDIENCES,
  CONNECTING_FACTORS,
  LEVELS,
  ONLINE_SERVICE_TYPES,
  SERVICE_TEXT_FIELDS,
  type ServiceTextField,
  TRUST_LEVELS,
} from '../../features/catalog/index.ts';

// The `amtsweg-bundle/1` format (docs/data-format.md) as one TypeBox schema: the reader validates against it and
// the exporter's output is checked against it in tests, so the two cannot drift apart. Its shape is the file's, not the
// database's (`parent`, `tenant`, `responsibility: {default, overrides}`); the reader's `to…` functions are the one
// mapping onto the catalog's records. The enums and a Leistung's text fields come from the records' one definition.

const Text = Type.Union([Type.String(), Type.Null()]);
const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t);
const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });
const Code = Type.String({ pattern: '^[a-z0-9]+(?:[_-][a-z0-9]+)*$' });
const Ags = Type.String({ pattern: '^[0-9]+$', minLength: 2, maxLength: 12 });
/** A day, YYYY-MM-DD (validity: from inclusive, until exclusive). */
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const OptDay = Opt(Type.Union([Day, Type.Null()]));
/** One of the values, as a plain enum: one error per bad value, whose message names every allowed one. */
const OneOf = <const T extends readonly string[]>(values: T): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const Level = OneOf(LEVELS);
const Url = Type.String({ pattern: '^https?://[^\\s]+$' });
const ConnectingFactor = OneOf(CONNECTING_FACTORS);

/** The format versions this program reads; a file without `format` reads as version 1. */
export const FORMAT_VERSIONS = ['amtsweg-bundle/1', 'amtsweg-bundle/2'] as const;

export const AreaKindRecord = Type.Object(
  {
    code: Code,
    name: Type.String({ minLength: 1 }),
    tiers: Type.Array(Level, { minItems: 1 }),
    description: Opt(Text),
  },
  { additionalProperties: false },
);

export const AreaRecord = Type.Object(
  {
    ags: Ags,
    ars: Type.String({ pattern: '^[0-9]{12}$' }),
    name: Type.String({ minLength: 1 }),
    kind: Code,
    parent: Opt(Type.Union([Ags, Type.Null()])),
    slug: Slug,
    postcodes: Opt(Type.Array(Type.String({ pattern: '^[0-9]{5}$' }))),
    population: Opt(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    website: Opt(Type.Union([Url, Type.Null()])),
    mainAuthority: Opt(Type.Union([Slug, Type.Null()])),
    /** Format 2: the kinds the area takes on from a day ("mittlere kreisangehörige Stadt from 2027-01-01"). */
    kindChanges: Opt(
      Type.Array(Type.Object({ kind: Code, validFrom: Day }, { additionalProperties: false }), { minItems: 0 }),
    ),
  },
  { additionalProperties: false },
);

export const LebenslageRecord = Type.Object(
  {
    id: Slug,
    name: Type.String({ minLength: 1 }),
    nameEn: Opt(Text),
    parent: Opt(Type.Union([Slug, Type.Null()])),
    themenfeld: Opt(Text),
    position: Opt(Type.Integer()),
    description: Opt(Text),
  },
  { additionalProperties: false },
);

const Role = OneOf(ASSIGNMENT_ROLES);
export const ResponsibilityEntry = Type.Object(
  {
    service: Opt(Slug),
    task: Opt(Code),
    role: Opt(Role),
    deepLink: Opt(Type.Union([Url, Type.Null()])),
    areas: Opt(Type.Array(Ags)),
    note: Opt(Text),
    validFrom: OptDay,
    validUntil: OptDay,
  },
  { additionalProperties: false },
);

export const AuthorityRecord = Type.Object(
  {
    id: Slug,
    area: Ags,
    tenant: Opt(Ags),
    parent: Opt(Type.Union([Slug, Type.Null()])),
    name: Type.String({ minLength: 1 }),
    address: Opt(
      Type.Object({ street: Opt(Text), postcode: Opt(Text), city: Opt(Text) }, { additionalProperties: false }),
    ),
    phone: Opt(Text),
    fax: Opt(Text),
    email: Opt(Text),
    website: Opt(Type.Union([Url, Type.Null()])),
    openingHours: Opt(Text),
    openingHoursNote: Opt(Text),
    accessibility: Opt(Text),
    sample: Opt(Type.Boolean()),
    responsibleFor: Opt(Type.Array(ResponsibilityEntry)),
  },
  { additionalProperties: false },
);

export const ContactRecord = Type.Object(
  {
    id: Slug,
    authority: Slug,
    tenant: Opt(Ags),
    name: Opt(Text),
    role: Opt(Text),
    phone: Opt(Text),
    email: Opt(Text),
    room: Opt(Text),
    sample: Opt(Type.Boolean()),
    services: Opt(Type.Array(Slug)),
    tasks: Opt(Type.Array(Code)),
    areas: Opt(Type.Array(Ags)),
  },
  { additionalProperties: false },
);

export const OverrideRecord = Type.Object(
  {
    area: Opt(Ags),
    subtree: Opt(Ags),
    areaKind: Opt(Code),
    within: Opt(Type.Union([Ags, Type.Null()])),
    level: Level,
    answeredBy: Opt(Type.Union([Ags, Type.Null()])),
    legalBasis: Opt(Text),
    reason: Opt(Text),
    validFrom: OptDay,
    validUntil: OptDay,
  },
  { additionalProperties: false },
);

export const ResponsibilityBlock = Type.Object(
  {
    default: Level,
    legalBasis: Opt(Text),
    reason: Opt(Text),
    overrides: Opt(Type.Array(OverrideRecord)),
  },
  { additionalProperties: false },
);

/** An Aufgabe with the responsibility its services inherit (format 2). */
export const TaskRecord = Type.Object(
  {
    code: Code,
    tenant: Ags,
    name: Type.String({ minLength: 1 }),
    connectingFactor: Opt(ConnectingFactor),
    responsibility: ResponsibilityBlock,
  },
  { additionalProperties: false },
);

const OptText = Opt(Text);

const OnlineServiceEntry = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    url: Url,
    type: Opt(OneOf(ONLINE_SERVICE_TYPES)),
    trustLevel: Opt(OneOf(TRUST_LEVELS)),
  },
  { additionalProperties: false },
);
/** Every text field of a Leistung, optional in the file. */
const serviceTexts = Object.fromEntries(SERVICE_TEXT_FIELDS.map((f) => [f, OptText])) as {
  [K in ServiceTextField]: typeof OptText;
};

export const ServiceRecord = Type.Object(
  {
    id: Slug,
    tenant: Ags,
    leikaKey: Opt(Type.Union([Type.String(), Type.Null()])),
    leikaType: Opt(Text),
    name: Type.String({ minLength: 1 }),
    synonyms: Opt(Type.Array(Type.String({ minLength: 1 }))),
    task: Opt(Type.Union([Code, Type.Null()])),
    lebenslagen: Opt(Type.Array(Slug)),
    ...serviceTexts,
    forms: Opt(
      Type.Array(Type.Object({ title: Type.String({ minLength: 1 }), url: Url }, { additionalProperties: false })),
    ),
    onlineServices: Opt(Type.Array(OnlineServiceEntry)),
    textModules: Opt(Type.Record(Type.String({ pattern: '^[0-9]{2}$' }), Type.String())),
    audience: Opt(Type.Array(OneOf(AUDIENCES))),
    provenance: Opt(
      Type.Object(
        { source: Type.String({ minLength: 1 }), externalId: OptText, upstreamUpdatedAt: OptDay },
        { additionalProperties: false },
      ),
    ),
    connectingFactor: Opt(ConnectingFactor),
    // Optional from format 2 on, when the service's task is defined under `tasks`.
    responsibility: Opt(ResponsibilityBlock),
  },
  { additionalProperties: false },
);

/**
 * A town's own decision about a service it does not own (format 2): offered here or not (with the reason and the
 * alternative), and its local additions. Without this section an export → import would lose every town's settings.
 */
export const SettingRecord = Type.Object(
  {
    area: Ags,
    service: Slug,
    offered: Opt(Type.Boolean()),
    reason: OptText,
    alternativeUrl: Opt(Type.Union([Url, Type.Null()])),
    alternativeService: Opt(Type.Union([Slug, Type.Null()])),
    localText: OptText,
    localFees: OptText,
    localDocuments: OptText,
    localOnlineServices: Opt(Type.Array(OnlineServiceEntry)),
  },
  { additionalProperties: false },
);

export const BundleFile = Type.Object(
  {
    format: Opt(OneOf(FORMAT_VERSIONS)),
    tasks: Opt(Type.Array(TaskRecord)),
    areaKinds: Opt(Type.Array(AreaKindRecord)),
    areas: Opt(Type.Array(AreaRecord)),
    lebenslagen: Opt(Type.Array(LebenslageRecord)),
    authorities: Opt(Type.Array(AuthorityRecord)),
    contacts: Opt(Type.Array(ContactRecord)),
    services: Opt(Type.Array(ServiceRecord)),
    settings: Opt(Type.Array(SettingRecord)),
  },
  { additionalProperties: false },
);

export type AreaKindRecord = Static<typeof AreaKindRecord>;
export type AreaRecord = Static<typeof AreaRecord>;
export type LebenslageRecord = Static<typeof LebenslageRecord>;
export type AuthorityRecord = Static<typeof AuthorityRecord>;
export type ContactRecord = Static<typeof ContactRecord>;
export type ServiceRecord = Static<typeof ServiceRecord>;
export type TaskRecord = Static<typeof TaskRecord>;
export type SettingRecord = Static<typeof SettingRecord>;
export type OverrideRecord = Static<typeof OverrideRecord>;
export type BundleFile = Static<typeof BundleFile>;

export const SECTIONS = [
  'areaKinds',
  'areas',
  'lebenslagen',
  'tasks',
  'authorities',
  'contacts',
  'services',
  'settings',
] as const;
export type Section = (typeof SECTIONS)[number];
