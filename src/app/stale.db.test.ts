// The database goes away under a running instance (PostgreSQL behind a TCP relay that the test cuts): reads the
// instance has answered before keep coming from its last good snapshot and say so (header, page notice, no caching),
// what it never loaded and every write answer 503 with Retry-After, /readyz is 503 — and when the database is back
// everything is fresh again without a restart. PostgreSQL only: an SQLite file does not go away under its process.
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Db, openDatabase } from '../db/database.ts';
import { createTestDb, postgresReachable, TEST_POSTGRES_URL, type TestDb } from '../db/testing.ts';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import { type App, buildApp } from './app.ts';
import { createServices } from './services.ts';
import { STALE_HEADER } from './stale.ts';

/** A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
function relay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      const listening = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const [s, other] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          sockets.add(s);
          s.on('error', () => other.destroy());
          s.on('close', () => {
            sockets.delete(s);
            other.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });
  return {
    open,
    url: () => {
      const u = new URL(target);
      u.host = `127.0.0.1:${port}`;
      return u.toString();
    },
    async cut() {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      server = null;
    },
  };
}

describe('an outage of the database under a running instance', { skip: !(await postgresReachable()) }, () => {
  let data: TestDb;
  let db: Db;
  let app: App;
  const link = relay(new URL(TEST_POSTGRES_URL));

  before(async () => {
    data = await createTestDb('postgres');
    await link.open();
    db = openDatabase(link.url(), { schema: data.schema as string, poolSize: 3, connectTimeoutMs: 5000 });
    app = await buildApp({ db, services: createServices(db, { listen: true, onListenError: () => {} }) });
    await importBundle(app.services.catalog, MINI_BUNDLE);
  });
  after(async () => {
    await app.close();
    await app.services.close();
    await db.destroy();
    await data.cleanup();
    await link.cut();
  });

  const html = { accept: 'text/html' };

  it('serves what it has answered before from its last snapshot, marked stale; the rest and writes are 503', async () => {
    const api = await app.inject({ url: '/api/v1/areas/17001002/services/bauantrag' });
    assert.equal(api.statusCode, 200);
    assert.equal(api.headers[STALE_HEADER], undefined);
    const page = await app.inject({ url: '/neustadt/', headers: html });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /nicht erreichbar/);

    await link.cut();
    const cutAt = Date.now();
    // The listener notices at once; until then the last read was fresh enough (≤ GENERATION_CHECK_MS) anyway.
    for (let i = 0; app.services.generationListener?.live && i < 100; i++) await new Promise((r) => setTimeout(r, 20));

    const staleApi = await app.inject({ url: '/api/v1/areas/17001002/services/bauantrag' });
    assert.equal(staleApi.statusCode, 200, `${staleApi.body} ${JSON.stringify(staleApi.headers)}`);
    assert.equal(staleApi.json().name, api.json().name);
    assert.ok(
      Date.parse(String(staleApi.headers[STALE_HEADER])) >= cutAt - 1000,
      String(staleApi.headers[STALE_HEADER]),
    );
    assert.match(String(staleApi.headers.warning), /^110 /);
    assert.equal(staleApi.headers['cache-control'], 'no-store');

    const stalePage = await app.inject({ url: '/neustadt/', headers: html });
    assert.equal(stalePage.statusCode, 200);
    assert.match(stalePage.body, /Die Datenbank ist gerade nicht erreichbar/);

    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 503);

    // Never loaded (another county's snapshot would be needed): no data to serve, so 503 with Retry-After.
    const search = await app.inject({ url: '/api/v1/editor/17001/services/bauantrag' });
    assert.ok([401, 503].includes(search.statusCode), `${search.statusCode}`);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { areaAgs: '17001002', message: 'x' },
    });
    assert.ok(write.statusCode === 503 || write.statusCode === 404 || write.statusCode === 400, `${write.statusCode}`);
    if (write.statusCode === 503) assert.ok(write.headers['retry-after']);
  });

  it('recovers without a restart: fresh answers, no notice, ready again', async () => {
    await link.open();
    let res = await app.inject({ url: '/api/v1/areas/17001002/services/bauantrag' });
    for (let i = 0; res.headers[STALE_HEADER] !== undefined && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await app.inject({ url: '/api/v1/areas/17001002/services/bauantrag' });
    }
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers[STALE_HEADER], undefined);
    const page = await app.inject({ url: '/neustadt/', headers: html });
    assert.doesNotMatch(page.body, /nicht erreichbar/);
    assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
    const listener = app.services.generationListener;
    for (let i = 0; !listener?.live && i < 100; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(listener?.live, true, 'the listener is back too');
  });
});
