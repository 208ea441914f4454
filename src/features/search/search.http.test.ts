import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';

interface Item {
  id: string;
  name: string;
  score: number;
  url: string;
  responsible: { level: string; areaAgs: string; areaName: string; authorityName: string | null };
}

describe('search API v1', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    await importBundle(app.services.catalog, MINI_BUNDLE);
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  const get = async (url: string) => {
    const res = await app.inject(url);
    return { status: res.statusCode, body: res.json() as { items: Item[]; didYouMean?: string } };
  };

  it('finds a service with typos and without umlauts, with score and responsibility marker', async () => {
    const { status, body } = await get(`/api/v1/search?q=${encodeURIComponent('baugenemigung')}&ags=17001001`);
    assert.equal(status, 200);
    assert.equal(body.items[0]?.id, 'bauantrag');
    assert.equal(body.items[0]?.responsible.level, 'kreis');
    assert.ok((body.items[0]?.score ?? 0) > 0);
    const z = await get('/api/v1/search?q=fuehrungszeugnis&ags=17001001');
    assert.equal(z.body.items[0]?.id, 'zeugnis');
  });

  it('answers lean hits (what a result list shows) with a link to the whole service', async () => {
    const { body } = await get(`/api/v1/search?q=${encodeURIComponent('baugenemigung')}&ags=17001001`);
    const hit = body.items[0]!;
    assert.deepEqual(Object.keys(hit).sort(), [
      'id',
      'leikaKey',
      'name',
      'notOffered',
      'responsible',
      'score',
      'teaser',
      'url',
    ]);
    assert.equal(hit.url, '/api/v1/areas/17001001/services/bauantrag');
    const full = await app.inject(hit.url);
    assert.equal(full.statusCode, 200);
    const service = full.json() as { name: string; responsible: { areaName: string; authority: { name: string } } };
    assert.equal(service.name, hit.name);
    assert.equal(service.responsible.areaName, hit.responsible.areaName);
    assert.equal(service.responsible.authority?.name ?? null, hit.responsible.authorityName);
  });

  it("shows a town's own services only in that town", async () => {
    assert.equal((await get('/api/v1/search?q=dorffest&ags=17001001')).body.items[0]?.id, 'altdorf-fest');
    assert.equal((await get('/api/v1/search?q=dorffest&ags=17001002')).body.items.length, 0);
  });

  it('suggests as you type', async () => {
    const res = await app.inject('/api/v1/suggest?q=F%C3%BChrungsz&ags=17001001');
    assert.equal(res.statusCode, 200);
    const { items } = res.json() as { items: { id: string; name: string; level: string }[] };
    assert.equal(items[0]?.id, 'zeugnis');
    assert.ok(items[0]?.name && items[0]?.level);
  });

  it('never fails on bad input', async () => {
    const nasty = ['', ' ', "'; drop table services; --", '.*(?:[\\', '🐶🐕', 'x'.repeat(2500), '%', '\u202e'];
    for (const q of nasty) {
      const { status, body } = await get(`/api/v1/search?q=${encodeURIComponent(q)}&ags=17001001`);
      assert.equal(status, 200, `q=${JSON.stringify(q.slice(0, 20))}`);
      assert.ok(Array.isArray(body.items));
      assert.equal((await app.inject(`/api/v1/suggest?q=${encodeURIComponent(q)}&ags=17001001`)).statusCode, 200);
    }
    assert.equal((await get('/api/v1/search?ags=17001001')).status, 200);
    // Control characters never reach the index or the database: 400 naming the field (input guard).
    const control = await get(`/api/v1/search?q=${encodeURIComponent('\u0001\u0002\u0007')}&ags=17001001`);
    assert.equal(control.status, 400);
    assert.match(JSON.stringify(control.body), /q/);
  });

  it('answers 404 problem+json for an unknown area', async () => {
    const res = await app.inject('/api/v1/search?q=bau&ags=99999999');
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /problem\+json/);
  });

  it('counts zero-result queries, normalised and per area', async () => {
    await get('/api/v1/search?q=Qwertzuiop%20Xy&ags=17001002');
    await get('/api/v1/search?q=qwertzuiop%20%20XY!&ags=17001002');
    // What citizens typed is for editors only (src/features/feedback/feedback.http.test.ts signs in and reads it).
    assert.equal((await app.inject('/api/v1/search/misses?ags=17001002')).statusCode, 401);
    const items = await app.services.search.misses('17001002');
    const miss = items.find((m) => m.query === 'qwertzuiop xy');
    assert.equal(miss?.count, 2);
    assert.equal(miss?.areaAgs, '17001002');
    await assert.rejects(app.services.search.misses('99999999'), /99999999/);
  });

  it('rebuilds the index when the catalog changes on another instance, and when synonyms change', async () => {
    const other = createServices(db); // a second app instance on the same database
    assert.equal((await other.search.search('17001001', 'Sperrmuell')).items.length, 0);
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-search-'));
    writeFileSync(
      join(dir, 'extra.yaml'),
      'services:\n  - id: sperrmuell\n    tenant: "17001"\n    name: Sperrmüll anmelden\n    responsibility: { default: kreis }\n',
    );
    await importBundle(app.services.catalog, dir);
    assert.equal((await other.search.search('17001001', 'Sperrmuell')).items[0]?.id, 'sperrmuell');

    assert.equal((await other.search.search('17001001', 'Gerümpel')).items.length, 0);
    await app.services.search.addSynonym({ term: 'Gerümpel', expansions: ['Sperrmüll'] });
    assert.equal((await other.search.search('17001001', 'Gerümpel')).items[0]?.id, 'sperrmuell');
    await app.services.search.removeSynonym('gerumpel');
    assert.equal((await other.search.search('17001001', 'Gerümpel')).items.length, 0);
  });

  it("shares the Land's services between counties' indexes and keeps a town's own services its own", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-search-'));
    writeFileSync(
      join(dir, 'layers.yaml'),
      [
        'services:',
        '  - id: landeszuschuss',
        '    tenant: "17"',
        '    name: Landeszuschuss für Dorfläden beantragen',
        '    responsibility: { default: land }',
        '  - id: sonderhausen-dorfladen',
        '    tenant: "17001003"',
        '    name: Dorfladen Sonderhausen Marktstand mieten',
        '    responsibility: { default: gemeinde }',
        '',
      ].join('\n'),
    );
    await importBundle(app.services.catalog, dir);
    // The Land's service: in a town with its own services (Altdorf), one without (17001002) and another county.
    for (const ags of ['17001001', '17001002', '17001003', '17002000']) {
      assert.equal((await get(`/api/v1/search?q=landeszuschuss&ags=${ags}`)).body.items[0]?.id, 'landeszuschuss', ags);
    }
    // A town's own service only in that town, though every index shares the Land's layer.
    assert.equal((await get('/api/v1/search?q=marktstand&ags=17001003')).body.items[0]?.id, 'sonderhausen-dorfladen');
    for (const ags of ['17001001', '17001002', '17002000']) {
      const { body } = await get(`/api/v1/search?q=marktstand&ags=${ags}`);
      assert.ok(!body.items.some((i) => i.id === 'sonderhausen-dorfladen'), ags);
    }
    assert.equal((await get('/api/v1/search?q=dorffest&ags=17001003')).body.items.length, 0);
    // Both layers meet in one ranking: "Dorfladen" is in the Land's name and the town's.
    const both = await get('/api/v1/search?q=dorfladen&ags=17001003');
    assert.deepEqual(both.body.items.map((i) => i.id).sort(), ['landeszuschuss', 'sonderhausen-dorfladen']);

    // A write to the Land's service reaches every county's index (the Land's layer is built again) …
    writeFileSync(
      join(dir, 'layers.yaml'),
      'services:\n  - id: landeszuschuss\n    tenant: "17"\n    name: Landesprämie für Dorfläden beantragen\n    responsibility: { default: land }\n',
    );
    await importBundle(app.services.catalog, dir);
    for (const ags of ['17001001', '17001003', '17002000']) {
      assert.equal((await get(`/api/v1/search?q=landesprämie&ags=${ags}`)).body.items[0]?.id, 'landeszuschuss', ags);
    }
    // … and a write below the county keeps it, with the county's change in the county's index.
    writeFileSync(
      join(dir, 'layers.yaml'),
      'services:\n  - id: sonderhausen-dorfladen\n    tenant: "17001003"\n    name: Dorfladen Sonderhausen Wochenmarkt mieten\n    responsibility: { default: gemeinde }\n',
    );
    await importBundle(app.services.catalog, dir);
    assert.equal((await get('/api/v1/search?q=wochenmarkt&ags=17001003')).body.items[0]?.id, 'sonderhausen-dorfladen');
    assert.equal((await get('/api/v1/search?q=marktstand&ags=17001003')).body.items.length, 0);
    assert.equal((await get('/api/v1/search?q=landesprämie&ags=17001003')).body.items[0]?.id, 'landeszuschuss');
  });

  it("finds a Leistung the Kreis describes itself as the Kreis's in its towns and as the Land's elsewhere", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-search-'));
    writeFileSync(
      join(dir, 'hidden.yaml'),
      [
        'services:',
        '  - id: land-fischereischein',
        '    tenant: "17"',
        '    name: Fischereischein Landesvorlage beantragen',
        '    leikaKey: "99091001000000"',
        '    responsibility: { default: land }',
        '  - id: kreis-fischereischein',
        '    tenant: "17001"',
        '    name: Fischereischein beim Kreis beantragen',
        '    leikaKey: "99091001000000"',
        '    responsibility: { default: kreis }',
        '',
      ].join('\n'),
    );
    await importBundle(app.services.catalog, dir);
    // The other county first: its index builds the Land's layer, which the Kreis's towns must not share as it is.
    const ids = async (ags: string) =>
      (await get(`/api/v1/search?q=fischereischein&ags=${ags}`)).body.items.map((i) => i.id);
    assert.deepEqual(await ids('17002000'), ['land-fischereischein']);
    for (const ags of ['17001001', '17001002']) assert.deepEqual(await ids(ags), ['kreis-fischereischein'], ags);
    assert.deepEqual(await ids('17002000'), ['land-fischereischein']);
  });

  it("builds every county's index ahead (the server's warm-up) without changing an answer", async () => {
    const before = await get('/api/v1/search?q=dorfladen&ags=17001003');
    app.services.search.clearCaches();
    assert.deepEqual(await app.services.search.warmUp(), { indexes: 2 }); // Kreis 17001 and Großstadt
    assert.deepEqual(
      (await app.services.search.search('17001003', 'dorfladen')).items.map((i) => [i.id, i.score]),
      before.body.items.map((i) => [i.id, i.score]),
    );
  });

  it('seeds the synonym list on first use', async () => {
    const list = await app.services.search.listSynonyms();
    assert.ok(list.some((s) => s.key === 'perso'));
  });
});
