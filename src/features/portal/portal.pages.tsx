// The public portal ("virtuelles Rathaus"): server-rendered pages for the county and every town, the embeddable list,
// the sitemap and the self-hosted assets. Everything works without JavaScript; portal.js only enhances.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { breadcrumbList, governmentService, type HoursOf, townSite } from '../../interop/schema-org/schema-org.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { GenerationCache } from '../../shared/generation-cache.ts';
import { AnswerCache, answerVersion } from '../../web/answer-cache.ts';
import { sendAsset } from '../../web/assets.ts';
import { CachedBody, sendCached } from '../../web/cached-body.ts';
import { htmlErrorHandler, sendErrorShell } from '../../web/error-pages.ts';
import { HTML, renderPage, sendHtml as sendHtmlPage } from '../../web/render-page.ts';
import { type AreasService, areaPhrases, buildPlaceMatcher, type PlaceMatcher } from '../areas/index.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { asTenant } from '../catalog/catalog.tenant.ts';
import { type Area, type Level, postcodeAreas } from '../catalog/catalog.ts';
import type { ResponsibilityException } from '../responsibility/resolver.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { assetStore } from './assets.ts';
import { AzPage } from './components/az-page.tsx';
import { type BrowseStep, districtStep, LandPage } from './components/browse-pages.tsx';
import { EmbedDocsPage, EmbedFramePage, embedData, embedItems, snippetFor } from './components/embed-pages.tsx';
import { LebenslagePage } from './components/lebenslage-page.tsx';
import { LegalPage, type LegalPageKind } from './components/legal-pages.tsx';
import { ErrorPage, NotFoundPage } from './components/not-found-page.tsx';
import { SearchPage } from './components/search-page.tsx';
import { ServicePage, type StaleSince } from './components/service-page.tsx';
import {
  type KnownPlace,
  PlaceCandidatesPage,
  PlaceChoicePage,
  PlaceOutsidePage,
  StartPage,
} from './components/start-page.tsx';
import { type LebenslageEntry, TownPage } from './components/town-page.tsx';
import { type DeploymentNames, type Lang, messages } from './i18n.ts';
import type { LastReviewedOf } from './last-reviewed.ts';
import { type LegalPages, loadLegalPages } from './legal-config.ts';
import { parsedHours, regularWeek, withOpeningChanges } from './opening-hours-view.ts';
import { absolute, type PageContext } from './page-context.ts';
import {
  areaDisplayName,
  cleanQuery,
  filterServices,
  LANG_COOKIE,
  normalizeName,
  orderForLebenslage,
  PLACE_COOKIE,
  PLACE_COOKIE_MAX_AGE,
  paths,
  pickTopTasks,
  serviceParam,
  sortByName,
  splitLang,
} from './portal.ts';
import { type PortalSearchService, portalSearch } from './portal-search.ts';

/** What the portal needs from the rest of the app; the app passes its services, nothing more is reachable. */
export interface PortalDeps {
  catalog: Pick<
    CatalogService,
    'structure' | 'listAreaServices' | 'getAreaService' | 'exceptionsBelow' | 'snapshotFor' | 'cacheGeneration'
  > &
    Partial<Pick<CatalogService, 'staleOf' | 'staleSince'>>;
  /** Every German place (Gemeinden, Ortsteile, postcodes); without it the chooser knows the deployed towns only. */
  areas?: Pick<AreasService, 'placeMatcher'> | null | undefined;
  /** The search feature's engine; without it the portal filters names and synonyms. */
  search?: PortalSearchService | null | undefined;
  /** The public origin for absolute links (canonical, sitemap, JSON-LD); null: taken from the request. */
  publicUrl: string | null;
  /** "Zuletzt geprüft" of a service page (see last-reviewed.ts); without it the page shows no date. */
  lastReviewed?: LastReviewedOf | null | undefined;
  /**
   * The generation of what the search answers from besides the catalog (its synonyms): part of a kept search
   * page's version. Without it search pages are not kept.
   */
  searchGeneration?: (() => Promise<number>) | null | undefined;
  /** The generation of the review ticks ("Zuletzt geprüft"): part of a kept service page's version. */
  reviewGeneration?: (() => Promise<number>) | null | undefined;
  /** The legal pages' texts of this deployment (LEGAL_PAGES_FILE); default: the shipped Kreis Soest file. */
  legal?: LegalPages | undefined;
  /**
   * DEPLOYMENT_SCOPE: the keys (Land 2, Regierungsbezirk 3, Kreis 5 digits) whose towns and counties get a site.
   * Areas outside are known (chooser, API) but have none. Null: the Kreise and kreisfreie Städte whose deployment
   * named a main unit of its own (not one `amtsweg areas addresses` made), else every one.
   */
  scope?: readonly string[] | null | undefined;
}

