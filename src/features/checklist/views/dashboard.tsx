// The county dashboard: all towns compared, common gaps, broken links.

import { berlinDate, berlinDateTime } from '../../../shared/berlin-time.ts';
import type { DataReport } from '../../catalog/index.ts';
import {
  LINK_KIND_LABELS,
  LINK_STATE_LABELS,
  type LinkCheckRun,
  type LinkSource,
  type LinkStatus,
  OUTCOME_LABELS,
} from '../../links/links.ts';
import { checklistPaths } from '../checklist.paths.ts';
import type { CountyComparisonView } from '../checklist.service.ts';
import { CHECK_LABELS, PRIORITY_LABELS } from '../checklist.ts';
import { DataReportSection } from './data-report.tsx';
import { HeatMap, Matrix } from './heat-map.tsx';
import { InterfaceKindsLegend } from './interface-kinds-legend.tsx';
import { Section, Summary } from './parts.tsx';

export interface DashboardProps {
  cmp: CountyComparisonView;
  problems: Array<LinkStatus & { sources: LinkSource[] }>;
  lastRun: LinkCheckRun | null;
  areaName: (ags: string) => string;
  print?: boolean;
  /** Real against sample data per tenant (absent: the section is left out). */
  dataReport?: DataReport | undefined;
}

