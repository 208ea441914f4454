// All SQL of accounts, roles, sessions and API tokens.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ApiTokenTable, LoginThrottleTable, PasswordResetTable, SessionTable, UserTable } from './auth.table.ts';
import type { Grant, Role } from './auth.ts';

type Q = Kysely<Database>;

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type LoginThrottleRow = Selectable<LoginThrottleTable>;
export type PasswordResetRow = Selectable<PasswordResetTable>;

export async function findUserByEmail(db: Q, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Q, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Q): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function countUsers(db: Q): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Q,
  user: Omit<UserRow, 'failedLogins' | 'lockedUntil' | 'version' | 'totpSecret' | 'totpPendingSecret' | 'totpLastStep'>,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      ...user,
      failedLogins: 0,
      lockedUntil: null,
      version: 1,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
    })
    .execute();
}

export async function updateUser(
  db: Q,
  id: string,
  values: Partial<
    Pick<
      UserRow,
      | 'name'
      | 'passwordHash'
      | 'active'
      | 'failedLogins'
      | 'lockedUntil'
      | 'totpSecret'
      | 'totpPendingSecret'
      | 'totpLastStep'
    >
  >,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ ...values, updatedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/**
 * Takes a TOTP time step for the user when it is later than the last one taken; false when it was used already
 * (a replayed code). The condition sits in the UPDATE, so two sign-ins with one code cannot both win.
 */
export async function claimTotpStep(db: Q, id: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Active accounts holding the admin role, after taking a write lock on every admin's row: two admins disabling or
 * demoting each other at once wait for one another (PostgreSQL row locks; SQLite has one writer anyway), so the
 * count the second one sees includes the first one's change.
 */
export async function lockAndCountActiveAdmins(db: Q): Promise<number> {
  const admins = db.selectFrom('userRoles').select('userId').where('role', '=', 'admin');
  await db.updateTable('users').set({ version: sql<number>`version` }).where('id', 'in', admins).execute();
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .where('id', 'in', admins)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- sign-in throttling -------------------------------------------------------------------------------------------

export async function findThrottle(db: Q, email: string, ip: string): Promise<LoginThrottleRow | undefined> {
  return db.selectFrom('loginThrottle').selectAll().where('email', '=', email).where('ip', '=', ip).executeTakeFirst();
}

export async function saveThrottle(db: Q, row: LoginThrottleRow): Promise<void> {
  await db
    .insertInto('loginThrottle')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['email', 'ip'])
        .doUpdateSet({ failures: row.failures, nextAllowedAt: row.nextAllowedAt, updatedAt: row.updatedAt }),
    )
    .execute();
}

export async function clearThrottle(db: Q, email: string, ip: string): Promise<void> {
  await db.deleteFrom('loginThrottle').where('email', '=', email).where('ip', '=', ip).execute();
}

/** Forgets pairs that have not failed since `before` (their delay is long over). */
export async function purgeThrottle(db: Q, before: string): Promise<number> {
  const r = await db.deleteFrom('loginThrottle').where('updatedAt', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- password reset links -----------------------------------------------------------------------------------------

export async function insertPasswordReset(db: Q, row: PasswordResetRow): Promise<void> {
  await db.insertInto('passwordResets').values(row).execute();
}

export async function findPasswordReset(db: Q, id: string): Promise<PasswordResetRow | undefined> {
  return db.selectFrom('passwordResets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a link used; false when it was used (or withdrawn) already — the condition makes it single-use under races. */
export async function usePasswordReset(db: Q, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('passwordResets')
    .set({ usedAt: now })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Withdraws every open link of a user (a newer link, or the password changed otherwise). */
export async function withdrawPasswordResets(db: Q, userId: string, now: string): Promise<void> {
  await db
    .updateTable('passwordResets')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .execute();
}

export async function grantsOf(db: Q, userId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('userRoles')
    .select(['role', 'tenantAgs'])
    .where('userId', '=', userId)
    .orderBy('tenantAgs')
    .execute();
  return rows.map((r) => ({ role: r.role as Role, tenantAgs: r.tenantAgs }));
}

export async function grantsOfMany(db: Q, userIds: string[]): Promise<Map<string, Grant[]>> {
  const out = new Map<string, Grant[]>();
  if (!userIds.length) return out;
  const rows = await db.selectFrom('userRoles').selectAll().where('userId', 'in', userIds).execute();
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push({ role: r.role as Role, tenantAgs: r.tenantAgs });
    out.set(r.userId, list);
  }
  return out;
}

export async function addGrant(db: Q, userId: string, grant: Grant): Promise<void> {
  await db
    .insertInto('userRoles')
    .values({ userId, role: grant.role, tenantAgs: grant.tenantAgs })
    .onConflict((oc) => oc.columns(['userId', 'role', 'tenantAgs']).doNothing())
    .execute();
}

export async function removeGrant(db: Q, userId: string, grant: Grant): Promise<void> {
  await db
    .deleteFrom('userRoles')
    .where('userId', '=', userId)
    .where('role', '=', grant.role)
    .where('tenantAgs', '=', grant.tenantAgs)
    .execute();
}

// ---- sessions -----------------------------------------------------------------------------------------------------

export async function insertSession(db: Q, s: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export async function findSession(db: Q, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Q, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt, expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Q, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Q, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countSessionsOf(db: Q, userId: string): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- API tokens ---------------------------------------------------------------------------------------------------

export async function insertApiToken(db: Q, t: ApiTokenRow): Promise<void> {
  await db.insertInto('apiTokens').values(t).execute();
}

export async function findApiToken(db: Q, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listApiTokens(db: Q, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('apiTokens').selectAll().where('userId', '=', userId).orderBy('createdAt', 'desc').execute();
}

export async function revokeApiToken(db: Q, userId: string, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('apiTokens')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchApiToken(db: Q, id: string, now: string): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', id).execute();
}

// ---- audit log ----------------------------------------------------------------------------------------------------

export type AuditRow = Selectable<Database['auditLog']>;

export async function insertAudit(db: Q, entry: AuditRow): Promise<void> {
  await db.insertInto('auditLog').values(entry).execute();
}

export interface AuditQuery {
  /** Inclusive ISO bounds. */
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Restrict to these tenants (null = all: admins only). */
  tenants: string[] | null;
  limit: number;
  offset?: number;
}

export async function queryAudit(db: Q, q: AuditQuery): Promise<AuditRow[]> {
  let query = db.selectFrom('auditLog').selectAll();
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<=', q.to);
  if (q.actor) query = query.where('actorLabel', '=', q.actor.toLowerCase());
  if (q.action) query = query.where('action', '=', q.action);
  if (q.entityType) query = query.where('entityType', '=', q.entityType);
  if (q.entityId) query = query.where('entityId', '=', q.entityId);
  if (q.tenants)
    query = q.tenants.length ? query.where('tenantAgs', 'in', q.tenants) : query.where('id', '=', '\u0000');
  return query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .offset(q.offset ?? 0)
    .execute();
}