export type PortalPagesOptions = PortalDeps;

/** A portal page was asked for something that does not exist: answered with the helpful 404 page. */
export class PortalNotFoundError extends NotFoundError {}

/**
 * The local values whose field the owner changed since (decision 0140): per field, since when. Flags belong to the
 * area that holds the setting — the town, or its Verband or Kreis whose setting reaches it (decision 0238).
 */
async function staleSince(services: PortalDeps, service: ResolvedService): Promise<StaleSince> {
  if (!services.catalog.staleOf || !service.localFrom) return {};
  const out: StaleSince = {};
  for (const m of await services.catalog.staleOf(asTenant(service.localFrom), service.id)) out[m.field] = m.since;
  return out;
}

/** Pages show "jetzt geöffnet": short-lived in shared caches, revalidated cheaply through the ETag. */
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300';

/**
 * Pages kept as bytes per process, both languages together (one budget, not one each: the keys hold the `/en`
 * prefix): a town's pages are ~20–45 KB (+ a fifth for each compressed variant).
 */
const MAX_KEPT_PAGES = 4000;
const MAX_KEPT_PAGE_BYTES = 96 * 1024 * 1024;

/** What a kept page needs to be made again: its tree, and whether it may be kept at all. */
interface MadePage {
  node: VNode;
  /** False for an answer with side effects per request (a search without hits counts a miss) or per-reader content. */
  keep?: boolean;
}

/**
 * The pages that are the same for everyone for a whole catalog generation (a town's page, a service page, search
 * results) are kept as bytes with their compressed variants (docs/decisions/0220). Their version: the generation(s)
 * they read, the Berlin day, and the earliest "open now" they show ("open now" changes the key's `until`, so the
 * next request after an office opens renders again). The key is the whole URL (language prefix and query included:
 * both are echoed into the page's links) and the origin (canonical links). Per-reader content has no place in these
 * pages: no session is read here, and the language comes from the URL alone (the cookie only steers `/`).
 * While the catalog answers from its last good snapshot (database away), pages are neither served from nor put into
 * the cache: the stale notice is added per answer (src/app/stale.ts).
 */
async function sendKeptPage(
  pages: AnswerCache,
  services: PortalDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  generation: number | string,
  make: () => Promise<MadePage>,
): Promise<FastifyReply> {
  const now = Date.now();
  const key = `${originOf(services, request)}${request.url}`;
  const stale = services.catalog.staleSince?.() ?? null;
  const send = (body: CachedBody) => sendCached(request, reply.header('cache-control', PAGE_CACHE), body);
  const makePage = async () => {
    const made = await make();
    const { value: html, nextChange } = withOpeningChanges(() => renderPage(made.node));
    // The database may have gone away while the page was made: then it is answered as made, with the notice.
    if (stale || made.keep === false || services.catalog.staleSince?.()) return sendHtml(reply, html);
    const version = answerVersion(generation, now, nextChange);
    return send(pages.set(key, version, new CachedBody(html, HTML, version.tag)));
  };
  return stale ? makePage() : pages.serve(key, generation, now, send, makePage);
}

// ---- context --------------------------------------------------------------------------------------------------------

interface Site {
  structure: Awaited<ReturnType<CatalogService['structure']>>;
  tiersOf(kind: string): Level[];
  isTown(area: Area): boolean;
  isCounty(area: Area): boolean;
  /** The area is a town or county of this deployment's scope: it has a site. */
  hasSite(area: Area): boolean;
  countyOf(area: Area | null): Area | null;
  townsOf(county: Area | null): Area[];
  /**
   * The Kreise and kreisfreie Städte of the scope, by name: the level below the Land, each with a sitemap file of
   * its own. A kreisfreie Stadt is a town (its citizens live there) and its own Kreis.
   */
  districts: readonly Area[];
  /** A Kreis, or a kreisfreie Stadt (a town whose kind also fulfils the Kreis tier). */
  isDistrict(area: Area): boolean;
  /** The towns of every district of the scope, by name: the start page's list; empty above MAX_START_PAGE_TOWNS. */
  allTowns(): Area[];
  /** Every town with a site, unbounded (the chooser's lookups). */
  deployedTowns(): Area[];
  /** The Länder with a district in the scope, by name: the first step of the browsable path to every town. */
  laender: readonly Area[];
  /** The districts of a Land in the scope, grouped by their Regierungsbezirk (null: directly below the Land). */
  districtsOf(land: Area): Array<{ group: Area | null; districts: Area[] }>;
}

// What every page derives from the catalog's structure (counties, a county's towns), once per generation: the
// structure object is the same for a whole generation, so it keys the memo and a new generation simply misses it.
// The deployment scope is part of the key: two apps on one catalog (tests) may portal different counties.
const sites = new WeakMap<object, Map<string, Site>>();

