// The public portal ("virtuelles Rathaus"): server-rendered pages for the county and every town, the embeddable list,
// the sitemap and the self-hosted assets. Everything works without JavaScript; portal.js only enhances.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { breadcrumbList, governmentService, type HoursOf, townSite } from '../../interop/schema-org/schema-org.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { GenerationCache } from '../../shared/generation-cache.ts';
import { sendAsset } from '../../web/assets.ts';
import { htmlErrorHandler, sendErrorShell } from '../../web/error-pages.ts';
import { sendHtml as sendHtmlPage } from '../../web/render-page.ts';
import type { AreasService } from '../areas/index.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { Area, Level } from '../catalog/catalog.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { assetStore } from './assets.ts';
import { AzPage } from './components/az-page.tsx';
import { EmbedDocsPage, EmbedFramePage, embedData, embedItems, snippetFor } from './components/embed-pages.tsx';
import { LebenslagePage } from './components/lebenslage-page.tsx';
import { LegalPage, type LegalPageKind } from './components/legal-pages.tsx';
import { ErrorPage, NotFoundPage } from './components/not-found-page.tsx';
import { SearchPage } from './components/search-page.tsx';
import { ServicePage } from './components/service-page.tsx';
import {
  type KnownPlace,
  PlaceCandidatesPage,
  PlaceChoicePage,
  PlaceOutsidePage,
  StartPage,
} from './components/start-page.tsx';
import { type LebenslageEntry, TownPage } from './components/town-page.tsx';
import { type Lang, messages } from './i18n.ts';
import type { LastReviewedOf } from './last-reviewed.ts';
import { type LegalPages, loadLegalPages } from './legal-config.ts';
import { parsedHours, regularWeek } from './opening-hours-view.ts';
import { absolute, type PageContext } from './page-context.ts';
import {
  areaDisplayName,
  cleanQuery,
  filterServices,
  matchPlace,
  orderForLebenslage,
  PLACE_COOKIE,
  PLACE_COOKIE_MAX_AGE,
  paths,
  pickTopTasks,
  sortByName,
  splitLang,
} from './portal.ts';
import { type PortalSearchService, portalSearch } from './portal-search.ts';

/** What the portal needs from the rest of the app; the app passes its services, nothing more is reachable. */
export interface PortalDeps {
  catalog: Pick<
    CatalogService,
    'structure' | 'listAreaServices' | 'getAreaService' | 'exceptionsBelow' | 'snapshotFor' | 'cacheGeneration'
  >;
  /** Every German place (Gemeinden, Ortsteile, postcodes); without it the chooser knows the deployed towns only. */
  areas?: Pick<AreasService, 'placeMatcher'> | null | undefined;
  /** The search feature's engine; without it the portal filters names and synonyms. */
  search?: PortalSearchService | null | undefined;
  /** The public origin for absolute links (canonical, sitemap, JSON-LD); null: taken from the request. */
  publicUrl: string | null;
  /** "Zuletzt geprüft" of a service page (see last-reviewed.ts); without it the page shows no date. */
  lastReviewed?: LastReviewedOf | null | undefined;
  /** The legal pages' texts of this deployment (LEGAL_PAGES_FILE); default: the shipped Kreis Soest file. */
  legal?: LegalPages | undefined;
}

export type PortalPagesOptions = PortalDeps;

/** A portal page was asked for something that does not exist: answered with the helpful 404 page. */
export class PortalNotFoundError extends NotFoundError {}

/** Pages show "jetzt geöffnet": short-lived in shared caches, revalidated cheaply through the ETag. */
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300';

// ---- context --------------------------------------------------------------------------------------------------------

interface Site {
  structure: Awaited<ReturnType<CatalogService['structure']>>;
  tiersOf(kind: string): Level[];
  isTown(area: Area): boolean;
  isCounty(area: Area): boolean;
  countyOf(area: Area | null): Area | null;
  townsOf(county: Area | null): Area[];
}

