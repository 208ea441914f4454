// A town's checklist: every Lebenslage with its products and their checks (also the print view and PDF source).

import { berlinDateTime } from '../../../shared/berlin-time.ts';
import type { LinkCheckRun } from '../../links/links.ts';
import { checklistPaths } from '../checklist.paths.ts';
import { CHECK_LABELS, type EvaluatedItem, ITEM_STATUS_LABELS, PRIORITY_LABELS } from '../checklist.ts';
import type { TownCoverage } from '../checklist-coverage.ts';
import { INTERFACE_KIND_INFO } from '../checklist-interface-kinds.ts';
import { InterfaceKindsLegend } from './interface-kinds-legend.tsx';
import { CheckCell, SHORT, StateBadge, Summary, TABLE_CHECKS } from './parts.tsx';

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
          {item.checks.map((check) => (
            <span class="aw-cl-msg">
              <StateBadge state={check.state} /> {CHECK_LABELS[check.name]}: {check.message}
            </span>
          ))}
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
        {berlinDateTime(coverage.generatedAt)}.
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
