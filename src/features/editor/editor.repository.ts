// All SQL of the editors' workspace. Every function that touches tenant data takes the tenant as a required
// argument and filters by it: a wrong tenant finds nothing and changes nothing.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { toLocalServiceSetting } from '../catalog/catalog.repository.ts';
import type { DraftTable, ScheduledActionTable } from './editor.table.ts';
import type { AreaServiceDoc, EntityType } from './editor.ts';

type Q = Kysely<Database>;
export type DraftRow = Selectable<DraftTable>;
export type ScheduleRow = Selectable<ScheduledActionTable>;

// ---- optimistic locking on published records -------------------------------------------------------------------------

const TABLE = {
  service: 'services',
  authority: 'authorities',
  contact: 'contacts',
  lebenslage: 'lebenslagen',
} as const;

/**
 * Takes the row lock of a published record at `version` (optimistic locking): true when the record is still at
 * that version. In PostgreSQL a concurrent claimer waits for this transaction and then finds the version moved on.
 */
export async function claimVersion(
  db: Q,
  type: EntityType,
  tenant: string,
  id: string,
  version: number,
): Promise<boolean> {
  if (type === 'area_service') {
    const r = await db
      .updateTable('areaServiceSettings')
      .set({ version: sql`version` })
      .where('areaAgs', '=', tenant)
      .where('tenantAgs', '=', tenant)
      .where('serviceId', '=', id.split(':')[1] ?? '')
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  let q = db
    .updateTable(TABLE[type])
    .set({ version: sql`version` })
    .where('id', '=', id)
    .where('version', '=', version);
  if (type !== 'lebenslage') q = q.where('tenantAgs' as never, '=', tenant as never);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countDependents(db: Q, type: EntityType, id: string): Promise<number> {
  if (type === 'authority') {
    const [c, a] = await Promise.all([
      db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('authorityId', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('authorities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parentId', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return Number(c.n) + Number(a.n);
  }
  if (type === 'lebenslage') {
    const c = await db
      .selectFrom('lebenslagen')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parentId', '=', id)
      .executeTakeFirstOrThrow();
    return Number(c.n);
  }
  return 0;
}

// ---- drafts -------------------------------------------------------------------------------------------------------

export async function findDraft(db: Q, tenant: string, type: EntityType, id: string): Promise<DraftRow | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
}

/** Any draft of the record, whatever its tenant: used only to refuse creating a record another tenant is drafting. */
export async function draftExists(db: Q, type: EntityType, id: string): Promise<boolean> {
  return !!(await db
    .selectFrom('drafts')
    .select('id')
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .executeTakeFirst());
}

export async function insertDraft(db: Q, row: DraftRow): Promise<void> {
  await db.insertInto('drafts').values(row).execute();
}

/** Saves over a draft only if it is still at `version`: false when someone else saved in between. */
export async function updateDraft(
  db: Q,
  tenant: string,
  id: string,
  version: number,
  values: { data: string; updatedBy: string | null; updatedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('drafts')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteDraft(db: Q, tenant: string, id: string, version?: number): Promise<boolean> {
  let q = db.deleteFrom('drafts').where('id', '=', id).where('tenantAgs', '=', tenant);
  if (version !== undefined) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirst()).numDeletedRows) === 1;
}

export async function listDrafts(db: Q, tenants: string[] | null): Promise<DraftRow[]> {
  let q = db.selectFrom('drafts').selectAll();
  if (tenants) q = tenants.length ? q.where('tenantAgs', 'in', tenants) : q.where('id', '=', '\u0000');
  return q.orderBy('updatedAt', 'desc').limit(500).execute();
}

// ---- schedules ------------------------------------------------------------------------------------------------------

export async function upsertSchedule(db: Q, row: ScheduleRow): Promise<void> {
  await db
    .insertInto('scheduledActions')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['entityType', 'entityId', 'action'])
        .doUpdateSet({ runAt: row.runAt, createdBy: row.createdBy, createdAt: row.createdAt }),
    )
    .execute();
}

export async function listSchedules(db: Q, tenant: string, type: EntityType, id: string): Promise<ScheduleRow[]> {
  return db
    .selectFrom('scheduledActions')
    .selectAll()
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .orderBy('runAt')
    .execute();
}

export async function listTenantSchedules(db: Q, tenants: string[] | null): Promise<ScheduleRow[]> {
  let q = db.selectFrom('scheduledActions').selectAll();
  if (tenants) q = tenants.length ? q.where('tenantAgs', 'in', tenants) : q.where('id', '=', '\u0000');
  return q.orderBy('runAt').limit(500).execute();
}

export async function deleteSchedule(
  db: Q,
  tenant: string,
  type: EntityType,
  id: string,
  action: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('scheduledActions')
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .where('action', '=', action)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Schedules due at `now`, across tenants: only the scheduler (acting as the system) calls this. */
export async function dueSchedules(db: Q, now: string): Promise<ScheduleRow[]> {
  return db.selectFrom('scheduledActions').selectAll().where('runAt', '<=', now).orderBy('runAt').limit(100).execute();
}

/** Takes a due schedule; false when another instance took it first. */
export async function takeSchedule(db: Q, id: string): Promise<boolean> {
  return Number((await db.deleteFrom('scheduledActions').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;
}

// ---- lists for the workspace ----------------------------------------------------------------------------------------

export interface ServiceListItem {
  id: string;
  name: string;
  tenantAgs: string;
  task: string | null;
  version: number;
  updatedAt: string;
  /** For a town: its setting (null = catalog default). */
  offered: boolean | null;
  hasLocal: boolean;
}

/** The services a tenant's workspace shows: its own, and for a town also those of the tenants above it. */
export async function listWorkspaceServices(db: Q, tenant: string, tenantsAbove: string[]): Promise<ServiceListItem[]> {
  const owners = [tenant, ...tenantsAbove];
  const rows = await db
    .selectFrom('services as s')
    .leftJoin('areaServiceSettings as a', (j) => j.onRef('a.serviceId', '=', 's.id').on('a.areaAgs', '=', tenant))
    .select([
      's.id',
      's.name',
      's.tenantAgs',
      's.task',
      's.version',
      's.updatedAt',
      'a.offered',
      'a.localText',
      'a.localFees',
      'a.localDocuments',
    ])
    .where('s.tenantAgs', 'in', owners)
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tenantAgs: r.tenantAgs,
    task: r.task,
    version: r.version,
    updatedAt: r.updatedAt,
    offered: r.offered === null || r.offered === undefined ? null : r.offered === 1,
    hasLocal: !!(r.localText || r.localFees || r.localDocuments),
  }));
}

export async function listAuthorities(db: Q, tenant: string) {
  return db
    .selectFrom('authorities')
    .select(['id', 'name', 'areaAgs', 'version', 'updatedAt'])
    .where('tenantAgs', '=', tenant)
    .orderBy('name')
    .execute();
}

export async function listContacts(db: Q, tenant: string) {
  return db
    .selectFrom('contacts as c')
    .innerJoin('authorities as a', 'a.id', 'c.authorityId')
    .select(['c.id', 'c.name', 'c.role', 'c.authorityId', 'a.name as authorityName', 'c.version', 'c.updatedAt'])
    .where('c.tenantAgs', '=', tenant)
    .orderBy('a.name')
    .orderBy('c.name')
    .execute();
}

export async function listLebenslagen(db: Q) {
  return db
    .selectFrom('lebenslagen')
    .select(['id', 'name', 'parentId', 'position', 'version'])
    .orderBy('position')
    .orderBy('name')
    .execute();
}

export async function findArea(db: Q, ags: string) {
  return db
    .selectFrom('areas')
    .select(['ags', 'name', 'parentAgs', 'kind', 'slug'])
    .where('ags', '=', ags)
    .executeTakeFirst();
}

export async function listAreas(db: Q) {
  return db.selectFrom('areas').select(['ags', 'name', 'parentAgs', 'kind', 'slug']).orderBy('ags').execute();
}

export async function listAreaKinds(db: Q) {
  return db.selectFrom('areaKinds').select(['code', 'name']).orderBy('name').execute();
}

export async function serviceName(db: Q, id: string): Promise<{ name: string; tenantAgs: string } | undefined> {
  return db.selectFrom('services').select(['name', 'tenantAgs']).where('id', '=', id).executeTakeFirst();
}

export async function knownTasks(db: Q): Promise<string[]> {
  const rows = await db.selectFrom('services').select('task').distinct().where('task', 'is not', null).execute();
  return rows.map((r) => r.task!).sort();
}

export async function existingIds(
  db: Q,
  table: 'services' | 'authorities' | 'contacts' | 'lebenslagen' | 'areas',
  ids: string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  if (table === 'areas') {
    const rows = await db.selectFrom('areas').select('ags').where('ags', 'in', ids).execute();
    return new Set(rows.map((r) => r.ags));
  }
  const rows = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function authorityTenant(db: Q, id: string): Promise<string | undefined> {
  return (await db.selectFrom('authorities').select('tenantAgs').where('id', '=', id).executeTakeFirst())?.tenantAgs;
}

export async function areaKindExists(db: Q, code: string): Promise<boolean> {
  return !!(await db.selectFrom('areaKinds').select('code').where('code', '=', code).executeTakeFirst());
}

// ---- for the resolver and the portal ----------------------------------------------------------------------------------

/** How a town handles the services of the tenants above it (see docs/editor.md, "What the portal must honour"). */
export interface AreaServiceSetting extends AreaServiceDoc {
  areaAgs: string;
  serviceId: string;
  version: number;
}

/** Every setting of one area (town), by service id. Only published settings live in this table; drafts never do. */
export async function readAreaServiceSettings(db: Q, areaAgs: string): Promise<Map<string, AreaServiceSetting>> {
  const rows = await db
    .selectFrom('areaServiceSettings')
    .selectAll()
    .where('areaAgs', '=', areaAgs)
    .where('tenantAgs', '=', areaAgs)
    .execute();
  return new Map(rows.map((r) => [r.serviceId, { ...toLocalServiceSetting(r), version: r.version }]));
}
