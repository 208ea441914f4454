import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type App, buildApp } from '../../app/app.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';

describe('catalog API v1', () => {
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

  it('lists areas with AGS, ARS, kind and parent', async () => {
    const res = await app.inject('/api/v1/areas');
    assert.equal(res.statusCode, 200);
    const { items } = res.json() as { items: Array<Record<string, unknown>> };
    const neustadt = items.find((a) => a.ags === '17001002');
    assert.deepEqual(
      { ars: neustadt?.ars, name: neustadt?.name, kind: neustadt?.kind, parentAgs: neustadt?.parentAgs },
      { ars: '170010002002', name: 'Neustadt', kind: 'mittlere_stadt', parentAgs: '17001' },
    );
  });

  it("answers a town's whole list with the county's services marked", async () => {
    const res = await app.inject('/api/v1/areas/17001001/services');
    assert.equal(res.statusCode, 200);
    const body = res.json() as {
      items: Array<{ id: string; ownerAgs: string; responsible: { level: string; areaAgs: string } }>;
      total: number;
    };
    assert.equal(body.total, 4);
    const bau = body.items.find((s) => s.id === 'bauantrag');
    assert.equal(bau?.responsible.level, 'kreis');
    assert.equal(bau?.responsible.areaAgs, '17001');
    const own = body.items.find((s) => s.id === 'altdorf-fest');
    assert.equal(own?.ownerAgs, '17001001');
  });

  it('leaves the long texts out of lists unless asked for them', async () => {
    const summary = (await app.inject('/api/v1/areas/17001001/services')).json() as {
      items: Array<Record<string, unknown>>;
    };
    assert.ok(summary.items.every((s) => !('fullText' in s) && 'teaser' in s && 'responsible' in s));
    const full = (await app.inject('/api/v1/areas/17001001/services?full=true')).json() as {
      items: Array<Record<string, unknown>>;
    };
    assert.ok(full.items.every((s) => 'fullText' in s && 'textModules' in s));
  });

  it('filters by Lebenslage and paginates', async () => {
    const filtered = (await app.inject('/api/v1/areas/17001001/services?lebenslage=umzug')).json() as {
      items: Array<{ id: string }>;
    };
    assert.deepEqual(
      filtered.items.map((s) => s.id),
      ['anmeldung'],
    );
    const page = (await app.inject('/api/v1/areas/17001001/services?limit=1&offset=1')).json() as {
      items: unknown[];
      total: number;
    };
    assert.equal(page.items.length, 1);
    assert.equal(page.total, 4);
  });

  it('answers one service with authority, opening hours state, contacts, rule and legal basis', async () => {
    const res = await app.inject('/api/v1/areas/17001002/services/bauantrag');
    assert.equal(res.statusCode, 200);
    const s = res.json() as {
      responsible: {
        level: string;
        rule: { kind: string };
        legalBasis: string;
        authority: Record<string, unknown> & { id: string };
        contacts: unknown;
      };
    };
    assert.equal(s.responsible.level, 'gemeinde');
    assert.equal(s.responsible.rule.kind, 'area_kind');
    assert.equal(s.responsible.legalBasis, '§ 2 TestBauO');
    assert.equal(s.responsible.authority.id, 'neustadt-bauamt');
    assert.ok('openNow' in s.responsible.authority);
    assert.ok(Array.isArray(s.responsible.contacts));
  });

  it('finds a service by its LeiKa key, as a path segment or a list filter', async () => {
    const one = await app.inject('/api/v1/areas/17001001/services/99115005104000');
    assert.equal(one.statusCode, 200);
    assert.equal((one.json() as { id: string }).id, 'anmeldung');
    const list = (await app.inject('/api/v1/areas/17001001/services?leikaKey=99115005104000')).json() as {
      items: Array<{ id: string }>;
    };
    assert.deepEqual(
      list.items.map((s) => s.id),
      ['anmeldung'],
    );
    assert.equal((await app.inject('/api/v1/areas/17001001/services/99000000000000')).statusCode, 404);
    assert.equal((await app.inject('/api/v1/areas/17001001/services?leikaKey=123')).statusCode, 400);
  });

  it('sends ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
    const first = await app.inject('/api/v1/areas/17001001/services/anmeldung');
    const etag = first.headers.etag as string;
    assert.ok(etag);
    assert.match(String(first.headers['cache-control']), /max-age=\d+/);
    const second = await app.inject({
      url: '/api/v1/areas/17001001/services/anmeldung',
      headers: { 'if-none-match': etag },
    });
    assert.equal(second.statusCode, 304);
  });

  it("exports a town's list as CSV for spreadsheets, safe against formula injection", async () => {
    const res = await app.inject('/api/v1/areas/17001002/services.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    assert.match(String(res.headers['content-disposition']), /leistungen-neustadt\.csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 1 + 3, 'header and three services');
    assert.match(lines[0]!, /^Leistung-ID;Leistung;LeiKa-Schlüssel;Zuständige Ebene/);
    const bau = lines.find((l) => l.startsWith('bauantrag;'));
    assert.match(bau ?? '', /;Gemeinde;Neustadt;Neustadt ist mittlere Stadt mit eigener Bauaufsicht\.;/);
  });

  it('serves a cached list until the catalog changes, with a stable ETag in between', async () => {
    const first = await app.inject('/api/v1/areas/17001001/services');
    const again = await app.inject({
      url: '/api/v1/areas/17001001/services',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
    writeFileSync(
      join(dir, 'rename.yaml'),
      'services:\n  - { id: altdorf-fest, tenant: "17001001", name: Altdorfer Kirmes anmelden, responsibility: { default: gemeinde } }\n',
    );
    await importBundle(app.services.catalog, dir);
    const changed = await app.inject({
      url: '/api/v1/areas/17001001/services',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(changed.statusCode, 200);
    assert.ok(
      (changed.json() as { items: Array<{ name: string }> }).items.some((s) => s.name === 'Altdorfer Kirmes anmelden'),
    );
  });

  it('answers lists and single services compressed as asked, each variant with its own ETag and its 304', async () => {
    for (const url of ['/api/v1/areas/17001001/services?full=true', '/api/v1/areas/17001001/services/anmeldung']) {
      const plain = await app.inject(url);
      const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br;q=0' } });
      const bodyLength = plain.rawPayload.length;
      assert.equal(plain.headers['content-encoding'], undefined, url);
      if (bodyLength >= 1024) {
        assert.equal(br.headers['content-encoding'], 'br', url);
        assert.equal(gz.headers['content-encoding'], 'gzip', url);
        assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body, url);
        assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body, url);
        assert.notEqual(br.headers.etag, plain.headers.etag, url);
        assert.notEqual(gz.headers.etag, br.headers.etag, url);
      }
      assert.match(String(br.headers.vary), /accept-encoding/, url);
      // The same generation gives the same tag: derived from it, not from a per-response hash.
      assert.equal((await app.inject(url)).headers.etag, plain.headers.etag, url);
      const revalidated = await app.inject({
        url,
        headers: { 'accept-encoding': 'gzip, deflate, br', 'if-none-match': String(br.headers.etag) },
      });
      assert.equal(revalidated.statusCode, 304, url);
    }
  });

  it('answers unknown areas and services with 404 problem+json', async () => {
    for (const url of [
      '/api/v1/areas/17009999/services',
      '/api/v1/areas/17001001/services/gibt-es-nicht',
      '/api/v1/areas/17001002/services/altdorf-fest',
      '/api/v1/areas/17001001/services?lebenslage=gibt-es-nicht',
    ]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal((res.json() as { status: number }).status, 404);
    }
  });

  it('answers malformed keys with 400 naming the field', async () => {
    const res = await app.inject('/api/v1/areas/12ab/services');
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const body = res.json() as { issues: Array<{ field: string }> };
    assert.ok(
      body.issues.some((i) => i.field.includes('ags')),
      JSON.stringify(body),
    );
    const bad = await app.inject('/api/v1/areas/17001001/services?limit=0');
    assert.equal(bad.statusCode, 400);
    assert.ok((bad.json() as { issues: Array<{ field: string }> }).issues.some((i) => i.field.includes('limit')));
  });

  it('publishes an OpenAPI 3.1 document with the stable paths', async () => {
    const res = await app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\.1/);
    for (const path of ['/api/v1/areas', '/api/v1/areas/{ags}/services', '/api/v1/areas/{ags}/services/{serviceId}']) {
      assert.ok(doc.paths[path], `documents ${path}`);
    }
    const ui = await app.inject('/api/v1/docs/');
    assert.ok([200, 302].includes(ui.statusCode));
  });
});
