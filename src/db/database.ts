import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where it points, without credentials: for logs and `amtsweg --version`-like output. */
  readonly description: string;
  /** PostgreSQL schema the tables live in, when not the default. */
  readonly schema?: string | undefined;
  destroy(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'data/amtsweg.sqlite';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export interface OpenOptions {
  /** PostgreSQL only: put every table into this schema (tests use one schema per run for isolation). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/** Opens the database named by a `postgres://` URL or an SQLite file path (`:memory:` for a throw-away one). */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: OpenOptions = {}): Db {
  if (isPostgresUrl(url)) {
    // Keep int8 (COUNT(*)) as JS numbers: our counts are far below 2^53.
    pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    const safe = url.replace(/\/\/[^@/]*@/, '//***@');
    return {
      kysely,
      dialect: 'postgres',
      schema: options.schema,
      description: options.schema ? `${safe} (schema ${options.schema})` : safe,
      destroy: () => kysely.destroy(),
    };
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const database = new SQLite(url);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }), plugins: [new CamelCasePlugin()] });
  return { kysely, dialect: 'sqlite', description: url, destroy: () => kysely.destroy() };
}

/** Case-insensitive LIKE in both dialects. */
export function ilike(dialect: DialectName) {
  return dialect === 'postgres' ? ('ilike' as const) : ('like' as const);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
