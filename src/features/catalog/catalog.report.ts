// How much of the catalog is real: per tenant and record kind, the share of records with real (public) data. Pure:
// the service reads the records, this counts them; `amtsweg data report` and the checklist dashboard show it.
import type { TenantCatalog } from './catalog.repository.ts';

/** The record kinds the report counts, in the order it prints them. */
export const REPORT_KINDS = ['units', 'contacts', 'services', 'assignments'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What is counted, per kind: `real` for units and contacts (not `sample`), features of a record otherwise. */
export const REPORT_MEASURES = {
  units: ['real', 'phone', 'email', 'openingHours'],
  contacts: ['real'],
  services: ['leikaKey', 'onlineProcedure', 'booking', 'forms', 'legalBasis', 'fees'],
  assignments: ['deepLink'],
} as const satisfies Record<ReportKind, readonly string[]>;
export type ReportMeasure = (typeof REPORT_MEASURES)[ReportKind][number];

export const REPORT_LABELS: Record<ReportKind | ReportMeasure, string> = {
  units: 'Stellen',
  contacts: 'Ansprechpartner',
  services: 'Leistungen',
  assignments: 'Zuordnungen',
  real: 'echte Daten (nicht Beispieldaten)',
  phone: 'mit Telefon',
  email: 'mit E-Mail',
  openingHours: 'mit Öffnungszeiten',
  leikaKey: 'mit LeiKa-Schlüssel',
  onlineProcedure: 'mit Online-Verfahren (Antrag, i-Kfz)',
  booking: 'mit Terminbuchung',
  forms: 'mit Formular',
  legalBasis: 'mit Rechtsgrundlage',
  fees: 'mit Gebührenangabe',
  deepLink: 'mit Link auf die Seite der Stelle',
};

export interface ReportRow {
  tenant: string;
  tenantName: string;
  kind: ReportKind;
  measure: ReportMeasure;
  count: number;
  total: number;
  /** Whole percent, 0 when there are no records. */
  percent: number;
}

export interface DataReport {
  rows: ReportRow[];
  /** The same measures over all tenants. */
  totals: ReportRow[];
}

const percent = (count: number, total: number) => (total === 0 ? 0 : Math.round((count / total) * 100));

const filled = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

type Counted = { [K in ReportKind]: Array<Record<(typeof REPORT_MEASURES)[K][number], boolean>> };

function measuresOf(catalog: TenantCatalog, tenant: string | null): Counted {
  const mine = <T extends { tenantAgs: string }>(records: readonly T[]) =>
    tenant === null ? records : records.filter((r) => r.tenantAgs === tenant);
  return {
    units: mine(catalog.authorities).map((a) => ({
      real: !a.sample,
      phone: filled(a.phone),
      email: filled(a.email),
      openingHours: filled(a.openingHours),
    })),
    contacts: mine(catalog.contacts).map((c) => ({ real: !c.sample })),
    services: mine(catalog.services).map((s) => ({
      leikaKey: filled(s.leikaKey),
      onlineProcedure: s.onlineServices.some((o) => o.type === 'antrag' || o.type === 'ikfz'),
      booking: s.onlineServices.some((o) => o.type === 'termin'),
      forms: s.forms.length > 0,
      legalBasis: filled(s.legalBasis) || filled(s.defaultLegalBasis),
      fees: filled(s.fees),
    })),
    assignments: mine(catalog.assignments).map((a) => ({ deepLink: filled(a.deepLink) })),
  };
}

function rowsOf(counted: Counted, tenant: string, tenantName: string): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const kind of REPORT_KINDS) {
    const records = counted[kind] as Array<Record<string, boolean>>;
    // A kind the tenant keeps no records of says nothing about it (the over-all totals list every kind).
    if (records.length === 0 && tenant !== '*') continue;
    for (const measure of REPORT_MEASURES[kind]) {
      const count = records.filter((r) => r[measure]).length;
      rows.push({
        tenant,
        tenantName,
        kind,
        measure,
        count,
        total: records.length,
        percent: percent(count, records.length),
      });
    }
  }
  return rows;
}

/**
 * The report over everything `catalog` holds. Tenants appear in AGS order (Bund, Land, Kreis, towns), each with the
 * kinds of records it keeps; a tenant without any unit, contact, service or assignment is left out.
 */
export function dataReport(catalog: TenantCatalog, nameOf: (ags: string) => string | undefined): DataReport {
  const tenants = new Set<string>();
  for (const list of [catalog.authorities, catalog.contacts, catalog.services, catalog.assignments])
    for (const r of list) tenants.add(r.tenantAgs);
  const rows = [...tenants].sort().flatMap((t) => rowsOf(measuresOf(catalog, t), t, nameOf(t) ?? t));
  return { rows, totals: rowsOf(measuresOf(catalog, null), '*', 'alle Mandanten') };
}

/** The report as a fixed-width table for a terminal. */
export function dataReportTable(report: DataReport): string {
  const lines: string[] = [];
  const head = `${'Mandant'.padEnd(34)} ${'Art'.padEnd(16)} ${'Merkmal'.padEnd(38)} ${'Anzahl'.padStart(7)} ${'von'.padStart(6)} ${'Anteil'.padStart(7)}`;
  lines.push(head, '-'.repeat(head.length));
  let last = '';
  for (const r of [...report.rows, ...report.totals]) {
    const who = `${r.tenant === '*' ? '' : `${r.tenant} `}${r.tenantName}`;
    if (last && last !== r.tenant) lines.push('');
    lines.push(
      `${(last === r.tenant ? '' : who).slice(0, 34).padEnd(34)} ${REPORT_LABELS[r.kind].padEnd(16)} ${REPORT_LABELS[r.measure].padEnd(38)} ${String(r.count).padStart(7)} ${String(r.total).padStart(6)} ${`${r.percent} %`.padStart(7)}`,
    );
    last = r.tenant;
  }
  return `${lines.join('\n')}\n`;
}
