import { existsSync } from 'node:fs';
import { type Db, isPostgresUrl, openDatabase } from '../db/database.ts';
import { migrateToLatest, pendingMigrations } from '../db/migrate.ts';
import { NotFoundError } from '../shared/errors.ts';
import { loadConfig } from './config.ts';
import { createServices, type Services } from './services.ts';

/** What a command does to the database: `read` never creates, migrates or writes it; `write` migrates first. */
export type DatabaseAccess = 'read' | 'write';

export class NoDatabaseError extends NotFoundError {}

/**
 * Opens the configured database and builds every service the way the server does, runs `fn`, and always closes the
 * database. The CLI uses this, so that one place (src/app/) builds services for the server and the CLI alike.
 */
export async function withServices<T>(
  fn: (services: Services, db: Db) => Promise<T>,
  options: { access?: DatabaseAccess } = {},
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
    return await fn(createServices(db, { publicUrl: config.publicUrl }), db);
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
