// PVOG files → the Bund level of the catalog, through the single write path. The CSV export gives the Bund (tenant
// `00`) its Leistungen: names, LeiKa keys, online services. A JSON service description fills an existing Leistung's
// texts, fees, deadlines, online services, Lebenslagen and synonyms. Records are matched by LeiKa key and updated in
// place, so importing the same files again changes nothing (the write path then leaves no trace at all).
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Readable } from 'node:stream';
import {
  type Actor,
  type AreaKind,
  asTenant,
  type CatalogService,
  emptyChangeSet,
  type Lebenslage,
  type OnlineService,
  type Service,
  systemPrincipal,
  tenantsScope,
  type WriteResult,
} from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { type PvogProvenance, readPvogCsv } from './pvog-csv.ts';
import { readPvogDescription } from './pvog-json.ts';

export const BUND = '00';

export interface PvogImportOptions {
  dryRun?: boolean;
  actor?: Actor;
  onProgress?: (done: number, total: number) => void;
}

export interface PvogImportResult {
  write: WriteResult;
  /** Per service id: where its data came from (the catalog has no field for it; see docs/xzufi.md). */
  provenance: Record<string, PvogProvenance[]>;
  /** Lebenslagen names of a description that match no Lebenslage of the catalog (by name). */
  unmatchedLebenslagen: { file: string; serviceId: string; name: string }[];
  warnings: string[];
  /** True when the Bund area (and its kind) had to be created first. */
  createdBund: boolean;
}

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Adds what is not there yet, keeping the order: existing first, then the new ones. */
function union<T>(existing: T[], added: T[], key: (t: T) => string): T[] {
  const seen = new Set(existing.map(key));
  return [...existing, ...added.filter((a) => !seen.has(key(a)))];
}

type PvogCsvRead = Awaited<ReturnType<typeof readPvogCsv>> & { file: string };
type PvogDescriptionRead = ReturnType<typeof readPvogDescription> & { file: string };

/** PVOG files read and checked, not yet applied: what `applyPvogFiles` takes. */
export interface PvogFilesRead {
  csvs: PvogCsvRead[];
  descriptions: PvogDescriptionRead[];
}

const ALLOWED_FILE = 'allowed: a PVOG CSV export (.csv) or a PVOG service description (.json)';

/** Refuses names that are neither `.csv` nor `.json` (all at once, before anything is read). */
export function checkPvogFileNames(names: string[]): void {
  const bad = names.filter((f) => !['.csv', '.json'].includes(extname(f).toLowerCase()));
  if (names.length === 0 || bad.length > 0) {
    throw new ValidationError(
      names.length === 0 ? 'no file given' : `cannot read ${bad.join(', ')}`,
      (bad.length ? bad : ['(none)']).map((f) => ({ record: f, field: '(file)', message: ALLOWED_FILE })),
    );
  }
}

/** Reads one file into `into` by its name's extension: a CSV streamed line by line, a description parsed whole. */
export async function readPvogFile(into: PvogFilesRead, name: string, content: Readable): Promise<void> {
  const file = basename(name);
  if (extname(name).toLowerCase() === '.csv') {
    into.csvs.push({ file: name, ...(await readPvogCsv(content, file)) });
    return;
  }
  let text = '';
  for await (const chunk of content.setEncoding('utf8')) text += chunk as string;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`${file} is no JSON`, [{ record: file, field: '(file)', message: (e as Error).message }]);
  }
  into.descriptions.push({ file: name, ...readPvogDescription(json, file) });
}

/**
 * Reads every file first (a bad one and nothing is written), then builds one change set: the CSVs' Leistungen
 * (merged into the Bund's existing records by LeiKa key), then the descriptions applied on top.
 */
export async function importPvogFiles(
  catalog: CatalogService,
  files: string[],
  options: PvogImportOptions = {},
): Promise<PvogImportResult> {
  checkPvogFileNames(files);
  const read: PvogFilesRead = { csvs: [], descriptions: [] };
  for (const f of files) await readPvogFile(read, f, createReadStream(f));
  return applyPvogFiles(catalog, read, options);
}

