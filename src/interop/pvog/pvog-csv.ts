// The PVOG search service's CSV export (`ID-LB|Leikaschlüssel|Name|Name2|Updatedatum|ID-OD|Bezeichnung OD|Links`)
// → Bund-level `Service` records. One row per online service, so a Leistung spans several consecutive rows.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type Labeled, leikaKeyProblem, type OnlineService, type Service } from '../../features/catalog/catalog.ts';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';

export const PVOG_CSV_HEADER = [
  'ID-LB',
  'Leikaschlüssel',
  'Name',
  'Name2',
  'Updatedatum',
  'ID-OD',
  'Bezeichnung OD',
  'Links',
];

/**
 * Where a record came from. The catalog has no field for this yet (it would need e.g. `Service.source:
 * { system, externalId, updatedAt }`), so the readers return it beside the records, keyed by service id.
 */
export interface PvogProvenance {
  source: 'pvog-csv' | 'pvog-json';
  pvogId: string;
  /** ISO 8601, as the export states it (local time of the PVOG, no zone given in the CSV). */
  updatedAt: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface PvogCsvResult {
  services: Labeled<Service>[];
  provenance: Map<string, PvogProvenance>;
}

/** Stable id from the LeiKa key, so that the same Leistung keeps its URL across exports. */
export const pvogServiceId = (leikaKey: string): string => `leika-${leikaKey}`;

/** `20.01.2025 00:48` → `2025-01-20T00:48`. */
function isoDate(value: string): string | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  return `${m[3]}-${m[2]}-${m[1]}${m[4] ? `T${m[4]}:${m[5]}` : ''}`;
}

/** Reads the whole export; every bad row is reported (with its line) before anything is returned. */
export async function readPvogCsv(input: Readable, name = 'pvog.csv'): Promise<PvogCsvResult> {
  const issues: ValidationIssue[] = [];
  const byId = new Map<string, { service: Service; line: number }>();
  const provenance = new Map<string, PvogProvenance>();
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const cells = text.split('|');
    if (line === 1) {
      if (cells.join('|') !== PVOG_CSV_HEADER.join('|')) {
        issues.push({ record: `${name}: line 1`, field: '(header)', message: `expected ${PVOG_CSV_HEADER.join('|')}` });
        break;
      }
      continue;
    }
    const record = `${name}: line ${line}`;
    if (cells.length !== PVOG_CSV_HEADER.length) {
      issues.push({
        record,
        field: '(row)',
        message: `has ${cells.length} fields; expected ${PVOG_CSV_HEADER.length}`,
      });
      continue;
    }
    const [idLb, leikaKey, name1, name2, updated, idOd, odName, links] = cells.map((c) => c.trim()) as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const bad = leikaKeyProblem(leikaKey);
    if (bad) {
      issues.push({ record: `${record} (ID-LB "${idLb}")`, field: 'Leikaschlüssel', message: `"${leikaKey}" ${bad}` });
      continue;
    }
    const id = pvogServiceId(leikaKey);
    let entry = byId.get(id);
    if (entry && provenance.get(id)?.pvogId !== idLb) {
      issues.push({
        record: `${record} (ID-LB "${idLb}")`,
        field: 'Leikaschlüssel',
        message: `${leikaKey} is already used by ${provenance.get(id)?.pvogId} (line ${entry.line})`,
      });
      continue;
    }
    if (!entry) {
      const citizenName = name2 || name1;
      if (!citizenName) issues.push({ record, field: 'Name', message: 'Name and Name2 are empty' });
      entry = { service: bundService(id, leikaKey, citizenName, name1), line };
      byId.set(id, entry);
      provenance.set(id, { source: 'pvog-csv', pvogId: idLb, updatedAt: isoDate(updated) });
    }
    // Links may list several URLs (space-separated); each becomes an online service under the OD's name.
    for (const url of links.split(/\s+/).filter(Boolean)) {
      if (!/^https?:\/\//.test(url)) {
        issues.push({
          record: `${record} (ID-OD "${idOd}")`,
          field: 'Links',
          message: `"${url}" is not an http(s) URL`,
        });
        continue;
      }
      const o: OnlineService = { title: odName || url, url, type: 'antrag' };
      if (!entry.service.onlineServices.some((x) => x.url === url)) entry.service.onlineServices.push(o);
    }
  }
  if (line === 0) issues.push({ record: name, field: '(file)', message: 'is empty' });
  if (issues.length > 0)
    throw new ValidationError(`the PVOG export has ${issues.length} problem(s); nothing was read`, issues);
  return {
    services: [...byId.values()].map(({ service, line: l }) => ({
      label: `${name}: line ${l} (ID-LB "${provenance.get(service.id)?.pvogId}")`,
      value: service,
    })),
    provenance,
  };
}

function bundService(id: string, leikaKey: string, name: string, leikaName: string): Service {
  return {
    id,
    tenantAgs: '00',
    leikaKey,
    leikaType: null,
    name,
    synonyms: [],
    task: null,
    lebenslagen: [],
    teaser: null,
    fullText: null,
    documents: null,
    prerequisites: null,
    fees: null,
    deadlines: null,
    processingTime: null,
    procedure: null,
    legalBasis: null,
    hints: null,
    furtherInfo: null,
    forms: [],
    onlineServices: [],
    // The LeiKa Leistungsbezeichnung (text module 02) when it differs from the citizen-facing name.
    textModules: leikaName && leikaName !== name ? { '02': leikaName } : {},
    defaultLevel: 'bund',
    defaultLegalBasis: null,
    defaultReason: null,
    rules: [],
    version: 1,
  };
}
