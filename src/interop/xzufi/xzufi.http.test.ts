import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { emptyChangeSet, tenantsScope } from '../../features/catalog/index.ts';
import { MINI_BUNDLE } from '../../features/responsibility/testdata/load.ts';
import { importBundle } from '../bundle/bundle-import.ts';
import { schemaErrors } from './testdata/validate-schema.ts';

const ids = (xml: string, element: string) =>
  [...xml.matchAll(new RegExp(`<xzufi:${element}>\\s*<xzufi:id[^>]*>([^<]+)<`, 'g'))].map((m) => m[1]);

describe('GET /api/v1/xzufi', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db, publicUrl: 'https://amtsweg.example' });
    await importBundle(app.services.catalog, MINI_BUNDLE);
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('streams the whole catalog as XML that our structural XSD accepts', async () => {
    const res = await app.inject('/api/v1/xzufi');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
    assert.equal(res.headers['content-length'], undefined, 'streamed, not buffered');
    assert.deepEqual(schemaErrors(res.body), []);
    assert.deepEqual(ids(res.body, 'leistung'), ['altdorf-fest', 'anmeldung', 'bauantrag', 'zeugnis']);
    assert.match(res.body, /<xzufi:kennung>https:\/\/amtsweg\.example<\/xzufi:kennung>/);
    // gebietID is the area's ARS, not its AGS
    assert.match(res.body, /<xzufi:gebietID>170010001001<\/xzufi:gebietID>/);
  });

  it('narrows to tenants and refuses an unknown one, naming what is allowed', async () => {
    const town = await app.inject('/api/v1/xzufi?tenant=17001001');
    assert.equal(town.statusCode, 200);
    assert.deepEqual(ids(town.body, 'leistung'), ['altdorf-fest']);
    const bad = await app.inject('/api/v1/xzufi?tenant=99999');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ detail: string }>().detail, /unknown tenant 99999; allowed: the AGS of an area/);
  });

  it('since: only what changed since then, and loesche for what was removed', async () => {
    const before = new Date().toISOString();
    const none = await app.inject(`/api/v1/xzufi?since=${encodeURIComponent(before)}`);
    assert.equal(none.statusCode, 200);
    assert.deepEqual(ids(none.body, 'leistung'), []);
    assert.deepEqual(schemaErrors(none.body), []);

    const { catalog } = app.services;
    const county = tenantsScope(['17001']) ?? assert.fail();
    const zeugnis = (await catalog.readTenants(county)).services.find((s) => s.id === 'zeugnis');
    assert.ok(zeugnis);
    await catalog.applyChangeSet({
      ...emptyChangeSet(),
      services: [{ label: 't', value: { ...zeugnis, name: 'Zeugnis (neu)' } }],
      removals: [{ label: 't', value: { type: 'service', id: 'altdorf-fest', tenantAgs: '17001001' } }],
    });
    const delta = await app.inject(`/api/v1/xzufi?since=${encodeURIComponent(before)}`);
    assert.deepEqual(ids(delta.body, 'leistung'), ['zeugnis']);
    assert.match(delta.body, /<xzufi:loesche klasse="Leistung">\s*<xzufi:id[^>]*>altdorf-fest</);
    assert.deepEqual(schemaErrors(delta.body), []);

    const bad = await app.inject('/api/v1/xzufi?since=gestern');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ detail: string }>().detail, /allowed: YYYY-MM-DD or an ISO 8601 date-time/);
  });
});
