import type { Kysely } from 'kysely';

// Imported Leistungen say where they came from (PVOG, XZuFi: source, id there, upstream date) and whom they are for
// (citizens, businesses), so a town's list can put citizens' services first and an editor sees what is national text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('services').addColumn('audience', 'text').execute();
  await db.schema.alterTable('services').addColumn('provenance', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('services').dropColumn('provenance').execute();
  await db.schema.alterTable('services').dropColumn('audience').execute();
}
