// Citizens' reports end to end through app.inject: the form on the service page, the owning tenant, spam guards,
// the editors' list, answer and close, and what open reports do to the checklist. Also: search misses are private.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';

const KREIS = '17001';
const ALTDORF = '17001001';
const PASSWORD = 'korrekt-pferd-batterie';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('citizens report errors, editors answer and close them', () => {
  let db: TestDb;
  let app: App;
  let altdorfCookie = '';
  let kreisCookie = '';

  async function signIn(email: string, tenantAgs: string, role: 'town_editor' | 'county_editor'): Promise<string> {
    await app.services.auth.createUser({ email, password: PASSWORD, grants: [{ role, tenantAgs }] }, CLI_PRINCIPAL);
    const { token } = await app.services.auth.login({ email, password: PASSWORD });
    return `amtsweg_session=${token}`;
  }

  const report = (slug: string, id: string, fields: Record<string, string>, ip = '203.0.113.1') =>
    app.inject({
      method: 'POST',
      url: `/${slug}/leistungen/${id}/fehler-melden`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: ip,
      payload: form(fields),
    });

  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    await importBundle(app.services.catalog, MINI_BUNDLE);
    altdorfCookie = await signIn('redaktion@altdorf.example', ALTDORF, 'town_editor');
    kreisCookie = await signIn('redaktion@kreis.example', KREIS, 'county_editor');
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('every service page carries the report form, working without JavaScript', async () => {
    const page = await app.inject('/altdorf/leistungen/anmeldung');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2[^>]*id="fehler-melden"[^>]*>Fehler melden<\/h2>/);
    assert.match(page.body, /<form method="post" action="\/altdorf\/leistungen\/anmeldung\/fehler-melden"/);
    for (const value of ['wrong_authority', 'wrong_contact', 'outdated_text', 'broken_link', 'other'])
      assert.match(page.body, new RegExp(`name="category" value="${value}"`));
  });

  it('a report goes to the tenant that owns what the citizen saw, with the answer shown', async () => {
    const contact = await report('altdorf', 'anmeldung', {
      category: 'wrong_contact',
      message: 'Die Telefonnummer des Rathauses stimmt nicht mehr.',
      email: '',
      website: '',
    });
    assert.equal(contact.statusCode, 200);
    assert.match(contact.body, /Danke für Ihre Meldung/);
    const text = await report('altdorf', 'anmeldung', {
      category: 'outdated_text',
      message: 'Der Text nennt noch die alte Gebühr von 10 Euro.',
      email: 'buerger@example.org',
      website: '',
    });
    assert.equal(text.statusCode, 200);

    const admin = CLI_PRINCIPAL;
    const all = await app.services.feedback.list(admin);
    const byCategory = new Map(all.map((r) => [r.category, r]));
    // The town's own unit: the town fixes it. The catalog text: the Kreis owns the service.
    assert.equal(byCategory.get('wrong_contact')?.tenantAgs, ALTDORF);
    assert.equal(byCategory.get('wrong_contact')?.recordType, 'authority');
    assert.equal(byCategory.get('outdated_text')?.tenantAgs, KREIS);
    assert.equal(byCategory.get('outdated_text')?.email, 'buerger@example.org');
    assert.equal(byCategory.get('outdated_text')?.shownAnswer.serviceName, 'Wohnsitz anmelden');
    assert.equal(byCategory.get('outdated_text')?.pageUrl, '/altdorf/leistungen/anmeldung');
  });

  it('refuses bad input naming what is allowed; a filled honeypot stores nothing; floods are limited', async () => {
    const before = (await app.services.feedback.list(CLI_PRINCIPAL)).length;
    const bad = await report('altdorf', 'anmeldung', { category: 'egal', message: 'kurz', email: 'x@', website: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Bitte wählen Sie aus, was nicht stimmt/);
    assert.match(bad.body, /mindestens 10 Zeichen/);
    assert.match(bad.body, /name@beispiel\.de/);
    const bot = await report('altdorf', 'anmeldung', {
      category: 'other',
      message: 'Billige Uhren hier kaufen, sofort!',
      email: '',
      website: 'https://spam.example',
    });
    assert.equal(bot.statusCode, 200, 'the bot is not told');
    assert.equal((await app.services.feedback.list(CLI_PRINCIPAL)).length, before);

    const ok = { category: 'other', message: 'Hier stimmt etwas nicht, bitte prüfen.', email: '', website: '' };
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await report('altdorf', 'anmeldung', ok, '198.51.100.7')).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
    assert.match((await report('altdorf', 'anmeldung', ok, '198.51.100.7')).body, /später noch einmal/);
  });

  it('open reports lower the town checklist; closing one lifts it again', async () => {
    const kreisReports = await app.services.feedback.list(CLI_PRINCIPAL);
    const coverage = await app.services.checklist.townCoverage(ALTDORF).catch(() => null);
    // The mini bundle keeps no checklist: the counts are what the checklist reads.
    assert.equal(coverage, null);
    const open = await app.services.feedback.openByService(ALTDORF);
    assert.equal(open.get('anmeldung'), kreisReports.filter((r) => r.status !== 'closed').length);
  });

  it('editors see only their tenant, answer and close through the workspace forms', async () => {
    const townList = await app.inject({ url: '/editor/reports', headers: { cookie: altdorfCookie } });
    assert.equal(townList.statusCode, 200);
    assert.match(townList.body, /Wohnsitz anmelden/);
    const townReports = await app.services.feedback.list(
      (await app.services.auth.resolveSession(altdorfCookie.split('=')[1]))?.principal ?? CLI_PRINCIPAL,
    );
    assert.ok(townReports.length >= 1);
    assert.ok(townReports.every((r) => r.tenantAgs === ALTDORF));

    const kreisReport = (await app.services.feedback.list(CLI_PRINCIPAL)).find((r) => r.category === 'outdated_text');
    assert.ok(kreisReport);
    const foreign = await app.inject({ url: `/editor/reports/${kreisReport.id}`, headers: { cookie: altdorfCookie } });
    assert.equal(foreign.statusCode, 403);

    const page = await app.inject({ url: `/editor/reports/${kreisReport.id}`, headers: { cookie: kreisCookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /alte Gebühr von 10 Euro/);
    assert.match(page.body, /Gezeigte Antwort/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/editor/reports/${kreisReport.id}`,
        headers: { cookie: kreisCookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(fields),
      });
    assert.equal((await post({ _csrf: 'falsch', action: 'close', answer: '' })).statusCode, 403);
    assert.equal(
      (await post({ _csrf: csrf, action: 'answer', answer: 'Danke, die Gebühr ist korrigiert.' })).statusCode,
      303,
    );
    const closed = await post({ _csrf: csrf, action: 'close', answer: '' });
    assert.equal(closed.statusCode, 303);
    const after = await app.inject({ url: `/editor/reports/${kreisReport.id}`, headers: { cookie: kreisCookie } });
    assert.match(after.body, /data-testid="report-status">erledigt</);
    assert.match(after.body, /Gebühr ist korrigiert/);
    assert.doesNotMatch(after.body, /Als erledigt schließen/);

    const anonymous = await app.inject('/editor/reports');
    assert.equal(anonymous.statusCode, 303);
  });

  it('search misses: only for signed-in editors of the area, aggregated with first and last seen', async () => {
    await app.inject('/api/v1/search?q=Qwertzuiop%20Xy&ags=17001001');
    await app.inject('/api/v1/search?q=qwertzuiop%20XY!&ags=17001001');
    assert.equal((await app.inject('/api/v1/search/misses?ags=17001001')).statusCode, 401);
    const foreign = await app.inject({ url: '/api/v1/search/misses?ags=17001002', headers: { cookie: altdorfCookie } });
    assert.equal(foreign.statusCode, 403);
    const res = await app.inject({ url: '/api/v1/search/misses?ags=17001001', headers: { cookie: altdorfCookie } });
    assert.equal(res.statusCode, 200);
    const { items } = res.json() as {
      items: Array<{ query: string; count: number; firstSeen: string; lastSeen: string }>;
    };
    const miss = items.find((m) => m.query === 'qwertzuiop xy');
    assert.equal(miss?.count, 2);
    assert.ok(miss?.firstSeen && miss.lastSeen >= miss.firstSeen);
  });
});
