import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { type Static, Type } from 'typebox';
import { servicesCsv } from '../../interop/csv/services-csv.ts';
import { AnswerCache, type AnswerVersion, answerVersion, earliestChange } from '../../web/answer-cache.ts';
import { CachedBody, sendCached } from '../../web/cached-body.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { NStr } from './catalog.records.ts';
import {
  AgsParam,
  AreaSchema,
  AuthoritySchema,
  LebenslageSchema,
  LONG_TEXT_FIELDS,
  PageQuery,
  ResolvedServiceListItemSchema,
  ResolvedServiceSchema,
  ServiceIdParam,
} from './catalog.schemas.ts';
import type { CatalogService, Structure } from './catalog.service.ts';
import type { Area } from './catalog.ts';

const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'application/problem+json' },
);
const errors = { 400: Problem, 404: Problem };

/** Reads change when editors publish; a minute of staleness in shared caches is fine, ETags make revalidation cheap. */
const CACHE = 'public, max-age=60, stale-while-revalidate=300';

/**
 * A whole list is ~370 resolved services (~650 KB): resolving, serialising and compressing it per request cost
 * ~3 ms of CPU. Its bytes only change with the catalog (the cache generation), with the day (dated rules) or when a
 * listed unit opens or closes, so the answer is kept as bytes with its compressed variants until the earliest of
 * these, and its ETag is derived from them (docs/decisions/0180).
 */
const MAX_CACHED_LISTS = 256;
/** Single resolved services kept (~3 KB each, a few more with their compressed variants). */
const MAX_CACHED_SERVICES = 20_000;
const JSON_TYPE = 'application/json; charset=utf-8';

/** The version of an answer built `now` from resolved services: until a listed unit opens or closes, or an hour. */
function versionOf(services: readonly ResolvedService[], generation: number | string, now: number): AnswerVersion {
  const units = services.flatMap((s) => [s.responsible.authority?.nextChange, s.responsible.contactPoint?.nextChange]);
  return answerVersion(generation, now, earliestChange(units, now));
}

/** The body as the route's compiled response schema (200) writes it: the schema stays the one definition. */
function serialized(reply: FastifyReply, data: object): string {
  return reply.serializeInput(data as Record<string, unknown>, '200') as string;
}

/** An area as the API shows it: the schema's fields only, the register's fields null when absent. */
function areaDto(a: Area, kinds: ReadonlyMap<string, { name: string }>): Static<typeof AreaSchema> {
  return {
    ags: a.ags,
    ars: a.ars,
    name: a.name,
    kind: a.kind,
    kindName: kinds.get(a.kind)?.name ?? null,
    parentAgs: a.parentAgs,
    slug: a.slug,
    postcodes: a.postcodes,
    website: a.website,
    population: a.population,
    registerKind: a.registerKind ?? null,
    validUntil: a.validUntil ?? null,
    successorAgs: a.successorAgs ?? null,
  };
}

const areaLists = new WeakMap<Structure, CachedBody>();

/**
 * `GET /api/v1/areas` as bytes, made once per structure (a new one comes with each catalog generation) and shared by
 * every request of it. For all of Germany it is 12,500 areas, 3.5 MB: made in the request, its first answer cost
 * a multiple of the goal of 200 ms, so a server makes it (and its compressed variants, `prepare`) in its warm-up
 * after it listens (src/app/warm-up.ts, decision 0275). `JSON.stringify` of `areaDto`, whose fields are exactly the
 * schema's in its order (all of them present, nullable), writes what the route's compiled serializer wrote, without
 * needing a request to compile it; the response schema still documents it.
 */
export function areaListBody(structure: Structure): CachedBody {
  let body = areaLists.get(structure);
  if (!body) {
    const { areas, areaKinds, generation } = structure;
    body = new CachedBody(
      JSON.stringify({ items: areas.map((a) => areaDto(a, areaKinds)) }),
      JSON_TYPE,
      generation.toString(36),
    );
    areaLists.set(structure, body);
  }
  return body;
}

