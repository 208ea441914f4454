// The share of real data per tenant of the county (the same figures as `amtsweg data report`).
import type { DataReport, ReportRow } from '../../catalog/index.ts';
import { Section } from './parts.tsx';

const COLUMNS = [
  ['units', 'real', 'Stellen mit echten Daten'],
  ['contacts', 'real', 'Ansprechpartner mit echten Daten'],
  ['services', 'leikaKey', 'Leistungen mit LeiKa-Schlüssel'],
  ['services', 'onlineProcedure', 'Leistungen mit Online-Verfahren'],
  ['services', 'booking', 'Leistungen mit Terminbuchung'],
] as const;

function Cell({ row }: { row: ReportRow | undefined }) {
  return (
    <td class="kern-table__cell kern-table__cell--numeric">
      {row ? `${row.count} von ${row.total} (${row.percent} %)` : '–'}
    </td>
  );
}

/** One row per tenant of the county's tree: what is real and what is still "Beispieldaten". */
export function DataReportSection({ report, countyAgs }: { report: DataReport; countyAgs: string }) {
  const tenants = [...new Set(report.rows.map((r) => r.tenant))].filter((t) => t.startsWith(countyAgs));
  const find = (tenant: string, kind: string, measure: string) =>
    report.rows.find((r) => r.tenant === tenant && r.kind === kind && r.measure === measure);
  return (
    <Section id="echte-daten" title="Echte Daten und Beispieldaten">
      <p class="kern-body">
        Beispieldaten stehen nur dort, wo keine öffentliche Angabe gefunden wurde; das Portal kennzeichnet sie.
        Dieselben Zahlen zeigt <code>amtsweg data report</code>.
      </p>
      <section class="kern-table-responsive" tabindex={0} aria-labelledby="echte-daten">
        <table class="kern-table kern-table--small">
          <caption class="aw-visually-hidden">Anteil echter Daten je Mandant</caption>
          <thead>
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">
                Mandant
              </th>
              {COLUMNS.map(([, , label]) => (
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tenants.map((tenant) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {report.rows.find((r) => r.tenant === tenant)?.tenantName ?? tenant}
                </th>
                {COLUMNS.map(([kind, measure]) => (
                  <Cell row={find(tenant, kind, measure)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Section>
  );
}
