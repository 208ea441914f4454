import { type Kysely, sql } from 'kysely';

// A county's snapshot reads its tenants' assignments and the ids of archived services on every rebuild (each Kreis of
// Germany once per generation): without these indexes both scanned the whole table (~2 ms each on the register).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('assignments_tenant_idx').on('assignments').columns(['tenant_ags', 'id']).execute();
  // Partial: archived services are few, and only their ids are asked for.
  await db.schema
    .createIndex('services_archived_idx')
    .on('services')
    .column('id')
    .where(sql.ref('archived_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('services_archived_idx').execute();
  await db.schema.dropIndex('assignments_tenant_idx').execute();
}
