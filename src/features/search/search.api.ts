import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
  search: Pick<SearchService, 'search' | 'suggest' | 'misses'>;
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

  app.get(
    '/search/misses',
    {
      schema: {
        tags: ['search'],
        summary:
          'Suchanfragen ohne Treffer in einem Gebiet (normalisierter Text, Anzahl, zuletzt gesehen; keine personenbezogenen Daten)',
        querystring: Type.Object({
          ags: AgsParam,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                query: Type.String(),
                areaAgs: Type.String(),
                count: Type.Integer(),
                lastSeen: Type.String(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return { items: await search.misses(req.query.ags, req.query.limit ? { limit: req.query.limit } : {}) };
    },
  );
};