/** What the catalog's API needs from the app: the shared catalog service (one cache per process). */
export interface CatalogApiOptions {
  catalog: CatalogService;
  /** Finds an area by any of its keys (AGS, Verband key, ARS, former keys) with its chain; without it: AGS only. */
  areas?: Pick<AreasService, 'chain'>;
  /** "Zuletzt geprüft" of a service for an area (the portal's rule); without it the answer says null. */
  lastReviewed?: (service: ResolvedService) => Promise<{ at: string; source: 'review' | 'change' } | null>;
  /** The generation of the review ticks `lastReviewed` reads (a tick is no catalog write); without it: 0. */
  reviewGeneration?: () => Promise<number>;
}

/** One link of an area's chain up to the Bund. */
const AreaLinkSchema = Type.Object({
  key: Type.String({ description: 'AGS, or the 9-digit key of a Gemeindeverband' }),
  ars: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  kindName: NStr,
  registerKind: NStr,
  slug: Type.String(),
});

const AreaWithChainSchema = Type.Object({
  ...AreaSchema.properties,
  /** How the key in the URL was understood. */
  matchedBy: Type.String({ enum: ['ags', 'ars', 'alias'] }),
  chain: Type.Array(AreaLinkSchema, { description: 'the area and every area above it up to the Bund, nearest first' }),
});

const AreaKeyParam = Type.String({
  pattern: '^[0-9]{2,12}$',
  description:
    'AGS (2 Land, 3 Regierungsbezirk, 5 Kreis, 8 Gemeinde), Gemeindeverband key (9: ARS digits 1–9) or ARS (12)',
  examples: ['05974020', '073375001', '059740020020'],
});

