import type { Kysely } from 'kysely';

// The checklist catalog (issue #6): the project group's Lebenslagen → products, and the towns' review ticks.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checklist_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    // No foreign keys to lebenslagen/services on purpose: a product the project group lists stays on the checklist
    // when the catalog loses it, and then shows as missing in every town instead of vanishing silently.
    .addColumn('lebenslage_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('interface_kinds', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('checklist_items_uq', ['tenant_ags', 'lebenslage_id', 'service_id'])
    .execute();
  await db.schema.createIndex('checklist_items_service_idx').on('checklist_items').column('service_id').execute();

  await db.schema
    .createTable('checklist_reviews')
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('checklist_reviews_pk', ['tenant_ags', 'service_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('checklist_reviews').ifExists().execute();
  await db.schema.dropTable('checklist_items').ifExists().execute();
}
