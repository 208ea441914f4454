// SQL of stale local data and the catalog's notice outbox (decision 0140). Written only from `catalog.write` (inside
// its transaction) and by a town confirming its own value; read by the workspace, the portal and the delivery.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { bumpCacheGeneration } from '../../db/cache-generations.ts';
import type { Database } from '../../db/schema.ts';
import {
  type CatalogNotice,
  isStaleField,
  type LocalValues,
  type ServiceState,
  type StaleField,
  type StaleMark,
  WATCHED_SERVICE_FIELDS,
} from './catalog.stale.ts';
import type { Actor, Tenant } from './catalog.tenant.ts';

type Q = Kysely<Database>;

const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The readable fields of the given services as stored, by id. */
export async function readServiceStates(db: Q, ids: readonly string[]): Promise<Map<string, ServiceState>> {
  const out = new Map<string, ServiceState>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('services')
      .select(['id', 'tenantAgs', ...WATCHED_SERVICE_FIELDS])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) {
      const fields: Record<string, string | null> = {};
      for (const f of WATCHED_SERVICE_FIELDS) fields[f] = r[f];
      out.set(r.id, { id: r.id, tenantAgs: r.tenantAgs, name: r.name, fields });
    }
  }
  return out;
}

export interface OverridingSetting extends LocalValues {
  areaAgs: string;
  serviceId: string;
}

/** Towns' settings for the given services that hold a value of their own (text, fees, documents, online services). */
export async function readOverridingSettings(db: Q, serviceIds: readonly string[]): Promise<OverridingSetting[]> {
  const out: OverridingSetting[] = [];
  for (const part of chunks([...new Set(serviceIds)])) {
    const rows = await db
      .selectFrom('areaServiceSettings')
      .select(['areaAgs', 'serviceId', 'localText', 'localFees', 'localDocuments', 'localOnlineServices'])
      .where('serviceId', 'in', part)
      .whereRef('tenantAgs', '=', 'areaAgs')
      .where((eb) =>
        eb.or([
          eb('localText', 'is not', null),
          eb('localFees', 'is not', null),
          eb('localDocuments', 'is not', null),
          eb('localOnlineServices', '!=', '[]'),
        ]),
      )
      .orderBy('areaAgs')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** A town's stored values for one service (null: no setting). */
export async function readLocalValues(db: Q, town: string, serviceId: string): Promise<LocalValues | null> {
  return (
    (await db
      .selectFrom('areaServiceSettings')
      .select(['localText', 'localFees', 'localDocuments', 'localOnlineServices'])
      .where('areaAgs', '=', town)
      .where('tenantAgs', '=', town)
      .where('serviceId', '=', serviceId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Flags a town's field as stale, or moves an existing flag to the owner's newest value (keeping since when and the
 * value the town last saw). An owner who changes the field back to what the town saw lifts the flag.
 * Returns `new` for a new flag, `moved`, or `lifted`.
 */
export async function markStale(db: Q, mark: StaleMark, at: string): Promise<'new' | 'moved' | 'lifted'> {
  const existing = await db
    .selectFrom('staleLocalFields')
    .select(['ownerOld'])
    .where('areaAgs', '=', mark.areaAgs)
    .where('serviceId', '=', mark.serviceId)
    .where('field', '=', mark.field)
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('staleLocalFields')
      .values({ ...mark, updatedAt: at })
      .execute();
    return 'new';
  }
  if ((existing.ownerOld ?? '') === (mark.ownerNew ?? '')) {
    await deleteStale(db, mark.areaAgs, mark.serviceId, [mark.field]);
    return 'lifted';
  }
  await db
    .updateTable('staleLocalFields')
    .set({ ownerNew: mark.ownerNew, updatedAt: at })
    .where('areaAgs', '=', mark.areaAgs)
    .where('serviceId', '=', mark.serviceId)
    .where('field', '=', mark.field)
    .execute();
  return 'moved';
}

/** Lifts flags of a town's setting (all of them when `fields` is absent); returns how many there were. */
export async function deleteStale(
  db: Q,
  town: string,
  serviceId: string,
  fields?: readonly StaleField[],
): Promise<number> {
  if (fields && fields.length === 0) return 0;
  let query = db.deleteFrom('staleLocalFields').where('areaAgs', '=', town).where('serviceId', '=', serviceId);
  if (fields) query = query.where('field', 'in', [...fields]);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** `town:serviceId` of every flagged setting of the given services. */
export async function readStaleKeys(db: Q, serviceIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(serviceIds)])) {
    const rows = await db
      .selectFrom('staleLocalFields')
      .select(['areaAgs', 'serviceId'])
      .where('serviceId', 'in', part)
      .execute();
    for (const r of rows) out.add(`${r.areaAgs}:${r.serviceId}`);
  }
  return out;
}

/** A town's flags, for one service or all of them, by service and field. */
export async function readStale(db: Q, town: Tenant, serviceId?: string): Promise<StaleMark[]> {
  let query = db.selectFrom('staleLocalFields').selectAll().where('areaAgs', '=', town);
  if (serviceId !== undefined) query = query.where('serviceId', '=', serviceId);
  const rows = await query.orderBy('serviceId').orderBy('field').execute();
  return rows
    .filter((r) => isStaleField(r.field))
    .map((r) => ({
      areaAgs: r.areaAgs,
      serviceId: r.serviceId,
      field: r.field as StaleField,
      ownerAgs: r.ownerAgs,
      since: r.since,
      ownerOld: r.ownerOld,
      ownerNew: r.ownerNew,
    }));
}

/**
 * A town keeps its own values: lifts the flags (the given fields, else all) with an audit entry, and moves the cache
 * generation so the portal drops its notice. Returns how many flags were lifted (0: nothing written).
 */
export async function confirmStale(
  db: Q,
  town: Tenant,
  serviceId: string,
  actor: Actor,
  options: { fields?: readonly StaleField[]; ip?: string | null },
): Promise<number> {
  const lifted = await deleteStale(db, town, serviceId, options.fields);
  if (lifted === 0) return 0;
  await db
    .insertInto('auditLog')
    .values({
      id: randomUUID(),
      at: new Date().toISOString(),
      actorId: actor.userId,
      actorLabel: actor.label,
      via: actor.via,
      action: 'local.confirm',
      entityType: 'area_service',
      entityId: `${town}:${serviceId}`,
      tenantAgs: town,
      summary: `Eigene Angaben bleiben (${lifted} ${lifted === 1 ? 'Hinweis' : 'Hinweise'} erledigt)`,
      ip: options.ip ?? null,
    })
    .execute();
  await bumpCacheGeneration(db);
  return lifted;
}

export async function insertNotice(db: Q, n: CatalogNotice): Promise<void> {
  await db
    .insertInto('catalogNotices')
    .values({ ...n, fields: JSON.stringify(n.fields) })
    .execute();
}

/** The oldest notices not yet handed on. */
export async function readNotices(db: Q, limit: number): Promise<CatalogNotice[]> {
  const rows = await db
    .selectFrom('catalogNotices')
    .selectAll()
    .orderBy('createdAt')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    kind: r.kind === 'upstream_change' ? 'upstream_change' : 'stale_text',
    fields: JSON.parse(r.fields) as string[],
  }));
}

export async function deleteNotices(db: Q, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) await db.deleteFrom('catalogNotices').where('id', 'in', part).execute();
}
