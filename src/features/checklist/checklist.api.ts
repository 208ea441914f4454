import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AgsParam } from '../catalog/catalog.schemas.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { CountyComparisonSchema, InterfaceKindInfoSchema, TownCoverageSchema } from './checklist.schemas.ts';
import type { ChecklistService } from './checklist.service.ts';
import { INTERFACE_KIND_INFO, INTERFACE_KINDS } from './checklist-interface-kinds.ts';

const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'application/problem+json' },
);
const errors = { 400: Problem, 404: Problem };
const CACHE = 'public, max-age=60, stale-while-revalidate=300';

/** The checklist as data: a town's coverage, the county comparison, the interface kinds. */
export interface ChecklistApiDeps {
  checklist: ChecklistService;
  catalog: Pick<CatalogService, 'getArea'>;
}

export const checklistApi: FastifyPluginAsyncTypebox<ChecklistApiDeps> = async (app, { checklist, catalog }) => {
  app.addSchema(TownCoverageSchema);
  app.addSchema(CountyComparisonSchema);
  app.addSchema(InterfaceKindInfoSchema);

  app.get(
    '/areas/:ags/coverage',
    {
      schema: {
        tags: ['checklist'],
        summary:
          'Die Checkliste einer Kommune: je Lebenslage die Produkte, angeboten / nicht angeboten / fehlt, und was noch fehlt',
        description:
          'Berechnet mit demselben Zuständigkeits-Resolver wie das Portal. Prüfpunkte: zuständige Stelle, Ansprechpartner, Öffnungszeiten, Onlinedienst, Texte in den letzten 12 Monaten geprüft, Links funktionieren (letzte Linkprüfung).',
        params: Type.Object({ ags: AgsParam }),
        response: { 200: Type.Ref('TownCoverage'), ...errors },
      },
    },
    async (req, reply) => {
      const coverage = await checklist.townCoverage(req.params.ags);
      const county = await checklist.checklistTenantFor(coverage.ags);
      reply.header('cache-control', CACHE);
      return {
        ...coverage,
        county: { ags: county.ags, name: county.name },
        lebenslagen: coverage.lebenslagen.map((l) => ({
          ...l,
          items: l.items.map((i) => ({ ...i, editUrl: checklist.editUrl(coverage.ags, i.serviceId) })),
        })),
      };
    },
  );

  app.get(
    '/areas/:ags/coverage-comparison',
    {
      schema: {
        tags: ['checklist'],
        summary:
          'Vergleich aller Kommunen eines Kreises: Abdeckung je Lebenslage, gemeinsame Lücken, fehlende Kontakte, defekte Links',
        params: Type.Object({ ags: AgsParam }),
        response: { 200: Type.Ref('CountyComparison'), ...errors },
      },
    },
    async (req, reply) => {
      await catalog.getArea(req.params.ags);
      reply.header('cache-control', CACHE);
      return checklist.comparison(req.params.ags);
    },
  );

  app.get(
    '/checklist/interface-kinds',
    {
      schema: {
        tags: ['checklist'],
        summary: 'Die Arten der Schnittstelle zum Kreis und ihre Bedeutung',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('InterfaceKindInfo')) }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { items: INTERFACE_KINDS.map((k) => INTERFACE_KIND_INFO[k]) };
    },
  );
};
