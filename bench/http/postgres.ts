// PostgreSQL for the HTTP bench: a fresh schema in the shared `test` database, and the pids of the backends that
// serve the app's pool (found by an application_name of their own), so that their CPU counts with the app's.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_POSTGRES_URL } from '../../src/db/testing.ts';

export interface BenchPostgres {
  /** URL for the app: the test database, tagged with this run's application_name. */
  url: string;
  schema: string;
  /** Pids of the app's backends right now. */
  backendPids(): Promise<number[]>;
  /** Drops the schema and closes the admin connection. */
  close(): Promise<void>;
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const applicationName = `amtsweg-${schema}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const separator = TEST_POSTGRES_URL.includes('?') ? '&' : '?';
  return {
    url: `${TEST_POSTGRES_URL}${separator}application_name=${applicationName}`,
    schema,
    async backendPids() {
      const r = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [
        applicationName,
      ]);
      return r.rows.map((row) => row.pid);
    },
    async close() {
      try {
        await admin.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
