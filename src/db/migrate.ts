import { type MigrationResultSet, Migrator } from 'kysely';
import { AppError } from '../shared/errors.ts';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

export class MigrationError extends AppError {
  override readonly type = 'migration-error';
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db: db.kysely.withoutPlugins() as never,
    provider: { getMigrations: async () => migrations },
    // Features add numbered migrations independently; a database that ran a later number first must still migrate.
    allowUnorderedMigrations: true,
    // Without this Kysely looks for its bookkeeping tables in every schema and may find another test's.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
}

function check({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed: ${cause}`.trim());
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up to date; returns the names of the migrations that ran. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Names of the migrations this program has and the database has not run yet (reads only). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrations = await migrator(db).getMigrations();
  return migrations.filter((m) => !m.executedAt).map((m) => m.name);
}
