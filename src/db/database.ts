import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import { type FastGenerationRead, registerFastGenerationRead } from './cache-generations.ts';
import { withFaultMapping } from './fault-mapping.ts';
import { type GenerationListener, listenForGenerations } from './notify.ts';
import { pgModule } from './pg-module.ts';
import type { Database } from './schema.ts';
import { createSchemaIntrospector } from './schema-introspector.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where it points, without credentials: for logs and `amtsweg --version`-like output. */
  readonly description: string;
  /** PostgreSQL schema the tables live in, when not the default. */
  readonly schema?: string | undefined;
  /** PostgreSQL: the pool's connections right now (for the metrics); SQLite has no pool. */
  poolStats?(): PoolStats;
  /**
   * PostgreSQL: hear the generation bumps committed by any instance on this schema (LISTEN on one extra connection,
   * outside the pool; reconnects by itself). SQLite has none: one instance per file.
   */
  listen?(options?: { onError?: (error: unknown) => void }): GenerationListener;
  destroy(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export { asServiceUnavailable, classifyDatabaseError, type DatabaseFault } from './faults.ts';

export const DEFAULT_DATABASE_URL = 'data/amtsweg.sqlite';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export interface OpenOptions {
  /** PostgreSQL only: put every table into this schema (tests use one schema per run for isolation). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL: give up connecting after this long (the request then gets a 503); default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: an idle pooled connection died (server restart, failover, pg_terminate_backend, idle timeout).
   * The pool drops it and connects anew on the next query; this only reports it. Default: a line on stderr.
   */
  onPoolError?: (error: Error) => void;
  /** SQLite: how long a write waits for another connection's write lock before SQLITE_BUSY; default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens the database named by a `postgres://` URL or an SQLite file path (`:memory:` for a throw-away one). */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: OpenOptions = {}): Db {
  if (isPostgresUrl(url)) {
    // Keep int8 (COUNT(*)) as JS numbers: our counts are far below 2^53.
    const pg = pgModule();
    pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // Notice half-dead connections (a vanished server, a dropped NAT entry) instead of waiting on them forever.
      keepAlive: true,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // Without a listener, an idle client's socket error is an unhandled 'error' event and ends the process.
    const onPoolError =
      options.onPoolError ??
      ((error: Error) => console.error(`amtsweg: database connection lost (the pool reconnects): ${error.message}`));
    pool.on('error', onPoolError);
    // A terminated backend makes its client emit twice (the server's FATAL 57P01, then "Connection terminated
    // unexpectedly"); the pool's own listener is gone after the first, and a client that is checked out but between
    // queries has none. Any unheard 'error' would end the process, so every client keeps a listener for its life.
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const kysely = new Kysely<Database>({
      // Introspection (the migrator's "does my table exist") stays inside our own schema: see schema-introspector.ts.
      dialect: withFaultMapping(new PostgresDialect({ pool }), createSchemaIntrospector),
      plugins: [new CamelCasePlugin()],
    });
    const safe = url.replace(/\/\/[^@/]*@/, '//***@');
    return {
      kysely,
      dialect: 'postgres',
      schema: options.schema,
      description: options.schema ? `${safe} (schema ${options.schema})` : safe,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      listen: (listenOptions = {}) =>
        listenForGenerations({
          url,
          schema: options.schema,
          connectTimeoutMs: options.connectTimeoutMs,
          onError: listenOptions.onError,
        }),
      destroy: () => kysely.destroy(),
    };
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const database = new SQLite(url);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  // With WAL, NORMAL is durable against application crashes and loses at most the last commits on power loss.
  database.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({
    dialect: withFaultMapping(new ImmediateSqliteDialect({ database: withStatementCache(database) })),
    plugins: [new CamelCasePlugin()],
  });
  registerFastGenerationRead(kysely, sqliteGenerationRead(database));
  return { kysely, dialect: 'sqlite', description: url, destroy: () => kysely.destroy() };
}

/**
 * The generation read on SQLite as one statement prepared once. While a transaction is open on the connection (a
 * write between its statements) it declines: the read would see the transaction's own uncommitted bump, and caches
 * built meanwhile could be filed under a generation that a rollback takes back. The query path waits for the
 * transaction instead. Any failure (no table before the migrations, a locked file) also declines.
 */
function sqliteGenerationRead(database: SQLite.Database): FastGenerationRead {
  let statement: SQLite.Statement<[string], number> | undefined;
  return (scope) => {
    if (!database.open || database.inTransaction) return undefined;
    try {
      statement ??= database
        .prepare<[string], number>('select generation from cache_generations where scope = ?')
        .pluck();
      return Number(statement.get(scope) ?? 0);
    } catch {
      statement = undefined;
      return undefined;
    }
  };
}

/** Case-insensitive LIKE in both dialects. */
export function ilike(dialect: DialectName) {
  return dialect === 'postgres' ? ('ilike' as const) : ('like' as const);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}

/**
 * SQLite transactions that take the write lock at BEGIN. A deferred BEGIN that reads first and writes later fails
 * at once with SQLITE_BUSY_SNAPSHOT when another process (the server, `amtsweg import`) committed in between;
 * the busy timeout never applies to that case. BEGIN IMMEDIATE waits up to busy_timeout for the lock instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; compiling the SQL was a fifth of a large import's CPU (an
 * upsert per record, the same few statements thousands of times). Statements are kept by their SQL (bounded, least
 * recently used out) and reused unless one is still being iterated by a stream.
 */
function withStatementCache(database: SQLite.Database, size = 500): SqliteDialectConfig['database'] {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql); // re-insert: the map's order is the use order
        cache.set(sql, hit);
        return hit;
      }
      const statement = database.prepare(sql);
      if (hit) return statement; // the cached one is busy streaming: this one is used once
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  } as unknown as SqliteDialectConfig['database'];
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