async function site(services: PortalDeps): Promise<Site> {
  const structure = await services.catalog.structure();
  const tiersOf = (kind: string) => structure.areaKinds.get(kind)?.tiers ?? [];
  const isTown = (a: Area) => tiersOf(a.kind).includes('gemeinde');
  const isCounty = (a: Area) => tiersOf(a.kind).includes('kreis') && !isTown(a);
  const counties = sortByName(structure.areas.filter(isCounty));
  return {
    structure,
    tiersOf,
    isTown,
    isCounty,
    countyOf(area) {
      if (area && isCounty(area)) return area;
      const parent = area?.parentAgs ? structure.areasByAgs.get(area.parentAgs) : undefined;
      if (parent && isCounty(parent)) return parent;
      return counties[0] ?? null;
    },
    townsOf(county) {
      return county ? sortByName(structure.areas.filter((a) => a.parentAgs === county.ags && isTown(a))) : [];
    },
  };
}

/** The request path without the language prefix, and never protocol-relative (it is echoed into links). */
function neutralPath(url: string): { lang: Lang; path: string } {
  const { lang, rest } = splitLang(url);
  return { lang, path: `/${rest.replace(/^\/+/, '')}` };
}

function originOf(services: PortalDeps, request: FastifyRequest): string {
  return services.publicUrl ?? `${request.protocol}://${request.host}`;
}

async function pageContext(
  services: PortalDeps,
  request: FastifyRequest,
  area: Area | null,
  s?: Site,
): Promise<PageContext> {
  const info = s ?? (await site(services));
  const { lang, path } = neutralPath(request.url);
  const county = info.countyOf(area);
  const assets = assetStore();
  return {
    lang,
    t: messages(lang),
    path,
    origin: originOf(services, request),
    area,
    county,
    towns: info.townsOf(county),
    areaOf: (ags) => info.structure.areasByAgs.get(ags),
    isTown: info.isTown,
    asset: (p) => assets.url(p),
    now: new Date(),
  };
}

/** A town or county site for a slug; anything else (Land, Bund, unknown) is not a portal site. */
async function siteArea(services: PortalDeps, slug: string): Promise<{ area: Area; site: Site }> {
  const s = await site(services);
  const area = s.structure.areasBySlug.get(slug);
  if (!area || !(s.isTown(area) || s.isCounty(area))) throw new PortalNotFoundError(`Unbekannter Ort "${slug}"`);
  return { area, site: s };
}

function sendHtml(reply: FastifyReply, node: VNode, options: { status?: number; cache?: string } = {}): FastifyReply {
  return sendHtmlPage(reply, node, { cache: PAGE_CACHE, ...options });
}

function hoursOf(now: Date): HoursOf {
  return (a) => {
    const h = parsedHours(a.openingHours, a.areaAgs);
    return h ? regularWeek(h, now, a.areaAgs) : null;
  };
}

/**
 * Where a service page's canonical URL points. A service the county (or Land/Bund) provides without a town-specific
 * Ansprechpunkt reads the same in every town: its canonical page is the county's, so search engines index it once.
 */
export function canonicalServicePath(service: ResolvedService, area: Area, county: Area | null): string {
  const r = service.responsible;
  // A town's own note, its own fees/documents/online services or "not offered here" make its page its own.
  const local = service.notOffered !== null || service.localText !== null || service.localData;
  const sameEverywhere =
    county &&
    area.ags !== county.ags &&
    r.level !== 'gemeinde' &&
    !r.contactPoint &&
    service.ownerAgs !== area.ags &&
    !local;
  return paths.service(sameEverywhere ? county.slug : area.slug, service.id);
}

function lebenslageEntries(
  lebenslagen: Site['structure']['lebenslagen'],
  services: ResolvedService[],
): LebenslageEntry[] {
  const counts = new Map<string, number>();
  for (const s of services) for (const id of s.lebenslagen) counts.set(id, (counts.get(id) ?? 0) + 1);
  return lebenslagen.flatMap((l) => {
    const count = counts.get(l.id) ?? 0;
    return count > 0 ? [{ lebenslage: l, count }] : [];
  });
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

// ---- 404 and errors ---------------------------------------------------------------------------------------------------

/** The helpful 404 page: the town's search and A–Z when the URL names a town, else the town chooser. */
export async function sendNotFoundPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: PortalDeps,
): Promise<FastifyReply> {
  const { path } = neutralPath(request.url.split('?')[0] ?? '/');
  const slug = path.split('/')[1] ?? '';
  let area: Area | null = null;
  let s: Site | undefined;
  try {
    s = await site(services);
    const candidate = s.structure.areasBySlug.get(slug);
    if (candidate && (s.isTown(candidate) || s.isCounty(candidate))) area = candidate;
  } catch (error) {
    request.log.warn({ err: error }, 'catalog unavailable for the 404 page');
  }
  const ctx = await pageContext(services, request, area, s).catch(() => null);
  if (!ctx) return sendErrorShell(reply, 404);
  return sendHtml(reply, <NotFoundPage ctx={ctx} />, { status: 404, cache: 'no-cache' });
}

