// The workspace list's further statuses and bulk actions (issue #13, finding 6): stale local data, broken links,
// sample data, unreviewed; "mark reviewed" and "assign a unit to many services", each confirmed before it acts.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../app/services.ts';
import type { Principal } from '../auth/auth.ts';
import { loadLinkCheckConfig } from '../links/links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from '../links/links.ts';
import { loadMailConfig } from '../notifications/index.ts';
import {
  ACCOUNTS,
  ALTDORF,
  COUNTY,
  createHttpFixture,
  fingerprint,
  type HttpFixture,
  type Signed,
} from './editor.testing.ts';

describe('the workspace list: stale, broken link, sample data, unreviewed; mark reviewed, assign a unit', () => {
  let f: HttpFixture;
  let county: Signed;
  let altdorf: Signed;
  let server: Server;
  let base = '';
  const gone = new Set<string>();
  const principal = (name: 'county' | 'altdorf'): Principal => ({
    userId: f.userIds[name],
    label: ACCOUNTS[name].email,
    name: null,
    grants: ACCOUNTS[name].grants.map((g) => ({ ...g })) as Principal['grants'],
    via: 'web',
  });

  before(async () => {
    server = createServer((req, res) => res.writeHead(gone.has(req.url ?? '') ? 404 : 200).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadLinkCheckConfig({ NODE_ENV: 'test' });
    f = await createHttpFixture({
      services: (db) =>
        createServices(db, {
          mail: loadMailConfig({ NODE_ENV: 'test' }),
          links: {
            ...config,
            checker: { ...config.checker, allowPrivateHosts: true, perHostIntervalMs: 0, timeoutMs: 2000 },
            policy: IMMEDIATE_BREAK_POLICY,
          },
        }),
    });
    county = await f.login('county');
    altdorf = await f.login('altdorf');
  });
  after(async () => {
    await f?.app.close();
    await f?.db.cleanup();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  const page = (s: Signed, url: string) => f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
  const rows = async (s: Signed, url: string) => {
    const res = await page(s, url);
    assert.equal(res.statusCode, 200, res.body.slice(0, 400));
    return [...res.body.matchAll(/name="ids" value="([^"]+)"/g)].map((m) => m[1]).sort();
  };
  const post = (s: Signed, url: string, values: Array<[string, string]>) =>
    f.app.inject({
      method: 'POST',
      url,
      cookies: { amtsweg_session: s.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', s.csrf], ...values]).toString(),
    });

  it('names the new statuses in the 400 for an unknown one', async () => {
    const res = await page(county, `/editor/${COUNTY}?status=kaputt`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Möglich: draft, scheduled, stale, broken_link, not_offered, sample, unreviewed, local/);
  });

  it('sample data: the services whose page shows a unit or contact marked as sample', async () => {
    // The mini bundle marks the Bauamt and its Bauberatung as sample; Altdorf's Baugenehmigung goes to the Kreis.
    assert.deepEqual(await rows(altdorf, `/editor/${ALTDORF}?status=sample`), [`area_service:${ALTDORF}:bauantrag`]);
    const { editor } = f.app.services;
    const view = await editor.get(principal('county'), 'authority', COUNTY, 'nord-bauamt');
    await editor.saveAndPublish(
      principal('county'),
      'authority',
      COUNTY,
      'nord-bauamt',
      { ...view.published!.doc, sample: false },
      { baseVersion: view.published!.version },
    );
    // The contact person is still sample data.
    assert.deepEqual(await rows(altdorf, `/editor/${ALTDORF}?status=sample`), [`area_service:${ALTDORF}:bauantrag`]);
  });

  it('stale: a town sees the services whose Kreis changed what the town overrides', async () => {
    const { editor } = f.app.services;
    assert.deepEqual(await rows(altdorf, `/editor/${ALTDORF}?status=stale`), []);
    await editor.saveAndPublish(
      principal('altdorf'),
      'area_service',
      ALTDORF,
      `${ALTDORF}:anmeldung`,
      { offered: true, localFees: 'In Altdorf: 8 Euro' },
      { baseVersion: null },
    );
    const svc = await editor.get(principal('county'), 'service', COUNTY, 'anmeldung');
    await editor.saveAndPublish(
      principal('county'),
      'service',
      COUNTY,
      'anmeldung',
      { ...svc.published!.doc, fees: 'Neu: 15 Euro' },
      { baseVersion: svc.published!.version },
    );
    assert.deepEqual(await rows(altdorf, `/editor/${ALTDORF}?status=stale`), [`area_service:${ALTDORF}:anmeldung`]);
  });

  it('broken link: the services whose page links somewhere the link checker found gone', async () => {
    const { editor, links } = f.app.services;
    const svc = await editor.get(principal('county'), 'service', COUNTY, 'zeugnis');
    await editor.saveAndPublish(
      principal('county'),
      'service',
      COUNTY,
      'zeugnis',
      {
        ...svc.published!.doc,
        onlineServices: [{ title: 'Online beantragen', url: `${base}/zeugnis-online`, type: 'antrag' }],
      },
      { baseVersion: svc.published!.version },
    );
    await links.check({ trigger: 'cli' });
    // The mini bundle's own links (example.org addresses) may be unreachable from here: they count as they are.
    const before = await rows(county, `/editor/${COUNTY}?status=broken_link`);
    const beforeTown = await rows(altdorf, `/editor/${ALTDORF}?status=broken_link`);
    assert.ok(!before.includes('service:zeugnis'), before.join());
    gone.add('/zeugnis-online');
    await links.check({ trigger: 'cli' });
    assert.deepEqual(await rows(county, `/editor/${COUNTY}?status=broken_link`), [...before, 'service:zeugnis'].sort());
    assert.deepEqual(
      await rows(altdorf, `/editor/${ALTDORF}?status=broken_link`),
      [...beforeTown, `area_service:${ALTDORF}:zeugnis`].sort(),
    );
  });

  it('unreviewed and "mark reviewed": confirmed first, then ticked for the tenant, audited', async () => {
    const all = await rows(county, `/editor/${COUNTY}`);
    assert.deepEqual(await rows(county, `/editor/${COUNTY}?status=unreviewed`), all);
    const plan = await post(county, `/editor/${COUNTY}/bulk?status=unreviewed`, [
      ['action', 'reviewed'],
      ['ids', 'service:anmeldung'],
      ['ids', 'service:bauantrag'],
    ]);
    assert.equal(plan.statusCode, 200);
    assert.match(plan.body, /Diese 2 Leistungen werden als geprüft markiert/);
    assert.deepEqual(await rows(county, `/editor/${COUNTY}?status=unreviewed`), all, 'the plan changed nothing');
    const done = await post(county, `/editor/${COUNTY}/bulk?status=unreviewed`, [
      ['action', 'reviewed'],
      ['confirm', '1'],
      ['ids', 'service:anmeldung'],
      ['ids', 'service:bauantrag'],
    ]);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/editor/${COUNTY}?status=unreviewed&geprueft=2`);
    assert.match((await page(county, String(done.headers.location))).body, /2 Leistungen als geprüft markiert/);
    assert.deepEqual(
      await rows(county, `/editor/${COUNTY}?status=unreviewed`),
      all.filter((r) => r !== 'service:anmeldung' && r !== 'service:bauantrag'),
    );
    assert.ok(await f.app.services.checklist.lastReview(COUNTY, 'anmeldung'));
    const entry = await f.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'review.bulk')
      .executeTakeFirstOrThrow();
    assert.equal(entry.tenantAgs, COUNTY);
    // A service of another area cannot be ticked here.
    const foreign = await post(county, `/editor/${COUNTY}/bulk`, [
      ['action', 'reviewed'],
      ['confirm', '1'],
      ['ids', 'service:altdorf-fest'],
    ]);
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /keine Leistung dieses Bereichs/);
  });

  it('assign a unit to many services: one change of the unit, after a confirmation; a stale one changes nothing', async () => {
    const { editor } = f.app.services;
    const before = await editor.get(principal('altdorf'), 'authority', ALTDORF, 'altdorf-rathaus');
    const plan = await post(altdorf, `/editor/${ALTDORF}/bulk`, [
      ['action', 'assign'],
      ['authority', 'altdorf-rathaus'],
      ['ids', `area_service:${ALTDORF}:zeugnis`],
      ['ids', `area_service:${ALTDORF}:bauantrag`],
    ]);
    assert.equal(plan.statusCode, 200, plan.body.slice(0, 400));
    assert.match(plan.body, /wird zuständige Stelle für 2 Leistungen/);
    const version = /name="version" value="(\d+)"/.exec(plan.body)?.[1];
    assert.equal(Number(version), before.published!.version);

    const unknownUnit = await post(altdorf, `/editor/${ALTDORF}/bulk`, [
      ['action', 'assign'],
      ['authority', 'nord-bauamt'],
      ['ids', `area_service:${ALTDORF}:zeugnis`],
    ]);
    assert.equal(unknownUnit.statusCode, 400);
    assert.match(unknownUnit.body, /Organisationseinheit von Altdorf auswählen \(möglich: altdorf-rathaus\)/);

    const confirm = (v: string) =>
      post(altdorf, `/editor/${ALTDORF}/bulk`, [
        ['action', 'assign'],
        ['confirm', '1'],
        ['authority', 'altdorf-rathaus'],
        ['version', v],
        ['ids', `service:zeugnis`],
        ['ids', `service:bauantrag`],
      ]);
    const done = await confirm(String(version));
    assert.equal(done.statusCode, 303, done.body.slice(0, 400));
    assert.equal(done.headers.location, `/editor/${ALTDORF}?zugeordnet=2`);
    const after = await editor.get(principal('altdorf'), 'authority', ALTDORF, 'altdorf-rathaus');
    assert.equal(after.published!.version, before.published!.version + 1, 'one new version of the unit');
    const added = after.published!.doc.assignments.slice(before.published!.doc.assignments.length);
    assert.deepEqual(
      added.map((a) => [a.serviceId, a.areaAgs, a.role]),
      [
        ['zeugnis', ALTDORF, 'zustaendige_stelle'],
        ['bauantrag', ALTDORF, 'zustaendige_stelle'],
      ],
    );
    const entries = await f.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'assign.bulk').execute();
    assert.equal(entries.length, 1);
    const revisions = await f.db.kysely
      .selectFrom('revisions')
      .select('id')
      .where('entityType', '=', 'authority')
      .where('entityId', '=', 'altdorf-rathaus')
      .execute();

    // Confirming again with the old version: 409, nothing written.
    const print = await fingerprint(f.db);
    const stale = await confirm(String(version));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Nichts wurde zugeordnet/);
    assert.equal(await fingerprint(f.db), print);

    // Everything already assigned: the plan says there is nothing to do.
    const nothing = await post(altdorf, `/editor/${ALTDORF}/bulk`, [
      ['action', 'assign'],
      ['authority', 'altdorf-rathaus'],
      ['ids', `area_service:${ALTDORF}:zeugnis`],
    ]);
    assert.match(nothing.body, /schon zuständig: Es gibt nichts zu tun/);
    assert.equal(
      (
        await f.db.kysely
          .selectFrom('revisions')
          .select('id')
          .where('entityType', '=', 'authority')
          .where('entityId', '=', 'altdorf-rathaus')
          .execute()
      ).length,
      revisions.length,
    );
  });

  it('refuses to assign while the unit has an open draft, and another tenant cannot act here', async () => {
    const { editor } = f.app.services;
    const view = await editor.get(principal('altdorf'), 'authority', ALTDORF, 'altdorf-rathaus');
    await editor.saveDraft(
      principal('altdorf'),
      'authority',
      ALTDORF,
      'altdorf-rathaus',
      { ...view.published!.doc, phone: '+49 1 999' },
      { baseVersion: view.published!.version },
    );
    const print = await fingerprint(f.db);
    const res = await post(altdorf, `/editor/${ALTDORF}/bulk`, [
      ['action', 'assign'],
      ['confirm', '1'],
      ['authority', 'altdorf-rathaus'],
      ['version', String(view.published!.version)],
      ['ids', 'service:anmeldung'],
    ]);
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /offenen Entwurf/);
    assert.equal(await fingerprint(f.db), print);
    const foreign = await post(county, `/editor/${ALTDORF}/bulk`, [
      ['action', 'reviewed'],
      ['ids', `area_service:${ALTDORF}:anmeldung`],
    ]);
    assert.equal(foreign.statusCode, 403);
  });
});