async function site(services: PortalDeps): Promise<Site> {
  const structure = await services.catalog.structure();
  const key = services.scope?.join(',') ?? '';
  let byScope = sites.get(structure);
  if (!byScope) {
    byScope = new Map();
    sites.set(structure, byScope);
  }
  let s = byScope.get(key);
  if (!s) {
    s = buildSite(structure, services.scope ?? null);
    byScope.set(key, s);
  }
  return s;
}

/** The most towns the start page lists (a Land's, not Germany's). */
const MAX_START_PAGE_TOWNS = 2_500;

function buildSite(structure: Site['structure'], scopeKeys: readonly string[] | null): Site {
  const tiersOf = (kind: string) => structure.areaKinds.get(kind)?.tiers ?? [];
  const isTown = (a: Area) => tiersOf(a.kind).includes('gemeinde');
  const isCounty = (a: Area) => tiersOf(a.kind).includes('kreis') && !isTown(a);
  const isDistrict = (a: Area) => isCounty(a) || (isTown(a) && tiersOf(a.kind).includes('kreis'));
  const allDistricts = structure.areas.filter((a) => isDistrict(a) && !a.validUntil);
  const deployed = allDistricts.filter((c) => c.mainAuthorityId && !c.mainAuthorityId.startsWith('verwaltung-'));
  const scope = scopeKeys ?? (deployed.length > 0 ? deployed : allDistricts).map((c) => c.ags);
  const inScope = (a: Area) => scope.some((key) => a.ags.startsWith(key));
  const districts = sortByName(allDistricts.filter(inScope));
  const landOf = (area: Area): Area | undefined => {
    let current: Area | undefined = area;
    for (let hop = 0; current && hop < 6; hop++) {
      if (tiersOf(current.kind).includes('land')) return current;
      current = current.parentAgs ? structure.areasByAgs.get(current.parentAgs) : undefined;
    }
    return undefined;
  };
  const byLand = new Map<string, Area[]>();
  for (const d of districts) {
    const land = landOf(d);
    if (!land) continue;
    const list = byLand.get(land.ags);
    if (list) list.push(d);
    else byLand.set(land.ags, [d]);
  }
  const laender = sortByName([...byLand.keys()].flatMap((ags) => structure.areasByAgs.get(ags) ?? []));
  // A parent→children index built once, instead of scanning every area (all of Germany: 11,000) per page.
  const children = new Map<string, Area[]>();
  for (const a of structure.areas) {
    if (!a.parentAgs) continue;
    const list = children.get(a.parentAgs);
    if (list) list.push(a);
    else children.set(a.parentAgs, [a]);
  }
  const towns = new Map<string, Area[]>();
  let everyTown: Area[] | undefined;
  const site: Site = {
    structure,
    districts,
    isDistrict,
    laender,
    districtsOf(land) {
      const groups = new Map<string, { group: Area | null; districts: Area[] }>();
      for (const d of byLand.get(land.ags) ?? []) {
        const parent = d.parentAgs ? structure.areasByAgs.get(d.parentAgs) : undefined;
        const group = parent && parent.ags !== land.ags ? parent : null;
        const key = group?.ags ?? '';
        const entry = groups.get(key);
        if (entry) entry.districts.push(d);
        else groups.set(key, { group, districts: [d] });
      }
      // Districts directly below the Land first, then the Regierungsbezirke by name.
      return [...groups.values()].sort((a, b) =>
        a.group === null ? -1 : b.group === null ? 1 : a.group.name.localeCompare(b.group.name, 'de'),
      );
    },
    deployedTowns() {
      everyTown ??= sortByName(districts.flatMap((d) => (isCounty(d) ? site.townsOf(d) : [d])));
      return everyTown;
    },
    allTowns() {
      // A region or a Land lists its towns on one page; all of Germany (10,953) would be a megabyte of links, so
      // above that the start page lists none: the place form, and the path Land → Kreis → town, find every one.
      const all = site.deployedTowns();
      return all.length <= MAX_START_PAGE_TOWNS ? all : [];
    },
    tiersOf,
    isTown,
    isCounty,
    hasSite: (a) => (isTown(a) || isCounty(a)) && inScope(a),
    countyOf(area) {
      // Up through a Gemeindeverband: an Ortsgemeinde's parent is its Verbandsgemeinde or Amt, not the Kreis. A
      // kreisfreie Stadt is its own Kreis (its pages are the county's own: canonical links, exceptions).
      let current: Area | undefined = area ?? undefined;
      for (let hop = 0; current && hop < 4; hop++) {
        if (isDistrict(current)) return current;
        current = current.parentAgs ? structure.areasByAgs.get(current.parentAgs) : undefined;
      }
      return districts[0] ?? null;
    },
    townsOf(county) {
      if (!county) return [];
      let list = towns.get(county.ags);
      if (!list) {
        // The Kreis's towns, and the members of its Gemeindeverbände (Ortsgemeinden of a Verbandsgemeinde, the
        // Gemeinden of an Amt), which hang one level below it.
        const found: Area[] = [];
        for (const child of children.get(county.ags) ?? []) {
          if (isTown(child)) found.push(child);
          else if (!isCounty(child)) found.push(...(children.get(child.ags) ?? []).filter(isTown));
        }
        list = sortByName(found);
        towns.set(county.ags, list);
      }
      return list;
    },
  };
  return site;
}

