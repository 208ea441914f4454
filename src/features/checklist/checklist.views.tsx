// The checklist's page components (server-rendered Preact, no JavaScript needed). They only render what the
// service computed; every number comes from checklist.ts over the catalog service's resolver.
import type { ComponentChildren } from 'preact';
import type { LinkCheckRun } from '../links/links.repository.ts';
import {
  LINK_KIND_LABELS,
  LINK_STATE_LABELS,
  type LinkSource,
  type LinkStatus,
  OUTCOME_LABELS,
} from '../links/links.ts';
import type { CountyComparisonView } from './checklist.service.ts';
import {
  CHECK_LABELS,
  CHECK_STATE_LABELS,
  type Check,
  type CheckName,
  type CheckState,
  type EvaluatedItem,
  HEAT_BINS,
  heatColor,
  INTERFACE_KIND_INFO,
  INTERFACE_KINDS,
  ITEM_STATUS_LABELS,
  PRIORITY_LABELS,
  type TownCoverage,
} from './checklist.ts';

export const checklistPaths = {
  dashboard: () => '/checkliste',
  dashboardCsv: () => '/checkliste/vergleich.csv',
  dashboardPrint: () => '/checkliste/vergleich/druck',
  dashboardPdf: () => '/checkliste/vergleich.pdf',
  town: (slug: string) => `/checkliste/${slug}`,
  townCsv: (slug: string) => `/checkliste/${slug}/checkliste.csv`,
  townPrint: (slug: string) => `/checkliste/${slug}/druck`,
  townPdf: (slug: string) => `/checkliste/${slug}/checkliste.pdf`,
  tick: (slug: string) => `/checkliste/${slug}/geprueft`,
};

const SYMBOL: Record<CheckState, string> = { ok: '✓', warn: '!', fail: '✗', na: '–' };

