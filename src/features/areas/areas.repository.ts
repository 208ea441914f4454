// All SQL of the areas feature beyond the catalog's own area rows: aliases (old keys and slugs) and places.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AreaAliasTable, AreaPlaceTable } from './areas.table.ts';

type Q = Kysely<Database>;

export type AreaAlias = Omit<AreaAliasTable, 'createdAt'>;
export type AreaPlace = AreaPlaceTable;

/** Adds the aliases that are new or point elsewhere now; returns how many rows changed (0: nothing to write). */
export async function upsertAliases(db: Q, aliases: readonly AreaAlias[], at: string): Promise<number> {
  if (aliases.length === 0) return 0;
  const current = new Map<string, string>();
  for (let i = 0; i < aliases.length; i += 500) {
    const rows = await db
      .selectFrom('areaAliases')
      .select(['alias', 'ags'])
      .where(
        'alias',
        'in',
        aliases.slice(i, i + 500).map((a) => a.alias),
      )
      .execute();
    for (const r of rows) current.set(r.alias, r.ags);
  }
  let changed = 0;
  for (const a of aliases) {
    const before = current.get(a.alias);
    if (before === a.ags) continue;
    if (before === undefined)
      await db
        .insertInto('areaAliases')
        .values({ ...a, createdAt: at })
        .execute();
    else
      await db
        .updateTable('areaAliases')
        .set({ ags: a.ags, aliasType: a.aliasType })
        .where('alias', '=', a.alias)
        .execute();
    changed++;
  }
  return changed;
}

export async function findAlias(db: Q, alias: string): Promise<AreaAlias | undefined> {
  return db
    .selectFrom('areaAliases')
    .select(['alias', 'aliasType', 'ags'])
    .where('alias', '=', alias)
    .executeTakeFirst();
}

export async function readPlaces(db: Q): Promise<AreaPlace[]> {
  return db.selectFrom('areaPlaces').selectAll().orderBy('areaAgs').orderBy('name').execute();
}

/** Replaces the places of one source (an Ortsteile file) with the given list; returns [added, removed]. */
export async function replacePlaces(db: Q, source: string, places: readonly AreaPlace[]): Promise<[number, number]> {
  const before = await db.selectFrom('areaPlaces').selectAll().where('source', '=', source).execute();
  const key = (p: AreaPlace) => `${p.areaAgs}|${p.name}|${p.kind}`;
  const wanted = new Map(places.map((p) => [key(p), p]));
  const had = new Set(before.map(key));
  let removed = 0;
  for (const p of before) {
    if (wanted.has(key(p))) continue;
    await db.deleteFrom('areaPlaces').where('areaAgs', '=', p.areaAgs).where('name', '=', p.name).execute();
    removed++;
  }
  let added = 0;
  for (const [k, p] of wanted) {
    if (had.has(k)) continue;
    await db
      .insertInto('areaPlaces')
      .values(p)
      .onConflict((oc) => oc.columns(['areaAgs', 'name']).doUpdateSet({ kind: p.kind, source: p.source }))
      .execute();
    added++;
  }
  return [added, removed];
}

export async function readAliases(db: Q): Promise<AreaAlias[]> {
  return db.selectFrom('areaAliases').select(['alias', 'aliasType', 'ags']).orderBy('alias').execute();
}