/** The county's names for the texts (i18n.ts), from the data: "im Kreis Soest", "der Landkreis Mayen-Koblenz". */
function deploymentNames(s: Site, county: Area | null, towns: readonly Area[]): DeploymentNames | null {
  // A kreisfreie Stadt has no towns of its own to name ("… und ihren 0 Städten"): the general texts fit it.
  if (!county || s.isTown(county)) return null;
  const phrases = areaPhrases({ name: county.name, registerKind: county.registerKind, tiers: s.tiersOf(county.kind) });
  if (!phrases) return null;
  // The chooser's example: the deployment's biggest town, with its first postcode.
  const biggest = [...towns].sort((a, b) => (b.population ?? 0) - (a.population ?? 0))[0];
  const example = biggest ? { name: biggest.name, postcode: biggest.postcodes[0] ?? null } : undefined;
  return { ...phrases, towns: towns.length, example };
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
  // The start page (no area) offers every town of the deployment; a town's or county's pages its county's towns.
  const towns = area === null ? info.allTowns() : info.townsOf(county);
  const assets = assetStore();
  // Pages of no area in a deployment of several districts speak of no single Kreis.
  const names = area === null && info.districts.length > 1 ? null : deploymentNames(info, county, towns);
  return {
    lang,
    t: messages(lang, names),
    path,
    origin: originOf(services, request),
    area,
    county,
    towns,
    areaOf: (ags) => info.structure.areasByAgs.get(ags),
    isTown: info.isTown,
    asset: (p) => assets.url(p),
    now: new Date(),
  };
}

/**
 * The start page's first step towards every town when the deployment has several districts: the Länder (each a page
 * of its districts), or the one Land's districts (each a site). None for one Kreis: its start page stays as it was.
 */
function startBrowse(s: Site, t: PageContext['t']): { heading: string; steps: BrowseStep[] } | null {
  if (s.districts.length <= 1) return null;
  if (s.laender.length > 1)
    return { heading: t.browseByLand, steps: s.laender.map((land) => ({ area: land, path: paths.land(land.slug) })) };
  return { heading: t.browseByDistrict, steps: s.districts.map(districtStep) };
}

/** A town or county site for a slug; anything else (Land, Bund, unknown) is not a portal site. */
async function siteArea(services: PortalDeps, slug: string): Promise<{ area: Area; site: Site }> {
  const s = await site(services);
  const area = s.structure.areasBySlug.get(slug);
  if (!area || !s.hasSite(area)) throw new PortalNotFoundError(`Unbekannter Ort "${slug}"`);
  return { area, site: s };
}

function sendHtml(
  reply: FastifyReply,
  node: VNode | string,
  options: { status?: number; cache?: string } = {},
): FastifyReply {
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
 * A town's own note or its own fees/documents/online services make its page its own. A service the town does not
 * offer has none (null): its page only says where to go instead, so it is not indexed and not in the sitemap — the
 * county's page (or the alternative's) is what search engines should find (docs/portal.md).
 */
export function canonicalServicePath(service: ResolvedService, area: Area, county: Area | null): string | null {
  if (service.notOffered) return null;
  const r = service.responsible;
  const local = service.localText !== null || service.localData;
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
    if (candidate && s.hasSite(candidate)) area = candidate;
  } catch (error) {
    request.log.warn({ err: error }, 'catalog unavailable for the 404 page');
  }
  const ctx = await pageContext(services, request, area, s).catch(() => null);
  if (!ctx) return sendErrorShell(reply, 404);
  return sendHtml(reply, <NotFoundPage ctx={ctx} />, { status: 404, cache: 'no-cache' });
}

// ---- the plugin -------------------------------------------------------------------------------------------------------

/** What the editors' preview gives the portal's service page. */
export interface ServicePreviewInput {
  areaAgs: string;
  service: ResolvedService;
  exceptions: readonly ResponsibilityException[];
  notice: VNode;
}

/**
 * The portal's own service page for a service resolved elsewhere (the editors' preview of a draft), with `notice`
 * above the heading. Not indexed (no canonical link, no JSON-LD); the caller sends it, never through a public cache.
 */
