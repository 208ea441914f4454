// Pages and search answers kept as bytes per generation (src/web/answer-cache.ts, docs/decisions/0220): a kept
// answer must never outlive what it shows. Each test first makes sure the answer is kept (the same derived ETag
// twice), then changes the world (a publish, a review tick, the clock passing an opening time) and expects the new
// state on the next request.
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { asTenant, tenantScope } from '../catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../catalog/catalog.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

const GESEKE = '05974020';
const HTML = { accept: 'text/html' };
/** A Wednesday morning in Berlin, before offices open. */
const EARLY = new Date('2026-12-02T06:30:00+01:00');

describe('kept pages and search answers', () => {
  let t: SeededApp;
  const get = (url: string, headers: Record<string, string> = HTML) => t.app.inject({ url, headers });
  const kept = async (url: string, headers: Record<string, string> = HTML) => {
    const first = await get(url, headers);
    const second = await get(url, headers);
    assert.equal(first.statusCode, 200, `${url}: ${first.body.slice(0, 200)}`);
    assert.ok(first.headers.etag, `${url} carries a derived ETag`);
    assert.equal(second.headers.etag, first.headers.etag, `${url} is kept`);
    assert.equal(second.body, first.body);
    return second;
  };

  before(async () => {
    mock.timers.enable({ apis: ['Date'], now: EARLY });
    t = await seededApp();
    await t.app.services.checklist.seedIfEmpty();
    // The first search seeds the synonym list (a generation of its own): done here, so that tests start settled.
    await t.app.inject({ url: `/api/v1/search?q=ausweis&ags=${GESEKE}` });
  });
  after(async () => {
    await t.close();
    mock.timers.reset();
  });

  async function renameService(id: string, name: string): Promise<void> {
    const catalog = t.app.services.catalog;
    const { services } = await catalog.readTenants(tenantScope(asTenant('05974')));
    const service = services.find((s) => s.id === id);
    assert.ok(service, `the seed has ${id}`);
    const set = emptyChangeSet();
    set.services.push({ label: 'kept pages test', value: { ...service, name } });
    await catalog.applyChangeSet(set);
  }

  it('a publish shows on the kept town page, service page, search page and search API at once', async () => {
    const urls = [
      '/geseke/',
      '/geseke/leistungen/personalausweis-beantragen',
      '/geseke/suche?q=personalausweis',
      `/api/v1/search?q=personalausweis&ags=${GESEKE}`,
    ];
    for (const url of urls) {
      const before = await kept(url, url.startsWith('/api/') ? {} : HTML);
      assert.doesNotMatch(before.body, /Ausweis ganz neu beantragen/);
    }
    await renameService('personalausweis-beantragen', 'Ausweis ganz neu beantragen');
    for (const url of urls.slice(1)) {
      const res = await get(url, url.startsWith('/api/') ? {} : HTML);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Ausweis ganz neu beantragen/, `${url} shows the published name`);
    }
  });

  it('the town page is made again after a publish (its ETag moves with the generation)', async () => {
    const before = await kept('/geseke/');
    await renameService('personalausweis-beantragen', 'Personalausweis beantragen (Stadt Geseke)');
    const after = await get('/geseke/');
    assert.notEqual(after.headers.etag, before.headers.etag);
  });

  it('a review tick shows as "Zuletzt geprüft" on the kept service page and in the API', async () => {
    const { checklist } = t.app.services;
    const items = await checklist.items('05974');
    const item = items.find((i) => i.serviceId === 'personalausweis-beantragen') ?? items[0];
    assert.ok(item, 'the seeded checklist has items');
    const page = `/geseke/leistungen/${item.serviceId}`;
    const api = `/api/v1/areas/${GESEKE}/services/${item.serviceId}`;
    const pageBefore = await kept(page);
    const apiBefore = await kept(api, {});
    assert.notEqual(JSON.parse(apiBefore.body).lastReviewed?.source, 'review');
    assert.doesNotMatch(pageBefore.body, /datetime="2026-11-20"/);
    // A day before the seed's own revisions, so that the page's date tells the tick from the last change.
    await checklist.review(GESEKE, item.serviceId, 'Prüferin', null, new Date('2026-11-20T10:00:00+01:00'));
    const apiAfter = JSON.parse((await get(api, {})).body) as { lastReviewed: { source: string } | null };
    assert.equal(apiAfter.lastReviewed?.source, 'review');
    const after = await get(page);
    assert.notEqual(after.headers.etag, pageBefore.headers.etag);
    assert.match(after.body, /data-testid="last-reviewed">[^<]*<time datetime="2026-11-20"/);
  });

  it('"open now" moves when the shown office opens: the kept service page is made again', async () => {
    // The first town whose Bürgerbüro has opening hours in the seed (towns without public hours have none).
    const { catalog } = t.app.services;
    const county = await catalog.getArea('05974');
    let url = '';
    let next: string | null | undefined;
    for (const town of await catalog.childAreas(county.ags)) {
      const api = JSON.parse((await get(`/api/v1/areas/${town.ags}/services/personalausweis-beantragen`, {})).body) as {
        responsible: { authority: { nextChange: string | null } | null };
      };
      next = api.responsible.authority?.nextChange;
      if (next) {
        url = `/${town.slug}/leistungen/personalausweis-beantragen`;
        break;
      }
    }
    assert.ok(next, "a town's Bürgerbüro has opening hours with a next change");
    const before = await kept(url);
    mock.timers.setTime(Date.parse(next) + 60_000);
    const after = await get(url);
    assert.equal(after.statusCode, 200);
    assert.notEqual(after.headers.etag, before.headers.etag);
    const headline = (body: string) => /Jetzt (geöffnet|geschlossen)/.exec(body)?.[1];
    assert.ok(headline(before.body), 'the page shows an opening state');
    assert.notEqual(headline(after.body), headline(before.body), 'the opening state changed');
    mock.timers.setTime(EARLY.getTime());
  });

  it("a signed-in editor's page is never served to an anonymous reader, nor the other way round", async () => {
    const { auth } = t.app.services;
    const password = 'ein-langes-Passwort-für-Tests-42';
    await auth.createUser(
      { email: 'redaktion@geseke.example', password, grants: [{ role: 'town_editor', tenantAgs: GESEKE }] },
      CLI_PRINCIPAL,
    );
    const editor = await auth.login({ email: 'redaktion@geseke.example', password });
    const cookie = `amtsweg_session=${editor.token}`;
    // Portal pages read no session: the editor gets the anonymous bytes, without any token of theirs.
    const anonymous = await kept('/geseke/leistungen/personalausweis-beantragen');
    const signedIn = await get('/geseke/leistungen/personalausweis-beantragen', { ...HTML, cookie });
    assert.equal(signedIn.body, anonymous.body);
    assert.ok(!signedIn.body.includes(editor.session.csrfToken));
    // The checklist page has the editor's tick form (CSRF): it is never kept, in either order.
    const first = await get('/checkliste/geseke', { ...HTML, cookie });
    assert.ok(first.body.includes(`name="_csrf" value="${editor.session.csrfToken}"`));
    const anon = await get('/checkliste/geseke');
    assert.ok(!anon.body.includes(editor.session.csrfToken), 'no token of the editor for an anonymous reader');
    assert.ok(!anon.body.includes('name="_csrf"'));
    const again = await get('/checkliste/geseke', { ...HTML, cookie });
    assert.ok(again.body.includes(`name="_csrf" value="${editor.session.csrfToken}"`));
  });

  it('the language cookie steers the bare address; kept pages follow the URL, each language kept on its own', async () => {
    const de = await kept('/geseke/');
    const en = await kept('/en/geseke/');
    assert.match(de.body, /<html lang="de"/);
    assert.match(en.body, /<html lang="en"/);
    const withCookie = await get('/', { ...HTML, cookie: 'amtsweg_sprache=en' });
    assert.equal(withCookie.statusCode, 303);
    assert.equal(withCookie.headers.location, '/en/');
    const without = await get('/');
    assert.equal(without.statusCode, 200);
    assert.match(String(without.headers['cache-control']), /private/);
    // The German town page stays German for a reader whose cookie says English (the URL decides).
    const deWithCookie = await get('/geseke/', { ...HTML, cookie: 'amtsweg_sprache=en' });
    assert.equal(deWithCookie.body, de.body);
  });

  it('a search without hits is not kept: each one still counts as a miss', async () => {
    const url = `/api/v1/search?q=xylophonreparatur&ags=${GESEKE}`;
    await get(url, {});
    await get(url, {});
    const page = '/geseke/suche?q=xylophonreparatur';
    await get(page);
    const misses = await t.app.services.search.misses(GESEKE);
    const miss = misses.find((m) => m.query.includes('xylophonreparatur'));
    assert.equal(miss?.count, 3);
  });

  it('compressed variants of a kept page decode to the same page', async () => {
    const identity = await kept('/geseke/leistungen/personalausweis-beantragen');
    const br = await get('/geseke/leistungen/personalausweis-beantragen', { ...HTML, 'accept-encoding': 'br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    const { brotliDecompressSync } = await import('node:zlib');
    assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), identity.body);
  });
});
