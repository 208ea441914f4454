// All of Germany in one deployment (issues #10 and #17): the real area register from ../shared/data (GV100AD,
// imported through the write path), ≥ 3,000 generated services owned by the Bund, the Länder and the Kreise, one
// unit per Kreis with opening hours, on SQLite in a temporary file. Times each measure of the issues' goals and
// prints it beside a baseline from the same run: the same request repeated for one Gemeinde (every cache warm), so
// the gap is what random Gemeinden across Germany add (snapshot rebuilds, cache thrash).
// Usage: npm run bench -- germany   (skips, loudly, when the register is not there; AMTSWEG_SHARED_DATA overrides)
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { warmUp } from '../src/app/warm-up.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { areaListBody } from '../src/features/catalog/catalog.api.ts';
import { systemPrincipal } from '../src/features/catalog/index.ts';
import { importBundle } from '../src/interop/bundle/bundle-import.ts';
import { importGv100ad } from '../src/interop/gv100ad/index.ts';
import { sharedDataPath } from '../src/interop/shared-data.ts';
import { percentile } from './support.ts';

process.env.TZ ??= 'Europe/Berlin';
const gv100 = sharedDataPath('de-areas', 'GV100AD_30112025.txt');
if (!existsSync(gv100)) {
  console.error(
    `\n!!! germany bench SKIPPED: ${gv100} is missing (set AMTSWEG_SHARED_DATA to the folder holding de-areas/)\n`,
  );
  process.exit(0);
}

const BUND_SERVICES = 200;
const PER_LAND = 100;
const PER_KREIS = 5;
/** Requests per random-Gemeinde measure (GERMANY_SAMPLES): each may rebuild a county's snapshot. */
const SAMPLES = Number(process.env.GERMANY_SAMPLES ?? 600);
// Real deployments repeat a handful of opening-hours strings across thousands of units.
const HOURS = [
  'Mo-Fr 08:00-12:00; Do 14:00-18:00; PH off',
  'Mo-Fr 07:30-12:30; Di,Do 14:00-16:00; PH off',
  'Mo-Mi 08:00-16:00; Do 08:00-18:00; Fr 08:00-12:00; PH off',
  'Mo-Fr 08:30-12:00; PH off',
  'Mo,Di,Do 08:00-15:30; Mi 08:00-13:00; Fr 08:00-12:00; PH off',
];

const ms = (from: number) => performance.now() - from;
const fmt = (v: number) => (v < 10 ? v.toFixed(3) : v.toFixed(0));
let seed = 20261130;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/**
 * One turn of the event loop. `app.inject` on kept answers resolves in microtasks alone, so a loop of awaited injects
 * never reaches the loop's check phase: every request's `setImmediate` (Fastify's and light-my-request's) waits, each
 * holding its request, reply and payload — 5,600 of them and ~450 MB after a crawl, which a server (each request
 * arrives through the poll phase) never holds. Outside the timed part.
 */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Timing {
  p50: number;
  p99: number;
  /** The process' CPU time per call (user + system, all its threads): what a loaded machine's waiting leaves out. */
  cpuP50: number;
  cpuP99: number;
}

async function timeEach(n: number, fn: (i: number) => unknown): Promise<Timing> {
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn(i);
    samples.push(ms(t));
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    await settle();
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    cpuP50: percentile(cpu, 50),
    cpuP99: percentile(cpu, 99),
  };
}

function line(name: string, measured: Timing, base: Timing, goal: string) {
  console.log(
    `- ${name}: p50 ${fmt(measured.p50)} ms, p99 ${fmt(measured.p99)} ms (CPU p50 ${fmt(measured.cpuP50)} ms, p99 ${fmt(measured.cpuP99)} ms) | baseline (one Gemeinde repeated) p50 ${fmt(base.p50)} ms, p99 ${fmt(base.p99)} ms (CPU p99 ${fmt(base.cpuP99)} ms) | ratio p99 ${(measured.p99 / base.p99).toFixed(1)} | goal ${goal}`,
  );
}

console.log(
  `load average at the start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
/**
 * RSS, heap and buffers now; with --expose-gc also after a full collection (what is live, and what RSS V8 and malloc
 * give back) and V8's committed heap: RSS far above live heap + buffers is garbage and freed memory not yet returned.
 */
function memory(when: string): void {
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  const m = process.memoryUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  let after = '';
  if (gc) {
    gc();
    const g = process.memoryUsage();
    const v8 = getHeapStatistics();
    after = `; after a full GC: RSS ${mb(g.rss)}, heap used ${mb(g.heapUsed)} of ${mb(v8.total_heap_size)} committed, external + array buffers ${mb(g.external + g.arrayBuffers)}`;
  }
  console.log(
    `RSS ${when}: ${mb(m.rss)} (heap used ${mb(m.heapUsed)}, external + array buffers ${mb(m.external + m.arrayBuffers)}${after}) (goal < 1,024 MB)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'amtsweg-germany-'));
