// All SQL of the checklist. Every function touching tenant data takes the tenant as a required argument: the
// checklist items belong to the county that maintains them, the review ticks and settings to each town.
import type { Kysely, Selectable } from 'kysely';
import { bumpCacheGeneration } from '../../db/cache-generations.ts';
import type { Database } from '../../db/schema.ts';
import type { ChecklistItemTable } from './checklist.table.ts';
import { type ChecklistItem, PRIORITIES, type Priority, REVIEWS_SCOPE } from './checklist.ts';
import { type InterfaceKind, isInterfaceKind } from './checklist-interface-kinds.ts';

type Q = Kysely<Database>;

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const toItem = (r: Selectable<ChecklistItemTable>): ChecklistItem => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  lebenslageId: r.lebenslageId,
  serviceId: r.serviceId,
  serviceName: r.serviceName,
  priority: (PRIORITIES as readonly string[]).includes(r.priority) ? (r.priority as Priority) : 'wichtig',
  interfaceKinds: parseJson<string[]>(r.interfaceKinds, []).filter(isInterfaceKind),
  position: r.position,
  note: r.note,
  version: r.version,
  updatedAt: r.updatedAt,
});

export async function readChecklistItems(q: Q, tenant: string): Promise<ChecklistItem[]> {
  const rows = await q
    .selectFrom('checklistItems')
    .selectAll()
    .where('tenantAgs', '=', tenant)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toItem);
}

export async function countChecklistItems(q: Q, tenant: string): Promise<number> {
  const r = await q
    .selectFrom('checklistItems')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface ItemWrite {
  id: string;
  lebenslageId: string;
  serviceId: string;
  serviceName: string;
  priority: Priority;
  interfaceKinds: InterfaceKind[];
  position: number;
  note: string | null;
}

export interface ReplaceSummary {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** Replaces a tenant's whole checklist in one transaction: new items inserted, changed ones updated, others removed. */
export async function replaceChecklist(
  q: Q,
  tenant: string,
  items: readonly ItemWrite[],
  now: string,
  dryRun = false,
): Promise<ReplaceSummary> {
  const summary: ReplaceSummary = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  const run = async (trx: Q) => {
    const existing = new Map((await readChecklistItems(trx, tenant)).map((i) => [i.id, i]));
    for (const item of items) {
      const values = {
        lebenslageId: item.lebenslageId,
        serviceId: item.serviceId,
        serviceName: item.serviceName,
        priority: item.priority,
        interfaceKinds: JSON.stringify(item.interfaceKinds),
        position: item.position,
        note: item.note,
      };
      const old = existing.get(item.id);
      existing.delete(item.id);
      if (!old) {
        summary.created++;
        if (!dryRun)
          await trx
            .insertInto('checklistItems')
            .values({ id: item.id, tenantAgs: tenant, ...values, version: 1, updatedAt: now })
            .execute();
        continue;
      }
      const same =
        old.lebenslageId === item.lebenslageId &&
        old.serviceId === item.serviceId &&
        old.serviceName === item.serviceName &&
        old.priority === item.priority &&
        JSON.stringify(old.interfaceKinds) === values.interfaceKinds &&
        old.position === item.position &&
        old.note === item.note;
      if (same) {
        summary.unchanged++;
        continue;
      }
      summary.updated++;
      if (!dryRun) {
        await trx
          .updateTable('checklistItems')
          .set({ ...values, version: old.version + 1, updatedAt: now })
          .where('id', '=', item.id)
          .where('tenantAgs', '=', tenant)
          .execute();
      }
    }
    summary.deleted = existing.size;
    if (!dryRun && existing.size > 0) {
      await trx
        .deleteFrom('checklistItems')
        .where('tenantAgs', '=', tenant)
        .where('id', 'in', [...existing.keys()])
        .execute();
    }
    // Kept checklist answers are versioned by this generation (no query per request to see whether items changed).
    if (!dryRun && summary.created + summary.updated + summary.deleted > 0)
      await bumpCacheGeneration(trx, REVIEWS_SCOPE);
  };
  await q.transaction().execute((trx) => run(trx));
  return summary;
}

// ---- the towns' review ticks -------------------------------------------------------------------------------------------

export interface Review {
  serviceId: string;
  reviewedAt: string;
  reviewedBy: string;
  note: string | null;
}

export async function readReviews(q: Q, townTenant: string): Promise<Map<string, Review>> {
  const rows = await q.selectFrom('checklistReviews').selectAll().where('tenantAgs', '=', townTenant).execute();
  return new Map(
    rows.map((r) => [
      r.serviceId,
      { serviceId: r.serviceId, reviewedAt: r.reviewedAt, reviewedBy: r.reviewedBy, note: r.note },
    ]),
  );
}

/** One town's review tick of one service, or null. */
export async function readReview(q: Q, townTenant: string, serviceId: string): Promise<Review | null> {
  const r = await q
    .selectFrom('checklistReviews')
    .selectAll()
    .where('tenantAgs', '=', townTenant)
    .where('serviceId', '=', serviceId)
    .executeTakeFirst();
  return r ? { serviceId: r.serviceId, reviewedAt: r.reviewedAt, reviewedBy: r.reviewedBy, note: r.note } : null;
}

export async function saveReview(q: Q, townTenant: string, review: Review): Promise<void> {
  await saveReviews(q, townTenant, [review]);
}

/** Several ticks of one tenant in one transaction (the workspace's bulk "mark reviewed"), one generation bump. */
export async function saveReviews(q: Q, townTenant: string, reviews: readonly Review[]): Promise<void> {
  await q.transaction().execute(async (trx) => {
    for (const review of reviews) {
      const values = { reviewedAt: review.reviewedAt, reviewedBy: review.reviewedBy, note: review.note };
      await trx
        .insertInto('checklistReviews')
        .values({ tenantAgs: townTenant, serviceId: review.serviceId, ...values })
        .onConflict((oc) => oc.columns(['tenantAgs', 'serviceId']).doUpdateSet(values))
        .execute();
    }
    // A tick is no catalog write, but service pages kept per generation show it ("Zuletzt geprüft").
    await bumpCacheGeneration(trx, REVIEWS_SCOPE);
  });
}

// ---- deliberate cross-tenant lookups ----------------------------------------------------------------------------------

/**
 * The tenants that keep a checklist (have at least one item). Deliberately across tenants: it answers "whose
 * checklist applies to this town" (the nearest area above it that keeps one) and hands out no content.
 */
export async function readChecklistTenants(q: Q): Promise<Set<string>> {
  const rows = await q.selectFrom('checklistItems').select('tenantAgs').distinct().execute();
  return new Set(rows.map((r) => r.tenantAgs));
}
