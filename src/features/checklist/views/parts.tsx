// Small pieces the checklist's views share: state badges, check cells, the summary, sections.

import type { ComponentChildren } from 'preact';
import { berlinDateTime } from '../../../shared/berlin-time.ts';
import type { LinkCheckRun } from '../../links/links.ts';
import type { CountyComparisonView } from '../checklist.service.ts';
import { CHECK_STATE_LABELS, type Check, type CheckName, type CheckState, SAMPLE_LABEL } from '../checklist.ts';
import type { TownCoverage } from '../checklist-coverage.ts';

export const SYMBOL: Record<CheckState, string> = { ok: '✓', warn: '!', fail: '✗', na: '–' };

export function StateBadge({ state }: { state: CheckState }) {
  return (
    <span class={`aw-cl-state aw-cl-state--${state}`}>
      <span aria-hidden="true">{SYMBOL[state]} </span>
      {CHECK_STATE_LABELS[state]}
    </span>
  );
}

export function CheckCell({ check }: { check: Check | undefined }) {
  if (!check) return <td class="kern-table__cell">–</td>;
  return (
    <td class="kern-table__cell">
      <StateBadge state={check.state} />
      {check.sample ? <strong class="aw-cl-sample">{SAMPLE_LABEL}</strong> : null}
      <span class="aw-cl-msg">{check.message}</span>
    </td>
  );
}

export const TABLE_CHECKS: CheckName[] = ['unit', 'contact', 'hours', 'online', 'reviewed', 'links', 'reports'];
export const SHORT: Record<CheckName, string> = {
  unit: 'Stelle',
  contact: 'Ansprech­partner',
  hours: 'Öffnungs­zeiten',
  online: 'Online­dienst',
  reviewed: 'Texte geprüft',
  links: 'Links',
  reports: 'Fehler­meldungen',
  reason: 'Begründung',
  alternative: 'Alternative',
};

export function Summary({
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
            Letzte Linkprüfung: {lastRun ? berlinDateTime(lastRun.finishedAt ?? lastRun.startedAt) : 'noch keine'}
          </span>
        )}
      </li>
    </ul>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="aw-cl-section" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}
