// All SQL of the citizens' reports. Every read takes the tenants it may see.
import type { Kysely, Selectable } from 'kysely';
import { bumpCacheGeneration } from '../../db/cache-generations.ts';
import type { Database } from '../../db/schema.ts';
import { scopeTenants, type TenantScope } from '../catalog/index.ts';
import type { FeedbackReportTable } from './feedback.table.ts';
import {
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  REPORTS_SCOPE,
  type Report,
  type ReportCategory,
  type ReportRecordType,
  type ReportStatus,
  type ShownAnswer,
} from './feedback.ts';

type Q = Kysely<Database>;

const toReport = (r: Selectable<FeedbackReportTable>): Report => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  areaAgs: r.areaAgs,
  serviceId: r.serviceId,
  recordType: r.recordType as ReportRecordType,
  recordId: r.recordId,
  category: (REPORT_CATEGORIES as readonly string[]).includes(r.category) ? (r.category as ReportCategory) : 'other',
  message: r.message,
  email: r.email,
  pageUrl: r.pageUrl,
  shownAnswer: JSON.parse(r.shownAnswer) as ShownAnswer,
  status: (REPORT_STATUSES as readonly string[]).includes(r.status) ? (r.status as ReportStatus) : 'open',
  answer: r.answer,
  handledBy: r.handledBy,
  createdAt: r.createdAt,
  answeredAt: r.answeredAt,
  closedAt: r.closedAt,
});

export async function insertReport(q: Q, report: Report): Promise<void> {
  await q.transaction().execute(async (trx) => {
    await trx
      .insertInto('feedbackReports')
      .values({ ...report, shownAnswer: JSON.stringify(report.shownAnswer) })
      .execute();
    await bumpCacheGeneration(trx, REPORTS_SCOPE);
  });
}

/** Reports of the given tenants (null = all), newest first. */
export async function readReports(
  q: Q,
  scope: TenantScope | null,
  statuses: readonly ReportStatus[],
  limit: number,
): Promise<Report[]> {
  // No scope (a principal without grants) sees nothing; "all tenants" only an admin or system principal holds.
  const tenants = scope ? scopeTenants(scope) : [];
  if (tenants?.length === 0 || statuses.length === 0) return [];
  let query = q
    .selectFrom('feedbackReports')
    .selectAll()
    .where('status', 'in', [...statuses]);
  if (tenants) query = query.where('tenantAgs', 'in', [...tenants]);
  const rows = await query.orderBy('createdAt', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toReport);
}

export async function readReport(q: Q, id: string): Promise<Report | null> {
  const r = await q.selectFrom('feedbackReports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toReport(r) : null;
}

export async function updateReport(
  q: Q,
  id: string,
  set: Pick<Report, 'status' | 'answer' | 'handledBy' | 'answeredAt' | 'closedAt'>,
): Promise<void> {
  await q.transaction().execute(async (trx) => {
    await trx.updateTable('feedbackReports').set(set).where('id', '=', id).execute();
    await bumpCacheGeneration(trx, REPORTS_SCOPE);
  });
}

/** Open (not closed) reports per service shown in a town: they lower the town's checklist. */
export async function countOpenByService(q: Q, areaAgs: string): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom('feedbackReports')
    .select(['serviceId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('areaAgs', '=', areaAgs)
    .where('status', '!=', 'closed')
    .where('serviceId', 'is not', null)
    .groupBy('serviceId')
    .execute();
  return new Map(rows.map((r) => [r.serviceId ?? '', Number(r.n)]));
}

/** Retention: reports closed before `before` (ISO 8601) go, with the citizen's text and e-mail. */
export async function deleteClosedBefore(q: Q, before: string): Promise<number> {
  return q.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('feedbackReports')
      .where('status', '=', 'closed')
      .where('closedAt', '<', before)
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    if (deleted > 0) await bumpCacheGeneration(trx, REPORTS_SCOPE);
    return deleted;
  });
}
