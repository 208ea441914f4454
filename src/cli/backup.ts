// `amtsweg backup <file>` / `amtsweg restore <file>`: a consistent copy of the whole database while the server runs.
// SQLite through its online backup API (pages copied under a read lock, writers keep going); PostgreSQL through
// pg_dump/pg_restore in the custom format (one snapshot, compressed, restorable table by table).

import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import pg from 'pg';
import { loadConfig } from '../app/config.ts';
import { isPostgresUrl } from '../db/database.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { reportError } from './context.ts';

const run = promisify(execFile);

export interface BackupOptions {
  /** PostgreSQL: only this schema (the tables' schema when it is not `public`). */
  schema?: string | undefined;
}

export interface RestoreOptions extends BackupOptions {
  /** Overwrite a database that already holds a catalog. */
  force?: boolean | undefined;
}

export class BackupError extends AppError {
  override readonly type = 'backup-error';
}

/** Writes a backup of the database at `url` to `file` (atomically: a partial file never carries the name). */
export async function backupDatabase(url: string, file: string, options: BackupOptions = {}): Promise<void> {
  const target = resolve(file);
  if (!existsSync(dirname(target))) throw new NotFoundError(`backup: the folder ${dirname(target)} does not exist`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    if (isPostgresUrl(url)) {
      await pgTool('pg_dump', url, ['--format=custom', `--file=${partial}`, ...schemaArgs(options.schema)]);
    } else {
      // A read command never creates a database: no file, no backup (and still no file afterwards).
      if (url === ':memory:' || !existsSync(url))
        throw new NotFoundError(`backup: there is no SQLite database at ${url} (DATABASE_URL); nothing to back up`);
      const db = new SQLite(url, { readonly: true, fileMustExist: true });
      try {
        await db.backup(partial);
      } finally {
        db.close();
      }
    }
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Restores `file` (made by `backupDatabase`) into the database at `url`; refuses to overwrite a catalog unless forced. */
export async function restoreDatabase(url: string, file: string, options: RestoreOptions = {}): Promise<void> {
  const source = resolve(file);
  if (!existsSync(source)) throw new NotFoundError(`restore: there is no backup file at ${source}`);
  if (isPostgresUrl(url)) {
    if (!options.force && (await pgHasCatalog(url, options.schema)))
      throw new ConflictError(
        `restore: the database ${options.schema ? `(schema ${options.schema}) ` : ''}already holds a catalog; add --force to replace it`,
      );
    // `pg_restore --schema` restores the objects in the schema, not the schema itself.
    if (options.schema) await pgCreateSchema(url, options.schema);
    await pgTool('pg_restore', url, [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      '--no-privileges',
      ...(options.force ? ['--clean', '--if-exists'] : []),
      ...schemaArgs(options.schema),
      source,
    ]);
    return;
  }
  if (url === ':memory:') throw new ValidationError('restore: DATABASE_URL must name an SQLite file', []);
  const backup = openSqliteBackup(source);
  try {
    if (!options.force && existsSync(url) && sqliteHasCatalog(url))
      throw new ConflictError(`restore: ${url} already holds a catalog; add --force to replace it`);
    // The backup API writes into the target under its locks, so a stale -wal of the target cannot resurrect old pages.
    await backup.backup(url);
  } finally {
    backup.close();
  }
}

function openSqliteBackup(file: string): SQLite.Database {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const hasAreas = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'areas'").get();
    if (!hasAreas) throw new Error('no amtsweg tables');
    return db;
  } catch (error) {
    db?.close();
    throw new ValidationError(`restore: ${file} is not an amtsweg SQLite backup (${(error as Error).message})`, []);
  }
}

function sqliteHasCatalog(file: string): boolean {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'areas'").get();
    return Boolean(table && db.prepare('select 1 from areas limit 1').get());
  } finally {
    db.close();
  }
}

async function pgHasCatalog(url: string, schema: string | undefined): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const r = await client.query<{ t: string | null }>('select to_regclass($1) as t', [
      `${quoteIdent(schema ?? 'public')}.areas`,
    ]);
    if (!r.rows[0]?.t) return false;
    const rows = await client.query(`select 1 from ${quoteIdent(schema ?? 'public')}.areas limit 1`);
    return (rows.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function pgCreateSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${quoteIdent(schema)}`);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function schemaArgs(schema: string | undefined): string[] {
  return schema ? [`--schema=${schema}`] : [];
}

/**
 * Runs pg_dump/pg_restore with the connection in libpq's environment variables, not on the command line: a password
 * in argv is visible to every user in `ps`.
 */
async function pgTool(tool: 'pg_dump' | 'pg_restore', url: string, args: string[]): Promise<void> {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: u.hostname || process.env.PGHOST,
    PGPORT: u.port || process.env.PGPORT || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || process.env.PGDATABASE,
    ...(u.username ? { PGUSER: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
    ...(u.searchParams.get('sslmode') ? { PGSSLMODE: u.searchParams.get('sslmode') ?? '' } : {}),
  };
  const dbArgs = tool === 'pg_restore' ? [`--dbname=${env.PGDATABASE ?? ''}`] : [];
  try {
    await run(process.env[tool.toUpperCase()] ?? tool, [...dbArgs, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT')
      throw new BackupError(
        `${tool} is not installed (apt-get install postgresql-client, or set ${tool.toUpperCase()})`,
      );
    throw new BackupError(`${tool} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description(
      'write a consistent backup of the database (SQLite: online backup; PostgreSQL: pg_dump -Fc) while the server runs',
    )
    .option('--schema <name>', 'PostgreSQL: only this schema')
    .action(async (file: string, opts: { schema?: string }) => {
      try {
        const { databaseUrl } = loadConfig();
        await backupDatabase(databaseUrl, file, opts);
        console.log(`backup written: ${resolve(file)}`);
      } catch (error) {
        reportError(error);
      }
    });
  program
    .command('restore <file>')
    .description('restore a backup made by `amtsweg backup` into the database (stop the servers first)')
    .option('--schema <name>', 'PostgreSQL: only this schema')
    .option('--force', 'replace a database that already holds a catalog')
    .action(async (file: string, opts: { schema?: string; force?: boolean }) => {
      try {
        const { databaseUrl } = loadConfig();
        await restoreDatabase(databaseUrl, file, opts);
        console.log(`restored ${resolve(file)} into ${databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`);
      } catch (error) {
        reportError(error);
      }
    });
}