/** The files' Leistungen and descriptions → one write for the Bund (or its preview, with `dryRun`). */
export async function applyPvogFiles(
  catalog: CatalogService,
  { csvs, descriptions }: PvogFilesRead,
  options: PvogImportOptions = {},
): Promise<PvogImportResult> {
  const structure = await catalog.structure();
  const set = emptyChangeSet();
  let createdBund = false;
  if (!structure.areasByAgs.has(BUND)) {
    // The Bund owns the PVOG Leistungen; a catalog without it gets it here, in the same write.
    createdBund = true;
    const kind = [...structure.areaKinds.values()].find((k) => k.tiers.includes('bund'));
    const bundKind: AreaKind = kind ?? { code: 'bund', name: 'Bund', tiers: ['bund'], description: null };
    if (!kind) set.areaKinds.push({ label: 'pvog: Bund area kind', value: bundKind });
    set.areas.push({
      label: 'pvog: Bund area',
      value: {
        ags: BUND,
        ars: '000000000000',
        name: 'Deutschland',
        kind: bundKind.code,
        parentAgs: null,
        slug: structure.areasBySlug.has('deutschland') ? 'bund' : 'deutschland',
        postcodes: [],
        population: null,
        mainAuthorityId: null,
        website: null,
      },
    });
  }

  const bund = createdBund ? [] : (await catalog.readTenants(tenantsScope([BUND]) ?? never())).services;
  const existingByLeika = new Map(bund.flatMap((s) => (s.leikaKey ? [[s.leikaKey, s] as const] : [])));
  const working = new Map<string, { label: string; value: Service }>(); // by LeiKa key
  // A description without LeiKa key (PVOG's reduced shape) is matched through the CSV's Leistung id (`ID-LB`).
  const leikaByPvogId = new Map<string, string>();
  const provenance: Record<string, PvogProvenance[]> = {};
  const note = (id: string, p: PvogProvenance) => {
    provenance[id] = [...(provenance[id] ?? []), p];
  };
  // The record keeps PVOG's id and the newest upstream date any file gave, so re-importing an older file (the CSV
  // after a newer description) changes nothing.
  const provenanceOf = (old: Service | undefined, p: PvogProvenance | undefined): Service['provenance'] => {
    const before = old?.provenance;
    if (!p) return before ?? null;
    const dates = [before?.upstreamUpdatedAt, p.updatedAt?.slice(0, 10)].filter((d): d is string => !!d).sort();
    return { source: 'pvog', externalId: p.pvogId, upstreamUpdatedAt: dates.at(-1) ?? null };
  };

  for (const { services, provenance: prov } of csvs) {
    for (const { label, value: read } of services) {
      const key = read.leikaKey as string; // the reader refuses rows without a valid key
      const old = working.get(key)?.value ?? existingByLeika.get(key);
      const textModules = { ...(old?.textModules ?? {}) };
      if (read.textModules['02'] !== undefined) textModules['02'] = read.textModules['02'];
      else delete textModules['02'];
      const value: Service = old
        ? {
            ...old,
            name: read.name,
            textModules,
            // PVOG lists are added to, never shortened here: a description may have named more online services.
            onlineServices: union(old.onlineServices, read.onlineServices, (o) => o.url),
          }
        : read;
      const p = prov.get(read.id);
      value.provenance = provenanceOf(old, p);
      working.set(key, { label, value });
      if (p) {
        note(value.id, p);
        leikaByPvogId.set(p.pvogId, key);
      }
    }
  }

  const lebenslagen = structure.lebenslagen;
  const byName = new Map<string, Lebenslage>(lebenslagen.map((l) => [norm(l.name), l]));
  const unmatchedLebenslagen: PvogImportResult['unmatchedLebenslagen'] = [];
  const warnings: string[] = [];
  const issues = [];
  for (const d of descriptions) {
    const name = basename(d.file);
    warnings.push(...d.warnings.map((w) => `${name}: ${w}`));
    const key = d.patch.leikaKey ?? leikaByPvogId.get(d.provenance.pvogId);
    const target = key ? (working.get(key)?.value ?? existingByLeika.get(key)) : undefined;
    if (!key || !target) {
      issues.push({
        record: name,
        field: 'leikakeys',
        message: key
          ? `no Bund Leistung has LeiKa key ${key}; import the PVOG CSV first (or in the same command)`
          : `missing: a description is matched to its Leistung by LeiKa key, or by PVOG id (${d.provenance.pvogId}) to a Leistung of a CSV imported in the same command`,
      });
      continue;
    }
    const { name: _name, leikaKey: _key, textModules, onlineServices, synonyms, ...texts } = d.patch;
    const matched: string[] = [];
    for (const n of d.lebenslagenNames) {
      const l = byName.get(norm(n));
      if (l) matched.push(l.id);
      else unmatchedLebenslagen.push({ file: name, serviceId: target.id, name: n });
    }
    const value: Service = {
      ...target,
      ...texts,
      textModules: { ...target.textModules, ...(textModules ?? {}) },
      onlineServices: union<OnlineService>(onlineServices ?? [], target.onlineServices, (o) => o.url),
      synonyms: union(target.synonyms, synonyms ?? [], norm),
      lebenslagen: union(target.lebenslagen, matched, (x) => x),
      provenance: provenanceOf(target, d.provenance),
    };
    working.set(key, { label: `${name} (LeiKa ${key})`, value });
    note(value.id, d.provenance);
  }
  if (issues.length > 0) throw new ValidationError(`${issues.length} PVOG description(s) cannot be applied`, issues);

  set.services = [...working.values()].map(({ label, value }) => ({
    label,
    value: { ...value, tenantAgs: asTenant(BUND) },
  }));
  const writeOptions = {
    actor: options.actor ?? systemPrincipal('cli'),
    source: 'pvog',
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const write = options.dryRun ? await catalog.previewWrite(set, writeOptions) : await catalog.write(set, writeOptions);
  return { write, provenance, unmatchedLebenslagen, warnings, createdBund };
}

function never(): never {
  throw new Error('unreachable: the Bund scope is never empty');
}
