import type { Kysely } from 'kysely';

// Search: editable synonyms and the zero-result counter. Portable column types only.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_synonyms')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('expansions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_misses')
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('area_ags', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_misses_pk', ['query', 'area_ags'])
    .execute();
  // Editors read the misses of one area, most frequent first.
  await db.schema.createIndex('search_misses_area_idx').on('search_misses').columns(['area_ags', 'count']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_misses').ifExists().execute();
  await db.schema.dropTable('search_synonyms').ifExists().execute();
}
