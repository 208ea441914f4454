// LISTEN/NOTIFY between two connections: a committed write reaches the other side within a second, a rolled-back
// one never, another schema's not at all.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { listenForGenerations, notifyGeneration } from './notify.ts';
import { createTestDb, postgresReachable, TEST_POSTGRES_URL } from './testing.ts';

describe('notifyGeneration on sqlite', () => {
  it('is a no-op (one instance per file)', async () => {
    const db = await createTestDb('sqlite', { migrate: false });
    await db.kysely.transaction().execute((trx) => notifyGeneration(trx, 'sqlite', { schema: null, generation: 1 }));
    await db.cleanup();
  });
});

describe('generation notifications on postgres', { skip: !(await postgresReachable()) }, () => {
  const schema = `n_${randomBytes(5).toString('hex')}`;
  const writer = openDatabase(TEST_POSTGRES_URL, { poolSize: 2 });
  const listener = listenForGenerations({ url: TEST_POSTGRES_URL, schema });
  const seen: Array<{ generation: number; at: number }> = [];
  before(async () => {
    listener.onGeneration((generation) => {
      if (!Number.isNaN(generation)) seen.push({ generation, at: Date.now() });
    });
    await listener.ready();
  });
  after(async () => {
    await listener.close();
    await writer.destroy();
  });

  const waitFor = async (n: number, ms: number) => {
    const until = Date.now() + ms;
    while (seen.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  };

  it('delivers a committed write to the other connection within a second, only after commit', async () => {
    let committedAt = 0;
    await writer.kysely.transaction().execute(async (trx) => {
      await notifyGeneration(trx, 'postgres', { schema, generation: 7 });
      await sql`select pg_sleep(0.2)`.execute(trx);
      assert.equal(seen.length, 0, 'nothing before the commit');
      committedAt = Date.now();
    });
    await waitFor(1, 1000);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.generation, 7);
    assert.ok((seen[0]?.at ?? 0) - committedAt < 1000, `took ${(seen[0]?.at ?? 0) - committedAt} ms`);
  });

  it('sends nothing for a rolled-back write or another schema', async () => {
    await assert.rejects(
      writer.kysely.transaction().execute(async (trx) => {
        await notifyGeneration(trx, 'postgres', { schema, generation: 8 });
        throw new Error('roll back');
      }),
      /roll back/,
    );
    await writer.kysely
      .transaction()
      .execute((trx) => notifyGeneration(trx, 'postgres', { schema: 'someone_else', generation: 9 }));
    await writer.kysely.transaction().execute((trx) => notifyGeneration(trx, 'postgres', { schema, generation: 10 }));
    await waitFor(2, 1000);
    assert.deepEqual(
      seen.map((s) => s.generation),
      [7, 10],
    );
  });
});