// ---- the plugin -------------------------------------------------------------------------------------------------------

export async function portalPages(app: FastifyInstance, services: PortalPagesOptions): Promise<void> {
  const assets = assetStore();
  const search = portalSearch(services);

  // HTML is compressed on the fly by the app-wide compression (src/app/app.ts); the static assets below carry
  // precomputed encodings and opt out.

  app.setErrorHandler(
    htmlErrorHandler(
      {
        notFound: (request, reply) => sendNotFoundPage(request, reply, services),
        async failure(request, reply, status) {
          // A request the portal cannot answer is, to a citizen, a page that is not there: the helpful 404 page.
          if (status < 500) return sendNotFoundPage(request, reply, services);
          const ctx = await pageContext(services, request, null).catch(() => null);
          if (!ctx) return sendErrorShell(reply, 500);
          return sendHtml(reply, <ErrorPage ctx={ctx} />, { status: 500, cache: 'no-store' });
        },
      },
      'portal page failed',
    ),
  );

  // ---- assets: in memory, precompressed, immutable when the URL carries the current hash
  const serveAsset = (request: FastifyRequest, reply: FastifyReply, path: string) => {
    // Fonts and the embed files are fetched across origins (host pages, CSS font loading): allow it.
    const crossOrigin = path.startsWith('/embed/') || path.startsWith('/assets/fonts/');
    const sent = sendAsset(assets, request, reply, path, { crossOrigin });
    if (!sent) throw new PortalNotFoundError(`Unbekannte Datei ${path}`);
    return sent;
  };
  app.get<{ Params: { '*': string }; Querystring: { v?: string } }>(
    '/assets/*',
    { schema: { hide: true }, compress: false },
    async (request, reply) => serveAsset(request, reply, `/assets/${request.params['*']}`),
  );
  for (const path of ['/embed/v1.js', '/embed/v1.css']) {
    app.get<{ Querystring: { v?: string } }>(
      path,
      { schema: { hide: true }, compress: false },
      async (request, reply) => serveAsset(request, reply, path),
    );
  }

  // ---- the embed's data: CORS-open JSON, absolute links, nothing personal
  app.get<{ Params: { slug: string }; Querystring: { lang?: string } }>(
    '/embed/v1/data/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const { area } = await siteArea(services, request.params.slug);
      const ctx = await pageContext(services, request, area);
      const lang: Lang = request.query.lang === 'en' ? 'en' : 'de';
      const data = embedData(
        { ...ctx, lang, t: messages(lang) },
        area,
        await services.catalog.listAreaServices(area.ags),
      );
      return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').send(data);
    },
  );

  // ---- sitemap and robots
  // One sitemap per origin the app is reached under (few: the public URL, maybe an internal one).
  const sitemaps = new GenerationCache<string, string>({ max: 4 });
  app.get('/sitemap.xml', { schema: { hide: true } }, async (request, reply) => {
    const origin = originOf(services, request);
    const generation = await services.catalog.cacheGeneration();
    const xml = await sitemaps.getOrCompute(origin, generation, () => buildSitemap(services, origin));
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(xml);
  });
  app.get('/robots.txt', { schema: { hide: true } }, async (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(
        `User-agent: *\nDisallow: /wahl\nDisallow: /en/wahl\nDisallow: /embed/\nAllow: /embed/v1.js\n\nSitemap: ${originOf(services, request)}/sitemap.xml\n`,
      ),
  );

  // ---- pages, once per language: German at /, English under /en
  await app.register(async (scope) => pageRoutes(scope, services, search));
  await app.register(async (scope) => pageRoutes(scope, services, search), { prefix: '/en' });
}

