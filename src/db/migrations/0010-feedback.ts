import type { Kysely } from 'kysely';

// Feedback loops: citizens' error reports, the tenants' notification inbox and digest recipients, and the link
// checker's run verdict ("could not check"). Portable types only; timestamps are ISO-8601 text.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The tenant that owns the record the citizen saw (the town for its settings and units, the Kreis for its
    // services): the one that can fix it.
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    // The place whose page the citizen was on.
    .addColumn('area_ags', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('page_url', 'text', (c) => c.notNull())
    // JSON: the exact answer the citizen saw (level, authority, contact point, reason).
    .addColumn('shown_answer', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('answer', 'text')
    .addColumn('handled_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('feedback_reports_tenant_idx')
    .on('feedback_reports')
    .columns(['tenant_ags', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('feedback_reports_area_idx')
    .on('feedback_reports')
    .columns(['area_ags', 'service_id', 'status'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text')
    // The same event (a link breaking, a report arriving) lands in a tenant's inbox once.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('emailed_at', 'text')
    .addUniqueConstraint('notifications_dedupe_uq', ['tenant_ags', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('notifications_tenant_idx')
    .on('notifications')
    .columns(['tenant_ags', 'created_at'])
    .execute();

  await db.schema
    .createTable('notification_recipients')
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_recipients_pk', ['tenant_ags', 'email'])
    .execute();

  await db.schema.alterTable('link_check_runs').addColumn('verdict', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('link_check_runs').dropColumn('verdict').execute();
  await db.schema.dropTable('notification_recipients').ifExists().execute();
  await db.schema.dropTable('notifications').ifExists().execute();
  await db.schema.dropTable('feedback_reports').ifExists().execute();
}
