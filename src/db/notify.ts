// Cache invalidation across instances without waiting for a request: every catalog write sends
// `NOTIFY amtsweg_catalog` (PostgreSQL delivers it only when the writing transaction commits, and not at all when it
// rolls back), and every instance LISTENs on one dedicated connection and drops its snapshot at once. The generation
// read before each answer stays the guarantee; the notification only makes the other instances learn early, so the
// first request after a write does not pay the rebuild and two instances agree within milliseconds. SQLite has one
// instance per file: writes there need no message.
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export const CATALOG_CHANNEL = 'amtsweg_catalog';

/** What a notification carries: the schema (tests share one database) and the generation just committed. */
export interface GenerationMessage {
  schema: string | null;
  generation: number;
}

/**
 * The writer's side: call inside the write transaction, after bumping the generation. PostgreSQL holds the message
 * until commit; SQLite ignores it.
 */
export async function notifyGeneration(
  trx: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  message: GenerationMessage,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_notify(${CATALOG_CHANNEL}, ${JSON.stringify(message)})`.execute(trx);
}

export interface GenerationListener {
  /**
   * Calls `cb` with each committed generation of this schema; returns the unsubscribe. After (re)connecting it is
   * called with NaN: writes may have been missed, read the generation.
   */
  onGeneration(cb: (generation: number) => void): () => void;
  /** Resolves once LISTEN is in place (tests; the server need not wait). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ListenerOptions {
  url: string;
  schema?: string | null | undefined;
  /** First pause before reconnecting after the connection broke (doubles up to 30 s). */
  retryMs?: number;
  /** Where connection trouble is reported (the app's logger). */
  onError?: (error: unknown) => void;
}

/** A listener on its own connection (outside the pool), reconnecting with backoff when the database goes away. */
export function listenForGenerations(options: ListenerOptions): GenerationListener {
  const callbacks = new Set<(generation: number) => void>();
  const schema = options.schema ?? null;
  let client: pg.Client | null = null;
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
    if ((message.schema ?? null) !== schema || !Number.isFinite(message.generation)) return;
    for (const cb of callbacks) cb(message.generation);
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
    client = c;
    const again = (error: unknown) => {
      if (client !== c) return;
      client = null;
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
      retry = options.retryMs ?? 500;
      resolveReady();
      // A write may have committed while the connection was away: let the subscribers check the generation.
      for (const cb of callbacks) cb(Number.NaN);
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
