// A deployment of a whole Land, and of several Länder (issue 17: "the same software serves one county, a Land, or all
// of Germany"): a kreisfreie Stadt is a town and its own Kreis — on the start page, with a sitemap file of its own,
// its service pages canonical to itself — and every town is reachable without JavaScript from the start page, also
// along the path Land → Kreis or kreisfreie Stadt → town, each step a small page.
// Fixture: Rheinland-Pfalz with the Landkreise Mayen-Koblenz (Verbandsgemeinden) and Ahrweiler and the kreisfreie
// Stadt Koblenz; for several Länder also the seed's Kreis Soest (Nordrhein-Westfalen).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

const example = (name: string) => fileURLToPath(new URL(`../../../data/examples/${name}`, import.meta.url));
const AHRWEILER = fileURLToPath(new URL('./testdata/landkreis-ahrweiler', import.meta.url));

/** Every town of the fixture's Rheinland-Pfalz: the Verbände's members included, the kreisfreie Stadt too. */
const RLP_TOWNS = [
  'koblenz',
  'andernach',
  'mayen',
  'ettringen',
  'kottenheim',
  'kettig',
  'urmitz',
  'bad-neuenahr-ahrweiler',
  'remagen',
];
/** By name, as the start page and the sitemap index list them. */
const RLP_DISTRICTS = ['koblenz', 'landkreis-ahrweiler', 'landkreis-mayen-koblenz'];

async function landApp(scope: string): Promise<SeededApp> {
  const before = process.env.DEPLOYMENT_SCOPE;
  process.env.DEPLOYMENT_SCOPE = scope;
  try {
    const t = await seededApp();
    for (const dir of [example('landkreis-mayen-koblenz'), example('koblenz'), AHRWEILER])
      await importBundle(t.app.services.catalog, dir);
    return t;
  } finally {
    if (before === undefined) delete process.env.DEPLOYMENT_SCOPE;
    else process.env.DEPLOYMENT_SCOPE = before;
  }
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'wbr']);

/** Well-formed HTML as the portal writes it: doctype, `lang`, one h1, every element closed in order, unique ids. */
function assertValidHtml(html: string, where: string): void {
  assert.match(html, /^<!doctype html><html lang="(de|en)"/i, `${where}: doctype and lang`);
  assert.equal(html.match(/<h1[ >]/g)?.length, 1, `${where}: one h1`);
  const stack: string[] = [];
  const body = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const [, close, name] of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)) {
    const tag = String(name).toLowerCase();
    if (tag === '!doctype' || VOID.has(tag)) continue;
    if (!close) stack.push(tag);
    else assert.equal(stack.pop(), tag, `${where}: </${tag}> closes what was opened`);
  }
  assert.deepEqual(stack, [], `${where}: every element closed`);
  const ids = [...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, `${where}: unique ids`);
}

const hrefs = (html: string, within?: string) => {
  const part = within ? (new RegExp(`id="${within}"[\\s\\S]*?</ul>`).exec(html)?.[0] ?? '') : html;
  return [...part.matchAll(/href="([^"]+)"/g)].map((m) => String(m[1]).replaceAll('&amp;', '&'));
};

