// The town's other answer to a flag (decision 0140): "Neue Fassung übernehmen". After the owner changes the fees that
// Geseke replaces, Geseke takes the owner's new version over: its own fees go (published, versioned), the flag and
// the portal's notice go, the portal shows the owner's fees again. Other own values of the setting stay.
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

describe('taking the owner’s new version over', () => {
  let db: TestDb;
  let app: App;
  const cookies: Record<string, string> = {};
  const get = (url: string, who?: string) => app.inject({ url, headers: { cookie: who ? (cookies[who] ?? '') : '' } });
  const post = (who: string, url: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookies[who] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const editPage = `/editor/${GESEKE}/services/${SERVICE}`;
  const ownText = 'In Geseke bitte vorher einen Termin im Bürgerbüro buchen.';

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
    const actor = (who: string) => ({ userId: null, label: `redaktion@${who}.example`, via: 'web' as const });
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
        localText: ownText,
        localFees: 'Geseke: 12 Euro für die Meldebescheinigung',
        localDocuments: null,
        localOnlineServices: [],
      },
    });
    await app.services.catalog.write(local, { actor: actor('geseke'), source: 'editor' });
    const current = await app.services.catalog.readRecord('service', asTenant(KREIS), SERVICE);
    assert.ok(current);
    const set = emptyChangeSet();
    set.services.push({
      label: 'Kreis',
      value: { ...serviceFromDoc(SERVICE, KREIS, current.doc), fees: 'Neu: 15 Euro' },
      expectedVersion: current.version,
    });
    await app.services.catalog.write(set, { actor: actor('kreis'), source: 'editor' });
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('offers both answers, and only Geseke with its token may take the new version over', async () => {
    const page = await get(editPage, 'geseke');
    assert.match(page.body, /data-testid="stale-panel"/);
    assert.match(page.body, new RegExp(`action="${editPage}/take-over"`));
    assert.match(page.body, /Neue Fassung übernehmen/);
    assert.equal((await post('geseke', `${editPage}/take-over`, { _csrf: 'falsch' })).statusCode, 403);
    const kreisCsrf = csrfOf((await get(`/editor/${KREIS}`, 'kreis')).body);
    assert.equal((await post('kreis', `${editPage}/take-over`, { _csrf: kreisCsrf })).statusCode, 403);
    assert.equal((await app.services.catalog.staleOf(asTenant(GESEKE), SERVICE)).length, 1);
  });

  it('drops Geseke’s own fees, keeps its own text, lifts the flag; the portal shows the Kreis’s fees', async () => {
    const before = (await app.services.catalog.localSettingsOf(asTenant(GESEKE))).get(SERVICE);
    const csrf = csrfOf((await get(editPage, 'geseke')).body);
    const res = await post('geseke', `${editPage}/take-over`, { _csrf: csrf });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /\?ok=taken-over$/);

    const after = (await app.services.catalog.localSettingsOf(asTenant(GESEKE))).get(SERVICE);
    assert.equal(after?.localFees, null);
    assert.equal(after?.localText, ownText, 'a field the Kreis did not change keeps the town’s value');
    assert.equal(after?.version, (before?.version ?? 0) + 1, 'published as a new version');
    assert.deepEqual(await app.services.catalog.staleOf(asTenant(GESEKE), SERVICE), []);
    assert.doesNotMatch((await get(editPage, 'geseke')).body, /data-testid="stale-panel"/);

    const portal = await get(`/geseke/leistungen/${SERVICE}`);
    assert.match(portal.body, /Neu: 15 Euro/);
    assert.doesNotMatch(portal.body, /Geseke: 12 Euro/);
    assert.doesNotMatch(portal.body, /data-testid="stale-note"/);

    // Nothing left to take over.
    const again = await post('geseke', `${editPage}/take-over`, { _csrf: csrf });
    assert.notEqual(again.statusCode, 303);
  });
});
