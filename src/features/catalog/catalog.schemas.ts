import { Type, type Static } from 'typebox';

// API schemas of the catalog: one definition serves validation, serialisation and the OpenAPI document.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());

export const AgsParam = Type.String({ pattern: '^[0-9]{2,8}$', description: 'Amtlicher Gemeindeschlüssel (2–8 Ziffern)', examples: ['05974020'] });
export const ServiceIdParam = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, examples: ['wohnsitz-anmelden'] });
export const LevelSchema = Type.Union(
  [Type.Literal('bund'), Type.Literal('land'), Type.Literal('regierungsbezirk'), Type.Literal('kreis'), Type.Literal('gemeinde')],
  {
    description: 'Verwaltungsebene',
  },
);

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
    openingHours: Type.Union([Type.String(), Type.Null()], { description: 'OSM opening_hours' }),
    openingHoursNote: NStr,
    openNow: Type.Union([Type.Boolean(), Type.Null()]),
    nextChange: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    accessibility: NStr,
    sample: Type.Boolean({ description: 'Kontaktdaten sind Beispieldaten' }),
    deepLink: NStr,
  },
  { $id: 'Authority' },
);

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
    kind: Type.Union([Type.Literal('default'), Type.Literal('area_kind'), Type.Literal('area')]),
    ruleId: NStr,
    matchValue: NStr,
  }),
  legalBasis: NStr,
  reason: NStr,
  authority: Type.Union([Type.Ref('Authority'), Type.Null()]),
  contactPoint: Type.Union([Type.Ref('Authority'), Type.Null()]),
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
    Type.Object({ title: Type.String(), url: Type.String(), type: Type.String(), trustLevel: Type.Optional(Type.String()) }),
  ),
  textModules: Type.Record(Type.String(), Type.String()),
  ownerAgs: Type.String(),
  forAgs: Type.String(),
  responsible: ResponsibleSchema,
};

export const ResolvedServiceSchema = Type.Object(ResolvedServiceProperties, { $id: 'ResolvedService' });

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
