// All SQL of the search feature: synonyms and the zero-result counter. Same statements on SQLite and PostgreSQL.
import type { Kysely, Transaction } from 'kysely';
import { bumpCacheGeneration, readCacheGeneration } from '../../db/cache-generations.ts';
import type { Database } from '../../db/schema.ts';
import type { SearchMiss, SynonymEntry } from './search.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Cache generation scope of the synonyms: every instance rebuilds its indexes when it changes. */
export const SYNONYMS_SCOPE = 'search-synonyms';

export interface StoredSynonym extends SynonymEntry {
  key: string;
  updatedAt: string;
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

export async function readSynonyms(db: Q): Promise<StoredSynonym[]> {
  const rows = await db.selectFrom('searchSynonyms').selectAll().orderBy('key').execute();
  return rows.map((r) => ({ key: r.key, term: r.term, expansions: parseList(r.expansions), updatedAt: r.updatedAt }));
}

export async function countSynonyms(db: Q): Promise<number> {
  const row = await db
    .selectFrom('searchSynonyms')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Inserts or replaces the entry for `key`, and tells other instances (cache generation). */
export async function upsertSynonym(
  db: Kysely<Database>,
  key: string,
  entry: SynonymEntry,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('searchSynonyms')
      .values({ key, term: entry.term, expansions: JSON.stringify(entry.expansions), createdAt: now, updatedAt: now })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ term: entry.term, expansions: JSON.stringify(entry.expansions), updatedAt: now }),
      )
      .execute();
    await bumpCacheGeneration(tx, SYNONYMS_SCOPE);
  });
}

/** Inserts many entries at once (seed); existing keys are left alone. */
export async function insertSynonyms(
  db: Kysely<Database>,
  entries: { key: string; entry: SynonymEntry }[],
  now: string,
): Promise<number> {
  if (entries.length === 0) return 0;
  await db.transaction().execute(async (tx) => {
    for (const { key, entry } of entries) {
      await tx
        .insertInto('searchSynonyms')
        .values({ key, term: entry.term, expansions: JSON.stringify(entry.expansions), createdAt: now, updatedAt: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    }
    await bumpCacheGeneration(tx, SYNONYMS_SCOPE);
  });
  return entries.length;
}

export async function deleteSynonym(db: Kysely<Database>, key: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const result = await tx.deleteFrom('searchSynonyms').where('key', '=', key).executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) await bumpCacheGeneration(tx, SYNONYMS_SCOPE);
    return deleted;
  });
}

export function readSynonymsGeneration(db: Q): Promise<number> {
  return readCacheGeneration(db, SYNONYMS_SCOPE);
}

/** Counts one more miss of `query` in `areaAgs` (one statement: concurrent misses from several instances add up). */
export async function recordMiss(db: Q, query: string, areaAgs: string, now: string): Promise<void> {
  await db
    .insertInto('searchMisses')
    .values({ query, areaAgs, count: 1, firstSeen: now, lastSeen: now })
    .onConflict((oc) =>
      oc
        .columns(['query', 'areaAgs'])
        .doUpdateSet((eb) => ({ count: eb('searchMisses.count', '+', 1), lastSeen: now })),
    )
    .execute();
}

/** The misses of an area, most frequent first (then most recent). */
export async function readMisses(db: Q, areaAgs: string, limit: number): Promise<SearchMiss[]> {
  const rows = await db
    .selectFrom('searchMisses')
    .select(['query', 'areaAgs', 'count', 'firstSeen', 'lastSeen'])
    .where('areaAgs', '=', areaAgs)
    .orderBy('count', 'desc')
    .orderBy('lastSeen', 'desc')
    .orderBy('query')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    query: r.query,
    areaAgs: r.areaAgs,
    count: Number(r.count),
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
  }));
}

/** Deletes misses last seen before `before` (the retention limit). */
export async function deleteMissesBefore(db: Q, before: string): Promise<number> {
  const result = await db.deleteFrom('searchMisses').where('lastSeen', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
