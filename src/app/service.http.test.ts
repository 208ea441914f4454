// Running as a service, through app.inject: health, readiness with the database away, metrics, request ids,
// proxies, the input guard and non-finite numbers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { createTestDb, postgresReachable, type TestDb } from '../db/testing.ts';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import { type App, buildApp } from './app.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('running as a service', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    // A route that shows what the app believes about the client, and one that takes a JSON body.
    app.get('/test/whoami', async (request) => ({ ip: request.ip, host: request.host, protocol: request.protocol }));
    app.post('/test/echo', async (request) => ({ body: request.body }));
    await importBundle(app.services.catalog, MINI_BUNDLE);
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('answers liveness and readiness without caching, hidden from OpenAPI', async () => {
    const live = await app.inject('/healthz');
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    assert.equal(live.headers['cache-control'], 'no-store');
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, 'ok');
    assert.equal(ready.headers['cache-control'], 'no-store');
    const paths = Object.keys((await app.inject('/api/v1/openapi.json')).json().paths);
    assert.ok(!paths.some((p) => ['/healthz', '/readyz', '/metrics'].includes(p)), paths.join());
  });

  it('generates a UUID request id and echoes it, ignoring a client-sent one without a trusted proxy', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'forged-by-client' } });
    assert.match(String(res.headers['x-request-id']), UUID);
    const again = await app.inject('/healthz');
    assert.notEqual(again.headers['x-request-id'], res.headers['x-request-id']);
  });

  it('believes no X-Forwarded-* by default', async () => {
    const res = await app.inject({
      url: '/test/whoami',
      remoteAddress: '203.0.113.7',
      headers: { host: 'amtsweg.test', 'x-forwarded-for': '1.2.3.4', 'x-forwarded-host': 'evil.example' },
    });
    assert.deepEqual(res.json(), { ip: '203.0.113.7', host: 'amtsweg.test', protocol: 'http' });
  });

  it('refuses NUL and control characters in query, params and body with a 400 naming the field', async () => {
    const query = await app.inject('/api/v1/search?q=pass%00wort&ags=17001001');
    assert.equal(query.statusCode, 400);
    assert.match(String(query.headers['content-type']), /problem\+json/);
    assert.deepEqual(
      query.json().issues.map((i: { field: string }) => i.field),
      ['querystring.q'],
    );
    const param = await app.inject('/api/v1/areas/17001%01001/services');
    assert.equal(param.statusCode, 400);
    assert.equal(param.json().issues[0].field, 'params.ags');
    const body = await app.inject({ method: 'POST', url: '/test/echo', payload: { name: 'a\u0000b', text: 'x' } });
    assert.equal(body.statusCode, 400);
    assert.equal(body.json().issues[0].field, 'body.name');
    // Multi-line texts stay allowed in bodies.
    const ok = await app.inject({ method: 'POST', url: '/test/echo', payload: { text: 'Zeile 1\r\nZeile 2\tTab' } });
    assert.equal(ok.statusCode, 200);
  });

  it('refuses non-finite numbers in integer query parameters on real routes', async () => {
    for (const url of [
      '/api/v1/links/runs?limit=1e309',
      '/api/v1/areas/17001001/services?offset=Infinity',
      '/api/v1/areas/17001001/services?offset=1e400',
    ]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /problem\+json/);
      assert.match(res.json().issues[0].field, /^querystring\.(limit|offset)$/);
    }
    assert.equal((await app.inject('/api/v1/areas/17001001/services?offset=1')).statusCode, 200);
  });

  it('refuses a JSON body number that overflows to Infinity', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"n": 1e309}',
    });
    // No schema on this route: the Ajv guard does not run, but the body must not crash anything either.
    assert.ok(res.statusCode < 500);
  });

  it('serves Prometheus metrics with request counts per route pattern', async () => {
    await app.inject('/api/v1/areas/17001001/services');
    await app.inject('/api/v1/areas/17001002/services');
    const res = await app.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const text = res.body;
    assert.match(text, /process_cpu_user_seconds_total/);
    const line = text
      .split('\n')
      .find((l) => l.startsWith('amtsweg_http_requests_total{') && l.includes('route="/api/v1/areas/:ags/services"'));
    assert.ok(line, 'a series for the route pattern, not per AGS');
    assert.ok(Number(line.split(' ').pop()) >= 2, line);
    assert.match(text, /amtsweg_http_request_duration_seconds_bucket\{/);
    assert.doesNotMatch(text, /17001001/);
  });
});

