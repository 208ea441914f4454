import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { ForbiddenError } from '../../shared/errors.ts';
import { AnswerCache, answerVersion } from '../../web/answer-cache.ts';
import { CachedBody, sendCached } from '../../web/cached-body.ts';
import { ensureSessionSupport, loadBearer, loadSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError, canWorkIn } from '../auth/auth.ts';
import { AgsParam, AuthoritySchema, LevelSchema, ResolvedServiceProperties } from '../catalog/catalog.schemas.ts';
import type { SearchService } from './search.service.ts';
import { MAX_LIMIT, type ScoredService } from './search.ts';

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

/**
 * A hit carries what a result list shows; the whole resolved service (texts, units, contacts, opening hours) is one
 * request away at `url`. Full hits made a search answer ~50 KB for 18 hits and most of its cost (docs/decisions/0181).
 */
const SearchItem = Type.Object(
  {
    id: ResolvedServiceProperties.id,
    name: ResolvedServiceProperties.name,
    teaser: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'Kurztext der Leistung' }),
    leikaKey: ResolvedServiceProperties.leikaKey,
    responsible: Type.Object(
      {
        level: LevelSchema,
        areaAgs: Type.String(),
        areaName: Type.String(),
        authorityName: Type.Unsafe<string | null>({
          type: ['string', 'null'],
          description: 'Name der zuständigen Stelle (null: der Katalog nennt keine)',
        }),
      },
      { description: 'Wer zuständig ist (Ebene und Gebiet): das Merkmal der Trefferliste' },
    ),
    notOffered: Type.Boolean({ description: 'die Stadt bietet diese Leistung nicht selbst an' }),
    url: Type.String({ description: 'die ganze Leistung für dieses Gebiet: GET …/areas/{ags}/services/{id}' }),
    score: Type.Number(),
  },
  { description: 'Ein Treffer: was die Trefferliste zeigt, die ganze Leistung unter `url`' },
);

/** The lean hit of a scored, resolved service found in `ags`. */
export function searchHit(service: ScoredService, ags: string): Static<typeof SearchItem> {
  const r = service.responsible;
  return {
    id: service.id,
    name: service.name,
    teaser: service.teaser,
    leikaKey: service.leikaKey,
    responsible: {
      level: r.level,
      areaAgs: r.areaAgs,
      areaName: r.areaName,
      authorityName: r.authority?.name ?? null,
    },
    notOffered: service.notOffered !== null,
    url: `/api/v1/areas/${ags}/services/${service.id}`,
    score: service.score,
  };
}

/** Search results change with the catalog; short shared caching, like the lists. */
const CACHE = 'public, max-age=60, stale-while-revalidate=300';

export interface SearchApiDeps {
  search: Pick<SearchService, 'search' | 'suggest'>;
  /**
   * The version of everything a search answer is made from (the catalog's and the synonyms' cache generations).
   * With it, answers are kept as bytes per (URL, version, Berlin day); without it every request searches.
   */
  version?: (() => Promise<string>) | undefined;
}

/** Search and suggest answers kept per process: a few KB each (suggest: < 1 KB). */
const MAX_KEPT_ANSWERS = 20_000;
const MAX_KEPT_BYTES = 32 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

export const searchApi: FastifyPluginAsyncTypebox<SearchApiDeps> = async (app, { search, version }) => {
  app.addSchema(AuthoritySchema);
  // The answers of a version are the same for everyone (the hits are lean: no opening state, docs/decisions/0181);
  // the Berlin day is part of the version (dated rules). Keyed by the whole URL (ags, q, limit).
  const kept = new AnswerCache({ max: MAX_KEPT_ANSWERS, maxBytes: MAX_KEPT_BYTES });

  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Leistungen eines Gebiets suchen (Umgangssprache, Tippfehler, ohne Umlaute), beste zuerst',
        description:
          'Jeder Treffer trägt, was eine Trefferliste zeigt: ID, Name, Kurztext, LeiKa-Schlüssel, wer zuständig ist ' +
          '(Ebene, Gebiet, Stelle) und den Link `url` auf die ganze Leistung für dieses Gebiet ' +
          '(`GET /api/v1/areas/{ags}/services/{id}`: Texte, zuständige Stelle, Kontakte, Öffnungszeiten). ' +
          'Bis November 2026 enthielt jeder Treffer die ganze Leistung.',
        querystring: SearchQuery,
        response: {
          200: Type.Object({ items: Type.Array(SearchItem), didYouMean: Type.Optional(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      const now = Date.now();
      const v = version ? await version() : null;
      const { ags } = req.query;
      const searchNow = async () => {
        const result = await search.search(ags, req.query.q ?? '', req.query.limit ? { limit: req.query.limit } : {});
        const items = result.items.map((hit) => searchHit(hit, ags));
        const answer = result.didYouMean !== undefined ? { items, didYouMean: result.didYouMean } : { items };
        // A search without hits (or with a "did you mean") counts a miss each time it is asked: never kept.
        if (v === null || items.length === 0 || result.didYouMean !== undefined) return reply.send(answer);
        const at = answerVersion(v, now, Number.POSITIVE_INFINITY);
        const body = new CachedBody(reply.serializeInput(answer, '200') as string, JSON_TYPE, at.tag);
        return sendCached(req, reply, kept.set(req.url, at, body));
      };
      const send = (body: CachedBody) => sendCached(req, reply, body);
      return v === null ? searchNow() : kept.serve(req.url, v, now, send, searchNow);
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
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                level: LevelSchema,
                notOffered: Type.Boolean({ description: 'die Stadt bietet diese Leistung nicht selbst an' }),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      const now = Date.now();
      const v = version ? await version() : null;
      const key = `suggest ${req.url}`;
      const suggestNow = async () => {
        const answer = {
          items: await search.suggest(
            req.query.ags,
            req.query.q ?? '',
            req.query.limit ? { limit: req.query.limit } : {},
          ),
        };
        if (v === null) return reply.send(answer);
        const at = answerVersion(v, now, Number.POSITIVE_INFINITY);
        const body = new CachedBody(reply.serializeInput(answer, '200') as string, JSON_TYPE, at.tag);
        return sendCached(req, reply, kept.set(key, at, body));
      };
      const send = (body: CachedBody) => sendCached(req, reply, body);
      return v === null ? suggestNow() : kept.serve(key, v, now, send, suggestNow);
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
