// The checklist as CSV (a town's products, the county comparison), through the one CSV writer.

import { toCsv } from '../../interop/csv/csv.ts';
import {
  CHECK_LABELS,
  CHECK_NAMES,
  CHECK_STATE_LABELS,
  type CheckName,
  type EvaluatedItem,
  ITEM_STATUS_LABELS,
  PRIORITY_LABELS,
} from './checklist.ts';
import type { CountyComparison } from './checklist-comparison.ts';
import type { TownCoverage } from './checklist-coverage.ts';
import { INTERFACE_KIND_INFO } from './checklist-interface-kinds.ts';

function checkCell(item: EvaluatedItem, name: CheckName): string {
  const c = item.checks.find((k) => k.name === name);
  return c ? CHECK_STATE_LABELS[c.state] : '';
}

export function townCoverageCsv(coverage: TownCoverage, editUrl: (serviceId: string) => string): string {
  const rows: Array<Array<string | number | boolean | null>> = [
    [
      'Lebenslage',
      'Leistung',
      'Leistungs-ID',
      'LeiKa-Schlüssel',
      'Priorität',
      'Schnittstelle zum Kreis',
      'Status',
      'Grund',
      'Zuständige Stelle',
      'Ansprechpunkt',
      ...CHECK_NAMES.map((n) => CHECK_LABELS[n]),
      'Zuletzt geprüft',
      'Defekte Links',
      'Vollständig',
      'Bearbeiten',
    ],
  ];
  for (const l of coverage.lebenslagen)
    for (const i of l.items)
      rows.push([
        l.name,
        i.serviceName,
        i.serviceId,
        i.leikaKey,
        PRIORITY_LABELS[i.priority],
        i.interface ? INTERFACE_KIND_INFO[i.interface.kind].label : '',
        ITEM_STATUS_LABELS[i.status],
        i.statusReason,
        i.authorityName,
        i.contactPointName,
        ...CHECK_NAMES.map((n) => checkCell(i, n)),
        i.lastReviewedAt?.slice(0, 10) ?? null,
        i.links
          .filter((k) => k.state === 'broken')
          .map((k) => k.url)
          .join(' '),
        i.complete,
        editUrl(i.serviceId),
      ]);
  return toCsv(rows);
}

export function comparisonCsv(comparison: CountyComparison): string {
  const rows: Array<Array<string | number | null>> = [
    ['Lebenslage (Erfüllungsgrad in %)', ...comparison.towns.map((t) => t.name)],
  ];
  comparison.lebenslagen.forEach((l, li) => {
    rows.push([l.name, ...(comparison.cells[li] ?? []).map((v) => (v === null ? null : v))]);
  });
  rows.push([]);
  rows.push(['Kennzahl', ...comparison.towns.map((t) => t.name)]);
  const metric = (label: string, pick: (t: CountyComparison['towns'][number]) => number) =>
    rows.push([label, ...comparison.towns.map(pick)]);
  metric('Erfüllungsgrad (%)', (t) => t.score);
  metric('Vollständig (%)', (t) => t.percent);
  metric('Produkte', (t) => t.total);
  metric('Vollständig', (t) => t.complete);
  metric('Angeboten', (t) => t.offered);
  metric('Nicht angeboten', (t) => t.notOffered);
  metric('Fehlt', (t) => t.missing);
  metric('Ohne Ansprechpartner', (t) => t.missingContacts);
  metric('Defekte Links', (t) => t.brokenLinks);
  return toCsv(rows);
}
