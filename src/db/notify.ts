// Cache invalidation across instances without waiting for a request: every generation bump (catalog writes, search
// synonyms) sends `NOTIFY amtsweg_catalog` (PostgreSQL delivers it only when the writing transaction commits, and not
// at all when it rolls back), and every instance LISTENs on one dedicated connection and moves its known generation
// at once. While the listener is connected an instance reads the generation at most every GENERATION_CHECK_MS
// instead of before every answer (src/shared/generation-cache.ts, GenerationClock); while it is not, every answer
// reads again. SQLite has one instance per file: writes there need no message.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Client } from 'pg';
import { pgModule } from './pg-module.ts';
import type { Database } from './schema.ts';

export const CATALOG_CHANNEL = 'amtsweg_catalog';

/** What a notification carries: the schema (tests share one database), the generation's scope and its new value. */
export interface GenerationMessage {
  schema: string;
  scope: string;
  generation: number;
}

/**
 * The writer's side: called by `bumpCacheGeneration` inside the write transaction. PostgreSQL holds the message until
 * commit; on SQLite it does nothing. The schema is the connection's own (`current_schema()`), so a writer never has
 * to know it.
 */
export async function notifyGeneration(trx: Kysely<Database>, scope: string, generation: number): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_notify(${CATALOG_CHANNEL}, json_build_object('schema', current_schema(), 'scope', ${scope}::text, 'generation', ${generation}::bigint)::text)`.execute(
    trx,
  );
}

export interface GenerationListener {
  /**
   * Calls `cb` with each committed generation of this schema; returns the unsubscribe. After (re)connecting it is
   * called with NaN for every scope (`'*'`): writes may have been missed, read the generation.
   */
  onGeneration(cb: (scope: string, generation: number) => void): () => void;
  /** LISTEN is in place right now (false while connecting or after the connection broke). */
  readonly live: boolean;
  /** Resolves once LISTEN is in place (tests; the server need not wait). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ListenerOptions {
  url: string;
  /** The schema whose writes to hear; PostgreSQL's default `public` when not given. */
  schema?: string | null | undefined;
  /** Give up connecting after this long (then retry); default 5000 ms. */
  connectTimeoutMs?: number | undefined;
  /** First pause before reconnecting after the connection broke (doubles up to 30 s). */
  retryMs?: number;
  /** Where connection trouble is reported (the app's logger). */
  onError?: ((error: unknown) => void) | undefined;
}

/** A listener on its own connection (outside the pool), reconnecting with backoff when the database goes away. */
export function listenForGenerations(options: ListenerOptions): GenerationListener {
  const callbacks = new Set<(scope: string, generation: number) => void>();
  const schema = options.schema || 'public';
  let live = false;
  let client: Client | null = null;
  let closed = false;
  let retry = options.retryMs ?? 500;
  let timer: NodeJS.Timeout | null = null;
  let resolveReady: () => void = () => {};
  let readyPromise = new Promise<void>((r) => {
    resolveReady = r;
  });

  const deliver = (payload: string | undefined) => {
    let message: GenerationMessage;
    try {
      message = JSON.parse(payload ?? '') as GenerationMessage;
    } catch {
      return; // not ours
    }
    if (message.schema !== schema || typeof message.scope !== 'string') return;
    const generation = Number(message.generation);
    if (!Number.isFinite(generation)) return;
    for (const cb of callbacks) cb(message.scope, generation);
  };

  const connect = async () => {
    if (closed) return;
    const c = new (pgModule().Client)({
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // Operators (and the fault tests) can tell it apart in pg_stat_activity.
      application_name: `amtsweg-listen:${schema}`,
    });
    client = c;
    const again = (error: unknown) => {
      if (client !== c) return;
      client = null;
      live = false;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (closed) return;
      options.onError?.(error);
      readyPromise = new Promise<void>((r) => {
        resolveReady = r;
      });
      timer = setTimeout(() => void connect(), retry);
      timer.unref();
      retry = Math.min(retry * 2, 30_000);
    };
    c.on('error', again);
    c.on('end', () => again(new Error('listener connection ended')));
    c.on('notification', (n) => {
      if (n.channel === CATALOG_CHANNEL) deliver(n.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${CATALOG_CHANNEL}`);
      // The listener must not keep a process alive that is otherwise done (a CLI command, a test file).
      (c as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      retry = options.retryMs ?? 500;
      live = true;
      resolveReady();
      // A write may have committed while the connection was away: let the subscribers check the generation.
      for (const cb of callbacks) cb('*', Number.NaN);
    } catch (error) {
      again(error);
    }
  };
  void connect();

  return {
    onGeneration(cb) {
      callbacks.add(cb);
      return () => callbacks.delete(cb);
    },
    get live() {
      return live && !closed;
    },
    ready: () => readyPromise,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      resolveReady();
      await c?.end().catch(() => {});
    },
  };
}
