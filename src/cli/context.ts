import type { CatalogServices } from '../app/catalog-services.ts';
import type { DatabaseAccess } from '../app/runtime.ts';
import { withCatalog as withAppCatalog, withServices as withAppServices } from '../app/runtime.ts';
import type { Services } from '../app/services.ts';
import type { Db } from '../db/database.ts';
import { AppError, ValidationError } from '../shared/errors.ts';

/**
 * Runs a command with the services built by src/app/. `migrate: false` (the older spelling) and `access: 'read'` mean
 * the command only reads: it never creates or migrates a database.
 */
export function withServices<T>(
  fn: (services: Services, db: Db) => Promise<T>,
  options: { migrate?: boolean; access?: DatabaseAccess } = {},
): Promise<T> {
  const access = options.access ?? (options.migrate === false ? 'read' : 'write');
  return withAppServices(fn, { access });
}

/** `withServices` for a command that needs only the catalog: the rest of the app is never loaded (decision 0290). */
export function withCatalog<T>(
  fn: (services: CatalogServices, db: Db) => Promise<T>,
  options: { access?: DatabaseAccess } = {},
): Promise<T> {
  return withAppCatalog(fn, { access: options.access ?? 'write' });
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
