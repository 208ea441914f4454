// Two instances on one PostgreSQL schema agree within a second after a write — learnt through LISTEN/NOTIFY, without
// a request in between: the second instance throttles its generation reads to one a minute here, so only the push
// can tell it. Its listener reconnects after its connection is killed. (SQLite has one instance per file: its
// multi-process case, a CLI import next to the server, is learnt by a read at most every GENERATION_CHECK_MS, tested
// in catalog.generation.db.test.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type Db, openDatabase } from '../db/database.ts';
import { createTestDb, postgresReachable, TEST_POSTGRES_URL, type TestDb } from '../db/testing.ts';
import { CLI_PRINCIPAL } from '../features/auth/auth.service.ts';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import { type App, buildApp } from './app.ts';
import { createServices } from './services.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two instances on one PostgreSQL schema', { skip: !(await postgresReachable()) }, () => {
  let dbA: TestDb;
  let dbB: Db;
  let a: App;
  let b: App;
  let token: string;

  before(async () => {
    dbA = await createTestDb('postgres');
    dbB = openDatabase(TEST_POSTGRES_URL, { schema: dbA.schema as string, poolSize: 4 });
    a = await buildApp({ db: dbA });
    // A minute between generation reads: whatever B learns within the test, it learns from a push.
    b = await buildApp({
      db: dbB,
      services: createServices(dbB, { listen: true, generationCheckMs: 60_000, onListenError: () => {} }),
    });
    await importBundle(a.services.catalog, MINI_BUNDLE);
    const user = await a.services.auth.createUser(
      { email: 'two@kreis.example', password: 'korrekt-pferd-batterie', grants: [{ role: 'admin', tenantAgs: '*' }] },
      CLI_PRINCIPAL,
    );
    token = (await a.services.auth.createApiToken(user.id, { name: 'two' }, CLI_PRINCIPAL)).token;
    await b.services.generationListener?.ready();
  });
  after(async () => {
    await a.close();
    await b.close();
    await b.services.close();
    await dbB.destroy();
    await dbA.cleanup();
  });

  const serviceName = async (app: App) =>
    (await app.inject({ url: '/api/v1/areas/17001002/services/bauantrag' })).json().name as string;

  async function rename(app: App, name: string): Promise<void> {
    const headers = { authorization: `Bearer ${token}` };
    const view = (await app.inject({ url: '/api/v1/editor/17001/services/bauantrag', headers })).json();
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/editor/17001/services/bauantrag',
      headers,
      payload: { data: { ...view.published.data, name }, baseVersion: view.published.version },
    });
    assert.equal(put.statusCode, 200, put.body);
  }

  it('B learns of A’s write through the push, without a request in between, within a second', async () => {
    assert.equal(b.services.generationListener?.live, true);
    for (let i = 0; i < 5; i++) {
      const before = await serviceName(b); // B has read its generation and built its snapshot
      await rename(a, `Baugenehmigung Runde ${i}`);
      assert.notEqual(before, `Baugenehmigung Runde ${i}`);
      await sleep(500); // no request to B
      assert.equal(await serviceName(b), `Baugenehmigung Runde ${i}`, `round ${i}`);
    }
  });

  it('B shows its own write at once, before any push, however long its reads are throttled', async () => {
    await rename(b, 'Baugenehmigung von B');
    assert.equal(await serviceName(b), 'Baugenehmigung von B');
    assert.equal(await serviceName(a), 'Baugenehmigung von B');
  });

  it('the listener reconnects after its connection is killed; meanwhile B reads before every answer', async () => {
    const listener = b.services.generationListener;
    assert.ok(listener);
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    const killed = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
      [`amtsweg-listen:${dbA.schema}`],
    );
    await admin.end();
    assert.ok((killed.rowCount ?? 0) >= 1, 'killed B’s (and A’s) listener');
    for (let t = 0; listener.live && t < 100; t++) await sleep(10);
    assert.equal(listener.live, false);
    // No pushes: the throttle is off, so a write on A is seen at B's next answer.
    await rename(a, 'Baugenehmigung ohne Push');
    assert.equal(await serviceName(b), 'Baugenehmigung ohne Push');
    for (let t = 0; !listener.live && t < 300; t++) await sleep(10);
    assert.equal(listener.live, true, 'reconnected within 3 s');
    await serviceName(b);
    await rename(a, 'Baugenehmigung nach dem Wiederverbinden');
    await sleep(500);
    assert.equal(await serviceName(b), 'Baugenehmigung nach dem Wiederverbinden');
  });
});
