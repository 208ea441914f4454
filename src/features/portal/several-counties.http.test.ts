// A deployment of several counties (issue 10: "a deployment portals one Kreis, several, a Land or all of Germany"):
// the start page offers the towns of every county in the scope and the sitemap (an index of one file per county)
// lists every county's pages — not only those of the first county by name.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

const MAYEN_KOBLENZ = fileURLToPath(new URL('../../../data/examples/landkreis-mayen-koblenz', import.meta.url));

describe('a deployment of two counties', () => {
  let t: SeededApp;
  const scopeBefore = process.env.DEPLOYMENT_SCOPE;
  before(async () => {
    process.env.DEPLOYMENT_SCOPE = '05974,07137';
    t = await seededApp();
    await importBundle(t.app.services.catalog, MAYEN_KOBLENZ);
  });
  after(async () => {
    if (scopeBefore === undefined) delete process.env.DEPLOYMENT_SCOPE;
    else process.env.DEPLOYMENT_SCOPE = scopeBefore;
    await t.close();
  });

  it('the start page lists the towns of both counties', async () => {
    const res = await t.app.inject('/');
    assert.equal(res.statusCode, 200);
    for (const slug of ['geseke', 'lippstadt', 'kettig', 'andernach'])
      assert.match(res.body, new RegExp(`data-place-slug="${slug}"`), slug);
  });

  it("the sitemap is an index of one file per county, listing that county's pages", async () => {
    const index = await t.app.inject('/sitemap.xml');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /<sitemapindex /);
    const files = [...index.body.matchAll(/<loc>[^<]*(\/sitemaps\/[a-z0-9-]+\.xml)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(files, ['/sitemaps/kreis-soest.xml', '/sitemaps/landkreis-mayen-koblenz.xml']);
    const [soest, mayen] = await Promise.all(files.map(async (f) => (await t.app.inject(String(f))).body));
    for (const path of ['/', '/kreis-soest/', '/geseke/']) assert.match(String(soest), new RegExp(`${path}<`), path);
    for (const path of ['/landkreis-mayen-koblenz/', '/kettig/'])
      assert.match(String(mayen), new RegExp(`${path}<`), path);
    assert.doesNotMatch(String(mayen), /\/geseke\//, "each town's pages in its own county's file");
    const origin = /<loc>(.*)\/sitemaps\//.exec(index.body)?.[1];
    assert.ok(origin);
    assert.ok(String(soest).includes(`<loc>${origin}/</loc>`), 'the start page in the first file');
    assert.ok(!String(mayen).includes(`<loc>${origin}/</loc>`), 'and only there');
    assert.equal((await t.app.inject('/sitemaps/geseke.xml')).statusCode, 404, 'a town has no file of its own');
  });
});
