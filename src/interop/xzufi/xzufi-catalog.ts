// The XZuFi modules wired to the catalog service: what an export reads (whole, or changed since a date) and how an
// import reaches the catalog's single write path. The CLI and the API both call these; neither holds rules of its own.
import { randomUUID } from 'node:crypto';
import type {
  Actor,
  AuthorityWithAssignments,
  CatalogService,
  Labeled,
  Service,
  TenantScope,
  WriteResult,
} from '../../features/catalog/index.ts';
import { asTenant, systemPrincipal, systemScope } from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { onlineServiceIds, type XzufiRemoval } from './xzufi.ts';
import {
  type ExistingCatalog,
  importXzufiStaged,
  type XzufiImportRemoval,
  type XzufiImportReport,
  type XzufiPreviewEntry,
  type XzufiPreviewTotals,
  type XzufiStagedResult,
} from './xzufi-import.ts';
import type { XzufiExportInput, XzufiHeader } from './xzufi-writer.ts';

/** Code-point order: the same on every database and every locale, so that exports are reproducible. */
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface XzufiExportOptions {
  scope: TenantScope;
  /** Only records changed at or after this moment, and `loesche` for those removed since. */
  since?: Date;
  /** Fixed header fields (tests and reproducible files); id and time are fresh otherwise. */
  header?: Partial<XzufiHeader>;
}

/**
 * Reads what an export writes. Services and units sorted by id; task assignments expanded here (against every
 * service of the catalog, so that a partial export keeps them) into one assignment per service, id `<a>~<service>`,
 * and every unit's assignments sorted by id: what an import of the file gives back, hence byte-identical re-exports.
 */
export async function xzufiExportInput(
  catalog: CatalogService,
  options: XzufiExportOptions,
): Promise<XzufiExportInput> {
  const [data, areas, all] = await Promise.all([
    catalog.readTenants(options.scope),
    catalog.listAreas(),
    catalog.readTenants(systemScope(systemPrincipal('system'))),
  ]);
  if (options.scope.kind === 'tenants') {
    const unknown = options.scope.tenants.filter((t) => !areas.some((a) => a.ags === t));
    if (unknown.length > 0) {
      throw new XzufiTenantError(`unknown tenant ${unknown.join(', ')}; allowed: the AGS of an area`, [
        { record: 'options', field: 'tenant', message: `no area with AGS ${unknown.join(', ')}` },
      ]);
    }
  }
  const servicesByTask = new Map<string, string[]>();
  for (const s of [...all.services].sort(byId))
    if (s.task) servicesByTask.set(s.task, [...(servicesByTask.get(s.task) ?? []), s.id]);

  const assignmentsByUnit = new Map<string, AuthorityWithAssignments['assignments']>();
  for (const x of data.assignments) {
    const expanded = x.serviceId
      ? [x]
      : (servicesByTask.get(x.task ?? '') ?? []).map((serviceId) => ({
          ...x,
          id: `${x.id}~${serviceId}`,
          serviceId,
          task: null,
        }));
    assignmentsByUnit.set(x.authorityId, [...(assignmentsByUnit.get(x.authorityId) ?? []), ...expanded]);
  }
  let services: Service[] = [...data.services].sort(byId);
  let authorities: AuthorityWithAssignments[] = data.authorities
    .map((a) => ({ ...a, assignments: (assignmentsByUnit.get(a.id) ?? []).sort(byId) }))
    .sort(byId);
  const removals: XzufiRemoval[] = [];
  if (options.since) {
    const { changed, removed } = await catalog.changesSince(options.scope, options.since, ['service', 'authority']);
    const changedIds = new Set(changed.map((r) => `${r.type}|${r.id}`));
    services = services.filter((s) => changedIds.has(`service|${s.id}`));
    authorities = authorities.filter((a) => changedIds.has(`authority|${a.id}`));
    for (const r of removed.sort(byId))
      removals.push({ klasse: r.type === 'service' ? 'Leistung' : 'Organisationseinheit', id: r.id });
    // Online services and Zuständigkeiten are objects of their own in XZuFi: one gone since the date is deleted by
    // id, else a receiver keeps it. An online service's id comes from its link (`onlineServiceIds`): those the
    // service had then (its revision) and has no more. A removed Zuständigkeit leaves a mark in the revisions.
    const removedServices = removed.filter((r) => r.type === 'service').map((r) => r.id);
    const then = await catalog.servicesAt(options.scope, options.since, [
      ...services.map((s) => s.id),
      ...removedServices,
    ]);
    const now = new Map(services.map((s) => [s.id, new Set(onlineServiceIds(s))]));
    const gone: XzufiRemoval[] = [];
    for (const [id, old] of then)
      for (const od of onlineServiceIds(old)) if (!now.get(id)?.has(od)) gone.push({ klasse: 'Onlinedienst', id: od });
    const assignmentIds = new Set(data.assignments.map((x) => x.id));
    for (const x of await catalog.assignmentsRemovedSince(options.scope, options.since)) {
      if (assignmentIds.has(x.id)) continue; // written again since
      // A task assignment went out once per service of the task, as `<assignment>~<service>`.
      const ids = x.task ? (servicesByTask.get(x.task) ?? []).map((s) => `${x.id}~${s}`) : [x.id];
      for (const id of ids) gone.push({ klasse: 'Zustaendigkeit', id });
    }
    removals.push(...gone.sort(byId));
  }
  const senderName =
    options.scope.kind === 'all'
      ? 'amtsweg'
      : options.scope.tenants.map((t) => areas.find((a) => a.ags === t)?.name ?? t).join(', ');
  return {
    header: {
      messageId: randomUUID(),
      createdAt: new Date().toISOString(),
      senderId: 'amtsweg',
      senderName,
      ...options.header,
    },
    areas,
    services,
    authorities,
    removals,
  };
}

