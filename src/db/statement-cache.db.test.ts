// SQLite statements are kept by their SQL (ADR 0235): a kept statement answers with the current data and its own
// parameters, a stream and a query of the same SQL inside it do not trip over each other, and more distinct
// statements than the cache holds still run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';

describe('SQLite statement cache', () => {
  it('reuses statements without stale answers, across parameters, streams and evictions', async () => {
    const db = openDatabase(':memory:');
    try {
      await sql`create table t (id integer primary key, name text)`.execute(db.kysely);
      const names = async () => (await sql<{ name: string }>`select name from t order by id`.execute(db.kysely)).rows;
      assert.deepEqual(await names(), []);
      for (const [id, name] of [
        [1, 'eins'],
        [2, 'zwei'],
      ] as const)
        await sql`insert into t (id, name) values (${id}, ${name})`.execute(db.kysely);
      assert.deepEqual(
        (await names()).map((r) => r.name),
        ['eins', 'zwei'],
        'the same statement sees the rows written since',
      );
      const byId = async (id: number) =>
        (await sql<{ name: string }>`select name from t where id = ${id}`.execute(db.kysely)).rows[0]?.name;
      assert.equal(await byId(1), 'eins');
      assert.equal(await byId(2), 'zwei');

      const streamed: string[] = [];
      for await (const row of db.kysely
        .selectFrom('t' as never)
        .select('name' as never)
        .stream())
        streamed.push((row as { name: string }).name);
      assert.deepEqual(streamed, ['eins', 'zwei']);
      assert.deepEqual(
        (
          await db.kysely
            .selectFrom('t' as never)
            .select('name' as never)
            .execute()
        ).length,
        2,
      );

      // more distinct statements than the cache keeps (500): evicted ones are prepared again
      for (let i = 0; i < 600; i++)
        assert.equal((await sql.raw<{ n: number }>(`select ${i} as n`).execute(db.kysely)).rows[0]?.n, i);
      assert.equal(await byId(1), 'eins');
    } finally {
      await db.destroy();
    }
  });
});