const url = join(dir, 'germany.sqlite');
try {
  const db = openDatabase(url);
  await migrateToLatest(db);
  let services = createServices(db);
  const actor = systemPrincipal('cli');

  let t = performance.now();
  await importGv100ad(services, gv100, { actor, source: 'bench germany' });
  const registerMs = ms(t);
  const areas = await services.catalog.listAreas();
  const kinds = new Map((await services.catalog.listAreaKinds()).map((k) => [k.code, k.tiers as readonly string[]]));
  const tiers = (kind: string) => kinds.get(kind) ?? [];
  const laender = areas.filter((a) => tiers(a.kind).includes('land'));
  const kreise = areas.filter((a) => tiers(a.kind).includes('kreis') && !tiers(a.kind).includes('gemeinde'));
  const gemeinden = areas.filter((a) => tiers(a.kind).includes('gemeinde') && !a.validUntil);
  console.log(
    `register: ${areas.length} areas (${laender.length} Länder, ${kreise.length} Kreise, ${gemeinden.length} Gemeinden) imported in ${fmt(registerMs)} ms`,
  );

  // The catalog: services of the Bund, each Land and each Kreis, one unit per Kreis deciding the Kreis' services.
  const bundle = {
    format: 'amtsweg-bundle/1',
    services: [
      ...Array.from({ length: BUND_SERVICES }, (_, i) => ({
        id: `bund-${i}`,
        tenant: '00',
        name: `Bundesleistung ${i} beantragen`,
        teaser: `Antrag ${i} beim Bund`,
        responsibility: { default: 'bund' },
      })),
      ...laender.flatMap((l) =>
        Array.from({ length: PER_LAND }, (_, i) => ({
          id: `land-${l.ags}-${i}`,
          tenant: l.ags,
          name: `Landesleistung ${i} in ${l.name}`,
          teaser: `Genehmigung ${i} des Landes`,
          responsibility: { default: 'kreis' },
        })),
      ),
      ...kreise.flatMap((k) =>
        Array.from({ length: PER_KREIS }, (_, i) => ({
          id: `kreis-${k.ags}-${i}`,
          tenant: k.ags,
          name: `Kreisleistung ${i} in ${k.name}`,
          teaser: `Bescheinigung ${i} vom Kreis`,
          responsibility: { default: 'kreis' },
        })),
      ),
    ],
    authorities: kreise.map((k, i) => ({
      id: `kv-${k.ags}`,
      area: k.ags,
      name: `Kreisverwaltung ${k.name}`,
      openingHours: HOURS[i % HOURS.length],
      responsibleFor: Array.from({ length: PER_KREIS }, (_, j) => ({ service: `kreis-${k.ags}-${j}` })),
    })),
  };
  const bundleDir = join(dir, 'bundle');
  mkdirSync(bundleDir);
  writeFileSync(join(bundleDir, 'catalog.json'), JSON.stringify(bundle));
  t = performance.now();
  await importBundle(services.catalog, bundleDir);
  const importMs = ms(t);
  console.log(
    `catalog: ${bundle.services.length} services (${BUND_SERVICES} Bund, ${laender.length * PER_LAND} Länder, ${kreise.length * PER_KREIS} Kreise), ${bundle.authorities.length} units, imported through the write path in ${fmt(importMs)} ms (goal < 30,000)`,
  );

  // Cold start: fresh services (empty caches) on the loaded database, to the first answer for a Gemeinde.
  services = createServices(db);
  const first = pick(gemeinden);
  t = performance.now();
  await services.catalog.listAreaServices(first.ags);
  console.log(`cold start to the first list: ${fmt(ms(t))} ms (goal < 5,000)`);
  // What a server does next, in the background after it listens (src/app/server.ts): every county's snapshot.
  t = performance.now();
  const warmed = await services.catalog.warmUp();
  console.log(`warm-up after the start: ${warmed.counties} county snapshots in ${fmt(ms(t))} ms`);
  // … and then every county's search index (GERMANY_SEARCH_WARMUP=0: not, to see the first touches).
  if (process.env.GERMANY_SEARCH_WARMUP !== '0') {
    t = performance.now();
    const indexes = await services.search.warmUp();
    console.log(
      `search warm-up: ${indexes.indexes} county indexes in ${fmt(ms(t))} ms, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  }

  const one = gemeinden[0]!;
  const serviceOf = (ags: string) =>
    random() < 0.5
      ? `bund-${Math.floor(random() * BUND_SERVICES)}`
      : `land-${ags.slice(0, 2)}-${Math.floor(random() * PER_LAND)}`;
  const base1 = await timeEach(300, () => services.catalog.getAreaService(one.ags, serviceOf(one.ags)));
  const rand1 = await timeEach(SAMPLES, () => {
    const g = pick(gemeinden);
    return services.catalog.getAreaService(g.ags, serviceOf(g.ags));
  });
  line('resolve one service, random Gemeinden', rand1, base1, 'p99 < 1 ms');
  const baseList = await timeEach(100, () => services.catalog.listAreaServices(one.ags));
  const randList = await timeEach(Math.min(SAMPLES, 300), () => services.catalog.listAreaServices(pick(gemeinden).ags));
  line("a town's list, random Gemeinden", randList, baseList, 'p99 < 5 ms');
  const queries = ['bundesleistung 7 beantragen', 'genehmigung', 'bescheinigung kreis', 'antrag 12', 'landesleistung'];
  const baseSearch = await timeEach(50, (i) => services.search.search(one.ags, queries[i % queries.length]!));
  const randSearch = await timeEach(SAMPLES, (i) =>
    services.search.search(pick(gemeinden).ags, queries[i % queries.length]!),
  );
  line('search, random Gemeinden', randSearch, baseSearch, 'p99 < 10 ms');

  t = performance.now();
  const matcher = await services.areas.placeMatcher();
  const matcherMs = ms(t);
  const names = gemeinden.map((g) => g.name);
  const baseLookup = await timeEach(2000, () => matcher.match(one.name));
  const lookup = await timeEach(2000, () => matcher.match(pick(names)));
  line(`place lookup (matcher built in ${fmt(matcherMs)} ms)`, lookup, baseLookup, 'p99 < 2 ms');

  t = performance.now();
  const townPerKreis = kreise
    .map((k) => gemeinden.find((x) => x.ags.startsWith(k.ags)))
    .filter((g): g is (typeof gemeinden)[number] => g !== undefined);
  for (const g of townPerKreis) await services.catalog.listAreaServices(g.ags);
  const touchMs = ms(t);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`RSS after touching every Kreis (${fmt(touchMs)} ms): ${rss.toFixed(0)} MB (goal < 1,024 MB)`);

  // Steady state: every county's snapshot built (the cache holds them all), random Gemeinden again. The measures
  // above are mostly first touches of a county (~300 Kreise, a few hundred samples); these are what a running
  // server answers once each county was asked once in the generation.
  const warm1 = await timeEach(SAMPLES, () => {
    const g = pick(gemeinden);
    return services.catalog.getAreaService(g.ags, serviceOf(g.ags));
  });
  line('resolve one service, random Gemeinden, every Kreis built', warm1, base1, 'p99 < 1 ms');
  const warmList = await timeEach(Math.min(SAMPLES, 300), () => services.catalog.listAreaServices(pick(gemeinden).ags));
  line("a town's list, random Gemeinden, every Kreis built", warmList, baseList, 'p99 < 5 ms');
  t = performance.now();
  for (const [i, g] of townPerKreis.entries()) await services.search.search(g.ags, queries[i % queries.length]!);
  console.log(
    `search once in every Kreis (${fmt(ms(t))} ms): RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (goal < 1,024 MB)`,
  );

  // A write starts a new generation: every county's snapshot and index is built again on its first touch (no
  // warm-up per generation); the Land layers stay while the services above the county say the same (ADR 0270).
  const writeDir = join(dir, 'write');
  mkdirSync(writeDir);
  const changed = kreise[0]!;
  writeFileSync(
    join(writeDir, 'catalog.json'),
    JSON.stringify({
      format: 'amtsweg-bundle/1',
      services: [
        {
          id: `kreis-${changed.ags}-0`,
          tenant: changed.ags,
          name: `Kreisleistung 0 in ${changed.name} (geändert)`,
          teaser: 'Bescheinigung 0 vom Kreis',
          responsibility: { default: 'kreis' },
        },
      ],
    }),
  );
  await importBundle(services.catalog, writeDir);
  const afterWrite = await timeEach(Math.min(SAMPLES, 300), (i) =>
    services.search.search(pick(gemeinden).ags, queries[i % queries.length]!),
  );
  line('search, random Gemeinden, right after a write elsewhere', afterWrite, baseSearch, 'p99 < 10 ms');

  // The HTTP layer. A running server answers its first request after `listen`, i.e. after `app.ready()` (plugins,
  // routes, the OpenAPI document's schemas) and after the background warm-up of src/app/server.ts: the bench times
  // those steps apart, so that "the first answer" is what a client of a started server waits for.
  // Sites for every town and county of Germany (unset, only the counties that named a main unit of their own, here
  // the Landkreise with their generated unit, would get pages).
  process.env.DEPLOYMENT_SCOPE ??= laender.map((l) => l.ags).join(',');
  t = performance.now();
  const app = await buildApp({ db, services, logger: false });
  const buildMs = ms(t);
  t = performance.now();
  await app.ready();
  console.log(
    `app built in ${fmt(buildMs)} ms, app.ready() in ${fmt(ms(t))} ms (once per process start, before listen)`,
  );
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url, headers });
    await settle();
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  };
  // What making the area list costs (a copy of the structure is a new key of its WeakMap), then the server's warm-up.
  const structure = await services.catalog.structure();
  t = performance.now();
  const listBody = areaListBody({ ...structure });
  const buildListMs = ms(t);
  t = performance.now();
  await listBody.prepare();
  console.log(
    `the area list's bytes: made in ${fmt(buildListMs)} ms, gzip + br variants in ${fmt(ms(t))} ms (thread pool)`,
  );
  t = performance.now();
  const warm = await warmUp(services);
  console.log(
    `warm-up after listen (src/app/warm-up.ts; snapshots already built above): ${fmt(ms(t))} ms, ${warm.counties} counties`,
  );
  t = performance.now();
  const res = await get('/api/v1/areas');
  const areasMs = ms(t);
  t = performance.now();
  await get('/api/v1/areas');
  const againMs = ms(t);
  t = performance.now();
  const br = await get('/api/v1/areas', { 'accept-encoding': 'br' });
  const brMs = ms(t);
  t = performance.now();
  const gz = await get('/api/v1/areas', { 'accept-encoding': 'gzip' });
  console.log(
    `GET /api/v1/areas (after ready and warm-up): ${res.rawPayload.length.toLocaleString('en-US')} bytes, first ${fmt(areasMs)} ms, again ${fmt(againMs)} ms; first br (${br.rawPayload.length.toLocaleString('en-US')} bytes) ${fmt(brMs)} ms, first gzip (${gz.rawPayload.length.toLocaleString('en-US')} bytes) ${fmt(ms(t))} ms (goal < 200 ms)`,
  );
  t = performance.now();
  await get(`/api/v1/places?q=${encodeURIComponent(one.name)}`);
  console.log(`GET /api/v1/places (matcher built above): first ${fmt(ms(t))} ms`);

  // Pages for random Gemeinden: a town's page and one service page (server-side rendered, kept as bytes per
  // generation and day; src/web/answer-cache.ts bounds what is kept).
  const html = { accept: 'text/html' };
  const page = (g: { slug: string }) => get(`/${g.slug}/`, html);
  const servicePage = (g: { slug: string; ags: string }) => get(`/${g.slug}/leistungen/${serviceOf(g.ags)}`, html);
  const basePage = await timeEach(100, () => page(one));
  const randPage = await timeEach(Math.min(SAMPLES, 300), () => page(pick(gemeinden)));
  line("a town's page (HTML), random Gemeinden", randPage, basePage, '–');
  const baseServicePage = await timeEach(100, () => get(`/${one.slug}/leistungen/bund-1`, html));
  const randServicePage = await timeEach(Math.min(SAMPLES, 300), () => servicePage(pick(gemeinden)));
  line('one service page (HTML), random Gemeinden', randServicePage, baseServicePage, '–');
  t = performance.now();
  for (const [i, g] of townPerKreis.entries()) {
    await page(g);
    await servicePage(g);
    await get(`/${g.slug}/suche?q=${encodeURIComponent(queries[i % queries.length]!)}`, html);
  }
  console.log(
    `a town's page, a service page and a search page in every Kreis (${fmt(ms(t))} ms): RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (goal < 1,024 MB)`,
  );
  const heap = process.memoryUsage();
  console.log(
    `heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MB, external + array buffers ${((heap.external + heap.arrayBuffers) / 2 ** 20).toFixed(0)} MB`,
  );
  console.log(`RSS after pages: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  // The other answer over all areas: the sitemap. Several counties: an index, and one file per county made on its
  // first request (src/features/portal/portal.pages.tsx).
  t = performance.now();
  const index = await get('/sitemap.xml');
  const indexMs = ms(t);
  const files = [...index.body.matchAll(/<loc>https?:\/\/[^/]+(\/sitemaps\/[^<]+)<\/loc>/g)].map((m) => m[1]!);
  let urls = 0;
  let bytes = 0;
  let largest = 0;
  t = performance.now();
  const perFile = await timeEach(files.length, async (i) => {
    const file = await get(files[i]!);
    urls += file.body.split('<url>').length - 1;
    bytes += file.rawPayload.length;
    largest = Math.max(largest, file.body.split('<url>').length - 1);
  });
  const allMs = ms(t);
  t = performance.now();
  const againIndex = await timeEach(20, (i) => get(files[i % files.length]!));
  console.log(
    `GET /sitemap.xml: an index of ${files.length} files (${index.rawPayload.length.toLocaleString('en-US')} bytes, first ${fmt(indexMs)} ms); every county's file once: ${fmt(allMs)} ms in all, p50 ${fmt(perFile.p50)} ms, p99 ${fmt(perFile.p99)} ms each; ${urls.toLocaleString('en-US')} URLs, ${bytes.toLocaleString('en-US')} bytes, at most ${largest.toLocaleString('en-US')} URLs in one file (the protocol allows 50,000); a kept file again p50 ${fmt(againIndex.p50)} ms`,
  );
  memory('after every sitemap file');
  // A crawler's visit after the sitemap: a page of every Gemeinde (GERMANY_CRAWL: how many, spread over Germany;
  // default every one), then a page of every Kreis's own site — what a full crawl leaves in memory (issue 17:
  // RSS < 1 GB with pages and search).
  const crawl = Math.min(Number(process.env.GERMANY_CRAWL ?? gemeinden.length), gemeinden.length);
  const step = gemeinden.length / Math.max(1, crawl);
  const crawled = Array.from({ length: crawl }, (_, i) => gemeinden[Math.floor(i * step)]!);
  const statuses = new Map<number, number>();
  t = performance.now();
  const perPage = await timeEach(crawled.length, async (i) => {
    const res = await app.inject({ url: `/${crawled[i]!.slug}/`, headers: html });
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  });
  console.log(
    `a town's page for ${crawled.length.toLocaleString('en-US')} Gemeinden (${fmt(ms(t))} ms, p50 ${fmt(perPage.p50)} ms, p99 ${fmt(perPage.p99)} ms; statuses ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')})`,
  );
  memory('after the crawl');
  // Without JavaScript and without the place form: start page → Land → Kreis or kreisfreie Stadt → town, each step a
  // small page (src/features/portal/components/browse-pages.tsx). Does it reach every Gemeinde?
  const start = await get('/', html);
  const landPaths = [...start.body.matchAll(/href="(\/orte\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
  if (landPaths.length > 0) {
    const reached = new Set<string>();
    let fetched = 1;
    let largest = { path: '/', bytes: start.rawPayload.length };
    const note = (path: string, bytes: number) => {
      fetched++;
      if (bytes > largest.bytes) largest = { path, bytes };
    };
    t = performance.now();
    for (const landPath of landPaths) {
      const land = await get(landPath, html);
      note(landPath, land.rawPayload.length);
      for (const [, slug] of land.body.matchAll(/<a class="kern-link aw-town-list__link" href="\/([a-z0-9-]+)\/">/g)) {
        reached.add(slug!);
        const district = await get(`/${slug}/`, html);
        note(`/${slug}/`, district.rawPayload.length);
        for (const [, town] of district.body.matchAll(/<a class="kern-link" href="\/([a-z0-9-]+)\/">/g))
          reached.add(town!);
      }
    }
    const missing = gemeinden.filter((g) => !reached.has(g.slug));
    console.log(
      `the path start page (${start.rawPayload.length.toLocaleString('en-US')} bytes) → ${landPaths.length} Länder → districts → towns: ${fetched} pages in ${fmt(ms(t))} ms, the largest ${largest.path} (${largest.bytes.toLocaleString('en-US')} bytes); Gemeinden not reached: ${missing.length}${
        missing.length
          ? ` (${missing
              .slice(0, 5)
              .map((g) => g.slug)
              .join(', ')} …)`
          : ''
      }`,
    );
  }
  // GERMANY_HEAP_SNAPSHOT=<file>: what holds the memory, for Chromium's DevTools (or a script over its nodes).
  if (process.env.GERMANY_HEAP_SNAPSHOT)
    console.log(`heap snapshot: ${writeHeapSnapshot(process.env.GERMANY_HEAP_SNAPSHOT)}`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await app.close();
  await db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
