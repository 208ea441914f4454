import type { FastifyInstance } from 'fastify';
import { type Db, ping } from '../db/database.ts';

export interface HealthOptions {
  db: Db;
  /** How long the readiness probe waits for the database; a probe must answer fast even when the DB does not. */
  readinessTimeoutMs?: number;
  /** True once shutdown began: the load balancer should stop sending traffic while in-flight requests finish. */
  draining?: () => boolean;
}

/**
 * `GET /healthz` — liveness: the process answers (no database; a DB outage must not make the orchestrator restart
 * every instance). `GET /readyz` — readiness: the database answers a trivial query within the timeout.
 */
export function registerHealth(app: FastifyInstance, { db, readinessTimeoutMs = 2000, draining }: HealthOptions): void {
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (draining?.()) {
      reply.code(503).header('retry-after', '5');
      return { status: 'draining', database: 'unknown' };
    }
    const started = performance.now();
    const result = await withTimeout(ping(db), readinessTimeoutMs);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    if (result === 'ok') return { status: 'ok', database: 'ok', dialect: db.dialect, latencyMs };
    reply.code(503).header('retry-after', '5');
    return { status: 'unavailable', database: result, dialect: db.dialect, latencyMs };
  });
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<'ok' | 'timeout' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'ok' as const,
        () => 'error' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
