// Backup and restore: the restored database answers exactly like the original.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { seedDatabase } from '../app/seed.ts';
import { createServices } from '../app/services.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createTestDb, postgresReachable, TEST_POSTGRES_URL } from '../db/testing.ts';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';

const GESEKE = '05974020';
const NOW = new Date('2026-03-02T10:00:00+01:00');
const dir = mkdtempSync(join(tmpdir(), 'amtsweg-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function serviceList(url: string, ags: string, schema?: string) {
  const db = openDatabase(url, schema ? { schema } : {});
  try {
    const services = createServices(db);
    return (await services.catalog.listAreaServices(ags, { now: NOW })).map((s) => ({
      id: s.id,
      level: s.responsible.level,
      area: s.responsible.areaAgs,
    }));
  } finally {
    await db.destroy();
  }
}

describe('backup and restore: SQLite', () => {
  const original = join(dir, 'live.sqlite');
  const backup = join(dir, 'live.backup.sqlite');
  const restored = join(dir, 'restored.sqlite');

  it('backs up a seeded database and restores it into an empty file that answers the same', async () => {
    const db = openDatabase(original);
    await migrateToLatest(db);
    await seedDatabase(createServices(db));
    // The server keeps its connection open while the backup runs.
    try {
      await backupDatabase(original, backup);
    } finally {
      await db.destroy();
    }
    assert.ok(existsSync(backup));
    await restoreDatabase(restored, backup);
    const before = await serviceList(original, GESEKE);
    assert.ok(before.length > 50, `${before.length} services in Geseke`);
    assert.deepEqual(await serviceList(restored, GESEKE), before);
  });

  it('refuses to overwrite a database that holds a catalog unless forced', async () => {
    await assert.rejects(restoreDatabase(restored, backup), /already holds a catalog; add --force/);
    await restoreDatabase(restored, backup, { force: true });
  });

  it('never creates a database: backing up a missing file fails clearly and leaves no file', async () => {
    const missing = join(dir, 'missing.sqlite');
    await assert.rejects(backupDatabase(missing, join(dir, 'x.backup')), /no SQLite database at .*missing\.sqlite/);
    assert.equal(existsSync(missing), false);
    assert.equal(existsSync(join(dir, 'x.backup')), false);
  });

  it('refuses a file that is not an amtsweg backup', async () => {
    await assert.rejects(restoreDatabase(join(dir, 'other.sqlite'), join(dir, 'nope.backup')), /no backup file/);
    await assert.rejects(
      restoreDatabase(join(dir, 'other.sqlite'), import.meta.filename),
      /not an amtsweg SQLite backup/,
    );
  });
});

describe('backup and restore: PostgreSQL', async () => {
  const reachable = await postgresReachable();

  it('round-trips one schema through pg_dump -Fc and pg_restore', { skip: !reachable }, async () => {
    const db = await createTestDb('postgres');
    const schema = db.schema ?? '';
    const file = join(dir, 'pg.dump');
    let before: Awaited<ReturnType<typeof serviceList>>;
    try {
      await importBundle(createServices(db).catalog, MINI_BUNDLE);
      before = await serviceList(TEST_POSTGRES_URL, '17001002', schema);
      assert.ok(before.length > 0);
      await backupDatabase(TEST_POSTGRES_URL, file, { schema });
      await assert.rejects(restoreDatabase(TEST_POSTGRES_URL, file, { schema }), /already holds a catalog/);
    } finally {
      await db.cleanup(); // drops the schema: the restore below recreates it from the dump alone
    }
    try {
      await restoreDatabase(TEST_POSTGRES_URL, file, { schema });
      assert.deepEqual(await serviceList(TEST_POSTGRES_URL, '17001002', schema), before);
    } finally {
      const admin = openDatabase(TEST_POSTGRES_URL);
      const { sql } = await import('kysely');
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.kysely);
      await admin.destroy();
    }
  });
});
