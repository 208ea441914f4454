import { existsSync } from 'node:fs';
import { type Db, isPostgresUrl, openDatabase } from '../db/database.ts';
import { migrateToLatest, pendingMigrations } from '../db/migrate.ts';
import { NotFoundError } from '../shared/errors.ts';
import { type CatalogServices, createCatalogServices } from './catalog-services.ts';
import { type Config, loadConfig } from './config.ts';
import type { Services } from './services.ts';

/** What a command does to the database: `read` never creates, migrates or writes it; `write` migrates first. */
export type DatabaseAccess = 'read' | 'write';

export class NoDatabaseError extends NotFoundError {}

/**
 * Opens the configured database and builds every service the way the server does, runs `fn`, and always closes the
 * database. The CLI uses this, so that one place (src/app/) builds services for the server and the CLI alike. The
 * services' modules are loaded here, not when this module is: a command that needs only the catalog uses
 * `withCatalog` and never loads them (decision 0290).
 */
export async function withServices<T>(
  fn: (services: Services, db: Db) => Promise<T>,
  options: { access?: DatabaseAccess } = {},
): Promise<T> {
  const { createServices } = await import('./services.ts');
  return withDatabase((db, config) => fn(createServices(db, { publicUrl: config.publicUrl }), db), options);
}

/** `withServices` for commands that need only the catalog (imports, exports): its hooks as in `createServices`. */
export function withCatalog<T>(
  fn: (services: CatalogServices, db: Db) => Promise<T>,
  options: { access?: DatabaseAccess } = {},
): Promise<T> {
  return withDatabase(async (db, config) => {
    const services = createCatalogServices(db, { publicUrl: config.publicUrl });
    try {
      return await fn(services, db);
    } finally {
      await services.close();
    }
  }, options);
}

async function withDatabase<T>(
  fn: (db: Db, config: Config) => Promise<T>,
  options: { access?: DatabaseAccess },
): Promise<T> {
  const config = loadConfig();
  const access = options.access ?? 'write';
  if (access === 'read' && !isPostgresUrl(config.databaseUrl) && !existsSync(config.databaseUrl)) {
    throw new NoDatabaseError(
      `no database at ${config.databaseUrl}: this command only reads; create one with "amtsweg migrate" or "amtsweg seed", or set DATABASE_URL`,
    );
  }
  const db = openDatabase(config.databaseUrl);
  try {
    if (access === 'write') await migrateToLatest(db);
    else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new NoDatabaseError(
          `the database at ${db.description} is older than this program (${pending.length} migration(s) pending): run "amtsweg migrate" first`,
        );
      }
    }
    return await fn(db, config);
  } finally {
    await db.destroy();
  }
}

/** Brings the configured database's schema up to date (`amtsweg migrate`): the names of the migrations run now. */
export async function migrateDatabase(): Promise<string[]> {
  const db = openDatabase(loadConfig().databaseUrl);
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
