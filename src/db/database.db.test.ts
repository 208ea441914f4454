// The database survives its server going away and other writers: PostgreSQL pool recovery after
// pg_terminate_backend, SQLite writes waiting for another connection's write lock.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { ServiceUnavailableError } from '../shared/errors.ts';
import { classifyDatabaseError, type Db, openDatabase } from './database.ts';
import { postgresReachable, TEST_POSTGRES_URL } from './testing.ts';

describe('PostgreSQL: pool recovery', async () => {
  const reachable = await postgresReachable();
  let db: Db;
  const poolErrors: Error[] = [];
  before(() => {
    if (reachable) db = openDatabase(TEST_POSTGRES_URL, { poolSize: 3, onPoolError: (e) => poolErrors.push(e) });
  });
  after(async () => {
    await db?.destroy();
  });

  /** Backend pids of this pool's connections only: other engineers' tests share the server. */
  async function poolPids(n: number): Promise<number[]> {
    const rows = await Promise.all(
      Array.from({ length: n }, () =>
        sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.1)`.execute(db.kysely),
      ),
    );
    return [...new Set(rows.map((r) => Number(r.rows[0]?.pid)))];
  }

  async function terminate(pids: number[]): Promise<void> {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids]);
    } finally {
      await admin.end();
    }
  }

  it('survives pg_terminate_backend on idle connections and queries again', { skip: !reachable }, async () => {
    const pids = await poolPids(3);
    assert.equal(pids.length, 3);
    assert.equal(db.poolStats?.().idle, 3);
    await terminate(pids);
    // The idle clients' sockets close; without the pool's error listener this would end the process.
    // Wait until every terminated client has been reported and dropped: on a busy machine the sockets close one by
    // one, and a query handed to a client whose close has not arrived yet would fail (57P01).
    for (let i = 0; i < 250 && (poolErrors.length < pids.length || (db.poolStats?.().idle ?? 0) > 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.ok(poolErrors.length >= 1, 'the pool reported the lost connections');
    const again = await poolPids(2);
    assert.ok(
      again.every((p) => !pids.includes(p)),
      'new backends',
    );
    const one = await sql<{ one: number }>`select 1 as one`.execute(db.kysely);
    assert.equal(one.rows[0]?.one, 1);
  });

  it('classifies a query cut off by pg_terminate_backend as unavailable', { skip: !reachable }, async () => {
    const [pid] = await poolPids(1);
    assert.ok(pid);
    // Two queries in a row on one connection: pin it with a transaction so we know which backend runs the sleep.
    const failed = db.kysely
      .transaction()
      .execute(async (trx) => {
        const me = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        setTimeout(() => void terminate([Number(me.rows[0]?.pid)]), 100);
        await sql`select pg_sleep(5)`.execute(trx);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    const error = await failed;
    assert.ok(error, 'the query failed');
    assert.equal(classifyDatabaseError(error)?.kind, 'unavailable', String(error));
    const one = await sql<{ one: number }>`select 1 as one`.execute(db.kysely);
    assert.equal(one.rows[0]?.one, 1);
  });
});

describe('SQLite: a second writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-busy-'));
  const file = join(dir, 'busy.sqlite');
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Another connection (another thread, as `amtsweg import` would be another process) holds the write lock. */
  function holdWriteLock(ms: number): Promise<{ released: Promise<void> }> {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.module);
       const db = new Database(workerData.file);
       db.exec("begin immediate; insert into t(x) values ('worker')");
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
       db.exec('commit');
       db.close();`,
      { eval: true, workerData: { module: betterSqlite, file, ms } },
    );
    const released = new Promise<void>((resolve, reject) => {
      worker.on('exit', () => resolve());
      worker.on('error', reject);
    });
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve({ released }));
      worker.once('error', reject);
    });
  }

  it('uses WAL, NORMAL sync and the configured busy timeout', async () => {
    const db = openDatabase(file, { busyTimeoutMs: 1234 });
    try {
      await sql`create table if not exists t (x text)`.execute(db.kysely);
      const pragma = async (name: string) =>
        Object.values(
          (await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(db.kysely)).rows[0] ?? {},
        )[0];
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 1); // NORMAL
      assert.equal(await pragma('busy_timeout'), 1234);
    } finally {
      await db.destroy();
    }
  });

  it('waits for a briefly held write lock instead of failing', async () => {
    const db = openDatabase(file, { busyTimeoutMs: 5000 });
    try {
      const { released } = await holdWriteLock(300);
      const started = Date.now();
      await db.kysely.transaction().execute(async (trx) => {
        await sql`select count(*) from t`.execute(trx);
        await sql`insert into t(x) values ('server')`.execute(trx);
      });
      const waited = Date.now() - started;
      await released;
      assert.ok(waited >= 200, `waited ${waited} ms for the lock`);
      const rows = await sql<{ x: string }>`select x from t order by rowid`.execute(db.kysely);
      assert.deepEqual(rows.rows.map((r) => r.x).slice(-2), ['worker', 'server']);
    } finally {
      await db.destroy();
    }
  });

  it('gives up after the busy timeout with an "unavailable" error, and recovers once the lock is gone', async () => {
    const db = openDatabase(file, { busyTimeoutMs: 50 });
    try {
      const { released } = await holdWriteLock(600);
      const error = await sql`insert into t(x) values ('too early')`.execute(db.kysely).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ServiceUnavailableError, String(error));
      assert.equal(classifyDatabaseError(error)?.kind, 'unavailable', String(error));
      await released;
      await sql`insert into t(x) values ('later')`.execute(db.kysely);
    } finally {
      await db.destroy();
    }
  });
});
