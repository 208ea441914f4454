// All SQL of the tenants' inboxes and digest recipients. Every read takes the tenants it may see.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { scopeTenants, type TenantScope } from '../catalog/index.ts';
import type { NotificationTable } from './notifications.table.ts';
import { isNotificationKind, type Notification } from './notifications.ts';

/** No scope (a principal without grants) sees nothing; only an admin or a system principal holds "all tenants". */
function visibleTenants(scope: TenantScope | null): readonly string[] | null {
  return scope ? scopeTenants(scope) : [];
}

type Q = Kysely<Database>;

const toNotification = (r: Selectable<NotificationTable>): Notification => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  // Kinds only grow; an unknown one (a newer instance wrote it) still shows, under the generic report label.
  kind: isNotificationKind(r.kind) ? r.kind : 'citizen_report',
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.createdAt,
  readAt: r.readAt,
  emailedAt: r.emailedAt,
});

/** Inserts unless (tenant, dedupe key) exists; true when it was new. Portable "insert or ignore" on both dialects. */
export async function insertIfNew(q: Q, n: Notification, dedupeKey: string): Promise<boolean> {
  const result = await q
    .insertInto('notifications')
    .values({ ...n, dedupeKey })
    .onConflict((oc) => oc.columns(['tenantAgs', 'dedupeKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export interface InboxQuery {
  /** null = every tenant (admins). */
  scope: TenantScope | null;
  unreadOnly: boolean;
  limit: number;
}

export async function readInbox(q: Q, query: InboxQuery): Promise<Notification[]> {
  const tenants = visibleTenants(query.scope);
  if (tenants?.length === 0) return [];
  let sql = q.selectFrom('notifications').selectAll();
  if (tenants) sql = sql.where('tenantAgs', 'in', [...tenants]);
  if (query.unreadOnly) sql = sql.where('readAt', 'is', null);
  const rows = await sql.orderBy('createdAt', 'desc').orderBy('id').limit(query.limit).execute();
  return rows.map(toNotification);
}

export async function countUnread(q: Q, scope: TenantScope | null): Promise<number> {
  const tenants = visibleTenants(scope);
  if (tenants?.length === 0) return 0;
  let sql = q
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('readAt', 'is', null);
  if (tenants) sql = sql.where('tenantAgs', 'in', [...tenants]);
  return Number((await sql.executeTakeFirst())?.n ?? 0);
}

export async function readNotification(q: Q, id: string): Promise<Notification | null> {
  const r = await q.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toNotification(r) : null;
}

export async function markRead(q: Q, ids: readonly string[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await q
    .updateTable('notifications')
    .set({ readAt: at })
    .where('id', 'in', [...ids])
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function markAllRead(q: Q, scope: TenantScope | null, at: string): Promise<number> {
  const tenants = visibleTenants(scope);
  if (tenants?.length === 0) return 0;
  let sql = q.updateTable('notifications').set({ readAt: at }).where('readAt', 'is', null);
  if (tenants) sql = sql.where('tenantAgs', 'in', [...tenants]);
  return Number((await sql.executeTakeFirst()).numUpdatedRows);
}

/** Tenants with items no digest carried yet, and when each tenant's last digest went out (null: never). */
export async function digestCandidates(q: Q): Promise<Array<{ tenantAgs: string; lastEmailedAt: string | null }>> {
  const pending = await q
    .selectFrom('notifications')
    .select('tenantAgs')
    .where('emailedAt', 'is', null)
    .groupBy('tenantAgs')
    .execute();
  if (pending.length === 0) return [];
  const last = await q
    .selectFrom('notifications')
    .select(['tenantAgs', (eb) => eb.fn.max('emailedAt').as('lastEmailedAt')])
    .where(
      'tenantAgs',
      'in',
      pending.map((p) => p.tenantAgs),
    )
    .groupBy('tenantAgs')
    .execute();
  const byTenant = new Map(last.map((l) => [l.tenantAgs, (l.lastEmailedAt as string | null) ?? null]));
  return pending.map((p) => ({ tenantAgs: p.tenantAgs, lastEmailedAt: byTenant.get(p.tenantAgs) ?? null }));
}

/**
 * Claims a tenant's unmailed items for one digest (stamping them) and returns exactly those: a second instance
 * running the digest at the same time claims nothing and sends nothing.
 */
export async function claimForDigest(q: Q, tenantAgs: string, stamp: string): Promise<Notification[]> {
  await q
    .updateTable('notifications')
    .set({ emailedAt: stamp })
    .where('tenantAgs', '=', tenantAgs)
    .where('emailedAt', 'is', null)
    .execute();
  const rows = await q
    .selectFrom('notifications')
    .selectAll()
    .where('tenantAgs', '=', tenantAgs)
    .where('emailedAt', '=', stamp)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map(toNotification);
}

/** Sending failed: the items wait for the next digest. */
export async function releaseClaim(q: Q, tenantAgs: string, stamp: string): Promise<void> {
  await q
    .updateTable('notifications')
    .set({ emailedAt: null })
    .where('tenantAgs', '=', tenantAgs)
    .where('emailedAt', '=', stamp)
    .execute();
}

/** Extra digest addresses of a tenant (a shared team mailbox), besides its editors. */
export async function readExtraRecipients(q: Q, tenantAgs: string): Promise<string[]> {
  const rows = await q
    .selectFrom('notificationRecipients')
    .select('email')
    .where('tenantAgs', '=', tenantAgs)
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

export async function addExtraRecipient(q: Q, tenantAgs: string, email: string, at: string): Promise<void> {
  await q
    .insertInto('notificationRecipients')
    .values({ tenantAgs, email, createdAt: at })
    .onConflict((oc) => oc.columns(['tenantAgs', 'email']).doNothing())
    .execute();
}

/**
 * Retention: items read before `before` (ISO 8601) go. Unread ones stay, however old: nobody has seen them yet.
 * Each event is told once while its item exists; the producers' keys (a link's break, a report, a catalog notice)
 * do not recur, so a deleted item is not told again.
 */
export async function deleteReadBefore(q: Q, before: string): Promise<number> {
  const result = await q
    .deleteFrom('notifications')
    .where('readAt', 'is not', null)
    .where('readAt', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
