import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ForbiddenError } from '../../shared/errors.ts';
import { ensureSessionSupport, loadBearer, loadSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError, canWorkIn } from '../auth/auth.ts';
import { AgsParam, AuthoritySchema, LevelSchema, ResolvedServiceProperties } from '../catalog/catalog.schemas.ts';
import type { SearchService } from './search.service.ts';
import { MAX_LIMIT } from './search.ts';

const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'application/problem+json' },
);
const errors = { 400: Problem, 404: Problem };

// No length limit on `q` on purpose: whatever is typed or pasted gets an answer (the service reads 2,000 characters).
const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ description: 'Suchtext, wie Bürgerinnen und Bürger ihn tippen', examples: ['perso verloren'] }),
  ),
  ags: AgsParam,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
});

const SearchItem = Type.Object({ ...ResolvedServiceProperties, score: Type.Number() });

/** Search results change with the catalog; short shared caching, like the lists. */
const CACHE = 'public, max-age=60, stale-while-revalidate=300';

export interface SearchApiDeps {
  search: Pick<SearchService, 'search' | 'suggest'>;
}

export const searchApi: FastifyPluginAsyncTypebox<SearchApiDeps> = async (app, { search }) => {
  app.addSchema(AuthoritySchema);

  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Leistungen eines Gebiets suchen (Umgangssprache, Tippfehler, ohne Umlaute), beste zuerst',
        querystring: SearchQuery,
        response: {
          200: Type.Object({ items: Type.Array(SearchItem), didYouMean: Type.Optional(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return search.search(req.query.ags, req.query.q ?? '', req.query.limit ? { limit: req.query.limit } : {});
    },
  );

  app.get(
    '/suggest',
    {
      schema: {
        tags: ['search'],
        summary: 'Vorschläge beim Tippen: Leistungen, deren Name das Getippte ergänzt',
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), level: LevelSchema })),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return {
        items: await search.suggest(
          req.query.ags,
          req.query.q ?? '',
          req.query.limit ? { limit: req.query.limit } : {},
        ),
      };
    },
  );
};

export interface SearchMissesApiDeps {
  search: Pick<SearchService, 'misses'>;
  auth: AuthService;
}

/**
 * What citizens searched for in vain is for the editors who can fill the gap, not for the public: only a signed-in
 * editor of the area (session cookie) or a personal API token may read it, and only aggregated.
 */
export const searchMissesApi: FastifyPluginAsyncTypebox<SearchMissesApiDeps> = async (app, { search, auth }) => {
  await ensureSessionSupport(app, { formBodyLimit: 0 });
  // Before validation, so that an anonymous caller learns nothing (not even whether the area exists).
  app.addHook('preValidation', async (request, reply) => {
    if (request.headers.authorization) await loadBearer(auth, request, reply);
    else await loadSession(auth, request);
    if (!request.principal)
      throw new AuthenticationRequiredError(
        'Suchanfragen ohne Treffer sehen nur angemeldete Redakteurinnen und Redakteure (Sitzung oder API-Token).',
      );
    const ags = (request.query as { ags?: string }).ags ?? '';
    if (!canWorkIn(request.principal, ags))
      throw new ForbiddenError(`Sie arbeiten nicht für das Gebiet ${ags}; dessen Suchanfragen sind nicht sichtbar.`);
  });

  app.get(
    '/search/misses',
    {
      schema: {
        tags: ['search'],
        summary:
          'Suchanfragen ohne Treffer in einem Gebiet, zusammengefasst (normalisierter Text, Anzahl, zuerst und zuletzt gesehen; höchstens 90 Tage); nur für angemeldete Redaktion',
        querystring: Type.Object({
          ags: AgsParam,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
        }),
        security: [{ bearerAuth: [] }],
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                query: Type.String(),
                areaAgs: Type.String(),
                count: Type.Integer(),
                firstSeen: Type.String(),
                lastSeen: Type.String(),
              }),
            ),
          }),
          ...errors,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return { items: await search.misses(req.query.ags, req.query.limit ? { limit: req.query.limit } : {}) };
    },
  );
};
