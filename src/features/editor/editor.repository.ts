// All SQL of the editors' workspace: drafts and schedules, nothing else (catalog records are read and written
// through the catalog service). Every function that touches tenant data takes the tenant (or a TenantScope) as a
// required argument and filters by it: a wrong tenant finds nothing and changes nothing. The two lookups that look
// across tenants on purpose are collected at the end of this file.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { scopeTenants, type TenantScope } from '../catalog/index.ts';
import type { DraftTable, ScheduledActionTable } from './editor.table.ts';
import type { EntityType } from './editor.ts';

type Q = Kysely<Database>;
export type DraftRow = Selectable<DraftTable>;
export type ScheduleRow = Selectable<ScheduledActionTable>;

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

/**
 * Locks the draft row (until the transaction ends) and returns it. An UPDATE that changes nothing takes the row lock
 * on PostgreSQL, where `FOR UPDATE` would not compile on SQLite (whose write transactions are serial anyway): two
 * publishers of the same draft therefore run one after the other, and the second finds the draft gone.
 */
export async function lockDraft(db: Q, tenant: string, type: EntityType, id: string): Promise<DraftRow | undefined> {
  return db
    .updateTable('drafts')
    .set({ version: sql`version` })
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Inserts a new draft unless a draft of the record exists (any tenant's: `drafts_entity_uq`); false then. The database
 * decides, not a read before: on PostgreSQL a concurrent inserter waits for the other transaction and then either
 * finds the row (false) or, when that transaction removed it again (published), inserts.
 */
export async function insertDraft(db: Q, row: DraftRow): Promise<boolean> {
  const r = await db
    .insertInto('drafts')
    .values(row)
    .onConflict((oc) => oc.columns(['entityType', 'entityId']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
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

export async function listDrafts(db: Q, scope: TenantScope): Promise<DraftRow[]> {
  let q = db.selectFrom('drafts').selectAll();
  const tenants = scopeTenants(scope);
  if (tenants) q = q.where('tenantAgs', 'in', tenants);
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

export async function listTenantSchedules(db: Q, scope: TenantScope): Promise<ScheduleRow[]> {
  let q = db.selectFrom('scheduledActions').selectAll();
  const tenants = scopeTenants(scope);
  if (tenants) q = q.where('tenantAgs', 'in', tenants);
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

/** Takes a due schedule; false when another instance took it first. */
export async function takeSchedule(db: Q, id: string): Promise<boolean> {
  return Number((await db.deleteFrom('scheduledActions').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;
}

// ---- deliberate cross-tenant lookups ----------------------------------------------------------------------------------
// The only reads of this feature that look across tenants on purpose (listed in docs/architecture.md). Neither
// returns another tenant's content to a user.

/** Any draft of the record, whatever its tenant: used only to refuse creating a record another tenant is drafting. */
export async function draftExists(db: Q, type: EntityType, id: string): Promise<boolean> {
  return !!(await db
    .selectFrom('drafts')
    .select('id')
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .executeTakeFirst());
}

/** Schedules due at `now`, across tenants: only the scheduler (acting as the system) calls this. */
export async function dueSchedules(db: Q, now: string): Promise<ScheduleRow[]> {
  return db.selectFrom('scheduledActions').selectAll().where('runAt', '<=', now).orderBy('runAt').limit(100).execute();
}
