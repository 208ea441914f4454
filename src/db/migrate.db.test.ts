// Migrating one schema while other schemas come and go on the same server (parallel test runs, other tenants'
// databases being dropped) must not depend on them: the migrator's introspection looks at its own schema only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrateToLatest, pendingMigrations } from './migrate.ts';
import { createTestDb, postgresReachable, TEST_POSTGRES_URL, type TestDb } from './testing.ts';

describe('migrations on PostgreSQL beside other schemas', async () => {
  const reachable = await postgresReachable();
  let db: TestDb;
  let other: TestDb;
  before(async () => {
    if (!reachable) return;
    db = await createTestDb('postgres');
    other = await createTestDb('postgres');
  });
  after(async () => {
    await db?.cleanup();
    await other?.cleanup();
  });

  it('sees only the tables of its own schema', { skip: !reachable }, async () => {
    const tables = await db.kysely.introspection.getTables();
    assert.ok(tables.length > 10);
    assert.deepEqual([...new Set(tables.map((t) => t.schema))], [db.schema]);
    assert.ok(tables.some((t) => t.name === 'kysely_migration'));
  });

  it('keeps migrating while another connection drops and recreates schemas', { skip: !reachable }, async () => {
    const churn = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `churn_${process.pid}_${i}`;
        await churn.query(`create schema ${name}`);
        await churn.query(`create table ${name}.assignments (id serial primary key, version integer)`);
        await churn.query(`drop schema ${name} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 40; i++) {
        assert.deepEqual(await pendingMigrations(db), []);
        assert.deepEqual(await migrateToLatest(db), []);
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  });
});
