// Ortsgemeinden under a Gemeindeverband are sites of their Kreis (issue 10): their parent is the Verbandsgemeinde,
// not the Kreis, so the Kreis's town list, the sitemap, the county around a town page and the checklist's towns must
// look one level deeper. The Mayen-Koblenz example next to the Kreis Soest seed, with a deployment scope of that Kreis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

const MAYEN_KOBLENZ = fileURLToPath(new URL('../../../data/examples/landkreis-mayen-koblenz', import.meta.url));

describe('Ortsgemeinden of a Verbandsgemeinde as sites of their Kreis', () => {
  let t: SeededApp;
  const scopeBefore = process.env.DEPLOYMENT_SCOPE;
  before(async () => {
    process.env.DEPLOYMENT_SCOPE = '07137';
    t = await seededApp();
    await importBundle(t.app.services.catalog, MAYEN_KOBLENZ);
  });
  after(async () => {
    if (scopeBefore === undefined) delete process.env.DEPLOYMENT_SCOPE;
    else process.env.DEPLOYMENT_SCOPE = scopeBefore;
    await t.close();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it("lists the members of the Kreis's Verbandsgemeinden among its towns, not the Verbände themselves", async () => {
    const county = await get('/landkreis-mayen-koblenz/');
    assert.match(county.body, /seinen 6 Städten und Gemeinden/);
    const res = await get('/');
    assert.equal(res.statusCode, 200);
    for (const slug of ['kettig', 'urmitz', 'ettringen', 'kottenheim', 'andernach', 'mayen'])
      assert.match(res.body, new RegExp(`data-place-slug="${slug}"`), slug);
    assert.doesNotMatch(res.body, /data-place-slug="vg-/);
    const towns = await t.app.services.catalog.townsBelow('07137');
    assert.deepEqual(
      towns.map((a) => a.name),
      ['Andernach', 'Ettringen', 'Kettig', 'Kottenheim', 'Mayen', 'Urmitz'],
    );
  });

  it('gives an Ortsgemeinde its page in its own Kreis, and a place in the sitemap', async () => {
    const res = await get('/kettig/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Mayen-Koblenz/);
    assert.doesNotMatch(res.body, /Kreis Soest/);
    const sitemap = await get('/sitemap.xml');
    assert.match(sitemap.body, /\/kettig\//);
    assert.match(sitemap.body, /\/ettringen\//);
  });

  it("a Verband editor edits the Verband's unit through the API, and a member Ortsgemeinde's page shows it", async () => {
    const { auth } = t.app.services;
    const user = await auth.createUser(
      {
        email: 'redaktion@vg-weissenthurm.example',
        password: 'korrekt-pferd-batterie',
        grants: [{ role: 'verband_editor', tenantAgs: '071375008' }],
      },
      CLI_PRINCIPAL,
    );
    const { token } = await auth.createApiToken(
      user.id,
      { name: 'verband' },
      { userId: user.id, label: user.email, name: null, grants: user.grants, via: 'api' },
    );
    const h = { authorization: `Bearer ${token}` };
    const url = '/api/v1/editor/071375008/authorities/vgv-weissenthurm';
    const current = await t.app.inject({ url, headers: h });
    assert.equal(current.statusCode, 200, current.body);
    const { version, data } = current.json().published as { version: number; data: Record<string, unknown> };
    const put = await t.app.inject({
      method: 'PUT',
      url,
      headers: h,
      payload: { data: { ...data, email: 'buergerbuero@vg-weissenthurm.example' }, baseVersion: version },
    });
    assert.equal(put.statusCode, 200, put.body);
    const kettig = await get('/kettig/leistungen/rp-wohnsitz-anmelden');
    assert.equal(kettig.statusCode, 200);
    assert.match(kettig.body, /Verbandsgemeindeverwaltung Weißenthurm/);
    assert.match(kettig.body, /buergerbuero@vg-weissenthurm\.example/);
    // The Kreis's unit is not the Verband's to edit.
    const kreis = await t.app.inject({ url: '/api/v1/editor/07137/authorities/kv-mayen-koblenz', headers: h });
    assert.equal(kreis.statusCode, 403);
  });
});