/** The county dashboard: all towns compared. */
export function Dashboard(props: DashboardProps) {
  const { cmp, print = false } = props;
  const checkLabel = (c: string) =>
    c === 'status' ? 'Leistung fehlt' : ((CHECK_LABELS as Record<string, string>)[c] ?? c);
  const ranked = [...cmp.towns].sort(
    (a, b) => b.score - a.score || b.percent - a.percent || a.name.localeCompare(b.name, 'de'),
  );
  return (
    <>
      <h1 class="kern-heading-large">Checkliste: Vergleich der Kommunen im {cmp.county.name}</h1>
      <p class="kern-body">
        Wie weit jede Stadt und Gemeinde die wichtigsten Lebenslagen und Produkte der Checkliste veröffentlicht hat, wo
        die Schnittstellen zum Kreis liegen und welche Lücken viele teilen. Stand: {berlinDateTime(cmp.generatedAt)}.
      </p>
      <Summary c={cmp.totals} lastRun={props.lastRun} />
      {!print && (
        <ul class="aw-cl-actions">
          <li>
            <a class="kern-link" href={checklistPaths.dashboardCsv()}>
              Vergleich als CSV
            </a>
          </li>
          <li>
            <a class="kern-link" href={checklistPaths.dashboardPrint()}>
              Druckansicht
            </a>
          </li>
          <li>
            <a class="kern-link" href={checklistPaths.dashboardPdf()}>
              Als PDF
            </a>
          </li>
        </ul>
      )}

      <Section id="heatmap" title="Abdeckung je Lebenslage">
        <HeatMap cmp={cmp} />
        <Matrix cmp={cmp} print={print} />
      </Section>

      <Section id="kommunen" title="Kommunen im Überblick">
        <section class="kern-table-responsive" tabindex={0} aria-labelledby="kommunen">
          <table class="kern-table kern-table--small">
            <caption class="aw-visually-hidden">Kommunen nach Erfüllungsgrad</caption>
            <thead>
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">
                  Kommune
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Erfüllungsgrad
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Vollständig
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Wichtige vollständig
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Fehlen
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Nicht angeboten
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Ohne Ansprechpartner
                </th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">
                  Defekte Links
                </th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((t) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {print ? t.name : <a href={checklistPaths.town(t.slug)}>{t.name}</a>}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{t.score} %</td>
                  <td class="kern-table__cell kern-table__cell--numeric">
                    {t.complete}/{t.total}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric">
                    {t.importantComplete}/{t.importantTotal}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric">{t.missing}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{t.notOffered}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{t.missingContacts}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{t.brokenLinks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </Section>

      <Section id="luecken" title="Lücken, die die meisten Kommunen teilen">
        {cmp.commonGaps.length === 0 ? (
          <p class="kern-body">Keine Lücken.</p>
        ) : (
          <section class="kern-table-responsive" tabindex={0} aria-labelledby="luecken">
            <table class="kern-table kern-table--small">
              <caption class="aw-visually-hidden">Produkte, die in den meisten Kommunen unvollständig sind</caption>
              <thead>
                <tr class="kern-table__row">
                  <th scope="col" class="kern-table__header">
                    Leistung
                  </th>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">
                    Kommunen
                  </th>
                  <th scope="col" class="kern-table__header">
                    Was fehlt (Zahl der Kommunen)
                  </th>
                </tr>
              </thead>
              <tbody>
                {cmp.commonGaps.map((g) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {g.serviceName}
                      <span class="aw-cl-msg">{PRIORITY_LABELS[g.priority]}</span>
                    </th>
                    <td class="kern-table__cell kern-table__cell--numeric">
                      {g.towns.length} von {cmp.towns.length}
                    </td>
                    <td class="kern-table__cell">
                      {g.failing.map((f) => `${checkLabel(f.check)} (${f.count})`).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </Section>

      <div class="aw-cl-lists">
        <Section id="kontakte" title="Die meisten fehlenden Ansprechpartner">
          {cmp.mostMissingContacts.length === 0 ? (
            <p class="kern-body">Überall sind Ansprechpartner hinterlegt.</p>
          ) : (
            <ol class="kern-list kern-list--number">
              {cmp.mostMissingContacts.map((t) => (
                <li>
                  {t.name}: {t.count} Produkte ohne Ansprechpartner
                </li>
              ))}
            </ol>
          )}
        </Section>
        <Section id="links" title="Die meisten defekten Links">
          {cmp.mostBrokenLinks.length === 0 ? (
            <p class="kern-body">
              {props.lastRun ? 'Keine defekten Links gefunden.' : 'Die Links wurden noch nicht geprüft.'}
            </p>
          ) : (
            <ol class="kern-list kern-list--number">
              {cmp.mostBrokenLinks.map((t) => (
                <li>
                  {t.name}: {t.count} defekte Links
                </li>
              ))}
            </ol>
          )}
        </Section>
      </div>

      <Section id="defekt" title="Defekte und gestörte Links">
        <p class="kern-body">
          Letzte Linkprüfung:{' '}
          {props.lastRun
            ? `${berlinDateTime(props.lastRun.finishedAt ?? props.lastRun.startedAt)} (${props.lastRun.summary.checked} Links, ${props.lastRun.summary.broken} defekt)`
            : 'noch keine'}
          .
        </p>
        {props.problems.length > 0 && (
          <section class="kern-table-responsive" tabindex={0} aria-labelledby="defekt">
            <table class="kern-table kern-table--small">
              <caption class="aw-visually-hidden">Defekte und gestörte Links mit Fundstellen</caption>
              <thead>
                <tr class="kern-table__row">
                  <th scope="col" class="kern-table__header">
                    Link
                  </th>
                  <th scope="col" class="kern-table__header">
                    Zustand
                  </th>
                  <th scope="col" class="kern-table__header">
                    Zuletzt erreichbar
                  </th>
                  <th scope="col" class="kern-table__header">
                    Fundstellen
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.problems.slice(0, 100).map((l) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <span class="aw-cl-msg">{l.url}</span>
                    </th>
                    <td class="kern-table__cell">
                      {LINK_STATE_LABELS[l.state]}
                      <span class="aw-cl-msg">
                        {l.lastOutcome ? OUTCOME_LABELS[l.lastOutcome] : ''}
                        {l.lastHttpStatus ? ` (HTTP ${l.lastHttpStatus})` : ''}
                      </span>
                    </td>
                    <td class="kern-table__cell">{berlinDate(l.lastSuccessAt)}</td>
                    <td class="kern-table__cell">
                      <span class="aw-cl-msg">
                        {[
                          ...new Set(
                            l.sources.map(
                              (s) => `${props.areaName(s.areaAgs)}: ${LINK_KIND_LABELS[s.kind]} „${s.label}“`,
                            ),
                          ),
                        ]
                          .slice(0, 6)
                          .join('; ')}
                        {l.sources.length > 6 ? ' …' : ''}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </Section>
      {!print && <InterfaceKindsLegend />}
      {props.dataReport && <DataReportSection report={props.dataReport} countyAgs={cmp.county.ags} />}
    </>
  );
}
