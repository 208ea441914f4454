// Stale local data through the app (issue #13 finding 3, decision 0140): after the Kreis publishes new fees for a
// service Geseke has its own fees for, Geseke's workspace flags the service in its list and shows the Kreis's change
// as a diff with "Meine Angaben bleiben"; the portal keeps Geseke's fees and says since when the Kreis's changed;
// the inbox has the item once. Confirming needs Geseke's session and CSRF token, and lifts every flag and the notice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { seedDatabase } from '../../app/seed.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { serviceFromDoc } from './catalog.documents.ts';
import { GESEKE, KREIS, SERVICE, staleFixture } from './catalog.stale.testing.ts';
import { asTenant } from './catalog.tenant.ts';
import { emptyChangeSet } from './catalog.ts';

const PASSWORD = 'korrekt-pferd-batterie';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('stale local data in the workspace and on the portal', () => {
  let db: TestDb;
  let app: App;
  const cookies: Record<string, string> = {};
  const get = (url: string, who?: string) => app.inject({ url, headers: { cookie: who ? (cookies[who] ?? '') : '' } });
  const post = (who: string, url: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookies[who] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const editPage = `/editor/${GESEKE}/services/${SERVICE}`;

  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db, services: createServices(db, { mail: loadMailConfig({ NODE_ENV: 'test' }) }) });
    await seedDatabase(app.services, staleFixture());
    for (const [who, role, tenantAgs] of [
      ['geseke', 'town_editor', GESEKE],
      ['kreis', 'county_editor', KREIS],
    ] as const) {
      const email = `redaktion@${who}.example`;
      await app.services.auth.createUser({ email, password: PASSWORD, grants: [{ role, tenantAgs }] }, CLI_PRINCIPAL);
      cookies[who] = `amtsweg_session=${(await app.services.auth.login({ email, password: PASSWORD })).token}`;
    }
    const local = emptyChangeSet();
    local.localSettings?.push({
      label: 'Geseke',
      value: {
        areaAgs: GESEKE,
        serviceId: SERVICE,
        offered: true,
        reason: null,
        alternativeUrl: null,
        alternativeServiceId: null,
        localText: null,
        localFees: 'Geseke: 12 Euro für die Meldebescheinigung',
        localDocuments: null,
        localOnlineServices: [],
      },
    });
    await app.services.catalog.write(local, {
      actor: { userId: null, label: 'redaktion@geseke.example', via: 'web' },
      source: 'editor',
    });
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('before the Kreis changes anything, nothing is flagged', async () => {
    const list = await get(`/editor/${GESEKE}`, 'geseke');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /data-testid="stale-flag"/);
    assert.doesNotMatch((await get(editPage, 'geseke')).body, /data-testid="stale-panel"/);
    assert.doesNotMatch((await get(`/geseke/leistungen/${SERVICE}`)).body, /data-testid="stale-note"/);
  });

  it('the Kreis’s new fees flag Geseke’s list and edit page with the diff; the portal keeps Geseke’s fees', async () => {
    const current = await app.services.catalog.readRecord('service', asTenant(KREIS), SERVICE);
    assert.ok(current);
    const set = emptyChangeSet();
    set.services.push({
      label: 'Kreis',
      value: { ...serviceFromDoc(SERVICE, KREIS, current.doc), fees: 'Neu: 15 Euro' },
      expectedVersion: current.version,
    });
    await app.services.catalog.write(set, {
      actor: { userId: null, label: 'redaktion@kreis.example', via: 'web' },
      source: 'editor',
    });

    const list = await get(`/editor/${GESEKE}`, 'geseke');
    assert.match(list.body, /data-testid="stale-flag"> Kreis hat geändert – eigene Angaben prüfen/);
    const page = await get(editPage, 'geseke');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="stale-panel"/);
    assert.match(page.body, /Kosten \(Kreis Soest, geändert am /);
    assert.match(page.body, /<del><span class="ed-sr-only">Entfernt: <\/span>gebührenfrei<\/del>/);
    assert.match(page.body, /<ins><span class="ed-sr-only">Neu: <\/span>Neu: 15 Euro<\/ins>/);
    assert.match(page.body, /Meine Angaben bleiben/);

    const portal = await get(`/geseke/leistungen/${SERVICE}`);
    assert.equal(portal.statusCode, 200);
    assert.match(portal.body, /Geseke: 12 Euro für die Meldebescheinigung/);
    assert.doesNotMatch(portal.body, /Neu: 15 Euro/);
    const day = new Intl.DateTimeFormat('de-DE', {
      timeZone: 'Europe/Berlin',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date());
    assert.match(
      portal.body,
      new RegExp(
        `data-testid="stale-note">Der Kreis hat diese Angabe am ${day} geändert; die Gemeinde prüft ihre eigene Angabe\\.`,
      ),
    );
    // The Kreis's own page shows its new fees and no notice.
    const kreisPage = await get(`/kreis-soest/leistungen/${SERVICE}`);
    assert.match(kreisPage.body, /Neu: 15 Euro/);
    assert.doesNotMatch(kreisPage.body, /data-testid="stale-note"/);
  });

  it('Geseke’s inbox has the item once, linking to the setting', async () => {
    const inbox = await get('/editor/inbox', 'geseke');
    assert.equal((inbox.body.match(/data-kind="stale_text"/g) ?? []).length, 1);
    assert.match(inbox.body, new RegExp(`href="${editPage}"`));
    assert.doesNotMatch((await get('/editor/inbox', 'kreis')).body, /data-kind="stale_text"/);
  });

  it('confirming needs Geseke’s session and CSRF token, and lifts the flag, the panel and the portal’s notice', async () => {
    const csrf = csrfOf((await get(editPage, 'geseke')).body);
    assert.ok(csrf);
    assert.equal((await post('geseke', `${editPage}/confirm`, { _csrf: 'falsch' })).statusCode, 403);
    const kreisCsrf = csrfOf((await get(`/editor/${KREIS}`, 'kreis')).body);
    assert.equal((await post('kreis', `${editPage}/confirm`, { _csrf: kreisCsrf })).statusCode, 403);
    assert.equal((await app.services.catalog.staleOf(asTenant(GESEKE))).length, 1, 'refused: still flagged');

    const ok = await post('geseke', `${editPage}/confirm`, { _csrf: csrf });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${editPage}?ok=confirmed`);
    const after = await get(`${editPage}?ok=confirmed`, 'geseke');
    assert.match(after.body, /Bestätigt: Ihre eigenen Angaben bleiben/);
    assert.doesNotMatch(after.body, /data-testid="stale-panel"/);
    assert.doesNotMatch((await get(`/editor/${GESEKE}`, 'geseke')).body, /data-testid="stale-flag"/);
    const portal = await get(`/geseke/leistungen/${SERVICE}`);
    assert.match(portal.body, /Geseke: 12 Euro für die Meldebescheinigung/);
    assert.doesNotMatch(portal.body, /data-testid="stale-note"/);
    // Nothing left to confirm: a second click is told so.
    assert.equal((await post('geseke', `${editPage}/confirm`, { _csrf: csrf })).statusCode, 404);
  });
});