describe('behind a trusted proxy', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db, trustProxy: ['127.0.0.1'], metricsToken: 's3cret-token' });
    app.get('/test/whoami', async (request) => ({ ip: request.ip, host: request.host, protocol: request.protocol }));
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('believes X-Forwarded-* only from the listed proxy', async () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-for': '198.51.100.4',
      'x-forwarded-host': 'portal.example',
      'x-forwarded-proto': 'https',
    };
    const viaProxy = await app.inject({ url: '/test/whoami', remoteAddress: '127.0.0.1', headers });
    assert.deepEqual(viaProxy.json(), { ip: '198.51.100.4', host: 'portal.example', protocol: 'https' });
    const direct = await app.inject({ url: '/test/whoami', remoteAddress: '203.0.113.9', headers });
    assert.deepEqual(direct.json(), { ip: '203.0.113.9', host: 'internal:3000', protocol: 'http' });
  });

  it("takes the proxy's X-Request-Id when valid, and replaces a malformed one", async () => {
    const ok = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'nginx-4f2a9c' } });
    assert.equal(ok.headers['x-request-id'], 'nginx-4f2a9c');
    const tooLong = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'x'.repeat(129) } });
    assert.match(String(tooLong.headers['x-request-id']), UUID);
    const spaces = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'a b' } });
    assert.match(String(spaces.headers['x-request-id']), UUID);
  });

  it('protects /metrics with the bearer token when one is configured', async () => {
    assert.equal((await app.inject('/metrics')).statusCode, 401);
    const wrong = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token!' } });
    assert.equal(wrong.statusCode, 401);
    const right = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret-token' } });
    assert.equal(right.statusCode, 200);
  });
});

describe('with the database away', () => {
  // A PostgreSQL pool pointed at a port nobody listens on: every query fails to connect.
  const db = openDatabase('postgres://nobody@127.0.0.1:9/amtsweg', { connectTimeoutMs: 500, poolSize: 2 });
  let app: App;
  before(async () => {
    app = await buildApp({ db });
  });
  after(async () => {
    await app.close();
    await db.destroy();
  });

  it('stays alive but not ready', async () => {
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.headers['retry-after'], '5');
    assert.equal(ready.json().status, 'unavailable');
  });

  it('answers API requests 503 with Retry-After, not 500', async () => {
    const res = await app.inject('/api/v1/areas');
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.headers['retry-after'], '5');
    assert.match(String(res.headers['content-type']), /problem\+json/);
    assert.equal(res.json().type, '/problems/service-unavailable');
    // Pages with their own error handlers see the same 503 (the database layer raises ServiceUnavailableError).
    const page = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    assert.equal(page.statusCode, 503, page.body);
    assert.equal(page.headers['retry-after'], '5');
    const metrics = await app.inject('/metrics');
    assert.match(metrics.body, /amtsweg_database_unavailable_total \d/);
    assert.match(metrics.body, /amtsweg_db_pool_connections\{state="waiting"\} 0/);
  });
});

describe('input guard on PostgreSQL', async () => {
  const reachable = await postgresReachable();
  let db: TestDb | undefined;
  let app: App | undefined;
  before(async () => {
    if (!reachable) return;
    db = await createTestDb('postgres');
    app = await buildApp({ db });
    await importBundle(app.services.catalog, MINI_BUNDLE);
  });
  after(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it('answers NUL in a search or an id with 400, not a database error', { skip: !reachable }, async () => {
    const pgApp = app as App;
    for (const url of [
      '/api/v1/search?q=bau%00antrag&ags=17001001',
      '/api/v1/areas/17001001/services/bau%00antrag',
      '/api/v1/links/runs?limit=1e309',
    ]) {
      const res = await pgApp.inject(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    }
    assert.equal((await pgApp.inject('/api/v1/areas/17001001/services/bauantrag')).statusCode, 200);
  });
});
