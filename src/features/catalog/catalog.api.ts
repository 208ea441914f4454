import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { servicesCsv } from '../../interop/csv/services-csv.ts';
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
import type { CatalogService } from './catalog.service.ts';
import type { Area } from './catalog.ts';

const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'application/problem+json' },
);
const errors = { 400: Problem, 404: Problem };

/** Reads change when editors publish; a minute of staleness in shared caches is fine, ETags make revalidation cheap. */
const CACHE = 'public, max-age=60, stale-while-revalidate=300';

/**
 * A whole list is ~200 resolved services (~400 KB): resolving, serialising and hashing it per request cost ~18 ms.
 * Its bytes only change with the catalog (the cache generation) or when a listed unit opens or closes, so the
 * serialised answer and its ETag are kept until the earlier of the two.
 */
const MAX_CACHED_LISTS = 256;

function validUntil(services: readonly ResolvedService[], now: number): number {
  let until = now + 3_600_000;
  for (const s of services) {
    for (const a of [s.responsible.authority, s.responsible.contactPoint]) {
      const next = a?.nextChange ? Date.parse(a.nextChange) : Number.NaN;
      if (next > now && next < until) until = next;
    }
  }
  return until;
}

/** What the catalog's API needs from the app: the shared catalog service (one cache per process). */
export interface CatalogApiOptions {
  catalog: CatalogService;
  /** Finds an area by any of its keys (AGS, Verband key, ARS, former keys) with its chain; without it: AGS only. */
  areas?: Pick<AreasService, 'chain'>;
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

export const catalogApi: FastifyPluginAsyncTypebox<CatalogApiOptions> = async (app, { catalog, areas }) => {
  const lists = new Map<string, { generation: number; until: number; body: string; etag: string }>();
  app.addSchema(AuthoritySchema);
  app.addSchema(ResolvedServiceSchema);
  app.addSchema(ResolvedServiceListItemSchema);

  const areaDto = async (a: Area) => {
    const kinds = (await catalog.structure()).areaKinds;
    return {
      ...a,
      kindName: kinds.get(a.kind)?.name ?? null,
      registerKind: a.registerKind ?? null,
      validUntil: a.validUntil ?? null,
      successorAgs: a.successorAgs ?? null,
    };
  };

  app.get(
    '/areas',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Alle Gebiete (Bund, Land, Kreis, Städte und Gemeinden) mit AGS und ARS',
        response: { 200: Type.Object({ items: Type.Array(AreaSchema) }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', CACHE);
      const areas = await catalog.listAreas();
      return { items: await Promise.all(areas.map(areaDto)) };
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
        ...(await areaDto(a)),
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
      const key = JSON.stringify([ags, lebenslage ?? null, leikaKey ?? null, full, limit, offset]);
      const now = Date.now();
      const hit = lists.get(key);
      if (hit && hit.generation === generation && now < hit.until) {
        return reply
          .header('etag', hit.etag)
          .type('application/json; charset=utf-8')
          .send(hit.body as never);
      }
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
      const body = JSON.stringify({ items, total: all.length, limit, offset });
      const entry = {
        generation,
        until: validUntil(page, now),
        body,
        etag: `W/"${createHash('sha1').update(body).digest('base64url')}"`,
      };
      lists.set(key, entry);
      while (lists.size > MAX_CACHED_LISTS) lists.delete(lists.keys().next().value as string);
      return reply
        .header('etag', entry.etag)
        .type('application/json; charset=utf-8')
        .send(body as never);
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
              description: 'AGS des Orts, auf den es ankommt (z. B. Geburtsort, Lage des Grundstücks)',
            }),
          ),
        }),
        response: { 200: Type.Ref('ResolvedService'), ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', CACHE);
      return catalog.getAreaService(req.params.ags, req.params.serviceId, new Date(), {
        place: req.query.place ?? null,
      });
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
