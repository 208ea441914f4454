import { type Static, Type } from 'typebox';

// API schemas of the catalog: one definition serves validation, serialisation and the OpenAPI document.

// Nullable fields as JSON Schema type arrays, not anyOf: fast-json-stringify serialises `anyOf` by running a
// validator per value to pick the branch, which made one service response ~10× slower (docs/benchmarks.md).
const NStr = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NBool = Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] });

export const AgsParam = Type.String({
  pattern: '^[0-9]{2,8}$',
  description: 'Amtlicher Gemeindeschlüssel (2–8 Ziffern)',
  examples: ['05974020'],
});
export const ServiceIdParam = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  maxLength: 200,
  examples: ['wohnsitz-anmelden'],
});
export const LevelSchema = Type.Unsafe<'bund' | 'land' | 'regierungsbezirk' | 'kreis' | 'gemeinde'>({
  type: 'string',
  enum: ['bund', 'land', 'regierungsbezirk', 'kreis', 'gemeinde'],
  description: 'Verwaltungsebene',
});

export const AreaSchema = Type.Object(
  {
    ags: Type.String(),
    ars: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    kindName: NStr,
    parentAgs: NStr,
    slug: Type.String(),
    postcodes: Type.Array(Type.String()),
    website: NStr,
  },
  { $id: 'Area' },
);

export const AddressSchema = Type.Object({ street: NStr, postcode: NStr, city: NStr });

export const AuthoritySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    areaAgs: Type.String(),
    phone: NStr,
    email: NStr,
    website: NStr,
    address: AddressSchema,
    openingHours: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'OSM opening_hours' }),
    openingHoursNote: NStr,
    openNow: NBool,
    nextChange: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
    accessibility: NStr,
    sample: Type.Boolean({ description: 'Kontaktdaten sind Beispieldaten' }),
    deepLink: NStr,
  },
  { $id: 'Authority' },
);

/** The unit as an object-or-null type array (see above); documented under the `Authority` component too. */
const NullableAuthority = Type.Unsafe<Static<typeof AuthoritySchema> | null>({
  ...Type.Object(AuthoritySchema.properties),
  type: ['object', 'null'],
  required: Object.keys(AuthoritySchema.properties),
});

export const ContactSchema = Type.Object({
  id: Type.String(),
  authorityId: Type.String(),
  name: NStr,
  role: NStr,
  phone: NStr,
  email: NStr,
  room: NStr,
  sample: Type.Boolean(),
});

export const ResponsibleSchema = Type.Object({
  level: LevelSchema,
  areaAgs: Type.String(),
  areaName: Type.String(),
  rule: Type.Object({
    kind: Type.Unsafe<'default' | 'area_kind' | 'area'>({ type: 'string', enum: ['default', 'area_kind', 'area'] }),
    ruleId: NStr,
    matchValue: NStr,
  }),
  legalBasis: NStr,
  reason: NStr,
  authority: NullableAuthority,
  contactPoint: NullableAuthority,
  contacts: Type.Array(ContactSchema),
});

const LinkSchema = Type.Object({ title: Type.String(), url: Type.String() });

export const ResolvedServiceProperties = {
  id: Type.String(),
  name: Type.String(),
  leikaKey: NStr,
  leikaType: NStr,
  synonyms: Type.Array(Type.String()),
  task: NStr,
  lebenslagen: Type.Array(Type.String()),
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
  forms: Type.Array(LinkSchema),
  onlineServices: Type.Array(
    Type.Object({
      title: Type.String(),
      url: Type.String(),
      type: Type.String(),
      trustLevel: Type.Optional(Type.String()),
    }),
  ),
  textModules: Type.Record(Type.String(), Type.String()),
  ownerAgs: Type.String(),
  forAgs: Type.String(),
  notOffered: Type.Unsafe<{
    reason: string | null;
    alternativeUrl: string | null;
    alternativeServiceId: string | null;
  } | null>({
    type: ['object', 'null'],
    description: 'gesetzt, wenn die Stadt/Gemeinde diese Leistung nicht selbst anbietet',
    properties: { reason: NStr, alternativeUrl: NStr, alternativeServiceId: NStr },
    required: ['reason', 'alternativeUrl', 'alternativeServiceId'],
  }),
  localText: NStr,
  responsible: ResponsibleSchema,
};

export const ResolvedServiceSchema = Type.Object(ResolvedServiceProperties, { $id: 'ResolvedService' });

/** The long texts a list leaves out unless asked (`?full=true`); the single-service answer always has them. */
export const LONG_TEXT_FIELDS = [
  'fullText',
  'documents',
  'prerequisites',
  'procedure',
  'hints',
  'furtherInfo',
  'textModules',
] as const;

const { fullText, documents, prerequisites, procedure, hints, furtherInfo, textModules, ...summaryProperties } =
  ResolvedServiceProperties;

/** A list item: every field of ResolvedService, the long texts optional (present with `?full=true`). */
export const ResolvedServiceListItemSchema = Type.Object(
  {
    ...summaryProperties,
    fullText: Type.Optional(fullText),
    documents: Type.Optional(documents),
    prerequisites: Type.Optional(prerequisites),
    procedure: Type.Optional(procedure),
    hints: Type.Optional(hints),
    furtherInfo: Type.Optional(furtherInfo),
    textModules: Type.Optional(textModules),
  },
  { $id: 'ResolvedServiceListItem' },
);

export const LebenslageSchema = Type.Object({
  id: Type.String(),
  parentId: NStr,
  name: Type.String(),
  nameEn: NStr,
  description: NStr,
  themenfeld: NStr,
  position: Type.Integer(),
});

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export type AreaDto = Static<typeof AreaSchema>;
