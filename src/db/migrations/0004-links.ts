import type { Kysely } from 'kysely';

// The link checker (issue #6): one row per checked URL, one per run. Portable types only.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('links')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('unchecked'))
    .addColumn('last_outcome', 'text')
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('final_url', 'text')
    .addColumn('redirects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_checked_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('failing_since', 'text')
    .addColumn('broke_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('check_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_ms', 'integer')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('links_state_idx').on('links').column('state').execute();
  await db.schema.createIndex('links_host_idx').on('links').column('host').execute();

  await db.schema
    .createTable('link_check_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    // 1 while the run holds the lease, NULL afterwards: the unique index lets only one run hold it (NULLs are distinct
    // in SQLite and PostgreSQL alike), so two instances never check at the same time.
    .addColumn('active', 'integer')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('working', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('broken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('newly_broken', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('recovered', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('link_check_runs_active_uq').on('link_check_runs').column('active').unique().execute();
  await db.schema.createIndex('link_check_runs_started_idx').on('link_check_runs').column('started_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('link_check_runs').ifExists().execute();
  await db.schema.dropTable('links').ifExists().execute();
}
