// The generation read before every cached answer: the same answer through the SQLite fast path (one prepared
// statement) as through the query builder, another connection's commit seen at once, and a transaction's own
// uncommitted bump never seen (a rollback would otherwise leave caches filed under a generation that never was).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bumpCacheGeneration, readCacheGeneration } from './cache-generations.ts';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { createTestDb, testDialects } from './testing.ts';

describe('cache generation reads', async () => {
  for (const dialect of await testDialects()) {
    it(`${dialect}: 0 before the first write, then every committed bump, per scope`, async () => {
      const db = await createTestDb(dialect);
      try {
        assert.equal(await readCacheGeneration(db.kysely, 'kept-test'), 0);
        await db.kysely.transaction().execute((trx) => bumpCacheGeneration(trx, 'kept-test'));
        await db.kysely.transaction().execute((trx) => bumpCacheGeneration(trx, 'kept-test'));
        assert.equal(await readCacheGeneration(db.kysely, 'kept-test'), 2);
        assert.equal(await readCacheGeneration(db.kysely, 'other-test'), 0);
      } finally {
        await db.cleanup();
      }
    });

    it(`${dialect}: a read during a write that is rolled back never sees its bump`, async () => {
      const db = await createTestDb(dialect);
      try {
        await db.kysely.transaction().execute((trx) => bumpCacheGeneration(trx, 'kept-test'));
        let seenDuring: number | undefined;
        await assert.rejects(
          db.kysely.transaction().execute(async (trx) => {
            await bumpCacheGeneration(trx, 'kept-test');
            // Outside the transaction, while it is open between its statements.
            const during = readCacheGeneration(db.kysely, 'kept-test').then((g) => {
              seenDuring = g;
            });
            await new Promise((r) => setTimeout(r, 20));
            throw Object.assign(new Error('rolled back on purpose'), { during });
          }),
          /rolled back on purpose/,
        );
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(seenDuring, 1, 'the read waited for the transaction, or saw only committed data');
        assert.equal(await readCacheGeneration(db.kysely, 'kept-test'), 1);
      } finally {
        await db.cleanup();
      }
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-generations-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite: another connection's commit (an import from the CLI) is seen at the next read", async () => {
    const file = join(dir, 'two.sqlite');
    const server = openDatabase(file);
    await migrateToLatest(server);
    const cli = openDatabase(file);
    try {
      assert.equal(await readCacheGeneration(server.kysely), 0);
      await cli.kysely.transaction().execute((trx) => bumpCacheGeneration(trx));
      assert.equal(await readCacheGeneration(server.kysely), 1);
      await cli.kysely.transaction().execute((trx) => bumpCacheGeneration(trx));
      assert.equal(await readCacheGeneration(server.kysely), 2);
    } finally {
      await cli.destroy();
      await server.destroy();
    }
  });

  it('SQLite: a database without the table yet answers through the query path (no cached failure)', async () => {
    const db = openDatabase(join(dir, 'fresh.sqlite'));
    try {
      await assert.rejects(readCacheGeneration(db.kysely), /no such table/);
      await migrateToLatest(db);
      assert.equal(await readCacheGeneration(db.kysely), 0);
    } finally {
      await db.destroy();
    }
  });
});
