import type { Kysely } from 'kysely';

// The official register of areas (GV100AD) in the area model, additively:
// - `register_kind`: the register's Textkennzeichen ("44" Landkreis, "51" Amt …) next to the deployment's own `kind`,
//   so an import never overwrites a finer kind a deployment chose (NRW's "mittlere kreisangehörige Stadt");
// - `valid_until` / `successor_ags`: an area that left the register keeps its row (history, old links) with an end
//   date and, when known, the area that took it over;
// - `area_aliases`: keys and slugs an area was known by (old slug, former AGS of a merged Gemeinde, the Kreis key of a
//   kreisfreie Stadt), so old URLs and embeds answer with a redirect instead of 404;
// - `area_places`: what citizens type that is not an area of its own (Ortsteile), pointing at their Gemeinde.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('areas').addColumn('register_kind', 'text').execute();
  await db.schema.alterTable('areas').addColumn('valid_until', 'text').execute();
  await db.schema.alterTable('areas').addColumn('successor_ags', 'text').execute();

  await db.schema
    .createTable('area_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    // `slug` or `key`: which namespace the alias lives in (a slug is never all digits, a key always is).
    .addColumn('alias_type', 'text', (c) => c.notNull())
    .addColumn('ags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('area_aliases_ags_idx').on('area_aliases').column('ags').execute();

  await db.schema
    .createTable('area_places')
    .addColumn('area_ags', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addPrimaryKeyConstraint('area_places_pk', ['area_ags', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('area_places').execute();
  await db.schema.dropTable('area_aliases').execute();
  await db.schema.alterTable('areas').dropColumn('successor_ags').execute();
  await db.schema.alterTable('areas').dropColumn('valid_until').execute();
  await db.schema.alterTable('areas').dropColumn('register_kind').execute();
}