export type { XzufiPreviewEntry, XzufiPreviewTotals } from './xzufi-import.ts';

export interface XzufiCatalogImportOptions {
  tenantAgs: string;
  dryRun?: boolean;
  actor?: Actor;
  source?: string;
  totalBytes?: number;
  /** Services per batch written (default 100; tests use small ones to cross batch borders). */
  batchSize?: number;
  /** Bytes read (while reading and writing the Leistungen), then records written (units and removals). */
  onProgress?: (phase: 'read' | 'write', done: number, total: number | undefined) => void;
}

export interface XzufiCatalogImportResult {
  report: XzufiImportReport;
  /** The write's counts (exact) and its first changes (`changesOmitted` counts the rest). */
  write: WriteResult;
  /** The first records per kind that change, in the order written (bounded; see `totals`). */
  preview: XzufiPreviewEntry[];
  /** Exact totals per result over every record of the message. */
  totals: XzufiPreviewTotals;
  /** `loesche` entries the catalog cannot apply (classes without a record of their own). */
  notApplied: XzufiImportRemoval[];
}

export class XzufiTenantError extends ValidationError {}

/** Changes listed in the result; the counts stay exact (the preview has lines of its own). */
const KEEP_CHANGES = 1000;

/**
 * Reads a message and writes it for one tenant through the catalog's write path as it reads (decision 0260): one
 * staged write, all or nothing, one audit entry, revisions per changed record. A dry run is the same staged write
 * rolled back. `loesche` of a Leistung or Organisationseinheit becomes a removal, of a Zuständigkeit the unit's
 * record without it; Onlinedienst and LeistungSpezialisierung deletions are reported as not applied.
 */