function pageRoutes(app: FastifyInstance, services: PortalDeps, search: ReturnType<typeof portalSearch>): void {
  const hide = { schema: { hide: true } };

  app.get('/', hide, async (request, reply) => {
    const s = await site(services);
    const ctx = await pageContext(services, request, null, s);
    const slug = readCookie(request.headers.cookie, PLACE_COOKIE);
    const remembered = slug ? (s.structure.areasBySlug.get(slug) ?? null) : null;
    // The page differs by the remembered place: never shared between people.
    reply.header('vary', 'Cookie');
    return sendHtml(
      reply,
      <StartPage
        ctx={ctx}
        remembered={remembered && (s.isTown(remembered) || s.isCounty(remembered)) ? remembered : null}
      />,
      {
        cache: 'private, no-cache',
      },
    );
  });

  app.get<{ Querystring: { ort?: string } }>('/wahl', hide, async (request, reply) => {
    const s = await site(services);
    const ctx = await pageContext(services, request, null, s);
    const input = cleanQuery(request.query.ort, 100);
    const places = [...ctx.towns, ...(ctx.county ? [ctx.county] : [])];
    let match = matchPlace(input, places);
    if (match.kind === 'none' && services.areas) {
      // Not one of the deployed towns by name or postcode: ask the whole register (typos, Ortsteile, "Stadt X",
      // "Town-Ortsteil", any German Gemeinde) before saying anything about spelling.
      const byAgs = /^\d{8}$/.test(input) ? s.structure.areasByAgs.get(input) : undefined;
      const found = (await services.areas.placeMatcher()).match(input, { limit: 12 });
      const top = found.candidates[0];
      const chosen = byAgs ?? (top && !found.ambiguous ? s.structure.areasByAgs.get(top.place.ags) : undefined);
      const deployed = chosen ? places.find((a) => a.ags === chosen.ags) : undefined;
      if (deployed) match = { kind: 'one', area: deployed, by: 'name' };
      else if (chosen) {
        const place: KnownPlace = {
          matched: top && top.place.ags === chosen.ags && top.reason === 'ortsteil' ? top.matched : chosen.name,
          gemeinde: chosen.name,
          kreis: top?.place.ags === chosen.ags ? top.place.kreis : '',
          land: top?.place.ags === chosen.ags ? top.place.land : '',
          website: chosen.website,
        };
        return sendHtml(reply, <PlaceOutsidePage ctx={ctx} place={place} value={input} />, { cache: 'no-store' });
      } else if (found.candidates.length > 1) {
        const candidates = found.candidates.map((c) => ({ ags: c.place.ags, label: c.label }));
        return sendHtml(reply, <PlaceCandidatesPage ctx={ctx} input={input} candidates={candidates} />, {
          cache: 'no-store',
        });
      }
    }
    if (match.kind === 'one') {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      return reply
        .header(
          'set-cookie',
          `${PLACE_COOKIE}=${encodeURIComponent(match.area.slug)}; Path=/; Max-Age=${PLACE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure}`,
        )
        .header('cache-control', 'no-store')
        .redirect(absolutePathFor(ctx, paths.town(match.area.slug)), 303);
    }
    if (match.kind === 'many')
      return sendHtml(reply, <PlaceChoicePage ctx={ctx} match={match} />, { cache: 'no-store' });
    const error = match.kind === 'empty' ? ctx.t.chooserEmpty : ctx.t.chooserNotFound(match.input);
    return sendHtml(reply, <StartPage ctx={ctx} remembered={null} value={input} error={error} />, {
      cache: 'no-store',
    });
  });

  app.get<{ Params: { slug: string } }>('/:slug', hide, async (request, reply) => {
    const { area } = await siteArea(services, request.params.slug);
    const { lang } = neutralPath(request.url);
    return reply.redirect(lang === 'en' ? `/en${paths.town(area.slug)}` : paths.town(area.slug), 301);
  });

  app.get<{ Params: { slug: string } }>('/:slug/', hide, async (request, reply) => {
    const { area, site: s } = await siteArea(services, request.params.slug);
    const ctx = await pageContext(services, request, area, s);
    const list = await services.catalog.listAreaServices(area.ags);
    const county = ctx.county;
    const parent = area.parentAgs ? (s.structure.areasByAgs.get(area.parentAgs) ?? null) : null;
    const jsonLd = [
      townSite(area, {
        url: absolute(ctx, paths.town(area.slug), 'de'),
        searchUrlTemplate: `${absolute(ctx, paths.search(area.slug), 'de')}?q={q}`,
        displayName: areaDisplayName(area),
        parent: parent && county && parent.ags === county.ags ? parent : null,
        parentDisplayName: county ? areaDisplayName(county) : null,
      }),
    ];
    return sendHtml(
      reply,
      <TownPage
        ctx={ctx}
        area={area}
        topTasks={pickTopTasks(list)}
        lebenslagen={lebenslageEntries(s.structure.lebenslagen, list)}
        total={list.length}
        jsonLd={jsonLd}
      />,
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug/a-z', hide, async (request, reply) => {
    const { area, site: s } = await siteArea(services, request.params.slug);
    const ctx = await pageContext(services, request, area, s);
    return sendHtml(
      reply,
      <AzPage ctx={ctx} area={area} services={await services.catalog.listAreaServices(area.ags)} />,
    );
  });

  app.get<{ Params: { slug: string }; Querystring: { q?: string } }>('/:slug/suche', hide, async (request, reply) => {
    const { area, site: s } = await siteArea(services, request.params.slug);
    const ctx = await pageContext(services, request, area, s);
    const q = cleanQuery(request.query.q);
    if (!q) return sendHtml(reply, <SearchPage ctx={ctx} area={area} q="" results={null} />, { cache: 'no-cache' });
    const result = await search(area.ags, q);
    return sendHtml(
      reply,
      <SearchPage ctx={ctx} area={area} q={q} results={result.items} didYouMean={result.didYouMean} />,
    );
  });

  app.get<{ Params: { slug: string; id: string } }>('/:slug/lebenslagen/:id', hide, async (request, reply) => {
    const { area, site: s } = await siteArea(services, request.params.slug);
    const lebenslage = s.structure.lebenslagen.find((l) => l.id === request.params.id);
    if (!lebenslage) throw new PortalNotFoundError(`Unbekannte Lebenslage "${request.params.id}"`);
    const ctx = await pageContext(services, request, area, s);
    const list = await services.catalog.listAreaServices(area.ags, { lebenslage: lebenslage.id });
    return sendHtml(
      reply,
      <LebenslagePage
        ctx={ctx}
        area={area}
        lebenslage={lebenslage}
        services={orderForLebenslage(list, lebenslage.id)}
      />,
    );
  });

  app.get<{ Params: { slug: string; id: string }; Querystring: { ort?: string } }>(
    '/:slug/leistungen/:id',
    hide,
    async (request, reply) => {
      const { area, site: s } = await siteArea(services, request.params.slug);
      const ctx = await pageContext(services, request, area, s);
      // `?ort=<slug>`: the place of the matter (place of birth, plot) when it, not the residence, decides.
      const ort = typeof request.query.ort === 'string' ? request.query.ort : '';
      const place = ort ? [...s.structure.areasByAgs.values()].find((a) => a.slug === ort) : undefined;
      if (ort && !place) throw new PortalNotFoundError(`Unbekannter Ort "${ort}" (erwartet: der Kurzname eines Orts)`);
      const service = await services.catalog
        .getAreaService(area.ags, request.params.id, ctx.now, { place: place?.ags ?? null })
        .catch((error: unknown) => {
          throw error instanceof NotFoundError ? new PortalNotFoundError(error.message) : error;
        });
      // The county's own page names every town that answers differently.
      const exceptions =
        ctx.county && area.ags === ctx.county.ags
          ? await services.catalog.exceptionsBelow(area.ags, service.id, ctx.now)
          : [];
      const canonicalPath = canonicalServicePath(service, area, ctx.county);
      const responsibleArea = ctx.areaOf(service.responsible.areaAgs);
      const crumbs = [
        { name: areaDisplayName(area), url: absolute(ctx, paths.town(area.slug)) },
        { name: ctx.t.azTitle, url: absolute(ctx, paths.az(area.slug)) },
        { name: service.name, url: absolute(ctx, paths.service(area.slug, service.id)) },
      ];
      const jsonLd = [
        governmentService(service, {
          url: absolute(ctx, canonicalPath, 'de'),
          area,
          responsibleName: responsibleArea ? areaDisplayName(responsibleArea) : service.responsible.areaName,
          hoursOf: hoursOf(ctx.now),
        }),
        breadcrumbList(crumbs),
      ];
      return sendHtml(
        reply,
        <ServicePage
          ctx={ctx}
          area={area}
          service={service}
          lebenslagen={s.structure.lebenslagen}
          canonicalPath={canonicalPath}
          jsonLd={jsonLd}
          exceptions={exceptions}
          lastReviewed={services.lastReviewed ? await services.lastReviewed(service) : null}
        />,
      );
    },
  );

  const legal: Array<[string, LegalPageKind]> = [
    ['barrierefreiheit', 'barrierefreiheit'],
    ['impressum', 'impressum'],
    ['datenschutz', 'datenschutz'],
  ];
  const legalTexts = services.legal ?? loadLegalPages();
  for (const [segment, kind] of legal) {
    app.get<{ Params: { slug: string } }>(`/:slug/${segment}`, hide, async (request, reply) => {
      const { area, site: s } = await siteArea(services, request.params.slug);
      const ctx = await pageContext(services, request, area, s);
      const { snapshot } = await services.catalog.snapshotFor(area.ags);
      const authority = area.mainAuthorityId ? (snapshot.authorities.get(area.mainAuthorityId) ?? null) : null;
      return sendHtml(reply, <LegalPage ctx={ctx} area={area} kind={kind} authority={authority} legal={legalTexts} />, {
        cache: 'public, max-age=3600',
      });
    });
  }

  app.get<{ Querystring: { ort?: string } }>('/embed', hide, async (request, reply) => {
    const s = await site(services);
    const ctx = await pageContext(services, request, null, s);
    const wanted = typeof request.query.ort === 'string' ? s.structure.areasBySlug.get(request.query.ort) : undefined;
    const area = wanted && (s.isTown(wanted) || s.isCounty(wanted)) ? wanted : (ctx.towns[0] ?? ctx.county);
    if (!area) throw new PortalNotFoundError('Keine Orte im Katalog');
    return sendHtml(reply, <EmbedDocsPage ctx={ctx} area={area} snippet={snippetFor(ctx.origin, area, ctx.lang)} />);
  });

  app.get<{ Params: { slug: string }; Querystring: { q?: string } }>(
    '/embed/:slug',
    // The one page other sites may frame: the security headers answer `frame-ancestors *` for it.
    { schema: { hide: true }, config: { embeddable: true } },
    async (request, reply) => {
      const { area, site: s } = await siteArea(services, request.params.slug);
      const ctx = await pageContext(services, request, area, s);
      const all = await services.catalog.listAreaServices(area.ags);
      const q = cleanQuery(request.query.q);
      const shown = q ? filterServices(all, q) : all;
      return sendHtml(
        reply,
        <EmbedFramePage ctx={ctx} area={area} items={embedItems(ctx, area, shown)} q={q} total={all.length} />,
      );
    },
  );
}

function absolutePathFor(ctx: PageContext, path: string): string {
  return ctx.lang === 'en' ? `/en${path}` : path;
}

// ---- sitemap ------------------------------------------------------------------------------------------------------------

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Every canonical page in German, each with its English alternate. */
export async function buildSitemap(services: PortalDeps, origin: string): Promise<string> {
  const s = await site(services);
  const county = s.countyOf(null);
  const sites = [...(county ? [county] : []), ...s.townsOf(county)];
  const urls: string[] = ['/', '/embed'];
  for (const area of sites) {
    const list = await services.catalog.listAreaServices(area.ags);
    urls.push(paths.town(area.slug), paths.az(area.slug));
    const withServices = new Set(list.flatMap((x) => x.lebenslagen));
    for (const l of s.structure.lebenslagen) if (withServices.has(l.id)) urls.push(paths.lebenslage(area.slug, l.id));
    for (const service of list) {
      const canonical = canonicalServicePath(service, area, county);
      if (canonical === paths.service(area.slug, service.id)) urls.push(canonical);
    }
    urls.push(paths.accessibility(area.slug), paths.imprint(area.slug), paths.privacy(area.slug));
  }
  const body = urls
    .map((u) => {
      const de = xmlEscape(`${origin}${u}`);
      const en = xmlEscape(`${origin}/en${u}`);
      return `<url><loc>${de}</loc><xhtml:link rel="alternate" hreflang="de" href="${de}"/><xhtml:link rel="alternate" hreflang="en" href="${en}"/></url>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${body}\n</urlset>\n`;
}
