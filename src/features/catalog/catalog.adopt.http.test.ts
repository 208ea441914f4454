// National texts with local additions (issue 12, decision 0238): the Kreis adopts a service the Bund owns with a
// local part of its own; every town of the Kreis shows it, a town's own setting wins over it; a re-import that
// changes the Bund's text flags the Kreis (the tenant that holds the setting), and its panel names the Bund.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { seedDatabase } from '../../app/seed.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { CLI_PRINCIPAL, principalOf } from '../auth/auth.service.ts';
import type { Principal } from '../auth/auth.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { asTenant } from './catalog.tenant.ts';

const PASSWORD = 'korrekt-pferd-batterie';
const BUND = '00';
const KREIS = '05974';
const GESEKE = '05974020';
const ERWITTE = '05974016';
const SERVICE = 'bund-beispiel';

/** A small cut: the Bund, a Land, a Kreis with two Gemeinden, and one service the Bund owns (test data). */
const fixture = (fullText: string) => `format: amtsweg-bundle/1
areaKinds:
  - { code: bund, name: Bund, tiers: [bund] }
  - { code: land, name: Land, tiers: [land] }
  - { code: kreis, name: Kreis, tiers: [kreis] }
  - { code: gemeinde, name: Gemeinde, tiers: [gemeinde] }
areas:
  - { ags: "00", ars: "000000000000", name: Deutschland, kind: bund, slug: deutschland }
  - { ags: "05", ars: "050000000000", name: Nordrhein-Westfalen, kind: land, parent: "00", slug: nrw }
  - { ags: "05974", ars: "059740000000", name: Kreis Soest, kind: kreis, parent: "05", slug: kreis-soest }
  - { ags: "05974020", ars: "059740020020", name: Geseke, kind: gemeinde, parent: "05974", slug: geseke }
  - { ags: "05974016", ars: "059740016016", name: Erwitte, kind: gemeinde, parent: "05974", slug: erwitte }
lebenslagen:
  - { id: umzug, name: Umzug, position: 1 }
services:
  - id: ${SERVICE}
    tenant: "00"
    name: Beispielleistung des Bundes
    lebenslagen: [umzug]
    teaser: Eine Leistung, deren Text der Bund schreibt.
    fullText: "${fullText}"
    responsibility: { default: gemeinde }
`;

function bundle(fullText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-adopt-'));
  writeFileSync(join(dir, 'bund-cut.yaml'), fixture(fullText));
  return dir;
}