export async function importXzufiIntoCatalog(
  catalog: CatalogService,
  source: AsyncIterable<Uint8Array | string>,
  options: XzufiCatalogImportOptions,
): Promise<XzufiCatalogImportResult> {
  const areas = await catalog.listAreas();
  if (!areas.some((a) => a.ags === options.tenantAgs)) {
    throw new XzufiTenantError(`unknown tenant ${options.tenantAgs}; allowed: the AGS of an area (amtsweg areas)`, [
      { record: 'options', field: 'tenant', message: `no area with AGS ${options.tenantAgs}` },
    ]);
  }
  const all = await catalog.readTenants(systemScope(systemPrincipal('system')));
  const assignmentsByUnit = new Map<string, AuthorityWithAssignments['assignments']>();
  const unitOfAssignment = new Map<string, string>();
  for (const x of all.assignments) {
    const list = assignmentsByUnit.get(x.authorityId);
    if (list) list.push(x);
    else assignmentsByUnit.set(x.authorityId, [x]);
    unitOfAssignment.set(x.id, x.authorityId);
  }
  const services = new Map(all.services.map((s) => [s.id, s]));
  // LeiKa keys match within the importing tenant only: the Bund and a town may each describe the same Leistung.
  const ownByLeika = new Map<string, Service>();
  for (const s of all.services) if (s.tenantAgs === options.tenantAgs && s.leikaKey) ownByLeika.set(s.leikaKey, s);
  const authorities = new Map(
    all.authorities.map((a) => [a.id, { ...a, assignments: assignmentsByUnit.get(a.id) ?? [] }]),
  );
  const existing: ExistingCatalog = {
    serviceByLeikaKey: (k) => ownByLeika.get(k),
    serviceById: (id) => services.get(id),
    authorityById: (id) => authorities.get(id),
    authorityOfAssignment: (id) => authorities.get(unitOfAssignment.get(id) ?? ''),
  };
  const taskServices = byTaskOf(all.services);

  // Bytes while the message is read (the Leistungen are written meanwhile), records once it is read.
  let reading = true;
  const writeOptions = {
    actor: options.actor ?? systemPrincipal('cli'),
    source: options.source ?? 'xzufi',
    keepChanges: KEEP_CHANGES,
    onProgress: (done: number, total: number) => {
      if (!reading) options.onProgress?.('write', done, total);
    },
  };
  let staged: XzufiStagedResult | undefined;
  const write = await catalog.writeStaged({ ...writeOptions, preview: !!options.dryRun }, async (batch, read) => {
    staged = await importXzufiStaged(
      source,
      {
        tenantAgs: options.tenantAgs,
        areas,
        existing,
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
        onProgress: (done, total) => options.onProgress?.('read', done, total),
        onReadDone: () => {
          reading = false;
        },
        adjustUnits: (units) => keepTaskAssignments(units, authorities, taskServices),
      },
      {
        write: batch,
        service: (id) => read.service(asTenant(services.get(id)?.tenantAgs ?? options.tenantAgs), id),
      },
    );
  });
  const result = staged as XzufiStagedResult;
  return {
    report: result.report,
    write,
    preview: result.preview,
    totals: result.totals,
    notApplied: result.notApplied,
  };
}

/** Task → its services' ids, by id. */
function byTaskOf(services: readonly Service[]): Map<string, string[]> {
  const byTask = new Map<string, string[]>();
  for (const s of [...services].sort(byId)) if (s.task) byTask.set(s.task, [...(byTask.get(s.task) ?? []), s.id]);
  return byTask;
}

/**
 * Tasks do not exist in XZuFi: the export expands a unit's task assignment into one per service of the task
 * (`<a>~<service>`, services by id). When a unit comes back with exactly that expansion of one of its existing task
 * assignments, the task assignment is kept, so that re-importing our own export changes nothing and a service added
 * to the task later is still covered.
 */
function keepTaskAssignments(
  units: Labeled<AuthorityWithAssignments>[],
  existing: ReadonlyMap<string, AuthorityWithAssignments>,
  byTask: ReadonlyMap<string, string[]>,
): void {
  for (const unit of units) {
    const old = existing.get(unit.value.id);
    if (!old) continue;
    let list = unit.value.assignments;
    for (const t of old.assignments) {
      if (!t.task) continue;
      const expected = new Set((byTask.get(t.task) ?? []).map((s) => `${t.id}~${s}`));
      const found = list.filter((x) => x.id.startsWith(`${t.id}~`));
      const same =
        found.length === expected.size &&
        found.every(
          (x) =>
            expected.has(x.id) &&
            x.areaAgs === t.areaAgs &&
            x.role === t.role &&
            x.deepLink === t.deepLink &&
            x.note === t.note,
        );
      if (same) list = [...list.filter((x) => !found.includes(x)), t].sort(byId);
    }
    unit.value = { ...unit.value, assignments: list };
  }
}

/** `2026-11-30` or an ISO 8601 date-time; anything else is refused with the allowed forms named. */
export function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ValidationError(`since "${value}" is no date; allowed: YYYY-MM-DD or an ISO 8601 date-time`, [
      { field: 'since', message: 'allowed: YYYY-MM-DD (UTC midnight) or an ISO 8601 date-time' },
    ]);
  }
  return date;
}
