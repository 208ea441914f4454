import type { Kysely } from 'kysely';

// One migration set for SQLite and PostgreSQL: only portable column types (text, integer, real);
// timestamps are ISO-8601 text, JSON is text, booleans are 0/1 integers.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('area_kinds')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tiers', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .execute();

  await db.schema
    .createTable('areas')
    .addColumn('ags', 'text', (c) => c.primaryKey())
    .addColumn('ars', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().references('area_kinds.code'))
    .addColumn('parent_ags', 'text', (c) => c.references('areas.ags'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('postcodes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('population', 'integer')
    .addColumn('main_authority_id', 'text')
    .addColumn('website', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('areas_parent_idx').on('areas').column('parent_ags').execute();

  await db.schema
    .createTable('lebenslagen')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('lebenslagen.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('description', 'text')
    .addColumn('themenfeld', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authorities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('area_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('parent_id', 'text', (c) => c.references('authorities.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street', 'text')
    .addColumn('postcode', 'text')
    .addColumn('city', 'text')
    .addColumn('phone', 'text')
    .addColumn('fax', 'text')
    .addColumn('email', 'text')
    .addColumn('website', 'text')
    .addColumn('opening_hours', 'text')
    .addColumn('opening_hours_note', 'text')
    .addColumn('accessibility', 'text')
    .addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('authorities_tenant_idx').on('authorities').column('tenant_ags').execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('leika_key', 'text')
    .addColumn('leika_type', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('synonyms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('task', 'text')
    .addColumn('teaser', 'text')
    .addColumn('full_text', 'text')
    .addColumn('documents', 'text')
    .addColumn('prerequisites', 'text')
    .addColumn('fees', 'text')
    .addColumn('deadlines', 'text')
    .addColumn('processing_time', 'text')
    .addColumn('procedure', 'text')
    .addColumn('legal_basis', 'text')
    .addColumn('hints', 'text')
    .addColumn('further_info', 'text')
    .addColumn('forms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('online_services', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('text_modules', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('default_level', 'text', (c) => c.notNull())
    .addColumn('default_legal_basis', 'text')
    .addColumn('default_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('services_tenant_idx').on('services').column('tenant_ags').execute();
  await db.schema.createIndex('services_leika_idx').on('services').column('leika_key').execute();

  await db.schema
    .createTable('service_lebenslagen')
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('lebenslage_id', 'text', (c) => c.notNull().references('lebenslagen.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('service_lebenslagen_pk', ['service_id', 'lebenslage_id'])
    .execute();
  await db.schema.createIndex('service_lebenslagen_ll_idx').on('service_lebenslagen').column('lebenslage_id').execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('authority_id', 'text', (c) => c.notNull().references('authorities.id').onDelete('cascade'))
    .addColumn('name', 'text')
    .addColumn('role', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('room', 'text')
    .addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_authority_idx').on('contacts').column('authority_id').execute();

  // A contact handles services directly (service_id) or a whole task (task): exactly one of the two is set.
  await db.schema
    .createTable('contact_services')
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('task', 'text')
    .addColumn('tenant_ags', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_services_contact_idx').on('contact_services').column('contact_id').execute();

  await db.schema
    .createTable('responsibility_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('match_type', 'text', (c) => c.notNull())
    .addColumn('match_value', 'text', (c) => c.notNull())
    .addColumn('within_ags', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rules_service_idx').on('responsibility_rules').column('service_id').execute();

  // XZuFi Zuständigkeit: a unit handles one service (service_id) or every service of a task (task) for an area.
  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('task', 'text')
    .addColumn('area_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('authority_id', 'text', (c) => c.notNull().references('authorities.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('deep_link', 'text')
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_area_idx').on('assignments').columns(['area_ags', 'role']).execute();
  await db.schema.createIndex('assignments_authority_idx').on('assignments').column('authority_id').execute();

  await db.schema
    .createTable('cache_generations')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'cache_generations',
    'assignments',
    'responsibility_rules',
    'contact_services',
    'contacts',
    'service_lebenslagen',
    'services',
    'authorities',
    'lebenslagen',
    'areas',
    'area_kinds',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