describe('a deployment of one Land with two Kreise and a kreisfreie Stadt', () => {
  let t: SeededApp;
  before(async () => {
    t = await landApp('07');
  });
  after(async () => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
    return res.body;
  };
  /** A town list's link goes through /wahl (it remembers the choice): where it leads. */
  const follow = async (href: string) => {
    if (!href.startsWith('/wahl')) return href;
    const res = await t.app.inject(href);
    assert.equal(res.statusCode, 303, href);
    return String(res.headers.location);
  };

  it('the start page lists every town of the Land, the kreisfreie Stadt among them', async () => {
    const html = await get('/');
    assertValidHtml(html, '/');
    for (const slug of RLP_TOWNS) assert.match(html, new RegExp(`data-place-slug="${slug}"`), slug);
    assert.doesNotMatch(html, /data-place-slug="geseke"/, 'a town outside the scope');
    const reached = new Set<string>();
    for (const href of hrefs(html, 'orte')) reached.add(await follow(href));
    assert.deepEqual([...reached].sort(), RLP_TOWNS.map((s) => `/${s}/`).sort());
  });

  it("the embed's chooser offers every district and the towns of the chosen place's district", async () => {
    const options = (html: string) => [...html.matchAll(/<option value="([a-z0-9-]+)"/g)].map((m) => String(m[1]));
    const first = await get('/embed');
    assertValidHtml(first, '/embed');
    for (const d of RLP_DISTRICTS) assert.ok(options(first).includes(d), `district ${d} offered`);
    const mayen = options(await get('/embed?ort=kettig'));
    for (const town of ['mayen', 'ettringen', 'kottenheim', 'kettig', 'urmitz']) assert.ok(mayen.includes(town), town);
    assert.ok(!mayen.includes('remagen'), "another district's town is not listed");
    const ahrweiler = await get('/embed?ort=remagen');
    assert.match(ahrweiler, /<option value="remagen" selected/);
    assert.ok(options(ahrweiler).includes('bad-neuenahr-ahrweiler'));
    const koblenz = await get('/embed?ort=koblenz');
    assert.match(koblenz, /<option value="koblenz" selected/, 'a kreisfreie Stadt is its own district');
  });

  it('and the path by Kreis reaches every town: start page → Kreis or kreisfreie Stadt → town', async () => {
    const start = await get('/');
    assert.match(start, /Orte nach Kreis/);
    const districts = hrefs(start, 'gebiete');
    assert.deepEqual(
      districts,
      RLP_DISTRICTS.map((s) => `/${s}/`),
    );
    const reached = new Set<string>();
    for (const district of districts) {
      const html = await get(district);
      assertValidHtml(html, district);
      if (district === '/koblenz/') reached.add(district);
      for (const [, slug] of html.matchAll(/<a class="kern-link" href="\/([a-z0-9-]+)\/">/g)) reached.add(`/${slug}/`);
    }
    for (const slug of RLP_TOWNS) assert.ok(reached.has(`/${slug}/`), `${slug} reachable`);
  });

  it("a kreisfreie Stadt's pages are its own: the town page names no other Kreis, its services are canonical", async () => {
    const town = await get('/koblenz/');
    assertValidHtml(town, '/koblenz/');
    assert.doesNotMatch(town, /Mayen-Koblenz|Ahrweiler/, 'no other Kreis on the kreisfreie Stadt');
    const service = await get('/koblenz/leistungen/ko-wohnsitz-anmelden');
    assertValidHtml(service, 'service page');
    assert.match(service, /<link rel="canonical" href="[^"]*\/koblenz\/leistungen\/ko-wohnsitz-anmelden"/);
    assert.doesNotMatch(service, /name="robots" content="noindex"/);
  });

  it('the sitemap index has a file for every Kreis and the kreisfreie Stadt, each with its pages', async () => {
    const index = await t.app.inject('/sitemap.xml');
    assert.equal(index.statusCode, 200);
    const files = [...index.body.matchAll(/<loc>[^<]*(\/sitemaps\/[a-z0-9-]+\.xml)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(
      files,
      RLP_DISTRICTS.map((s) => `/sitemaps/${s}.xml`),
    );
    const koblenz = (await t.app.inject('/sitemaps/koblenz.xml')).body;
    for (const path of ['/koblenz/', '/koblenz/a-z', '/koblenz/leistungen/ko-wohnsitz-anmelden', '/koblenz/impressum'])
      assert.ok(koblenz.includes(`${path}</loc>`), path);
    assert.doesNotMatch(koblenz, /\/(andernach|remagen|landkreis-mayen-koblenz)\//, 'only its own pages');
    const ahrweiler = (await t.app.inject('/sitemaps/landkreis-ahrweiler.xml')).body;
    for (const path of ['/landkreis-ahrweiler/', '/remagen/', '/bad-neuenahr-ahrweiler/'])
      assert.ok(ahrweiler.includes(`${path}</loc>`), path);
    const mayen = (await t.app.inject('/sitemaps/landkreis-mayen-koblenz.xml')).body;
    assert.ok(mayen.includes('/kettig/</loc>'), 'a Verband member in its Kreis file');
    // The start page once, in the first file (by name).
    const all = [ahrweiler, koblenz, mayen].join('\n');
    assert.equal([...all.matchAll(/<loc>https?:\/\/[^/<]+\/<\/loc>/g)].length, 1);
    assert.equal((await t.app.inject('/sitemaps/remagen.xml')).statusCode, 404, 'a town of a Kreis has no file');
  });

  it('the place form finds the kreisfreie Stadt and a town of the other Kreis', async () => {
    for (const [input, to] of [
      ['Koblenz', '/koblenz/'],
      ['Remagen', '/remagen/'],
      ['53474', '/bad-neuenahr-ahrweiler/'],
    ]) {
      const res = await t.app.inject(`/wahl?ort=${encodeURIComponent(String(input))}`);
      assert.equal(res.statusCode, 303, String(input));
      assert.equal(res.headers.location, to, String(input));
    }
  });
});

describe('a deployment of several Länder', () => {
  let t: SeededApp;
  before(async () => {
    t = await landApp('05974,07');
  });
  after(async () => t.close());

  it('the start page leads by Land, each Land page to its Kreise and kreisfreie Städte', async () => {
    const start = await t.app.inject('/');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Orte nach Land/);
    assert.deepEqual(hrefs(start.body, 'gebiete'), ['/orte/nordrhein-westfalen', '/orte/rheinland-pfalz']);
    const rlp = await t.app.inject({ url: '/orte/rheinland-pfalz', headers: { accept: 'text/html' } });
    assert.equal(rlp.statusCode, 200);
    assertValidHtml(rlp.body, '/orte/rheinland-pfalz');
    assert.match(rlp.body, /<h1 class="kern-heading-x-large">Städte und Gemeinden in Rheinland-Pfalz<\/h1>/);
    assert.match(rlp.body, /<link rel="canonical" href="[^"]*\/orte\/rheinland-pfalz"/);
    const links = [...rlp.body.matchAll(/<a class="kern-link aw-town-list__link" href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(
      links,
      RLP_DISTRICTS.map((s) => `/${s}/`),
    );
    const en = await t.app.inject({ url: '/en/orte/nordrhein-westfalen', headers: { accept: 'text/html' } });
    assert.equal(en.statusCode, 200);
    assertValidHtml(en.body, '/en/orte/nordrhein-westfalen');
    assert.match(en.body, /Towns and municipalities in Nordrhein-Westfalen/);
    assert.match(en.body, /href="\/en\/kreis-soest\/"/);
    // Kept like the other pages: the same bytes, an ETag, a 304 for it.
    const again = await t.app.inject({ url: '/orte/rheinland-pfalz', headers: { accept: 'text/html' } });
    assert.equal(again.body, rlp.body);
    const etag = String(again.headers.etag);
    assert.equal(
      (await t.app.inject({ url: '/orte/rheinland-pfalz', headers: { 'if-none-match': etag } })).statusCode,
      304,
    );
  });

  it('a Land outside the scope, or an area that is no Land, has no such page', async () => {
    for (const url of ['/orte/bayern', '/orte/kreis-soest', '/orte/geseke', '/orte/deutschland'])
      assert.equal((await t.app.inject({ url, headers: { accept: 'text/html' } })).statusCode, 404, url);
  });

  it("the Länder's pages are in the sitemap's first file", async () => {
    const index = await t.app.inject('/sitemap.xml');
    const first = /<loc>[^<]*(\/sitemaps\/[a-z0-9-]+\.xml)<\/loc>/.exec(index.body)?.[1];
    assert.equal(first, '/sitemaps/koblenz.xml');
    const body = (await t.app.inject(String(first))).body;
    for (const path of ['/orte/nordrhein-westfalen', '/orte/rheinland-pfalz'])
      assert.ok(body.includes(`${path}</loc>`));
  });
});
