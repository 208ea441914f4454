// The preview is the portal's own service page rendered from the draft (issue #13, finding 6): "Wer ist zuständig?",
// the contact cards, the town's "not offered" box — never the raw rule ("Regelfall: gemeinde") — while the public
// page and its caches still show the published state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../auth/auth.ts';
import { ACCOUNTS, ALTDORF, COUNTY, createHttpFixture, type HttpFixture, type Signed } from './editor.testing.ts';

describe('the preview of a service is the portal page of the draft', () => {
  let f: HttpFixture;
  let county: Signed;
  let altdorf: Signed;
  const principal = (name: 'county' | 'altdorf'): Principal => ({
    userId: f.userIds[name],
    label: ACCOUNTS[name].email,
    name: null,
    grants: ACCOUNTS[name].grants.map((g) => ({ ...g })) as Principal['grants'],
    via: 'web',
  });
  before(async () => {
    f = await createHttpFixture();
    county = await f.login('county');
    altdorf = await f.login('altdorf');
  });
  after(async () => {
    await f?.app.close();
    await f?.db.cleanup();
  });
  const page = (s: Signed, url: string) => f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });

  it("a county's draft: the county's portal page with the new fees, the public page unchanged", async () => {
    const { editor } = f.app.services;
    // Warm the public page (and the portal's caches) first: the preview must not come from them nor land in them.
    const publicBefore = await f.app.inject({
      url: '/kreis-nord/leistungen/anmeldung',
      headers: { accept: 'text/html' },
    });
    assert.equal(publicBefore.statusCode, 200);
    const view = await editor.get(principal('county'), 'service', COUNTY, 'anmeldung');
    await editor.saveDraft(
      principal('county'),
      'service',
      COUNTY,
      'anmeldung',
      { ...view.published!.doc, fees: 'Vorschaugebühr: 17 Euro' },
      { baseVersion: view.published!.version },
    );
    const res = await page(county, `/editor/${COUNTY}/services/anmeldung/preview`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /Vorschau – nicht öffentlich/);
    assert.match(res.body, /href="\/editor\/17001\/services\/anmeldung">Zurück zum Bearbeiten/);
    assert.match(res.body, /Vorschaugebühr: 17 Euro/);
    assert.match(res.body, /Wer ist zuständig\?/);
    assert.doesNotMatch(res.body, /Regelfall:/);
    assert.doesNotMatch(res.body, /rel="canonical"/, 'the preview is not to be indexed');
    // The portal's frame: its stylesheet, not the workspace's.
    assert.match(res.body, /portal[^"]*\.css/);
    const publicAfter = await f.app.inject({
      url: '/kreis-nord/leistungen/anmeldung',
      headers: { accept: 'text/html' },
    });
    assert.doesNotMatch(publicAfter.body, /Vorschaugebühr/);
  });

  it("a town's settings: its own portal page with the contact card, and the not-offered box instead of it", async () => {
    const { editor } = f.app.services;
    const offered = await page(altdorf, `/editor/${ALTDORF}/services/anmeldung/preview`);
    assert.equal(offered.statusCode, 200);
    assert.match(offered.body, /Wer ist zuständig\?/);
    assert.match(offered.body, /class="aw-contact"/, 'the deciding unit as a contact card');
    assert.match(offered.body, /Rathaus/);
    await editor.saveDraft(
      principal('altdorf'),
      'area_service',
      ALTDORF,
      `${ALTDORF}:anmeldung`,
      { offered: false, reason: 'Das macht bei uns das Nachbaramt.', alternativeUrl: 'https://nachbar.example/' },
      { baseVersion: null },
    );
    const off = await page(altdorf, `/editor/${ALTDORF}/services/anmeldung/preview`);
    assert.equal(off.statusCode, 200);
    assert.match(off.body, /bietet diese Leistung nicht selbst an/);
    assert.match(off.body, /Das macht bei uns das Nachbaramt\./);
    assert.doesNotMatch(off.body, /Wer ist zuständig\?/, 'no responsibility block for a service not offered here');
    const publicPage = await f.app.inject({ url: '/altdorf/leistungen/anmeldung', headers: { accept: 'text/html' } });
    assert.doesNotMatch(publicPage.body, /nicht selbst an/);
  });

  it('another town cannot preview these drafts', async () => {
    const neustadt = await f.login('neustadt');
    assert.equal((await page(neustadt, `/editor/${ALTDORF}/services/anmeldung/preview`)).statusCode, 403);
    assert.equal((await page(neustadt, `/editor/${COUNTY}/services/anmeldung/preview`)).statusCode, 403);
  });
});
