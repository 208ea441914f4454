import type { Kysely } from 'kysely';

// Stale local data (issue #13, finding 3) and the catalog's outbox for its notices (issue #14):
// - `stale_local_fields`: a town overrides a field of a service above it (fees, documents, online services, text);
//   the owner then published a change to that field. One row per (town, service, field) until the town confirms its
//   own value or changes it. Not a catalog record (no history): the state of a review, written by `catalog.write`
//   in the same transaction as the owner's change.
// - `catalog_notices`: what `catalog.write` found for other tenants' inboxes (stale_text, upstream_change), kept in
//   the same transaction and handed to the inbox after the commit, so no write path can lose one.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stale_local_fields')
    .addColumn('area_ags', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    // fees | documents | onlineServices | fullText (the owner's field the town's setting replaces or adds to)
    .addColumn('field', 'text', (c) => c.notNull())
    // The tenant that owns the service (who changed it).
    .addColumn('owner_ags', 'text', (c) => c.notNull())
    // When the owner first changed the field since the town last looked (ISO-8601).
    .addColumn('since', 'text', (c) => c.notNull())
    // The owner's value before that first change and its value now (JSON for online services).
    .addColumn('owner_old', 'text')
    .addColumn('owner_new', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stale_local_fields_pk', ['area_ags', 'service_id', 'field'])
    .execute();

  await db.schema
    .createTable('catalog_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull())
    // stale_text | upstream_change
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    // JSON array of the changed fields.
    .addColumn('fields', 'text', (c) => c.notNull())
    // Where the change came from (`editor`, `pvog`, `xzufi` …) and who made it.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_notices_created_idx').on('catalog_notices').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('catalog_notices').ifExists().execute();
  await db.schema.dropTable('stale_local_fields').ifExists().execute();
}