describe('a Kreis adopts a Bund service with a local part (decision 0238)', () => {
  let db: TestDb;
  let app: App;
  const cookies: Record<string, string> = {};
  const principals: Record<string, Principal> = {};
  const get = (url: string, who?: string) => app.inject({ url, headers: { cookie: who ? (cookies[who] ?? '') : '' } });

  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db, services: createServices(db, { mail: loadMailConfig({ NODE_ENV: 'test' }) }) });
    await seedDatabase(app.services, bundle('Bundestext, erste Fassung.'));
    for (const [who, role, tenantAgs] of [
      ['kreis', 'county_editor', KREIS],
      ['geseke', 'town_editor', GESEKE],
    ] as const) {
      const email = `redaktion@${who}.example`;
      const user = await app.services.auth.createUser(
        { email, password: PASSWORD, grants: [{ role, tenantAgs }] },
        CLI_PRINCIPAL,
      );
      principals[who] = principalOf(user, user.grants, 'web');
      cookies[who] = `amtsweg_session=${(await app.services.auth.login({ email, password: PASSWORD })).token}`;
    }
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('lists the Bund service in the Kreis workspace and opens it as the Kreis’s setting', async () => {
    const list = await get(`/editor/${KREIS}`, 'kreis');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="/editor/${KREIS}/services/${SERVICE}"`));
    const kind = await app.services.editor.serviceKind(principals.kreis!, KREIS, SERVICE);
    assert.deepEqual(kind, { type: 'area_service', id: `${KREIS}:${SERVICE}` });
    const page = await get(`/editor/${KREIS}/services/${SERVICE}`, 'kreis');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="localText"/);
  });

  it('the Kreis’s local part shows in every town of the Kreis', async () => {
    const { editor } = app.services;
    const kind = await editor.serviceKind(principals.kreis!, KREIS, SERVICE);
    await editor.saveAndPublish(principals.kreis!, 'area_service', KREIS, kind.id, {
      offered: 'true',
      localText: 'Kreis Soest: Termine über das Kreishaus.',
    });
    for (const town of [GESEKE, ERWITTE]) {
      const resolved = await app.services.catalog.getAreaService(town, SERVICE);
      assert.equal(resolved.localText, 'Kreis Soest: Termine über das Kreishaus.', town);
      assert.equal(resolved.localFrom, KREIS);
    }
    for (const slug of ['geseke', 'erwitte']) {
      const page = await get(`/${slug}/leistungen/${SERVICE}`);
      assert.equal(page.statusCode, 200, slug);
      assert.match(page.body, /Kreis Soest: Termine über das Kreishaus\./, slug);
      // Headed with who wrote it, not as the town's own note.
      assert.match(page.body, /Hinweise aus Kreis Soest/, slug);
    }
  });

  it('a town’s own setting wins over the Kreis’s', async () => {
    const { editor } = app.services;
    const kind = await editor.serviceKind(principals.geseke!, GESEKE, SERVICE);
    assert.deepEqual(kind, { type: 'area_service', id: `${GESEKE}:${SERVICE}` });
    await editor.saveAndPublish(principals.geseke!, 'area_service', GESEKE, kind.id, {
      offered: 'true',
      localText: 'Geseke: Termine im Bürgerbüro.',
    });
    const geseke = await get(`/geseke/leistungen/${SERVICE}`);
    assert.match(geseke.body, /Geseke: Termine im Bürgerbüro\./);
    assert.doesNotMatch(geseke.body, /Hinweise aus Kreis Soest/);
    assert.doesNotMatch(geseke.body, /Termine über das Kreishaus/);
    const erwitte = await get(`/erwitte/leistungen/${SERVICE}`);
    assert.match(erwitte.body, /Kreis Soest: Termine über das Kreishaus\./);
    assert.equal((await app.services.catalog.getAreaService(GESEKE, SERVICE)).localFrom, GESEKE);
  });

  it('a re-import changing the Bund’s text flags the Kreis, and its panel names the Bund', async () => {
    await importBundle(app.services.catalog, bundle('Bundestext, zweite Fassung.'), { source: 'bundle' });
    const kreisMarks = await app.services.catalog.staleOf(asTenant(KREIS));
    assert.deepEqual(
      kreisMarks.map((m) => [m.serviceId, m.field, m.ownerAgs]),
      [[SERVICE, 'fullText', BUND]],
    );
    // Geseke adopted the text too (its own local part): it is flagged as well, every adopting tenant is.
    assert.deepEqual(
      (await app.services.catalog.staleOf(asTenant(GESEKE))).map((m) => [m.serviceId, m.field, m.ownerAgs]),
      [[SERVICE, 'fullText', BUND]],
    );
    // Erwitte holds no setting of its own: nothing to flag there; its page says the Bund changed the text.
    assert.deepEqual(await app.services.catalog.staleOf(asTenant(ERWITTE)), []);
    const list = await get(`/editor/${KREIS}`, 'kreis');
    assert.match(list.body, /data-testid="stale-flag"> Bund hat geändert – eigene Angaben prüfen/);
    const page = await get(`/editor/${KREIS}/services/${SERVICE}`, 'kreis');
    assert.match(page.body, /data-testid="stale-panel"/);
    assert.match(page.body, /Der Bund hat geändert, was Sie mit eigenen Angaben ersetzen/);
    assert.match(page.body, /Volltext \(Bund, geändert am /);
    assert.doesNotMatch(page.body, /Der Kreis hat geändert/);
    assert.match(page.body, /<ins><span class="ed-sr-only">Neu: <\/span>Bundestext, zweite Fassung\.<\/ins>/);
    const erwitte = await get(`/erwitte/leistungen/${SERVICE}`);
    assert.match(erwitte.body, /data-testid="stale-note">Der Bund hat diese Angabe am /);
    // "Neue Fassung übernehmen": the Kreis drops its local part; Erwitte shows the Bund's text alone again.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const taken = await app.inject({
      method: 'POST',
      url: `/editor/${KREIS}/services/${SERVICE}/take-over`,
      headers: { cookie: cookies.kreis ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(taken.statusCode, 303);
    assert.deepEqual(await app.services.catalog.staleOf(asTenant(KREIS)), []);
    const after = await get(`/erwitte/leistungen/${SERVICE}`);
    assert.match(after.body, /Bundestext, zweite Fassung\./);
    assert.doesNotMatch(after.body, /Termine über das Kreishaus|data-testid="stale-note"/);
  });
});
