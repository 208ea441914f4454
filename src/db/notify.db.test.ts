// LISTEN/NOTIFY between two connections: a committed write reaches the other side within a second, a rolled-back
// one never, another schema's not at all; a bump of the generation sends it by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { bumpCacheGeneration } from './cache-generations.ts';
import type { GenerationListener } from './notify.ts';
import { notifyGeneration } from './notify.ts';
import { createTestDb, postgresReachable, type TestDb } from './testing.ts';

describe('notifyGeneration on sqlite', () => {
  it('is a no-op (one instance per file), and SQLite offers no listener', async () => {
    const db = await createTestDb('sqlite', { migrate: false });
    await db.kysely.transaction().execute((trx) => notifyGeneration(trx, 'catalog', 1));
    assert.equal(db.listen, undefined);
    await db.cleanup();
  });
});

describe('generation notifications on postgres', { skip: !(await postgresReachable()) }, () => {
  let writer: TestDb;
  let elsewhere: TestDb;
  let listener: GenerationListener;
  const seen: Array<{ scope: string; generation: number; at: number }> = [];
  before(async () => {
    writer = await createTestDb('postgres');
    elsewhere = await createTestDb('postgres', { migrate: false });
    listener = writer.listen?.() as GenerationListener;
    listener.onGeneration((scope, generation) => {
      if (!Number.isNaN(generation)) seen.push({ scope, generation, at: Date.now() });
    });
    await listener.ready();
    assert.equal(listener.live, true);
  });
  after(async () => {
    await listener.close();
    assert.equal(listener.live, false);
    await writer.cleanup();
    await elsewhere.cleanup();
  });

  const waitFor = async (n: number, ms: number) => {
    const until = Date.now() + ms;
    while (seen.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  };

  it('delivers a committed write to the other connection within a second, only after commit', async () => {
    let committedAt = 0;
    await writer.kysely.transaction().execute(async (trx) => {
      await notifyGeneration(trx, 'catalog', 7);
      await sql`select pg_sleep(0.2)`.execute(trx);
      assert.equal(seen.length, 0, 'nothing before the commit');
      committedAt = Date.now();
    });
    await waitFor(1, 1000);
    assert.deepEqual(
      seen.map(({ scope, generation }) => ({ scope, generation })),
      [{ scope: 'catalog', generation: 7 }],
    );
    assert.ok((seen[0]?.at ?? 0) - committedAt < 1000, `took ${(seen[0]?.at ?? 0) - committedAt} ms`);
  });

  it('sends nothing for a rolled-back write or another schema', async () => {
    await assert.rejects(
      writer.kysely.transaction().execute(async (trx) => {
        await notifyGeneration(trx, 'catalog', 8);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    await elsewhere.kysely.transaction().execute((trx) => notifyGeneration(trx, 'catalog', 9));
    await writer.kysely.transaction().execute((trx) => notifyGeneration(trx, 'catalog', 10));
    await waitFor(2, 1000);
    assert.deepEqual(
      seen.map((s) => s.generation),
      [7, 10],
    );
  });

  it('bumpCacheGeneration notifies with the scope and the committed value', async () => {
    await writer.kysely.transaction().execute((trx) => bumpCacheGeneration(trx, 'search-synonyms'));
    await writer.kysely.transaction().execute((trx) => bumpCacheGeneration(trx, 'search-synonyms'));
    await waitFor(4, 1000);
    assert.deepEqual(
      seen.slice(2).map(({ scope, generation }) => ({ scope, generation })),
      [
        { scope: 'search-synonyms', generation: 1 },
        { scope: 'search-synonyms', generation: 2 },
      ],
    );
  });
});
