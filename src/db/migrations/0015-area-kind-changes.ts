import type { Kysely } from 'kysely';

// Dated kind changes of an area (decision 0150): a town becomes a "mittlere kreisangehörige Stadt" from a day, so the
// tiers it fulfils - and with them who answers for its citizens - change on that day. JSON array of
// { kind, validFrom } in date order; null: the area keeps its `kind`.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('areas').addColumn('kind_changes', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('areas').dropColumn('kind_changes').execute();
}