export const catalogApi: FastifyPluginAsyncTypebox<CatalogApiOptions> = async (
  app,
  { catalog, areas, lastReviewed, reviewGeneration },
) => {
  const lists = new AnswerCache({ max: MAX_CACHED_LISTS, maxBytes: 192 * 1024 * 1024 });
  const singles = new AnswerCache({ max: MAX_CACHED_SERVICES, maxBytes: 128 * 1024 * 1024 });
  app.addSchema(AuthoritySchema);
  app.addSchema(ResolvedServiceSchema);
  app.addSchema(ResolvedServiceListItemSchema);

  app.get(
    '/areas',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Alle Gebiete (Bund, Land, Kreis, Städte und Gemeinden) mit AGS und ARS',
        response: { 200: Type.Object({ items: Type.Array(AreaSchema) }) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return sendCached(req, reply, areaListBody(await catalog.structure()));
    },
  );

  app.get(
    '/areas/:ags',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Ein Gebiet, mit der Kette bis zum Bund (Schlüssel: AGS, Gemeindeverband oder ARS)',
        params: Type.Object({ ags: AreaKeyParam }),
        response: { 200: AreaWithChainSchema, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      const { found, links } = areas
        ? await areas.chain(req.params.ags)
        : { found: { area: await catalog.getArea(req.params.ags), via: 'ags' as const }, links: [] };
      const a = found.area;
      return {
        ...areaDto(a, (await catalog.structure()).areaKinds),
        matchedBy: found.via,
        chain: links,
      };
    },
  );

  app.get(
    '/areas/:ags/services',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Die Leistungsliste eines Gebiets: eigene Leistungen und die des Kreises (und darüber), je mit Zuständigkeit',
        params: Type.Object({ ags: AgsParam }),
        querystring: Type.Object({
          lebenslage: Type.Optional(Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 100 })),
          leikaKey: Type.Optional(
            Type.String({ pattern: '^99[0-9]{12}$', description: 'nur Leistungen mit diesem LeiKa-Schlüssel' }),
          ),
          full: Type.Optional(
            Type.Boolean({ default: false, description: 'include the long texts (Volltext, Unterlagen …)' }),
          ),
          ...PageQuery.properties,
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('ResolvedServiceListItem')),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { ags } = req.params;
      const { lebenslage, leikaKey, full = false, limit = 1000, offset = 0 } = req.query;
      reply.header('cache-control', CACHE);
      const generation = (await catalog.structure()).generation;
      const key = `${ags}|${lebenslage ?? ''}|${leikaKey ?? ''}|${full}|${limit}|${offset}`;
      const now = Date.now();
      // The callbacks inline: a named per-request closure is also named at runtime under tsx (`__name`), 2 % of a
      // kept list's CPU.
      return lists.serve(
        key,
        generation,
        now,
        (body) => sendCached(req, reply, body),
        async () => {
          const all = await catalog.listAreaServices(ags, {
            ...(lebenslage ? { lebenslage } : {}),
            ...(leikaKey ? { leikaKey } : {}),
          });
          const page = all.slice(offset, offset + limit);
          const items = full
            ? page
            : page.map((s) => {
                const summary: Record<string, unknown> = { ...s };
                for (const f of LONG_TEXT_FIELDS) delete summary[f];
                return summary;
              });
          const version = versionOf(page, generation, now);
          const json = JSON.stringify({ items, total: all.length, limit, offset });
          return sendCached(req, reply, lists.set(key, version, new CachedBody(json, JSON_TYPE, version.tag)));
        },
      );
    },
  );

  app.get(
    '/areas/:ags/services.csv',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Die Leistungsliste eines Gebiets als CSV (Semikolon, UTF-8 mit BOM – öffnet in Tabellenkalkulationen)',
        params: Type.Object({ ags: AgsParam }),
        querystring: Type.Object({
          lebenslage: Type.Optional(Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 100 })),
        }),
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...errors },
      },
    },
    async (req, reply) => {
      const area = await catalog.getArea(req.params.ags);
      const { lebenslage } = req.query;
      const list = await catalog.listAreaServices(area.ags, lebenslage ? { lebenslage } : {});
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', CACHE)
        .header('content-disposition', `attachment; filename="leistungen-${area.slug}.csv"`)
        .send(servicesCsv(list));
    },
  );

  app.get(
    '/areas/:ags/services/:serviceId',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Eine Leistung, aufgelöst für ein Gebiet: zuständige Stelle, Ansprechpunkt, Kontakte, Regel und Rechtsgrundlage',
        description:
          '`serviceId` ist die ID der Leistung oder ihr 14-stelliger LeiKa-Schlüssel. Entscheidet nicht der Wohnort ' +
          '(`responsible.decidedBy.factor`: Ort des Ereignisses, Lage des Grundstücks, Sitz des Betriebs), nennt ' +
          '`place` das Gebiet dieser Tatsache (AGS); ohne `place` steht das gewählte Gebiet dafür (`assumed: true`).',
        params: Type.Object({ ags: AgsParam, serviceId: ServiceIdParam }),
        querystring: Type.Object({
          place: Type.Optional(
            Type.String({
              pattern: '^[0-9]{2,12}$',
              description:
                'AGS des Orts, auf den es ankommt (z. B. Geburtsort, Lage des Grundstücks), oder seine Postleitzahl ' +
                '(führt zum Gebiet, das sie führt, z. B. einem Berliner Bezirk; ein Gebietsschlüssel geht vor; ' +
                'teilen sich mehrere Gebiete die Postleitzahl: 400 mit den möglichen AGS)',
            }),
          ),
        }),
        response: { 200: Type.Ref('ResolvedService'), ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      const { ags, serviceId } = req.params;
      const place = req.query.place ?? null;
      const reviews = reviewGeneration ? await reviewGeneration() : 0;
      const generation = `${(await catalog.structure()).generation.toString(36)}-${reviews.toString(36)}`;
      const key = `${ags}|${serviceId}|${place ?? ''}`;
      const now = Date.now();
      const hit = singles.get(key, generation, now);
      if (hit) return sendCached(req, reply, hit);
      const resolved = await catalog.getAreaService(ags, serviceId, new Date(now), { place });
      const version = versionOf([resolved], generation, now);
      // The last review comes from the catalog's history, which only a write (a new generation) changes.
      const answer = { ...resolved, lastReviewed: lastReviewed ? await lastReviewed(resolved) : null };
      // The route's own compiled serializer: the response schema stays the one definition of the answer.
      const body = new CachedBody(serialized(reply, answer), JSON_TYPE, version.tag);
      return sendCached(req, reply, singles.set(key, version, body));
    },
  );

  app.get(
    '/lebenslagen',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Lebenslagen (nach OZG)',
        response: { 200: Type.Object({ items: Type.Array(LebenslageSchema) }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', CACHE);
      return { items: await catalog.listLebenslagen() };
    },
  );
};
