import { Type } from 'typebox';
import { LinkStateSchema } from '../links/links.schemas.ts';
import { LINK_KINDS } from '../links/links.ts';
import { CHECK_NAMES, ITEM_STATUSES, PRIORITIES } from './checklist.ts';
import { INTERFACE_KINDS } from './checklist-interface-kinds.ts';

// API schemas of the checklist (the link checker's are in links.schemas.ts): one definition serves serialisation and the OpenAPI document.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());
const lit = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

export const InterfaceKindSchema = lit(
  INTERFACE_KINDS,
  'Schnittstelle zum Kreis (siehe GET /api/v1/checklist/interface-kinds)',
);

export const InterfaceKindInfoSchema = Type.Object(
  {
    kind: InterfaceKindSchema,
    decider: lit(['gemeinde', 'kreis', 'land_bund'] as const, 'Wer entscheidet'),
    citizenFacing: lit(['town', 'decider'] as const, 'An wen sich Bürgerinnen und Bürger wenden'),
    label: Type.String(),
    meaning: Type.String(),
    townPublishes: Type.String({ description: 'Was die Kommune veröffentlichen muss' }),
    derivable: Type.Boolean({ description: 'Aus der Zuständigkeit ableitbar (sonst nur ausdrücklich gesetzt)' }),
  },
  { $id: 'InterfaceKindInfo' },
);

const CheckSchema = Type.Object({
  name: lit(CHECK_NAMES, 'Prüfpunkt'),
  state: lit(['ok', 'warn', 'fail', 'na'] as const, 'ok = erfüllt, warn = Hinweis, fail = fehlt, na = entfällt'),
  message: Type.String(),
});

const ItemSchema = Type.Object({
  itemId: Type.String(),
  lebenslageId: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  leikaKey: NStr,
  priority: lit(PRIORITIES, 'Gewicht in der Checkliste der Projektgruppe'),
  note: NStr,
  status: lit(ITEM_STATUSES, 'offered = angeboten, not_offered = nicht angeboten (mit Grund), missing = fehlt'),
  statusReason: NStr,
  interface: Nullable(
    Type.Object({
      kind: InterfaceKindSchema,
      derived: InterfaceKindSchema,
      source: lit(
        ['explicit', 'derived'] as const,
        'Von der Projektgruppe gesetzt oder aus der Zuständigkeit abgeleitet',
      ),
      explicitMismatch: Type.Boolean(),
    }),
  ),
  level: NStr,
  authorityName: NStr,
  contactPointName: NStr,
  checks: Type.Array(CheckSchema),
  complete: Type.Boolean(),
  lastReviewedAt: NStr,
  links: Type.Array(
    Type.Object({
      url: Type.String(),
      kind: lit(LINK_KINDS, 'Art des Links'),
      label: Type.String(),
      state: LinkStateSchema,
    }),
  ),
  editUrl: Type.String({ description: 'Bearbeitungsformular der Kommune für diese Leistung' }),
});

const Counts = {
  total: Type.Integer(),
  complete: Type.Integer(),
  offered: Type.Integer(),
  notOffered: Type.Integer(),
  missing: Type.Integer(),
  missingContacts: Type.Integer(),
  brokenLinks: Type.Integer(),
  percent: Type.Integer({
    minimum: 0,
    maximum: 100,
    description: 'Anteil vollständiger Produkte (ohne fehlenden Prüfpunkt)',
  }),
  score: Type.Integer({
    minimum: 0,
    maximum: 100,
    description: 'Erfüllungsgrad: Mittel der Prüfpunkte (erfüllt 1, Hinweis ½, fehlt 0)',
  }),
  importantTotal: Type.Integer(),
  importantComplete: Type.Integer(),
};

export const TownCoverageSchema = Type.Object(
  {
    ags: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    county: Type.Object({ ags: Type.String(), name: Type.String() }),
    generatedAt: Type.String({ format: 'date-time' }),
    ...Counts,
    lebenslagen: Type.Array(
      Type.Object({ lebenslageId: Type.String(), name: Type.String(), ...Counts, items: Type.Array(ItemSchema) }),
    ),
  },
  { $id: 'TownCoverage' },
);

export const CountyComparisonSchema = Type.Object(
  {
    county: Type.Object({ ags: Type.String(), name: Type.String(), slug: Type.String() }),
    generatedAt: Type.String({ format: 'date-time' }),
    towns: Type.Array(Type.Object({ ags: Type.String(), name: Type.String(), slug: Type.String(), ...Counts })),
    lebenslagen: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    cells: Type.Array(Type.Array(Nullable(Type.Integer())), {
      description: 'cells[Lebenslage][Kommune]: Erfüllungsgrad in Prozent',
    }),
    commonGaps: Type.Array(
      Type.Object({
        serviceId: Type.String(),
        serviceName: Type.String(),
        priority: lit(PRIORITIES, 'Gewicht'),
        towns: Type.Array(Type.String()),
        failing: Type.Array(Type.Object({ check: Type.String(), count: Type.Integer() })),
      }),
    ),
    mostMissingContacts: Type.Array(Type.Object({ ags: Type.String(), name: Type.String(), count: Type.Integer() })),
    mostBrokenLinks: Type.Array(Type.Object({ ags: Type.String(), name: Type.String(), count: Type.Integer() })),
    totals: Type.Object(Counts),
  },
  { $id: 'CountyComparison' },
);
