import { Type } from 'typebox';
import { LINK_KINDS, LINK_STATES } from './links.ts';

// API schemas of the link checker: one definition serves serialisation and the OpenAPI document.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());
const lit = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

export const LinkStateSchema = lit(LINK_STATES, 'Zustand eines Links nach der letzten Prüfung');

export const LinkStatusSchema = Type.Object(
  {
    url: Type.String(),
    host: Type.String(),
    state: LinkStateSchema,
    lastOutcome: NStr,
    lastHttpStatus: Nullable(Type.Integer()),
    lastError: NStr,
    finalUrl: NStr,
    redirects: Type.Array(Type.Object({ status: Type.Integer(), location: Type.String() })),
    lastCheckedAt: NStr,
    lastSuccessAt: NStr,
    failingSince: NStr,
    brokeAt: NStr,
    consecutiveFailures: Type.Integer(),
    sources: Type.Array(
      Type.Object({
        kind: lit(LINK_KINDS, 'Art des Links'),
        areaAgs: Type.String(),
        serviceId: NStr,
        label: Type.String(),
      }),
    ),
  },
  { $id: 'LinkProblem' },
);

export const LinkRunSchema = Type.Object({
  id: Type.String(),
  trigger: Type.String(),
  startedAt: Type.String(),
  finishedAt: NStr,
  active: Type.Boolean(),
  total: Type.Integer(),
  checked: Type.Integer(),
  working: Type.Integer(),
  failing: Type.Integer(),
  broken: Type.Integer(),
  skipped: Type.Integer(),
  newlyBroken: Type.Array(Type.String()),
  recovered: Type.Array(Type.String()),
  error: NStr,
  /** `could_not_check`: no server answered at all (no internet, DNS down); the run changed no link. */
  verdict: Type.Union([Type.Literal('checked'), Type.Literal('could_not_check')]),
});
