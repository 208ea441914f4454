import { DEFAULT_DATABASE_URL } from '../db/database.ts';
import { ConfigError } from '../shared/errors.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Public base URL for canonical links and sitemaps, e.g. https://service.kreis-soest.de (no trailing slash). */
  publicUrl: string | null;
  logLevel: string;
  /** Seed the Kreis Soest data on start when the database is empty. */
  seedOnStart: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedOnStart: env.SEED_ON_START !== '0',
  };
}
