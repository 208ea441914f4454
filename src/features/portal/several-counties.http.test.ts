// A deployment of several counties (issue 10: "a deployment portals one Kreis, several, a Land or all of Germany"):
// the start page offers the towns of every county in the scope and the sitemap lists every county's pages — not only
// those of the first county by name.
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

  it("the sitemap lists both counties' pages, each town's services under its own county", async () => {
    const sitemap = (await t.app.inject('/sitemap.xml')).body;
    for (const path of ['/kreis-soest/', '/geseke/', '/landkreis-mayen-koblenz/', '/kettig/'])
      assert.match(sitemap, new RegExp(`${path}<`), path);
  });
});
