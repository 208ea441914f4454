import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { loadBearer, loadSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AgsParam } from '../catalog/catalog.schemas.ts';
import { LinkRunSchema, LinkStatusSchema } from './links.schemas.ts';
import type { LinksService } from './links.service.ts';

/** The link checker's results as data (read-only; runs start from the CLI or the schedule). */
export interface LinksApiDeps {
  links: Pick<LinksService, 'problems' | 'recentRuns'>;
  /** Recognises signed-in editors (session or API token), who alone see why a link failed. Absent: nobody does. */
  auth?: AuthService;
}

/**
 * What a check found out about the far side — status, error text, where redirects led — tells whoever reads it
 * which internal hosts and ports answer: a port-scanning oracle when an editor's URL points inside. The public
 * list says that a link is broken and where it is used; the why is for signed-in editors.
 */
type Problem = Awaited<ReturnType<LinksService['problems']>>[number];
function withoutDetails(l: Problem): Problem {
  return { ...l, lastOutcome: null, lastHttpStatus: null, lastError: null, finalUrl: null, redirects: [] };
}

export const linksApi: FastifyPluginAsyncTypebox<LinksApiDeps> = async (app, { links, auth }) => {
  app.addSchema(LinkStatusSchema);
  if (auth && !app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  if (auth && !app.hasRequestDecorator('principal')) {
    app.decorateRequest('principal', null);
    app.decorateRequest('session', null);
  }

  /** Whether the caller is signed in (a session cookie, or a valid API token: a wrong token is a 401). */
  async function signedIn(request: FastifyRequest, reply: Parameters<typeof loadBearer>[2]): Promise<boolean> {
    if (!auth) return false;
    if (request.headers.authorization) await loadBearer(auth, request, reply);
    else await loadSession(auth, request);
    return request.principal !== null;
  }

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
      const editor = await signedIn(req, reply);
      reply.header('cache-control', editor ? 'private, no-store' : 'public, max-age=60');
      if (auth) reply.header('vary', 'Cookie, Authorization');
      const items = await links.problems(req.query.area ? [req.query.area] : undefined);
      return {
        items: items.map((l) => ({
          ...(editor ? l : withoutDetails(l)),
          sources: l.sources.map(({ url: _u, ...s }) => s),
        })),
      };
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
