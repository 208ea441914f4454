import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { chromiumAvailable } from './checklist.pdf.ts';
import { ALTDORF, importMiniKreis, KREIS, MINI_CHECKLIST, NEUSTADT } from './testdata/load.ts';

describe('checklist API and pages', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    await importMiniKreis(app.services.catalog);
    await app.services.checklist.importFile(MINI_CHECKLIST);
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('GET /api/v1/areas/{ags}/coverage returns the checklist as data', async () => {
    const res = await app.inject(`/api/v1/areas/${NEUSTADT}/coverage`);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.name, 'Neustadt');
    assert.deepEqual(body.county, { ags: KREIS, name: 'Kreis Nord' });
    assert.deepEqual(
      body.lebenslagen.map((l: { lebenslageId: string }) => l.lebenslageId),
      ['umzug', 'bauen', 'auto'],
    );
    const bau = body.lebenslagen[1].items[0];
    assert.equal(bau.interface.kind, 'gemeinde_entscheidet');
    assert.equal(bau.editUrl, `/editor/${NEUSTADT}/services/bauantrag`);
    assert.ok(Array.isArray(bau.checks) && bau.checks.length > 0);
    assert.equal(typeof body.percent, 'number');
  });

  it('unknown areas and areas without a checklist answer 404 problem+json', async () => {
    const unknown = await app.inject('/api/v1/areas/05999999/coverage');
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type'] ?? ''), /problem\+json/);
    const county = await app.inject(`/api/v1/areas/${KREIS}/coverage`);
    assert.equal(county.statusCode, 404, 'the county itself has no county above it with a checklist');
    assert.equal(county.json().type, '/problems/no-checklist');
  });

  it('GET /api/v1/areas/{ags}/coverage-comparison compares the towns', async () => {
    const res = await app.inject(`/api/v1/areas/${KREIS}/coverage-comparison`);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(
      body.towns.map((t: { name: string }) => t.name),
      ['Altdorf', 'Neustadt'],
    );
    assert.equal(body.cells.length, 3);
  });

  it('the OpenAPI document describes the coverage endpoint with its schema', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json();
    const op = doc.paths['/api/v1/areas/{ags}/coverage']?.get;
    assert.ok(op, 'documented');
    assert.deepEqual(op.tags, ['checklist']);
    const titles = Object.values(doc.components.schemas as Record<string, { title?: string }>).map((s) => s.title);
    assert.ok(titles.includes('TownCoverage'), 'TownCoverage schema in components');
    assert.ok(doc.paths['/api/v1/links/problems']?.get);
    const kinds = (await app.inject('/api/v1/checklist/interface-kinds')).json();
    assert.equal(kinds.items.length, 8);
  });

  it('the town page lists every Lebenslage, links to the editor and works without JS', async () => {
    const res = await app.inject({ url: '/checkliste/neustadt', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type'] ?? ''), /text\/html/);
    const html = res.body;
    assert.match(html, /<h1[^>]*>Checkliste Neustadt<\/h1>/);
    for (const name of ['Umzug', 'Bauen', 'Auto']) assert.match(html, new RegExp(`<h2[^>]*>${name}`));
    assert.ok(html.includes(`href="/editor/${NEUSTADT}/services/anmeldung"`));
    assert.ok(html.includes('name="robots" content="noindex"'));
    assert.ok(html.includes('/checkliste/checklist.css?v='));
    assert.doesNotMatch(html, /style="/, 'no inline styles (CSP)');
    assert.doesNotMatch(html, /Als geprüft markieren/, 'no tick form without a signed-in editor');
    // Filter by GET form
    const gaps = await app.inject({ url: '/checkliste/altdorf?nur=luecken', headers: { accept: 'text/html' } });
    assert.equal(gaps.statusCode, 200);
    assert.ok(gaps.body.includes('checked'));
  });

  it('the dashboard shows the heat map as SVG with a table alternative', async () => {
    const res = await app.inject({ url: '/checkliste', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg[^>]*role="img"/);
    assert.match(res.body, /Abdeckung je Lebenslage \(Erfüllungsgrad in Prozent\)/);
    assert.ok(res.body.includes('href="/checkliste/altdorf"'));
    assert.doesNotMatch(res.body, /style="/);
  });

  it('the dashboard shows the share of real data per tenant (as `amtsweg data report`)', async () => {
    const res = await app.inject({ url: '/checkliste', headers: { accept: 'text/html' } });
    assert.match(res.body, /<h2 class="kern-heading-medium" id="echte-daten">Echte Daten und Beispieldaten<\/h2>/);
    const report = await app.services.catalog.dataReport();
    const units = report.rows.find((r) => r.tenant === KREIS && r.kind === 'units' && r.measure === 'real');
    assert.ok(units && units.total > 0);
    assert.ok(res.body.includes(`${units.count} von ${units.total} (${units.percent} %)`));
  });

  it('CSV exports: a town and the comparison', async () => {
    const town = await app.inject('/checkliste/altdorf/checkliste.csv');
    assert.equal(town.statusCode, 200);
    assert.match(String(town.headers['content-type'] ?? ''), /text\/csv/);
    assert.match(String(town.headers['content-disposition'] ?? ''), /checkliste-altdorf\.csv/);
    const lines = town.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(lines[0] ?? '', /^Lebenslage;Leistung;Leistungs-ID/);
    assert.equal(lines.length, 4);
    assert.ok(lines[1]?.includes(`/editor/${ALTDORF}/services/anmeldung`));
    const cmp = await app.inject('/checkliste/vergleich.csv');
    assert.equal(cmp.statusCode, 200);
    assert.match(cmp.body, /^\uFEFFLebenslage \(Erfüllungsgrad in %\);Altdorf;Neustadt\r\n/);
  });

  it('printable pages carry no forms or navigation', async () => {
    for (const url of ['/checkliste/altdorf/druck', '/checkliste/vergleich/druck']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /<form/);
      assert.doesNotMatch(res.body, /aw-header/);
    }
  });

  it('PDF through headless Chromium, or 503 with a pointer to the print page', { timeout: 60_000 }, async () => {
    const res = await app.inject('/checkliste/altdorf/checkliste.pdf');
    if (chromiumAvailable()) {
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    } else {
      if (process.env.REQUIRE_BROWSER === '1') assert.fail('REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium');
      console.warn('*** no Chromium: PDF export checked for its 503 only');
      assert.equal(res.statusCode, 503);
    }
  });

  it('ticking needs a signed-in editor', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/checkliste/altdorf/geprueft',
      payload: { serviceId: 'anmeldung' },
      headers: { accept: 'application/json' },
    });
    assert.ok(res.statusCode === 401 || res.statusCode === 403, `status ${res.statusCode}`);
  });

  it("a signed-in editor of the town ticks a product as reviewed (form, CSRF, redirect); another town's editor may not", async () => {
    const { auth } = app.services;
    const password = 'ein-langes-Passwort-für-Tests-42';
    await auth.createUser(
      { email: 'redaktion@altdorf.example', password, grants: [{ role: 'town_editor', tenantAgs: ALTDORF }] },
      CLI_PRINCIPAL,
    );
    await auth.createUser(
      { email: 'redaktion@neustadt.example', password, grants: [{ role: 'town_editor', tenantAgs: NEUSTADT }] },
      CLI_PRINCIPAL,
    );
    const altdorf = await auth.login({ email: 'redaktion@altdorf.example', password });
    const cookie = `amtsweg_session=${altdorf.token}`;
    const pageRes = await app.inject({ url: '/checkliste/altdorf', headers: { accept: 'text/html', cookie } });
    assert.ok(pageRes.body.includes('Als geprüft markieren'));
    assert.ok(pageRes.body.includes(`name="_csrf" value="${altdorf.session.csrfToken}"`));

    const post = (c: string, csrf: string) =>
      app.inject({
        method: 'POST',
        url: '/checkliste/altdorf/geprueft',
        headers: { accept: 'text/html', cookie: c, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(csrf)}&serviceId=anmeldung`,
      });
    const noCsrf = await post(cookie, 'falsch');
    assert.equal(noCsrf.statusCode, 403, noCsrf.body.slice(0, 2000));
    const ok = await post(cookie, altdorf.session.csrfToken);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/checkliste/altdorf?geprueft=anmeldung#p-anmeldung');
    const after = await app.inject({
      url: '/checkliste/altdorf?geprueft=anmeldung',
      headers: { accept: 'text/html', cookie },
    });
    assert.ok(after.body.includes('ist als geprüft markiert'));
    const reviews = await app.services.db.kysely.selectFrom('checklistReviews').selectAll().execute();
    assert.deepEqual(
      reviews.map((r) => [r.tenantAgs, r.serviceId, r.reviewedBy]),
      [[ALTDORF, 'anmeldung', 'redaktion@altdorf.example']],
    );

    const neustadt = await auth.login({ email: 'redaktion@neustadt.example', password });
    const foreign = await post(`amtsweg_session=${neustadt.token}`, neustadt.session.csrfToken);
    assert.equal(foreign.statusCode, 403);
    const foreignPage = await app.inject({
      url: '/checkliste/altdorf',
      headers: { accept: 'text/html', cookie: `amtsweg_session=${neustadt.token}` },
    });
    assert.ok(!foreignPage.body.includes('Als geprüft markieren'));
  });

  it("a town's page is kept for readers without the tick form until its coverage changes; editors get their own", async () => {
    const anonymous = () => app.inject({ url: '/checkliste/neustadt', headers: { accept: 'text/html' } });
    const first = await anonymous();
    const second = await anonymous();
    assert.equal(first.statusCode, 200);
    assert.ok(first.headers.etag, 'a kept page carries an ETag');
    assert.equal(second.headers.etag, first.headers.etag, 'the same bytes are served again');
    assert.equal(second.body, first.body);
    assert.ok(!first.body.includes('Als geprüft markieren'));
    const revalidated = await app.inject({
      url: '/checkliste/neustadt',
      headers: { accept: 'text/html', 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(revalidated.statusCode, 304);

    // A tick changes the coverage: the next anonymous reader sees it, not the kept page.
    await app.services.checklist.review(NEUSTADT, 'anmeldung', 'Prüferin', null);
    const after = await anonymous();
    assert.notEqual(after.headers.etag, first.headers.etag);
    assert.notEqual(after.body, first.body);

    // An editor of the town gets the tick form with their own token, never the kept page; the kept page never gets it.
    const { auth } = app.services;
    const password = 'ein-langes-Passwort-für-Tests-42';
    await auth.createUser(
      { email: 'kept@neustadt.example', password, grants: [{ role: 'town_editor', tenantAgs: NEUSTADT }] },
      CLI_PRINCIPAL,
    );
    const editor = await auth.login({ email: 'kept@neustadt.example', password });
    const own = await app.inject({
      url: '/checkliste/neustadt',
      headers: { accept: 'text/html', cookie: `amtsweg_session=${editor.token}` },
    });
    assert.ok(own.body.includes(`name="_csrf" value="${editor.session.csrfToken}"`));
    assert.ok(!(await anonymous()).body.includes(editor.session.csrfToken));
  });

  it('unknown towns get 404', async () => {
    const res = await app.inject({ url: '/checkliste/gibt-es-nicht', headers: { accept: 'application/json' } });
    assert.equal(res.statusCode, 404);
  });
});
