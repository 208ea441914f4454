import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AgsParam } from '../catalog/catalog.schemas.ts';
import { LinkRunSchema, LinkStatusSchema } from './links.schemas.ts';
import type { LinksService } from './links.service.ts';

/** The link checker's results as data (read-only; runs start from the CLI or the schedule). */
export interface LinksApiDeps {
  links: Pick<LinksService, 'problems' | 'recentRuns'>;
}

export const linksApi: FastifyPluginAsyncTypebox<LinksApiDeps> = async (app, { links }) => {
  app.addSchema(LinkStatusSchema);

  app.get(
    '/links/problems',
    {
      schema: {
        tags: ['links'],
        summary: 'Defekte und gestörte Links, die der Katalog zeigt, mit den Stellen, an denen sie vorkommen',
        querystring: Type.Object({ area: Type.Optional(AgsParam) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('LinkProblem')) }) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const items = await links.problems(req.query.area ? [req.query.area] : undefined);
      return { items: items.map((l) => ({ ...l, sources: l.sources.map(({ url: _u, ...s }) => s) })) };
    },
  );

  app.get(
    '/links/runs',
    {
      schema: {
        tags: ['links'],
        summary: 'Die letzten Läufe der Linkprüfung',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })) }),
        response: { 200: Type.Object({ items: Type.Array(LinkRunSchema) }) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      const runs = await links.recentRuns(req.query.limit ?? 10);
      return { items: runs.map(({ summary, owner: _o, leaseUntil: _l, ...r }) => ({ ...r, ...summary })) };
    },
  );
};
