import { loadConfig } from '../app/config.ts';
import { createServices, type Services } from '../app/services.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { AppError, ValidationError } from '../shared/errors.ts';

/** Opens the configured database (migrated), runs `fn` with the services, and always closes the database. */
export async function withServices<T>(
  fn: (services: Services, db: Db) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    if (options.migrate !== false) await migrateToLatest(db);
    return await fn(createServices(db, { publicUrl: config.publicUrl }), db);
  } finally {
    await db.destroy();
  }
}

/** Prints an error the way a person at a terminal can act on, and sets a failing exit code. */
export function reportError(error: unknown): void {
  process.exitCode = error instanceof AppError && error.status < 500 ? 1 : 2;
  if (error instanceof ValidationError) {
    console.error(`error: ${error.message}`);
    for (const issue of error.issues.slice(0, 100)) {
      console.error(`  - ${issue.record ? `${issue.record}: ` : ''}${issue.field}: ${issue.message}`);
    }
    if (error.issues.length > 100) console.error(`  … and ${error.issues.length - 100} more`);
    return;
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