const dateDe = (iso: string | null | undefined) => {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? '–'
    : d.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
};
const dateTimeDe = (iso: string | null | undefined) => {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? '–'
    : d.toLocaleString('de-DE', {
        timeZone: 'Europe/Berlin',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
};

function StateBadge({ state }: { state: CheckState }) {
  return (
    <span class={`aw-cl-state aw-cl-state--${state}`}>
      <span aria-hidden="true">{SYMBOL[state]} </span>
      {CHECK_STATE_LABELS[state]}
    </span>
  );
}

function CheckCell({ check }: { check: Check | undefined }) {
  if (!check) return <td class="kern-table__cell">–</td>;
  return (
    <td class="kern-table__cell">
      <StateBadge state={check.state} />
      <span class="aw-cl-msg">{check.message}</span>
    </td>
  );
}

const TABLE_CHECKS: CheckName[] = ['unit', 'contact', 'hours', 'online', 'reviewed', 'links'];
const SHORT: Record<CheckName, string> = {
  unit: 'Stelle',
  contact: 'Ansprech­partner',
  hours: 'Öffnungs­zeiten',
  online: 'Online­dienst',
  reviewed: 'Texte geprüft (12 Mon.)',
  links: 'Links',
  reason: 'Begründung',
};

export interface TickOptions {
  /** Shown only to signed-in editors of the town. */
  csrfToken: string;
  action: string;
}

function ItemRow({
  item,
  editUrl,
  tick,
  print,
}: {
  item: EvaluatedItem;
  editUrl: string;
  tick: TickOptions | null;
  print: boolean;
}) {
  const notOffered = item.status === 'not_offered';
  return (
    <tr class="kern-table__row" id={`p-${item.itemId}`}>
      <th scope="row" class="kern-table__header aw-cl-service">
        {item.serviceName}
        <span class="aw-cl-msg">
          {PRIORITY_LABELS[item.priority]}
          {item.note ? ` · ${item.note}` : ''}
        </span>
      </th>
      <td class="kern-table__cell">
        {item.interface ? INTERFACE_KIND_INFO[item.interface.kind].label : '–'}
        {item.interface && (
          <span class="aw-cl-msg">
            {item.interface.source === 'explicit'
              ? 'festgelegt von der Projektgruppe'
              : 'abgeleitet aus der Zuständigkeit'}
            {item.interface.explicitMismatch
              ? '; die Festlegung der Projektgruppe passt hier nicht (andere Ebene entscheidet)'
              : ''}
          </span>
        )}
      </td>
      <td class="kern-table__cell">
        <span class={item.status === 'missing' ? 'aw-cl-status--missing' : undefined}>
          {ITEM_STATUS_LABELS[item.status]}
        </span>
        {item.statusReason && <span class="aw-cl-msg">{item.statusReason}</span>}
      </td>
      {notOffered ? (
        <td class="kern-table__cell" colSpan={TABLE_CHECKS.length}>
          <StateBadge state={item.checks[0]?.state ?? 'fail'} />{' '}
          <span class="aw-cl-msg">
            {CHECK_LABELS.reason}: {item.checks[0]?.message}
          </span>
        </td>
      ) : (
        TABLE_CHECKS.map((name) => <CheckCell check={item.checks.find((c) => c.name === name)} />)
      )}
      {!print && (
        <td class="kern-table__cell">
          <div class="aw-cl-row-actions">
            <a class="kern-link" href={editUrl}>
              Bearbeiten<span class="aw-visually-hidden">: {item.serviceName}</span>
            </a>
            {tick && (
              <form method="post" action={tick.action}>
                <input type="hidden" name="_csrf" value={tick.csrfToken} />
                <input type="hidden" name="serviceId" value={item.serviceId} />
                <button type="submit" class="aw-cl-tick">
                  Als geprüft markieren<span class="aw-visually-hidden">: {item.serviceName}</span>
                </button>
              </form>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}

function TownTable({
  group,
  editUrl,
  tick,
  print,
}: {
  group: TownCoverage['lebenslagen'][number];
  editUrl: (serviceId: string) => string;
  tick: TickOptions | null;
  print: boolean;
}) {
  const id = `ll-${group.lebenslageId}`;
  return (
    <section class="aw-cl-section" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {group.name}
        <span class="aw-cl-count">
          {group.complete} von {group.total} vollständig, Erfüllungsgrad {group.score} %
        </span>
      </h2>
      <section class="kern-table-responsive" tabindex={0} aria-labelledby={id}>
        <table class="kern-table kern-table--small aw-cl-table">
          <caption class="aw-visually-hidden">Produkte der Lebenslage {group.name} und ihre Prüfpunkte</caption>
          <thead>
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">
                Leistung
              </th>
              <th scope="col" class="kern-table__header">
                Schnittstelle zum Kreis
              </th>
              <th scope="col" class="kern-table__header">
                Status
              </th>
              {TABLE_CHECKS.map((n) => (
                <th scope="col" class="kern-table__header">
                  {SHORT[n]}
                </th>
              ))}
              {!print && (
                <th scope="col" class="kern-table__header">
                  Aktion
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {group.items.map((item) => (
              <ItemRow item={item} editUrl={editUrl(item.serviceId)} tick={tick} print={print} />
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function Summary({
  c,
  lastRun,
}: {
  c: TownCoverage | CountyComparisonView['totals'];
  lastRun: LinkCheckRun | null | undefined;
}) {
  return (
    <ul class="aw-cl-summary">
      <li>
        <strong>{c.score} %</strong> Erfüllungsgrad der Prüfpunkte
      </li>
      <li>
        <strong>
          {c.complete}/{c.total}
        </strong>
        Produkte vollständig ({c.percent} %)
      </li>
      <li>
        <strong>
          {c.importantComplete}/{c.importantTotal}
        </strong>
        wichtige Produkte vollständig
      </li>
      <li>
        <strong>{c.offered}</strong> angeboten, {c.notOffered} nicht angeboten
      </li>
      <li>
        <strong>{c.missing}</strong> fehlen
      </li>
      <li>
        <strong>{c.missingContacts}</strong> ohne Ansprechpartner
      </li>
      <li>
        <strong>{c.brokenLinks}</strong> defekte Links
        {lastRun !== undefined && (
          <span class="aw-cl-msg">
            Letzte Linkprüfung: {lastRun ? dateTimeDe(lastRun.finishedAt ?? lastRun.startedAt) : 'noch keine'}
          </span>
        )}
      </li>
    </ul>
  );
}

export function InterfaceKindsLegend() {
  return (
    <details class="aw-cl-section">
      <summary class="kern-body--bold">Was bedeuten die Schnittstellen zum Kreis?</summary>
      <dl class="aw-cl-kinds">
        {INTERFACE_KINDS.map((k) => {
          const info = INTERFACE_KIND_INFO[k];
          return (
            <>
              <dt>
                {info.label} <span class="aw-cl-code">({k})</span>
              </dt>
              <dd>
                {info.meaning} Zu veröffentlichen: {info.townPublishes}
                {info.derivable ? '' : ' Wird nur von der Projektgruppe ausdrücklich festgelegt.'}
              </dd>
            </>
          );
        })}
      </dl>
    </details>
  );
}

export interface TownViewProps {
  coverage: TownCoverage;
  countyName: string;
  editUrl: (serviceId: string) => string;
  tick: TickOptions | null;
  onlyGaps: boolean;
  onlyImportant: boolean;
  lastRun: LinkCheckRun | null;
  /** A message after a tick (PRG). */
  notice: string | null;
  print?: boolean;
}

/** A town's checklist: every Lebenslage with its products and their checks. */
export function TownChecklist(props: TownViewProps) {
  const { coverage, print = false } = props;
  const groups = coverage.lebenslagen
    .map((g) => ({
      ...g,
      items: g.items.filter(
        (i) => (!props.onlyGaps || !i.complete) && (!props.onlyImportant || i.priority === 'wichtig'),
      ),
    }))
    .filter((g) => g.items.length > 0);
  return (
    <>
      <h1 class="kern-heading-large">Checkliste {coverage.name}</h1>
      <p class="kern-body">
        Die wichtigsten Lebenslagen mit ihren Produkten nach der Checkliste des {props.countyName}: was {coverage.name}{' '}
        anbietet, was fehlt und wo die Schnittstelle zur Kreisverwaltung liegt. Stand:{' '}
        {dateTimeDe(coverage.generatedAt)}.
      </p>
      {props.notice && (
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__body">
            <p class="kern-body">{props.notice}</p>
          </div>
        </div>
      )}
      <Summary c={coverage} lastRun={props.lastRun} />
      {!print && (
        <>
          <ul class="aw-cl-actions">
            <li>
              <a class="kern-link" href={checklistPaths.townCsv(coverage.slug)}>
                Als CSV herunterladen
              </a>
            </li>
            <li>
              <a class="kern-link" href={checklistPaths.townPrint(coverage.slug)}>
                Druckansicht
              </a>
            </li>
            <li>
              <a class="kern-link" href={checklistPaths.townPdf(coverage.slug)}>
                Als PDF
              </a>
            </li>
            <li>
              <a class="kern-link" href={checklistPaths.dashboard()}>
                Vergleich aller Kommunen
              </a>
            </li>
          </ul>
          <form class="aw-cl-filter" method="get" action={checklistPaths.town(coverage.slug)}>
            <div class="kern-form-check">
              <input
                class="kern-form-check__checkbox"
                type="checkbox"
                id="nur-luecken"
                name="nur"
                value="luecken"
                checked={props.onlyGaps}
              />
              <label class="kern-label" for="nur-luecken">
                Nur Produkte mit Lücken
              </label>
            </div>
            <div class="kern-form-check">
              <input
                class="kern-form-check__checkbox"
                type="checkbox"
                id="nur-wichtig"
                name="prio"
                value="wichtig"
                checked={props.onlyImportant}
              />
              <label class="kern-label" for="nur-wichtig">
                Nur wichtige Produkte
              </label>
            </div>
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">Filter anwenden</span>
            </button>
          </form>
          <InterfaceKindsLegend />
        </>
      )}
      {groups.length === 0 && <p class="kern-body">Keine Produkte für diesen Filter: alles vollständig.</p>}
      {groups.map((g) => (
        <TownTable group={g} editUrl={props.editUrl} tick={props.tick} print={print} />
      ))}
    </>
  );
}

// ---- the county dashboard ---------------------------------------------------------------------------------------------

/** The heat map as inline SVG: rows Lebenslagen, columns towns, each cell coloured by bin and labelled with its number. */
export function HeatMap({ cmp }: { cmp: CountyComparisonView }) {
  const cell = 44;
  const rowHead = 250;
  const colHead = 130;
  const width = rowHead + cmp.towns.length * cell + 2;
  const height = colHead + cmp.lebenslagen.length * cell + 2;
  return (
    <figure class="aw-cl-heatmap" aria-labelledby="heatmap-titel">
      <figcaption id="heatmap-titel" class="kern-body">
        Heatmap: Erfüllungsgrad je Lebenslage (Zeilen) und Kommune (Spalten) in Prozent – Mittel der Prüfpunkte aller
        Produkte (erfüllt zählt ganz, ein Hinweis halb, fehlend nicht). Dieselben Zahlen stehen in der Tabelle darunter.
      </figcaption>
      <section class="aw-cl-heatmap__scroll" tabindex={0} aria-label="Heatmap, seitlich verschiebbar">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby="heatmap-svg-titel"
        >
          <title id="heatmap-svg-titel">
            Heatmap der Abdeckung je Lebenslage und Kommune; Werte siehe Tabelle „Abdeckung je Lebenslage“
          </title>
          {cmp.towns.map((t, ti) => (
            <text
              x={rowHead + ti * cell + cell / 2 + 5}
              y={colHead - 8}
              transform={`rotate(-60 ${rowHead + ti * cell + cell / 2 + 5} ${colHead - 8})`}
              font-size="13"
              fill="#131525"
            >
              {t.name}
            </text>
          ))}
          {cmp.lebenslagen.map((l, li) => (
            <g>
              <text
                x={rowHead - 8}
                y={colHead + li * cell + cell / 2 + 5}
                text-anchor="end"
                font-size="13"
                fill="#131525"
              >
                {l.name}
              </text>
              {cmp.towns.map((_t, ti) => {
                const v = cmp.cells[li]?.[ti] ?? null;
                const color = heatColor(v);
                const x = rowHead + ti * cell;
                const y = colHead + li * cell;
                return (
                  <g>
                    <rect
                      x={x}
                      y={y}
                      width={cell - 2}
                      height={cell - 2}
                      fill={color.fill}
                      stroke="#6e7597"
                      stroke-width="1"
                    />
                    <text
                      x={x + (cell - 2) / 2}
                      y={y + (cell - 2) / 2 + 5}
                      text-anchor="middle"
                      font-size="13"
                      fill={color.text}
                    >
                      {v === null ? '–' : v}
                    </text>
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </section>
      <ul class="aw-cl-legend" aria-label="Legende der Farben">
        {HEAT_BINS.map((b) => (
          <li>
            <span class={`aw-cl-swatch aw-cl-swatch--b${b.min}`} aria-hidden="true" />
            {b.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Matrix({ cmp, print }: { cmp: CountyComparisonView; print: boolean }) {
  return (
    <section class="kern-table-responsive" tabindex={0} aria-labelledby="matrix-titel">
      <table class="kern-table kern-table--small aw-cl-matrix">
        <caption id="matrix-titel" class="kern-title">
          Abdeckung je Lebenslage (Erfüllungsgrad in Prozent)
        </caption>
        <thead>
          <tr class="kern-table__row">
            <th scope="col" class="kern-table__header">
              Lebenslage
            </th>
            {cmp.towns.map((t) => (
              <th scope="col" class="kern-table__header">
                {print ? t.name : <a href={checklistPaths.town(t.slug)}>{t.name}</a>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cmp.lebenslagen.map((l, li) => (
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                {l.name}
              </th>
              {cmp.towns.map((_t, ti) => {
                const v = cmp.cells[li]?.[ti] ?? null;
                return <td class="kern-table__cell kern-table__cell--numeric">{v === null ? '–' : `${v} %`}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="aw-cl-section" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export interface DashboardProps {
  cmp: CountyComparisonView;
  problems: Array<LinkStatus & { sources: LinkSource[] }>;
  lastRun: LinkCheckRun | null;
  areaName: (ags: string) => string;
  print?: boolean;
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
        die Schnittstellen zum Kreis liegen und welche Lücken viele teilen. Stand: {dateTimeDe(cmp.generatedAt)}.
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
            ? `${dateTimeDe(props.lastRun.finishedAt ?? props.lastRun.startedAt)} (${props.lastRun.summary.checked} Links, ${props.lastRun.summary.broken} defekt)`
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
                    <td class="kern-table__cell">{dateDe(l.lastSuccessAt)}</td>
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
    </>
  );
}
