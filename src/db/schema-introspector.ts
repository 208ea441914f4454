// Kysely's PostgreSQL introspector lists every column of every table in every schema, calling
// pg_get_serial_sequence() per column. When another connection drops a schema meanwhile (parallel tests dropping
// theirs, a second tenant database being cleaned up), that call fails with "column … of relation … does not exist"
// and the migrator, which only wants to know whether its own bookkeeping table exists, gives up. This introspector
// looks only at the schema the connection works in (search_path's first entry), and only at names.
import { type DatabaseIntrospector, type Kysely, type SchemaMetadata, sql, type TableMetadata } from 'kysely';

export function createSchemaIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
  return {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db);
      return rows;
    },
    async getTables(): Promise<TableMetadata[]> {
      const { rows } = await sql<{ name: string; schema: string; kind: string }>`
        select c.relname as name, n.nspname as schema, c.relkind as kind
          from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')`.execute(db);
      return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v', columns: [] }));
    },
    async getMetadata(): Promise<{ tables: TableMetadata[] }> {
      return { tables: await this.getTables() };
    },
  };
}
