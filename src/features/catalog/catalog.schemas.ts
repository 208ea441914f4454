import { type Static, Type } from 'typebox';
import {
  AddressRecord,
  AreaRecord,
  AuthorityRecord,
  ConnectingFactorRecord,
  ContactRecord,
  LebenslageRecord,
  LevelRecord,
  NStr,
  pickProperties,
  ServiceRecord,
} from './catalog.records.ts';

// API schemas of the catalog: one definition serves validation, serialisation and the OpenAPI document. The records'
// fields come from their one definition (catalog.records.ts); what only the API adds (resolution, kind names, open
// now) is defined here. Nullable fields are type arrays there and here (see catalog.records.ts for why).
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
export const LevelSchema = LevelRecord;

export const AreaSchema = Type.Object(
  {
    ...pickProperties(AreaRecord.properties, ['ags', 'ars', 'name', 'kind']),
    kindName: NStr,
    ...pickProperties(AreaRecord.properties, ['parentAgs', 'slug', 'postcodes', 'website', 'population']),
    // The register's fields (decision 0130): its Textkennzeichen, the end date of a former area and its successor.
    registerKind: NStr,
    validUntil: NStr,
    successorAgs: NStr,
  },
  { $id: 'Area' },
);

export const AddressSchema = AddressRecord;

const authority = AuthorityRecord.properties;
export const AuthoritySchema = Type.Object(
  {
    ...pickProperties(authority, ['id', 'name', 'areaAgs', 'phone', 'email', 'website', 'address']),
    ...pickProperties(authority, ['openingHours', 'openingHoursNote']),
    openNow: NBool,
    nextChange: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
    ...pickProperties(authority, ['accessibility', 'sample']),
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

export const ContactSchema = Type.Object(
  pickProperties(ContactRecord.properties, ['id', 'authorityId', 'name', 'role', 'phone', 'email', 'room', 'sample']),
);

export const ResponsibleSchema = Type.Object({
  level: LevelSchema,
  areaAgs: Type.String(),
  areaName: Type.String(),
  rule: Type.Object({
    kind: Type.Unsafe<'default' | 'area_kind' | 'area' | 'subtree'>({
      type: 'string',
      enum: ['default', 'area_kind', 'area', 'subtree'],
    }),
    ruleId: NStr,
    matchValue: NStr,
    origin: Type.Optional(Type.Unsafe<'task'>({ type: 'string', enum: ['task'], description: 'Regel der Aufgabe' })),
  }),
  legalBasis: NStr,
  reason: NStr,
  authority: NullableAuthority,
  contactPoint: NullableAuthority,
  contacts: Type.Array(ContactSchema),
  decidedBy: Type.Optional(
    Type.Object(
      {
        factor: ConnectingFactorRecord,
        areaAgs: Type.String(),
        areaName: Type.String(),
        assumed: Type.Boolean({ description: 'kein Ort angegeben: der Wohnort steht dafür' }),
      },
      { description: 'Die Tatsache, die entschieden hat (Anknüpfungspunkt), wenn es nicht der Wohnort ist' },
    ),
  ),
  upcoming: Type.Optional(
    Type.Object(
      {
        from: Type.String({ description: 'YYYY-MM-DD' }),
        level: LevelSchema,
        areaAgs: NStr,
        areaName: NStr,
        authorityName: Type.Optional(NStr),
        legalBasis: NStr,
        reason: NStr,
      },
      { description: 'Eine angekündigte Änderung der Zuständigkeit' },
    ),
  ),
});

// What only the catalog uses stays out of the public answer; every other field of a Leistung is in it, in place.
const {
  tenantAgs: _tenantAgs,
  defaultLevel: _defaultLevel,
  defaultLegalBasis: _defaultLegalBasis,
  defaultReason: _defaultReason,
  rules: _rules,
  inheritsResponsibility: _inherits,
  connectingFactor: _connectingFactor,
  version: _version,
  ...publicServiceProperties
} = ServiceRecord.properties;

export const ResolvedServiceProperties = {
  ...publicServiceProperties,
  // The API has always documented these as plain strings (clients accept new kinds without a schema change).
  onlineServices: Type.Array(
    Type.Object({
      title: Type.String(),
      url: Type.String(),
      type: Type.String(),
      trustLevel: Type.Optional(Type.String()),
    }),
  ),
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
  localData: Type.Boolean({
    description:
      'true, wenn die Stadt/Gemeinde eigene Gebühren, Unterlagen oder Onlinedienste angegeben hat (sie stehen an ihrer Stelle in `fees`, `documents`, `onlineServices`)',
  }),
  responsible: ResponsibleSchema,
  // One schema for validation, OpenAPI and serialisation: the single-service answer always carries it (null when
  // nothing is known); lists leave it out.
  lastReviewed: Type.Optional(
    Type.Unsafe<{ at: string; source: 'review' | 'change' } | null>({
      type: ['object', 'null'],
      description:
        'Zuletzt geprüft: wann eine Person der Stadt/Gemeinde den Text bestätigt hat (source "review"), sonst die ' +
        'letzte veröffentlichte Änderung der Leistung oder der Angaben der Stadt dazu (source "change")',
      properties: {
        at: { type: 'string', description: 'ISO 8601' },
        source: { type: 'string', enum: ['review', 'change'] },
      },
      required: ['at', 'source'],
    }),
  ),
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

export const LebenslageSchema = LebenslageRecord;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export type AreaDto = Static<typeof AreaSchema>;
