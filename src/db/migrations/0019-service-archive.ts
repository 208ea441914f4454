import type { Kysely } from 'kysely';

// Removing a service archives it (issue 13, finding 2): the row stays with `archived_at` set, and so do its rules,
// Lebenslagen, and every tenant's settings, contact links and assignments for it. Public reads skip archived services
// and what hangs on them; a restore clears the mark and everything is back. Nothing a restore cannot return is deleted.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('services').addColumn('archived_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('services').dropColumn('archived_at').execute();
}
