import { isIP } from 'node:net';
import { DEFAULT_DATABASE_URL } from '../db/database.ts';
import { ConfigError } from '../shared/errors.ts';

/** Whom Fastify believes about `X-Forwarded-*`: nobody, everybody, the nearest n hops, or these addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Public base URL for canonical links and sitemaps, e.g. https://service.kreis-soest.de (no trailing slash). */
  publicUrl: string | null;
  logLevel: string;
  /** Seed the bundled example data (data/seed) on start when the database is empty. */
  seedOnStart: boolean;
  /** `NODE_ENV`; `production` makes `PUBLIC_URL` mandatory. */
  nodeEnv: string;
  trustProxy: TrustProxy;
  /** Whole request (headers and body) must arrive within this; slow clients are cut off (0: no limit). */
  requestTimeoutMs: number;
  /** Request headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this; keep it above the reverse proxy's upstream idle timeout. */
  keepAliveTimeoutMs: number;
  /** SIGTERM/SIGINT: in-flight requests get this long, then remaining connections are cut and the process exits. */
  shutdownTimeoutMs: number;
  /** SQLite: how long a write waits for the write lock held by another connection (e.g. `amtsweg import`). */
  sqliteBusyTimeoutMs: number;
  /** PostgreSQL: how long to wait for a connection before answering 503. */
  databaseConnectTimeoutMs: number;
  /**
   * Read the cache generation at most this often (0: before every answer): on SQLite the longest another process's
   * write (a CLI import) stays unseen; on PostgreSQL a bound behind the LISTEN pushes, applied only while they arrive.
   * This process's own writes are seen at once.
   */
  generationCheckMs: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** Share of requests written to the access log (one line each; 5xx always): 1 all, 0 none (`ACCESS_LOG_SAMPLE`). */
  accessLogSample: number;
  /** Replay kept anonymous answers in front of Fastify (`FRONT_CACHE`, default on; `0` answers all in Fastify). */
  frontCache: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    publicUrl: env.PUBLIC_URL ? parsePublicUrl(env.PUBLIC_URL) : null,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedOnStart: env.SEED_ON_START !== '0',
    nodeEnv: env.NODE_ENV ?? 'development',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    requestTimeoutMs: milliseconds(env, 'REQUEST_TIMEOUT_MS', 30_000),
    headersTimeoutMs: milliseconds(env, 'HEADERS_TIMEOUT_MS', 10_000),
    keepAliveTimeoutMs: milliseconds(env, 'KEEP_ALIVE_TIMEOUT_MS', 75_000),
    shutdownTimeoutMs: milliseconds(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
    sqliteBusyTimeoutMs: milliseconds(env, 'SQLITE_BUSY_TIMEOUT_MS', 5_000),
    databaseConnectTimeoutMs: milliseconds(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000),
    generationCheckMs: milliseconds(env, 'GENERATION_CHECK_MS', 100),
    metricsToken: env.METRICS_TOKEN || null,
    accessLogSample: fraction(env, 'ACCESS_LOG_SAMPLE', 1),
    frontCache: onOff(env, 'FRONT_CACHE', true),
  };
}

/** What only the server needs: refuses a production start that would build links from a client's Host header. */
export function assertServable(config: Config): void {
  if (config.nodeEnv === 'production' && !config.publicUrl)
    throw new ConfigError(
      'PUBLIC_URL is required when NODE_ENV=production (e.g. PUBLIC_URL=https://service.kreis-soest.de): ' +
        'without it, canonical links and the sitemap would be built from the Host header a client sends.',
    );
  if (config.requestTimeoutMs > 0 && config.headersTimeoutMs > config.requestTimeoutMs)
    throw new ConfigError(
      `HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`,
    );
}

function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be an absolute http(s) URL such as https://service.example.de, got "${value}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`PUBLIC_URL must start with https:// or http://, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/**
 * `TRUST_PROXY`: unset/`false` (default: believe no `X-Forwarded-*`), `true` (believe every hop — only when the
 * port is reachable solely through the proxy), a hop count (`1`: the nearest proxy), or a comma list of proxy
 * addresses and CIDRs (`127.0.0.1,10.0.0.0/8`).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((s) => s.trim());
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || rest.length > 0)
      throw new ConfigError(
        `TRUST_PROXY must be "true", "false", a hop count, or a comma list of IP addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8); "${entry}" is none of these`,
      );
  }
  return entries;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${name} must be a whole number of milliseconds ≥ 0, got "${raw}"`);
  return n;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(`${name} must be 1, 0, true or false, got "${raw}"`);
}

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new ConfigError(`${name} must be a number from 0 to 1 (share of requests logged), got "${raw}"`);
  return value;
}