export async function servicePreviewPage(
  services: PortalDeps,
  request: FastifyRequest,
  input: ServicePreviewInput,
): Promise<VNode> {
  const s = await site(services);
  const area = s.structure.areasByAgs.get(input.areaAgs);
  if (!area) throw new PortalNotFoundError(`Unbekanntes Gebiet ${input.areaAgs}`);
  const ctx = await pageContext(services, request, area, s);
  return (
    <ServicePage
      ctx={ctx}
      area={area}
      service={input.service}
      lebenslagen={s.structure.lebenslagen}
      canonicalPath={null}
      jsonLd={[]}
      exceptions={ctx.county && area.ags === ctx.county.ags ? input.exceptions : []}
      lastReviewed={services.lastReviewed ? await services.lastReviewed(input.service) : null}
      stale={await staleSince(services, input.service)}
      notice={input.notice}
    />
  );
}

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
          // A database outage stays a 503 (the app adds Retry-After): the reader, and nginx, may try again.
          const code = status === 503 ? 503 : 500;
          const ctx = await pageContext(services, request, null).catch(() => null);
          if (!ctx) return sendErrorShell(reply, code);
          return sendHtml(reply, <ErrorPage ctx={ctx} />, { status: code, cache: 'no-store' });
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
        { ...ctx, lang, t: messages(lang, deploymentNames(await site(services), ctx.county, ctx.towns)) },
        area,
        await services.catalog.listAreaServices(area.ags),
      );
      return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').send(data);
    },
  );

  // ---- sitemap and robots
  // Sitemaps per origin the app is reached under (few: the public URL, maybe an internal one) and generation, kept as
  // bytes with their compressed variants (decision 0275). One county: one file, as always. Several: an index with one
  // file per county, each made on its first request — all of Germany in one file was 145,000 URLs and 41 MB (the
  // protocol allows 50,000 and 50 MB per file), its first answer tens of seconds of CPU, and as a string it was
  // re-encoded and compressed on every request.
  const SITEMAP_TYPE = 'application/xml; charset=utf-8';
  const sitemaps = new GenerationCache<string, CachedBody>({
    max: 1024,
    sizeOf: (b) => b.size,
    maxSize: 64 * 1024 * 1024,
  });
  const sendSitemap = (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    generation: number,
    make: () => Promise<string>,
  ) =>
    sitemaps
      .getOrCompute(key, generation, async () => new CachedBody(await make(), SITEMAP_TYPE, generation.toString(36)))
      .then((body) => sendCached(request, reply.header('cache-control', 'public, max-age=3600'), body));
  app.get('/sitemap.xml', { schema: { hide: true } }, async (request, reply) => {
    const origin = originOf(services, request);
    const generation = await services.catalog.cacheGeneration();
    const s = await site(services);
    if (s.districts.length <= 1)
      return sendSitemap(request, reply, origin, generation, () => buildSitemap(services, origin));
    return sendSitemap(request, reply, `${origin} index`, generation, async () => sitemapIndex(s.districts, origin));
  });
  app.get<{ Params: { file: string } }>('/sitemaps/:file', { schema: { hide: true } }, async (request, reply) => {
    const origin = originOf(services, request);
    const generation = await services.catalog.cacheGeneration();
    const s = await site(services);
    const slug = request.params.file.endsWith('.xml') ? request.params.file.slice(0, -4) : '';
    // One file per Kreis and per kreisfreie Stadt (its own district).
    const county = s.districts.find((c) => c.slug === slug);
    if (!county || s.districts.length <= 1) throw new PortalNotFoundError(`Keine Sitemap "${request.params.file}"`);
    return sendSitemap(request, reply, `${origin} ${county.ags}`, generation, () =>
      buildSitemap(services, origin, county),
    );
  });
  app.get('/robots.txt', { schema: { hide: true } }, async (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(
        `User-agent: *\nDisallow: /wahl\nDisallow: /en/wahl\nDisallow: /sprache\nDisallow: /embed/\nAllow: /embed/v1.js\n\nSitemap: ${originOf(services, request)}/sitemap.xml\n`,
      ),
  );

  // ---- the language switch: a plain link (no JavaScript) that remembers the choice for the bare address `/`
  app.get<{ Querystring: { zu?: string } }>('/sprache', { schema: { hide: true } }, async (request, reply) => {
    const raw = typeof request.query.zu === 'string' ? request.query.zu : '/';
    // Only a path on this site: never "//host" or "/\\host", which browsers treat as another origin.
    const to = /^\/(?![/\\])[^\s]*$/.test(raw) ? raw : '/';
    const lang: Lang = to === '/en' || to.startsWith('/en/') || to.startsWith('/en?') ? 'en' : 'de';
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return reply
      .header(
        'set-cookie',
        `${LANG_COOKIE}=${lang}; Path=/; Max-Age=${PLACE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure}`,
      )
      .header('cache-control', 'no-store')
      .redirect(to, 303);
  });

  // ---- pages, once per language: German at /, English under /en
  const pages = new AnswerCache({ max: MAX_KEPT_PAGES, maxBytes: MAX_KEPT_PAGE_BYTES });
  await app.register(async (scope) => pageRoutes(scope, services, search, pages));
  await app.register(async (scope) => pageRoutes(scope, services, search, pages), { prefix: '/en' });
}

