import type { Kysely } from 'kysely';

// Responsibility for all of Germany (decision 0120): tasks carry rules; rules, assignments get validity dates and
// an answering area; services name their connecting factor; contacts may serve only some areas. Only additions, so
// every existing row keeps its meaning.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tasks')
    // "<tenant>:<code>": every county (or Land) defines its own tasks; the same code may mean different rules.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('tenant_ags', 'text', (c) => c.notNull().references('areas.ags'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('default_level', 'text', (c) => c.notNull())
    .addColumn('default_legal_basis', 'text')
    .addColumn('default_reason', 'text')
    .addColumn('connecting_factor', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('task_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('tenant_ags', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('match_type', 'text', (c) => c.notNull())
    .addColumn('match_value', 'text', (c) => c.notNull())
    .addColumn('within_ags', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('reason', 'text')
    .addColumn('answered_by_ags', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .execute();
  await db.schema.createIndex('task_rules_task_idx').on('task_rules').column('task_id').execute();

  for (const column of ['answered_by_ags', 'valid_from', 'valid_until'])
    await db.schema.alterTable('responsibility_rules').addColumn(column, 'text').execute();
  await db.schema.alterTable('services').addColumn('connecting_factor', 'text').execute();
  await db.schema
    .alterTable('services')
    .addColumn('inherits_responsibility', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of ['valid_from', 'valid_until'])
    await db.schema.alterTable('assignments').addColumn(column, 'text').execute();
  // JSON array of area keys; null: the contact serves every area its unit serves.
  await db.schema.alterTable('contacts').addColumn('areas', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').dropColumn('areas').execute();
  for (const column of ['valid_from', 'valid_until'])
    await db.schema.alterTable('assignments').dropColumn(column).execute();
  await db.schema.alterTable('services').dropColumn('inherits_responsibility').execute();
  await db.schema.alterTable('services').dropColumn('connecting_factor').execute();
  for (const column of ['answered_by_ags', 'valid_from', 'valid_until'])
    await db.schema.alterTable('responsibility_rules').dropColumn(column).execute();
  await db.schema.dropTable('task_rules').ifExists().execute();
  await db.schema.dropTable('tasks').ifExists().execute();
}
