// Test helpers: every `*.db.test.ts` runs its cases on SQLite and on PostgreSQL.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { type Db, type DialectName, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

// libpq would default the user to the login name; node-postgres needs it spelled out.
export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? `postgres://${encodeURIComponent(userInfo().username)}@127.0.0.1:5432/test`;

let postgresAvailable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers; with REQUIRE_POSTGRES=1 an unreachable server is an error, not a skip. */
export function postgresReachable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 15_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (process.env.REQUIRE_POSTGRES === '1') {
        throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${TEST_POSTGRES_URL} is not reachable: ${String(error)}`);
      }
      console.warn(
        `\n*** PostgreSQL at ${TEST_POSTGRES_URL} is not reachable: the PostgreSQL half of the *.db.test.ts suites is SKIPPED.\n` +
          '*** Start PostgreSQL (or set TEST_DATABASE_URL) and run with REQUIRE_POSTGRES=1 to make this an error.\n',
      );
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresAvailable;
}

export interface TestDb extends Db {
  /** Drops the PostgreSQL schema (or closes the SQLite memory database). */
  cleanup(): Promise<void>;
}

/** A fresh, migrated database of the given dialect, isolated from every other test (own PostgreSQL schema). */
export async function createTestDb(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: Db;
  let dropSchema: (() => Promise<void>) | undefined;
  if (dialect === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    db = openDatabase(TEST_POSTGRES_URL, { schema, poolSize: 4 });
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  } else {
    db = openDatabase(':memory:');
  }
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    ...db,
    async cleanup() {
      await db.destroy();
      await dropSchema?.();
    },
  };
}

/** The dialects to run on: SQLite always, PostgreSQL when reachable (or required). */
export async function testDialects(): Promise<DialectName[]> {
  return (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}
