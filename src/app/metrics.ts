import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database.ts';
import { UnauthorizedError } from '../shared/errors.ts';

/**
 * One Prometheus registry per app (not prom-client's global one: tests build many apps in one process). Features
 * get this object injected and register their own instruments; asking twice for a name returns the same one.
 */
export interface Metrics {
  readonly registry: Registry;
  /** The Prometheus text: the process metrics (once per process) followed by this registry's. */
  text(): Promise<string>;
  counter(name: string, help: string, labelNames?: readonly string[]): Counter<string>;
  gauge(name: string, help: string, labelNames?: readonly string[]): Gauge<string>;
  histogram(name: string, help: string, labelNames?: readonly string[], buckets?: number[]): Histogram<string>;
}

/**
 * Node.js process metrics live in one registry per process: each `collectDefaultMetrics` call installs its own GC
 * observer and event-loop monitor, which a test process building dozens of apps should not pile up.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const shared = options.defaultMetrics === false ? undefined : processMetrics();
  function getOrCreate<M>(name: string, create: () => M): M {
    return (registry.getSingleMetric(name) as M | undefined) ?? create();
  }
  return {
    registry,
    text: async () => `${shared ? await shared.metrics() : ''}${await registry.metrics()}`,
    counter: (name, help, labelNames = []) =>
      getOrCreate(name, () => new Counter({ name, help, labelNames, registers: [registry] })),
    gauge: (name, help, labelNames = []) =>
      getOrCreate(name, () => new Gauge({ name, help, labelNames, registers: [registry] })),
    histogram: (name, help, labelNames = [], buckets) =>
      getOrCreate(
        name,
        () => new Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) }),
      ),
  };
}

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

export interface MetricsRouteOptions {
  metrics: Metrics;
  db: Db;
  /** When set, scrapers must send `Authorization: Bearer <token>`. */
  token?: string | null;
}

/**
 * Request count and latency per route pattern (never the raw URL: one series per town and service would explode),
 * the database pool, and `GET /metrics` in Prometheus text format.
 */
export function registerMetrics(app: FastifyInstance, { metrics, db, token }: MetricsRouteOptions): void {
  const labels = ['method', 'route', 'status_class'] as const;
  const requests = metrics.counter('amtsweg_http_requests_total', 'HTTP requests answered', labels);
  const duration = metrics.histogram(
    'amtsweg_http_request_duration_seconds',
    'Time from request to response',
    labels,
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const unavailable = metrics.counter(
    'amtsweg_database_unavailable_total',
    'Requests answered 503 because the database did not answer',
  );
  if (db.poolStats) {
    const stats = db.poolStats.bind(db);
    const pool = metrics.gauge('amtsweg_db_pool_connections', 'PostgreSQL pool connections by state', ['state']);
    // Read at scrape time, so the gauge is never stale and costs nothing between scrapes.
    const collect = () => {
      const s = stats();
      pool.set({ state: 'total' }, s.total);
      pool.set({ state: 'idle' }, s.idle);
      pool.set({ state: 'waiting' }, s.waiting);
    };
    (pool as unknown as { collect?: () => void }).collect = collect;
  }

  // A callback hook (no promise per request); the labels object per method, route and status class is made once.
  const labelSets = new Map<string, Record<(typeof labels)[number], string>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    const statusClass = STATUS_CLASSES[Math.floor(reply.statusCode / 100)] ?? `${Math.floor(reply.statusCode / 100)}xx`;
    const key = `${request.method} ${statusClass} ${route}`;
    let l = labelSets.get(key);
    if (!l) {
      l = { method: request.method, route, status_class: statusClass };
      // Bounded by the routes the app has (unmatched URLs share one label), times methods and status classes.
      labelSets.set(key, l);
    }
    requests.inc(l);
    duration.observe(l, reply.elapsedTime / 1000);
    if (reply.statusCode === 503) unavailable.inc();
    done();
  });

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    if (token) checkBearer(request, token);
    reply.header('cache-control', 'no-store').type(metrics.registry.contentType);
    return metrics.text();
  });
}

function checkBearer(request: FastifyRequest, token: string): void {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new UnauthorizedError('Für /metrics ist ein Bearer-Token nötig (METRICS_TOKEN).');
}