function pageRoutes(
  app: FastifyInstance,
  services: PortalDeps,
  search: ReturnType<typeof portalSearch>,
  pages: AnswerCache,
): void {
  const hide = { schema: { hide: true } };

  app.get<{ Querystring: { leistung?: string } }>('/', hide, async (request, reply) => {
    const s = await site(services);
    const ctx = await pageContext(services, request, null, s);
    // The bare address is what people type: it follows the language they last chose with the switch.
    if (ctx.lang === 'de' && readCookie(request.headers.cookie, LANG_COOKIE) === 'en') {
      const query = request.url.indexOf('?');
      return reply
        .header('vary', 'Cookie')
        .header('cache-control', 'private, no-cache')
        .redirect(`/en/${query < 0 ? '' : request.url.slice(query)}`, 303);
    }
    const service = serviceParam(request.query.leistung);
    const slug = readCookie(request.headers.cookie, PLACE_COOKIE);
    const remembered = slug ? (s.structure.areasBySlug.get(slug) ?? null) : null;
    // The page differs by the remembered place: never shared between people.
    reply.header('vary', 'Cookie');
    return sendHtml(
      reply,
      <StartPage
        ctx={ctx}
        remembered={remembered && s.hasSite(remembered) ? remembered : null}
        service={service}
        browse={startBrowse(s, ctx.t)}
      />,
      {
        cache: 'private, no-cache',
      },
    );
  });

  app.get<{ Params: { slug: string } }>('/orte/:slug', hide, async (request, reply) => {
    const s = await site(services);
    const land = s.structure.areasBySlug.get(request.params.slug);
    if (!land || !s.laender.includes(land)) throw new PortalNotFoundError(`Kein Land "${request.params.slug}"`);
    return sendKeptPage(pages, services, request, reply, s.structure.generation, async () => {
      const ctx = await pageContext(services, request, null, s);
      return { node: <LandPage ctx={ctx} land={land} groups={s.districtsOf(land)} /> };
    });
  });

  app.get<{ Querystring: { ort?: string; leistung?: string } }>('/wahl', hide, async (request, reply) => {
    const s = await site(services);
    const ctx = await pageContext(services, request, null, s);
    const input = cleanQuery(request.query.ort, 100);
    const service = serviceParam(request.query.leistung);
    // Every town and district with a site: all of Germany's, not only those the start page lists.
    const siteOf = (a: Area | undefined) => (a && s.hasSite(a) ? a : undefined);
    const choose = async (area: Area) => {
      const secure = request.protocol === 'https' ? '; Secure' : '';
      // Back to the service the citizen was reading, now answered for the new place; a service the place does not
      // know (the id of another county's record) leads to the place's start page instead of a 404.
      const target =
        service &&
        (await services.catalog.getAreaService(area.ags, service, ctx.now).then(
          () => true,
          (error: unknown) => {
            if (error instanceof NotFoundError) return false;
            throw error;
          },
        ))
          ? paths.service(area.slug, service)
          : paths.town(area.slug);
      return reply
        .header(
          'set-cookie',
          `${PLACE_COOKIE}=${encodeURIComponent(area.slug)}; Path=/; Max-Age=${PLACE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure}`,
        )
        .header('cache-control', 'no-store')
        .redirect(absolutePathFor(ctx, target), 303);
    };
    const outside = (chosen: Area, matched: string, kreis: string, land: string) => {
      const place: KnownPlace = { matched, gemeinde: chosen.name, kreis, land, website: chosen.website };
      return sendHtml(reply, <PlaceOutsidePage ctx={ctx} place={place} value={input} />, { cache: 'no-store' });
    };
    if (input === '')
      return sendHtml(
        reply,
        <StartPage
          ctx={ctx}
          remembered={null}
          value={input}
          error={ctx.t.chooserEmpty}
          service={service}
          browse={startBrowse(s, ctx.t)}
        />,
        { cache: 'no-store' },
      );
    // A site's own slug or key (the links of the town list and of a chooser) or its full name ("Kreis Soest") is a
    // lookup, not a guess; everything else goes to the one place matcher.
    const folded = normalizeName(input);
    const named =
      siteOf(s.structure.areasBySlug.get(input)) ??
      siteOf(s.structure.areasByAgs.get(input)) ??
      [...ctx.towns, ...s.districts].find(
        (a) => normalizeName(a.name) === folded || normalizeName(areaDisplayName(a)) === folded,
      );
    if (named) return choose(named);
    const byKey = /^\d{8,12}$/.test(input) ? s.structure.areasByAgs.get(input) : undefined;
    const matcher = services.areas ? await services.areas.placeMatcher() : sitesMatcher(s, s.deployedTowns());
    const found = matcher.match(input, { limit: 12 });
    const top = found.candidates[0];
    const chosen = byKey ?? (top && !found.ambiguous ? s.structure.areasByAgs.get(top.place.ags) : undefined);
    if (chosen) {
      const deployed = siteOf(chosen);
      if (deployed) return choose(deployed);
      const about = top?.place.ags === chosen.ags ? top : undefined;
      const chain = placeChain(s, chosen);
      return outside(
        chosen,
        about?.reason === 'ortsteil' ? about.matched : chosen.name,
        about?.place.kreis || chain.kreis,
        about?.place.land || chain.land,
      );
    }
    if (found.candidates.length > 1) {
      const areas = found.candidates.map((c) => siteOf(s.structure.areasByAgs.get(c.place.ags)));
      // All of them deployed towns: the town list, each linking to its site.
      if (areas.every((a) => a !== undefined)) {
        const match = {
          kind: 'many' as const,
          input,
          areas: sortByName(areas as Area[]),
          by: found.interpretedAs === 'postcode' ? ('postcode' as const) : ('name' as const),
        };
        return sendHtml(reply, <PlaceChoicePage ctx={ctx} match={match} service={service} />, { cache: 'no-store' });
      }
      // Told apart by Kreis and Land ("Neustadt" exists many times).
      const candidates = found.candidates.map((c) => ({
        ags: c.place.ags,
        label: [c.place.kreis, c.place.land].some(Boolean)
          ? `${c.place.name} (${[c.place.kreis, c.place.land].filter(Boolean).join(', ')})`
          : c.place.name,
      }));
      return sendHtml(
        reply,
        <PlaceCandidatesPage ctx={ctx} input={input} candidates={candidates} service={service} />,
        { cache: 'no-store' },
      );
    }
    return sendHtml(
      reply,
      <StartPage
        ctx={ctx}
        remembered={null}
        value={input}
        error={ctx.t.chooserNotFound(input)}
        service={service}
        browse={startBrowse(s, ctx.t)}
      />,
      { cache: 'no-store' },
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug', hide, async (request, reply) => {
    const { area } = await siteArea(services, request.params.slug);
    const { lang } = neutralPath(request.url);
    return reply.redirect(lang === 'en' ? `/en${paths.town(area.slug)}` : paths.town(area.slug), 301);
  });

  app.get<{ Params: { slug: string } }>('/:slug/', hide, async (request, reply) => {
    const { area, site: s } = await siteArea(services, request.params.slug);
    return sendKeptPage(pages, services, request, reply, s.structure.generation, async () => {
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
      return {
        node: (
          <TownPage
            ctx={ctx}
            area={area}
            topTasks={pickTopTasks(list)}
            lebenslagen={lebenslageEntries(s.structure.lebenslagen, list)}
            total={list.length}
            jsonLd={jsonLd}
          />
        ),
      };
    });
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
    if (!services.searchGeneration) {
      const result = await search(area.ags, q);
      return sendHtml(
        reply,
        <SearchPage ctx={ctx} area={area} q={q} results={result.items} didYouMean={result.didYouMean} />,
      );
    }
    const generation = `${s.structure.generation.toString(36)}-${(await services.searchGeneration()).toString(36)}`;
    return sendKeptPage(pages, services, request, reply, generation, async () => {
      const result = await search(area.ags, q);
      // A search without hits (or with a "did you mean") is counted as a miss on every request: never kept.
      const keep = result.items.length > 0 && result.didYouMean === undefined;
      return {
        node: <SearchPage ctx={ctx} area={area} q={q} results={result.items} didYouMean={result.didYouMean} />,
        keep,
      };
    });
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
      // "Zuletzt geprüft" changes with a review tick, which is no catalog write: its generation is part of the version.
      const reviews = services.reviewGeneration ? (await services.reviewGeneration()).toString(36) : '0';
      const generation = `${s.structure.generation.toString(36)}-${reviews}`;
      return sendKeptPage(pages, services, request, reply, generation, async () => {
        const ctx = await pageContext(services, request, area, s);
        // `?ort=<slug>`: the place of the matter (place of birth, plot) when it, not the residence, decides.
        // A postcode leads to the area that lists it (a Berlin Bezirk); one several areas share offers the choice.
        const ort = typeof request.query.ort === 'string' ? request.query.ort.trim() : '';
        const byPostcode = /^\d{5}$/.test(ort) ? postcodeAreas(s.structure.areas, ort) : [];
        const place =
          byPostcode.length === 1
            ? byPostcode[0]
            : ort && byPostcode.length === 0
              ? [...s.structure.areasByAgs.values()].find((a) => a.slug === ort)
              : undefined;
        if (ort && !place && byPostcode.length === 0)
          throw new PortalNotFoundError(
            `Unbekannter Ort "${ort}" (erwartet: der Kurzname eines Orts oder eine Postleitzahl, die ein Ort führt)`,
          );
        const placeChoices = byPostcode.length > 1 ? { postcode: ort, areas: byPostcode } : null;
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
        // No GovernmentService for a service the town does not offer: it would describe an offer that is not there.
        const jsonLd = [
          ...(canonicalPath === null
            ? []
            : [
                governmentService(service, {
                  url: absolute(ctx, canonicalPath, 'de'),
                  area,
                  responsibleName: responsibleArea ? areaDisplayName(responsibleArea) : service.responsible.areaName,
                  hoursOf: hoursOf(ctx.now),
                }),
              ]),
          breadcrumbList(crumbs),
        ];
        return {
          node: (
            <ServicePage
              ctx={ctx}
              area={area}
              service={service}
              lebenslagen={s.structure.lebenslagen}
              canonicalPath={canonicalPath}
              jsonLd={jsonLd}
              exceptions={exceptions}
              placeChoices={placeChoices}
              lastReviewed={services.lastReviewed ? await services.lastReviewed(service) : null}
              stale={await staleSince(services, service)}
            />
          ),
        };
      });
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
    const area = wanted && s.hasSite(wanted) ? wanted : (ctx.towns[0] ?? ctx.county);
    if (!area) throw new PortalNotFoundError('Keine Orte im Katalog');
    // Several districts: the chooser offers them all and the towns of the chosen place's district (never 11,000).
    const district = s.districts.length > 1 ? s.countyOf(area) : null;
    const districts = district ? { all: s.districts, chosen: district, towns: s.townsOf(district) } : undefined;
    return sendHtml(
      reply,
      <EmbedDocsPage
        ctx={ctx}
        area={area}
        snippet={snippetFor(ctx.origin, area, ctx.lang)}
        {...(districts ? { districts } : {})}
      />,
    );
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

/** The Kreis and Land above an area, by name (for a place the matcher did not describe itself). */
function placeChain(s: Site, area: Area): { kreis: string; land: string } {
  let kreis = '';
  let land = '';
  let p = area.parentAgs ? s.structure.areasByAgs.get(area.parentAgs) : undefined;
  while (p) {
    const tiers = s.tiersOf(p.kind);
    if (!kreis && tiers.includes('kreis')) kreis = areaDisplayName(p);
    if (!land && tiers.includes('land')) land = p.name;
    p = p.parentAgs ? s.structure.areasByAgs.get(p.parentAgs) : undefined;
  }
  return { kreis, land };
}

/** Without the areas service (a portal on its own), the same matcher over the deployed towns. */
function sitesMatcher(s: Site, sites: readonly Area[]): PlaceMatcher {
  return buildPlaceMatcher(
    sites
      .filter((a) => s.isTown(a))
      .map((a) => ({
        ags: a.ags,
        name: a.name,
        kind: a.kind,
        ...placeChain(s, a),
        postcodes: a.postcodes,
        population: a.population ?? 0,
      })),
  );
}

function absolutePathFor(ctx: PageContext, path: string): string {
  return ctx.lang === 'en' ? `/en${path}` : path;
}

// ---- sitemap ------------------------------------------------------------------------------------------------------------

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Every canonical page in German, each with its English alternate: of every district's sites, or of one district's
 * (a Kreis and its towns, or a kreisfreie Stadt, its own district).
 */
export async function buildSitemap(services: PortalDeps, origin: string, only?: Area): Promise<string> {
  const s = await site(services);
  const districts = only ? [only] : s.districts;
  const sites = districts.flatMap((district) =>
    [district, ...(s.isTown(district) ? [] : s.townsOf(district))].map((area) => ({ area, county: district })),
  );
  // The start page, the embed's page and the Länder's pages once: in the one file, or in the first district's.
  const first = !only || only.ags === s.districts[0]?.ags;
  const urls: string[] = first ? ['/', '/embed'] : [];
  if (first && s.districts.length > 1 && s.laender.length > 1) urls.push(...s.laender.map((l) => paths.land(l.slug)));
  for (const { area, county } of sites) {
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

/** Several districts: one sitemap per Kreis or kreisfreie Stadt (each far below 50,000 URLs), listed by an index. */
function sitemapIndex(counties: readonly Area[], origin: string): string {
  const body = counties
    .map((c) => `<sitemap><loc>${xmlEscape(`${origin}/sitemaps/${c.slug}.xml`)}</loc></sitemap>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</sitemapindex>\n`;
}
