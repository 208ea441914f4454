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
export function registerMetrics(
  app: FastifyInstance,
  { metrics, db, token }: MetricsRouteOptions,
): (method: string, route: string, status: number, elapsedMs: number) => void {
  const timings = new RequestTimings([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  timings.register(metrics.registry);
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

  // A callback hook: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    timings.record(request.method, request.routeOptions.url ?? '(unmatched)', reply.statusCode, reply.elapsedTime);
    if (reply.statusCode === 503) unavailable.inc();
    done();
  });

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    if (token) checkBearer(request, token);
    reply.header('cache-control', 'no-store').type(metrics.registry.contentType);
    return metrics.text();
  });
  // Answers given in front of Fastify (src/web/front-cache.ts) are counted in the same series.
  return (method, route, status, elapsedMs) => timings.record(method, route, status, elapsedMs);
}

function checkBearer(request: FastifyRequest, token: string): void {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new UnauthorizedError('Für /metrics ist ein Bearer-Token nötig (METRICS_TOKEN).');
}

type RouteLabels = { method: string; route: string; status_class: string };

interface Series {
  labels: RouteLabels;
  /** Per bucket (not cumulative): answers whose time was at most that bound and above the one before. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * `amtsweg_http_requests_total` and `amtsweg_http_request_duration_seconds`, counted in plain numbers per method, route
 * and status class and turned into Prometheus samples only when scraped — the same text as prom-client's Counter and
 * Histogram make. Their `inc`/`observe` validate and hash the labels on every call, a measurable part of a kept
 * answer's CPU (issue 17); here a request costs a map lookup and three additions.
 */
class RequestTimings {
  private readonly series = new Map<string, Series>();

  constructor(private readonly bounds: readonly number[]) {}

  record(method: string, route: string, status: number, elapsedMs: number): void {
    const statusClass = `${Math.floor(status / 100)}xx`;
    const key = `${method} ${statusClass} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      // Bounded by the app's routes (unmatched URLs share one), times methods and status classes.
      s = { labels: { method, route, status_class: statusClass }, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const seconds = elapsedMs / 1000;
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < this.bounds.length; i++)
      if (seconds <= (this.bounds[i] as number)) {
        s.buckets[i] = (s.buckets[i] ?? 0) + 1;
        break;
      }
  }

  register(registry: Registry): void {
    const reset = () => this.series.clear();
    const counter = {
      name: 'amtsweg_http_requests_total',
      help: 'HTTP requests answered',
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({
        ...counter,
        values: [...this.series.values()].map((s) => ({ value: s.count, labels: { ...s.labels } })),
      }),
      reset,
    } as const;
    const name = 'amtsweg_http_request_duration_seconds';
    const histogram = {
      name,
      help: 'Time from request to response',
      type: 'histogram',
      aggregator: 'sum',
      // As prom-client's Histogram: `le` first, the route's labels after it.
      getForPromString: async () => ({ ...histogram, values: this.samples(name) }),
      get: async () => ({
        ...histogram,
        values: this.samples(name).map(({ labels, sharedLabels, ...rest }) => ({
          ...rest,
          labels: { ...labels, ...sharedLabels },
        })),
      }),
      reset,
    } as const;
    // The registry takes any object with a name and `get()`; the types only know prom-client's own classes.
    registry.registerMetric(counter as unknown as Counter<string>);
    registry.registerMetric(histogram as unknown as Histogram<string>);
  }

  private samples(name: string) {
    const values: {
      labels: Record<string, string | number>;
      sharedLabels: RouteLabels;
      value: number;
      metricName: string;
    }[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (const [i, bound] of this.bounds.entries()) {
        cumulative += s.buckets[i] ?? 0;
        values.push({ labels: { le: bound }, sharedLabels: s.labels, value: cumulative, metricName: `${name}_bucket` });
      }
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${name}_bucket` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${name}_count` });
    }
    return values;
  }
}
