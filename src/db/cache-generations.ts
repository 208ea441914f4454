// Cache generations: one counter per scope ('catalog', 'search-synonyms', …), bumped in the same transaction as the
// write that makes derived caches stale. Every app instance compares the counter before answering from a cache, so a
// second instance never serves data older than the last committed write. Shared infrastructure, not a feature's
// table: the catalog and the search feature each bump their own scope.
import { type Kysely, sql } from 'kysely';
import { notifyGeneration } from './notify.ts';
import type { Database } from './schema.ts';

type Q = Kysely<Database>;

/** A synchronous read of a scope's generation, or undefined when it cannot answer now (the query path then does). */
export type FastGenerationRead = (scope: string) => number | undefined;

const fastReads = new WeakMap<object, FastGenerationRead>();

/**
 * Lets `readCacheGeneration` on this Kysely instance skip the query builder: on SQLite the read runs before every
 * cached answer, and compiling it through Kysely and preparing it anew each time was ~20 % of a kept answer's CPU
 * (issue 17). Registered by `openDatabase` for its SQLite handle; transactions are other instances and never use it.
 */
export function registerFastGenerationRead(db: object, read: FastGenerationRead): void {
  fastReads.set(db, read);
}

let localBumps = 0;

/**
 * How many generation bumps this process has made, in any scope and database. A reader that throttles its
 * generation reads (`GenerationClock`) reads again when this moved, so a write is seen by the next answer in its own
 * process without a read per request. Counted at the bump, before the commit: a read then waits for the writing
 * transaction (SQLite: one connection) or is repeated for a moment after it (`GenerationClock.touch`).
 */
export function localBumpCount(): number {
  return localBumps;
}

/** The current generation of a scope; 0 before its first write. */
export async function readCacheGeneration(db: Q, scope = 'catalog'): Promise<number> {
  const fast = fastReads.get(db)?.(scope);
  if (fast !== undefined) return fast;
  const row = await db
    .selectFrom('cacheGenerations')
    .select('generation')
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row?.generation ?? 0;
}

/**
 * Called in the same transaction as the write: other instances see their caches are stale — at their next read, and
 * on PostgreSQL at once through `NOTIFY` (sent at commit; see notify.ts).
 */
export async function bumpCacheGeneration(db: Q, scope = 'catalog'): Promise<void> {
  localBumps++;
  const updated = await db
    .updateTable('cacheGenerations')
    .set({ generation: sql`generation + 1` })
    .where('scope', '=', scope)
    .returning('generation')
    .executeTakeFirst();
  const row =
    updated ??
    (await db
      .insertInto('cacheGenerations')
      .values({ scope, generation: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ generation: sql`cache_generations.generation + 1` }))
      .returning('generation')
      .executeTakeFirstOrThrow());
  await notifyGeneration(db, scope, Number(row.generation));
}
