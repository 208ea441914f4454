// The audit log as a query and as CSV: shared by the admin page, the API and the CLI (which must not load pages).
import { toCsv } from '../../interop/csv/csv.ts';
import type { AuditRow } from './auth.repository.ts';

export type { AuditRow };

/** The audit log's filter as forms and query strings carry it (dates as YYYY-MM-DD, Berlin days read as UTC days). */
export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  tenant?: string | undefined;
}

export const AUDIT_CSV_COLUMNS = [
  'at',
  'actor',
  'via',
  'action',
  'entity_type',
  'entity_id',
  'tenant_ags',
  'summary',
  'ip',
] as const;

/** The audit log as German spreadsheets open it (the shared CSV writer: `;`, BOM, formulas defused). */
export function auditCsv(rows: readonly AuditRow[]): string {
  return toCsv([
    AUDIT_CSV_COLUMNS,
    ...rows.map((r) => [r.at, r.actorLabel, r.via, r.action, r.entityType, r.entityId, r.tenantAgs, r.summary, r.ip]),
  ]);
}

export function auditQueryFrom(filter: AuditFilter, limit: number) {
  const day = (d: string | undefined, end: boolean) =>
    d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : undefined;
  return {
    from: day(filter.from, false),
    to: day(filter.to, true),
    actor: filter.actor?.trim() || undefined,
    action: filter.action?.trim() || undefined,
    entityType: filter.entityType?.trim() || undefined,
    entityId: filter.entityId?.trim() || undefined,
    tenants: filter.tenant?.trim() ? [filter.tenant.trim()] : null,
    limit,
  };
}
