// XZuFi records → batches of catalog records for one tenant, streamed into the catalog's write path as the message
// is read (decision 0260), plus the removals the message asks for, a bounded preview and a report. All or nothing:
// every problem is collected (with line, column and object id) and thrown together at the end, which rolls back
// every batch already written.
import {
  type Area,
  type Assignment,
  type AssignmentRole,
  type AuthorityWithAssignments,
  type CatalogChangeSet,
  emptyChangeSet,
  type Labeled,
  type Level,
  leikaKeyProblem,
  ONLINE_SERVICE_TYPES,
  type OnlineService,
  type Removal,
  type Service,
  TRUST_LEVELS,
} from '../../features/catalog/catalog.ts';
import type { RecordChange } from '../../features/catalog/catalog.write.ts';
import { plainTextOf } from '../html-text.ts';
import {
  FIELD_BY_TEXT_MODULE,
  KANAL,
  LEIKA_TYPES,
  LOESCHE_KLASSEN,
  type LoescheKlasse,
  languageKey,
  ONLINEDIENST_ID_SEPARATOR,
  ROLE_CODES,
  STRUCTURED_MODULES,
  slugId,
  TEXT_MODULE_CODES,
} from './xzufi.ts';
import {
  type HeaderRecord,
  type LeistungRecord,
  type OnlinedienstRecord,
  type OrganisationseinheitRecord,
  type Position,
  readXzufiRecords,
  XzufiImportError,
  type XzufiProblem,
  type XzufiReadOptions,
  type ZustaendigkeitRecord,
} from './xzufi-reader.ts';

/** What the catalog already holds, so that an import updates records instead of duplicating them. */
export interface ExistingCatalog {
  serviceByLeikaKey(leikaKey: string): Service | undefined;
  serviceById(id: string): Service | undefined;
  authorityById(id: string): AuthorityWithAssignments | undefined;
  /** The unit that holds an assignment (for `loesche` of a Zuständigkeit the message does not send again). */
  authorityOfAssignment?(assignmentId: string): AuthorityWithAssignments | undefined;
}

export interface XzufiImportOptions extends Omit<XzufiReadOptions, 'problems'> {
  /** The tenant that will own every record of the change set. */
  tenantAgs: string;
  /** Areas by ARS: `gebietID` and unit addresses are resolved to AGS with these. */
  areas: Iterable<Pick<Area, 'ags' | 'ars'>>;
  existing?: ExistingCatalog;
  /** Level of a new service whose typisierung says nothing about it (types 2, 3, 2/3). Default `gemeinde`. */
  defaultLevel?: Level;
  /** Services per batch (default 100); units go in batches of twice that, or fewer when they hold many assignments. */
  batchSize?: number;
  /** Preview lines kept per kind of record (default 500); the totals are always exact. */
  previewLines?: number;
  /** Called once the whole message is read (what follows is writing units and removals). */
  onReadDone?: () => void;
  /** Called with every batch of units before it is written (the catalog keeps its task assignments here). */
  adjustUnits?: (units: Labeled<AuthorityWithAssignments>[]) => void;
}

export interface XzufiImportRemoval extends Position {
  klasse: LoescheKlasse;
  /** The id as the message spells it. */
  xzufiId: string;
  /** The catalog id it maps to. */
  id: string;
}

export interface XzufiImportReport {
  header: Omit<HeaderRecord, 'kind' | 'at'> | null;
  counts: Record<'leistung' | 'organisationseinheit' | 'zustaendigkeit' | 'onlinedienst' | 'loesche' | 'other', number>;
  /** Things that were tolerated: objects amtsweg does not map, deletions of unknown objects, repeated objects. */
  warnings: XzufiProblem[];
  /** Warnings beyond the first 1,000, counted but not listed. */
  warningsOmitted: number;
  bytesRead: number;
}

/** One record of an import as the preview shows it. */
export interface XzufiPreviewEntry {
  kind: 'leistung' | 'organisationseinheit' | 'loesche';
  id: string;
  /** Where the record starts in the message (`xzufi: leistung "x" (line 12)`). */
  label: string;
  result: 'new' | 'changed' | 'unchanged' | 'removed' | 'already gone' | 'not applied';
}

export type XzufiPreviewTotals = Record<XzufiPreviewEntry['result'], number>;

/** Where a staged import writes: the catalog's staged write (or, for `importXzufi`, one change set in memory). */
export interface XzufiImportTarget {
  /** Writes one batch; resolves with the changes it made (its other records were unchanged). */
  write(batch: CatalogChangeSet): Promise<readonly RecordChange[]>;
  /** A service as written so far (by an earlier batch, else as the catalog holds it). */
  service(id: string): Promise<Service | undefined>;
}

export interface XzufiStagedResult {
  /** The `loesche` entries that passed the checks, in message order. */
  removals: XzufiImportRemoval[];
  /** `loesche` entries the catalog cannot apply (classes without a record of their own, unknown Zuständigkeiten). */
  notApplied: XzufiImportRemoval[];
  report: XzufiImportReport;
  /** The first `previewLines` records per kind that change (new, changed, removed …), in the order written. */
  preview: XzufiPreviewEntry[];
  /** Exact totals over every record of the message. */
  totals: XzufiPreviewTotals;
}

export interface XzufiImportResult {
  changeSet: CatalogChangeSet;
  removals: XzufiImportRemoval[];
  report: XzufiImportReport;
}

const LEVEL_BY_TYPE: Record<string, Level> = { '1': 'bund', '4': 'land', '5': 'gemeinde' };
const ROLE_BY_CODE = new Map<string, AssignmentRole>(
  Object.entries(ROLE_CODES).map(([role, code]) => [code, role as AssignmentRole]),
);
const ROLES = new Set<string>(ROLE_BY_CODE.values());
const MAX_WARNINGS = 1000;

/**
 * Reads a whole message and maps it into ONE change set (tests, small messages). The same steps as the staged
 * import, with every batch collected in memory: a service written twice (a late online service) is replaced in place.
 */
export async function importXzufi(
  source: AsyncIterable<Uint8Array | string>,
  options: XzufiImportOptions,
): Promise<XzufiImportResult> {
  const services = new Map<string, Labeled<Service>>();
  const authorities = new Map<string, Labeled<AuthorityWithAssignments>>();
  const removals: Labeled<Removal>[] = [];
  const result = await importXzufiStaged(source, options, {
    async write(batch) {
      for (const s of batch.services) {
        const old = services.get(s.value.id);
        if (old) old.value = s.value;
        else services.set(s.value.id, s);
      }
      for (const a of batch.authorities) authorities.set(a.value.id, a);
      removals.push(...(batch.removals ?? []));
      return [];
    },
    async service(id) {
      return services.get(id)?.value ?? options.existing?.serviceById(id);
    },
  });
  const changeSet: CatalogChangeSet = {
    ...emptyChangeSet(),
    services: [...services.values()],
    authorities: [...authorities.values()],
    removals,
  };
  return { changeSet, removals: result.removals, report: result.report };
}

/** A Leistung of the message: where it is, what it maps to, whether a batch has written it yet. */
interface LeistungEntry {
  /** The id as the message spells it (the same string as the map's key). */
  xid: string;
  id: string;
  line: number;
  column: number;
  written: boolean;
}

/**
 * A Zuständigkeit waiting for the end of the message (its unit, or an online service read later), packed flat, 8
 * slots each, so that a message with 100,000s of them holds no object per tie: id, the Leistung (its entry when it
 * was read already, else the id as sent), the areas (one AGS, or a list), the role (resolved, or the raw code when
 * unknown), deep link, note, line, column. Strings are shared with the maps where they can be.
 */
const TIE = 8;
type TieSlot = string | number | null | string[] | LeistungEntry;

interface UnitEntry {
  authority: AuthorityWithAssignments;
  at: Position;
  xid: string;
}

interface OnlinedienstEntry {
  record: OnlinedienstRecord | null;
  mapped: OnlineService | null | undefined;
  tied: boolean;
}

/** Collects at most `max` entries and counts the rest. */
class Capped<T> {
  readonly items: T[] = [];
  omitted = 0;
  constructor(private readonly max: number) {}
  push(item: T): void {
    if (this.items.length < this.max) this.items.push(item);
    else this.omitted++;
  }
}

/**
 * Reads a message and writes it batch by batch into `target` as it is read (decision 0260): Leistungen in batches,
 * each held back until the next Leistung arrives so that the online services the writer puts right after it are
 * attached before it is written; online services tied later still re-read their written service and write it again
 * in a later batch. Units with their Zuständigkeiten (small beside the texts) follow once the message is read, parents
 * first; the removals come last, as a batch of their own. Every problem is collected; when there is one, nothing more
 * is written and `XzufiImportError` is thrown at the end, so the caller's transaction rolls back what was written.
 */
export async function importXzufiStaged(
  source: AsyncIterable<Uint8Array | string>,
  options: XzufiImportOptions,
  target: XzufiImportTarget,
): Promise<XzufiStagedResult> {
  const problems: XzufiProblem[] = [];
  const warnings = new Capped<XzufiProblem>(MAX_WARNINGS);
  const counts: XzufiImportReport['counts'] = {
    leistung: 0,
    organisationseinheit: 0,
    zustaendigkeit: 0,
    onlinedienst: 0,
    loesche: 0,
    other: 0,
  };
  let header: XzufiImportReport['header'] = null;
  let bytesRead = 0;
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const preview = new PreviewCollector(options.previewLines ?? 500);
  const mapper = new Mapper(options, problems, warnings);

  const leistungen = new Map<string, LeistungEntry>(); // by xzufi id
  const units = new Map<string, UnitEntry>(); // by xzufi id
  const onlinedienste = new Map<string, OnlinedienstEntry>(); // by xzufi id
  /** Online services by the Leistung (xzufi id) they are tied to: few beside the texts, kept whole. */
  const ties = new Map<string, OnlineService[]>();
  /** Leistungen written already that got an online service afterwards: written again at the end. */
  const late = new Set<string>();
  /** Zuständigkeiten whose parent is no online service read so far, by parent (xzufi id). */
  const waiting = new Map<string, TieSlot[]>();
  const loesche: { klasse: string; id: string; at: Position }[] = [];

  // The batch being filled; `held` is the Leistung read last, which a following online service may still extend.
  let batch: Labeled<Service>[] = [];
  let batchEntries: LeistungEntry[] = [];
  // (Typed by assertion: the closures below assign it, which narrowing from a `null` initialiser would not see.)
  let held = null as { label: Labeled<Service>; entry: LeistungEntry; xid: string } | null;
  const pending = new Map<string, Service>(); // held + batch, by xzufi id

  const repeated = (kind: string, id: string, a: Position) =>
    warnings.push({ ...a, klasse: kind, objectId: id, message: `${kind} sent again; the later one is used` });
  const label = (kind: string, id: string, a: Position) => `xzufi: ${kind} "${id}" (line ${a.line})`;

  const flush = async () => {
    if (batch.length === 0) return;
    const written = batch;
    const entries = batchEntries;
    batch = [];
    batchEntries = [];
    pending.clear();
    if (held) pending.set(held.xid, held.label.value);
    const changes = await target.write({ ...emptyChangeSet(), services: written });
    preview.settle('leistung', written, changes);
    for (const e of entries) e.written = true;
  };
  const release = async () => {
    if (!held) return;
    batch.push(held.label);
    batchEntries.push(held.entry);
    held = null;
    if (batch.length >= batchSize) await flush();
  };

  const attach = (service: Service, o: OnlineService) => {
    if (!service.onlineServices.some((x) => x.url === o.url)) service.onlineServices.push(o);
  };
  /** An online service tied to a Leistung: onto it while unwritten, else marked for writing again. */
  const tie = (leistungXid: string, o: OnlineService) => {
    const list = ties.get(leistungXid) ?? [];
    if (!list.some((x) => x.url === o.url)) list.push(o);
    ties.set(leistungXid, list);
    const unwritten = pending.get(leistungXid);
    if (unwritten) attach(unwritten, o);
    else if (leistungen.get(leistungXid)?.written) late.add(leistungXid);
  };
  const onlineServiceOf = (xid: string | null): OnlineService | null | undefined => {
    const od = xid ? onlinedienste.get(xid) : undefined;
    if (!od?.record) return undefined;
    od.tied = true;
    if (od.mapped === undefined) od.mapped = mapper.onlineService(od.record);
    return od.mapped;
  };

  for await (const r of readXzufiRecords(source, {
    ...options,
    problems,
    onProgress: (read, total) => {
      bytesRead = read;
      options.onProgress?.(read, total);
    },
  })) {
    if (r.kind !== 'header') counts[r.kind]++;
    switch (r.kind) {
      case 'header': {
        const { kind: _k, at: _a, ...rest } = r;
        header = rest;
        break;
      }
      case 'leistung': {
        const again = leistungen.get(r.id);
        if (again) repeated('leistung', r.id, r.at);
        const s = mapper.service(r);
        const entry: LeistungEntry = {
          xid: r.id,
          id: s?.id ?? slugId(r.id),
          line: r.at.line,
          column: r.at.column,
          written: false,
        };
        leistungen.set(r.id, entry);
        // Once the message is known to be refused, nothing more is written; reading goes on to find every problem.
        if (!s || problems.length > 0) break;
        for (const o of ties.get(r.id) ?? []) attach(s, o);
        if (held?.xid === r.id) held = null; // sent twice in a row: the later one replaces the held one
        await release();
        held = { label: { label: label('leistung', r.id, r.at), value: s }, entry, xid: r.id };
        pending.set(r.id, s);
        break;
      }
      case 'organisationseinheit':
        if (units.has(r.id)) repeated('organisationseinheit', r.id, r.at);
        units.delete(r.id); // re-insert: document order is the last occurrence's
        units.set(r.id, { authority: mapper.authority(r), at: r.at, xid: r.id });
        break;
      case 'onlinedienst':
        if (onlinedienste.get(r.id)?.record) repeated('onlinedienst', r.id, r.at);
        onlinedienste.set(r.id, { record: r, mapped: undefined, tied: onlinedienste.get(r.id)?.tied ?? false });
        break;
      case 'zustaendigkeit': {
        const areas = mapper.tieAreas(r);
        const entry = r.leistungId ? leistungen.get(r.leistungId) : undefined;
        // The writer puts an online service's tie right after its Leistung: attached while that is still held.
        if (entry || (r.leistungId && mapper.knownService(r.leistungId))) {
          const od = onlineServiceOf(r.parentId);
          if (od !== undefined) {
            if (od) tie(entry?.xid ?? (r.leistungId as string), od);
            break;
          }
        }
        // Else its unit, or an online service or Leistung read later: resolved once the whole message is read.
        const key = r.parentId ?? '';
        const list = waiting.get(key) ?? [];
        list.push(
          r.id,
          entry ?? r.leistungId,
          areas,
          r.rolle === null ? 'zustaendige_stelle' : (ROLE_BY_CODE.get(r.rolle) ?? r.rolle),
          r.deepLink,
          r.note,
          r.at.line,
          r.at.column,
        );
        waiting.set(key, list);
        break;
      }
      case 'loesche':
        loesche.push({ klasse: r.klasse, id: r.id, at: r.at });
        break;
      case 'other':
        warnings.push({
          ...r.at,
          klasse: r.element,
          objectId: r.id,
          message: `${r.element} is not mapped to the catalog; skipped`,
        });
    }
  }
  options.onReadDone?.();
  if (problems.length === 0) {
    await release();
    await flush();
  }

  // ---- what only the whole message can tell: ties to objects read later, units, removals ----
  const tenant = options.tenantAgs;
  const extraUnits = new Map<string, UnitEntry>(); // catalog units the message adds assignments to, by xzufi id
  const extraUnit = (xid: string): UnitEntry | undefined => {
    const found = extraUnits.get(xid);
    if (found) return found;
    const old = options.existing?.authorityById(slugId(xid));
    if (!old) return undefined;
    // Records are replaced whole, so the unit's other assignments are carried along.
    const copy: UnitEntry = {
      authority: { ...old, assignments: [...old.assignments] },
      at: { line: 0, column: 0 },
      xid,
    };
    extraUnits.set(xid, copy);
    return copy;
  };

  // Removals: checked now, written last; a Zuständigkeit's removal takes it out of its unit before the unit is written.
  const removals: XzufiImportRemoval[] = [];
  for (const d of loesche) {
    if (!(LOESCHE_KLASSEN as readonly string[]).includes(d.klasse)) {
      problems.push({
        ...d.at,
        klasse: 'loesche',
        objectId: d.id,
        message: `klasse "${d.klasse}" is unknown; allowed: ${LOESCHE_KLASSEN.join(', ')}`,
      });
      continue;
    }
    const id = slugId(d.id);
    const existing = options.existing;
    const known =
      !existing ||
      ((d.klasse === 'Leistung' ? existing.serviceById(id) !== undefined : true) &&
        (d.klasse === 'Organisationseinheit' ? existing.authorityById(id) !== undefined : true));
    const sent =
      d.klasse === 'Leistung' ? leistungen.has(d.id) : d.klasse === 'Organisationseinheit' ? units.has(d.id) : false;
    if (sent) {
      problems.push({
        ...d.at,
        klasse: 'loesche',
        objectId: d.id,
        message: `${d.klasse} is both written and deleted in this message`,
      });
    } else if (!known) {
      warnings.push({
        ...d.at,
        klasse: 'loesche',
        objectId: d.id,
        message: `${d.klasse} "${d.id}" is not in the catalog; nothing to delete`,
      });
    } else {
      removals.push({ ...d.at, klasse: d.klasse as LoescheKlasse, xzufiId: d.id, id });
    }
  }
  const dropped = new Map<string, XzufiImportRemoval>(); // Zuständigkeiten to take out, by assignment id
  for (const r of removals) if (r.klasse === 'Zustaendigkeit') dropped.set(r.id, r);
  const droppedHere = new Set<string>(); // … of those, the ones a unit of this message has

  // Every waiting Zuständigkeit checked (no assignment built yet: those are built per batch of units, below).
  const tieId = (id: string, areas: string | string[], ags: string) => (Array.isArray(areas) ? `${id}@${ags}` : id);
  for (const [parentXid, list] of waiting) {
    const od = onlineServiceOf(parentXid || null);
    const unit = od === undefined && parentXid ? (units.get(parentXid) ?? extraUnit(parentXid)) : undefined;
    for (let i = 0; i < list.length; i += TIE) {
      const id = list[i] as string;
      // An entry when the Leistung was read before its tie; else the id as sent, looked up now.
      const leistung = list[i + 1] as LeistungEntry | string | null;
      const at = { line: list[i + 6] as number, column: list[i + 7] as number };
      const p = (message: string) =>
        problems.push({ ...at, klasse: 'zustaendigkeitTransferObjekt', objectId: id, message });
      const entry = typeof leistung === 'string' ? leistungen.get(leistung) : (leistung ?? undefined);
      const xid = entry?.xid ?? (typeof leistung === 'string' ? leistung : null);
      const serviceId = entry?.id ?? (xid ? mapper.knownService(xid)?.id : undefined);
      if (!serviceId) {
        p(`leistungID "${xid ?? ''}" names no leistung of this message or the catalog`);
        continue;
      }
      if (od !== undefined) {
        if (od && xid) tie(xid, od);
        continue;
      }
      if (!unit) {
        p(
          `uebergeordnetesObjektID "${parentXid}" names no organisationseinheit or onlinedienst of this message or the catalog`,
        );
        continue;
      }
      const role = list[i + 3] as string;
      if (!ROLES.has(role)) {
        p(`rolle "${role}" is unknown; allowed: ${[...ROLE_BY_CODE].map(([c, r]) => `${c} (${r})`).join(', ')}`);
        continue;
      }
      list[i + 1] = serviceId; // what the unit's batch needs
      const areas = list[i + 2] as string | string[];
      if (dropped.size > 0)
        for (const ags of Array.isArray(areas) ? areas : [areas])
          if (dropped.has(tieId(id, areas, ags))) droppedHere.add(tieId(id, areas, ags));
    }
    if (od !== undefined) waiting.delete(parentXid);
  }
  // Online services of catalog services the message does not send: those are read back and written with them.
  for (const xid of ties.keys()) if (!leistungen.has(xid) && mapper.knownService(xid)) late.add(xid);
  for (const [xid, od] of onlinedienste) {
    if (!od.tied && od.record) {
      warnings.push({
        ...od.record.at,
        klasse: 'onlinedienst',
        objectId: xid,
        message: 'no zustaendigkeit ties this onlinedienst to a leistung; skipped',
      });
    }
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new XzufiImportError(problems);
  }

  // Online services tied after their Leistung was written: the written service, read back, with them added.
  let again: Labeled<Service>[] = [];
  for (const xid of late) {
    const entry = leistungen.get(xid);
    const id = entry?.id ?? mapper.knownService(xid)?.id ?? slugId(xid);
    const written = await target.service(id);
    if (!written) continue;
    const copy = { ...written, onlineServices: [...written.onlineServices] };
    for (const o of ties.get(xid) ?? []) attach(copy, o);
    const at = entry ? { line: entry.line, column: entry.column } : { line: 0, column: 0 };
    again.push({ label: label('leistung', xid, at), value: copy });
    if (again.length >= batchSize) {
      preview.settle('leistung', again, await target.write({ ...emptyChangeSet(), services: again }));
      again = [];
    }
  }
  if (again.length > 0) preview.settle('leistung', again, await target.write({ ...emptyChangeSet(), services: again }));

  // `loesche` of a Zuständigkeit no unit of this message has: out of the catalog's unit that has it.
  const notApplied: XzufiImportRemoval[] = [];
  const removedLeistungen = new Set(removals.filter((r) => r.klasse === 'Leistung').map((r) => r.xzufiId));
  const coveredOnlineService = (xid: string) => {
    const at = xid.lastIndexOf(ONLINEDIENST_ID_SEPARATOR);
    const leistung = at > 0 ? xid.slice(0, at) : null;
    return leistung !== null && (leistungen.has(leistung) || removedLeistungen.has(leistung));
  };
  const catalogRemovals: Labeled<Removal>[] = [];
  const removalLabel = (r: XzufiImportRemoval) => `xzufi: loesche ${r.klasse} "${r.xzufiId}" (line ${r.line})`;
  const unitLabels = new Map<UnitEntry, string>();
  for (const r of removals) {
    if (r.klasse === 'Leistung' || r.klasse === 'Organisationseinheit') {
      const type = r.klasse === 'Leistung' ? 'service' : 'authority';
      catalogRemovals.push({ label: removalLabel(r), value: { type, id: r.id, tenantAgs: tenant } });
    } else if (r.klasse === 'Zustaendigkeit') {
      if (droppedHere.has(r.id)) continue;
      const unit = options.existing?.authorityOfAssignment?.(r.id);
      // A unit the message sends again replaces the catalog's whole: the Zuständigkeit is gone with it.
      if (unit && [...units.values()].some((u) => u.authority.id === unit.id)) continue;
      const entry = unit && unit.tenantAgs === tenant ? extraUnit(unit.id) : undefined;
      if (!entry) notApplied.push(r);
      else if (!unitLabels.has(entry)) unitLabels.set(entry, removalLabel(r));
    } else if (r.klasse === 'Onlinedienst' && coveredOnlineService(r.xzufiId)) {
      // Our own `--since` export names an online service gone from a Leistung it also sends (whole, with the online
      // services it has) or deletes: that record already says it.
    } else notApplied.push(r);
  }

  /** A unit's assignments: its own (a catalog unit's) and the message's, by id, without the removed ones. */
  const assignmentsOf = (u: UnitEntry): Assignment[] => {
    const list = waiting.get(u.xid);
    waiting.delete(u.xid);
    if (!list)
      return dropped.size > 0 ? u.authority.assignments.filter((x) => !dropped.has(x.id)) : u.authority.assignments;
    // By id while they are collected (a big office has thousands; replacing in a list was quadratic).
    const byId = new Map(u.authority.assignments.map((x) => [x.id, x]));
    for (let i = 0; i < list.length; i += TIE) {
      const id = list[i] as string;
      const areas = list[i + 2] as string | string[];
      for (const ags of Array.isArray(areas) ? areas : [areas]) {
        const assignment: Assignment = {
          id: tieId(id, areas, ags),
          tenantAgs: tenant,
          serviceId: list[i + 1] as string,
          task: null,
          areaAgs: ags,
          authorityId: u.authority.id,
          role: list[i + 3] as AssignmentRole,
          deepLink: list[i + 4] as string | null,
          note: list[i + 5] as string | null,
        };
        byId.delete(assignment.id); // re-insert: a repeated one goes to the end, as before
        byId.set(assignment.id, assignment);
      }
    }
    return [...byId.values()].filter((x) => !dropped.has(x.id));
  };

  // Units, parents before children, in batches; each one's assignments assembled only when its batch is built.
  const ordered = parentsFirst([...units.values()]);
  for (const u of extraUnits.values()) ordered.push(u);
  let unitBatch: Labeled<AuthorityWithAssignments>[] = [];
  let assignmentCount = 0;
  const writeUnits = async () => {
    if (unitBatch.length === 0) return;
    options.adjustUnits?.(unitBatch);
    const changes = await target.write({ ...emptyChangeSet(), authorities: unitBatch });
    preview.settle('organisationseinheit', unitBatch, changes);
    unitBatch = [];
    assignmentCount = 0;
  };
  for (const u of ordered) {
    const assignments = assignmentsOf(u);
    const value = { ...u.authority, assignments };
    unitBatch.push({ label: unitLabels.get(u) ?? label('organisationseinheit', u.xid, u.at), value });
    assignmentCount += assignments.length;
    if (unitBatch.length >= batchSize * 2 || assignmentCount >= 5000) await writeUnits();
  }
  await writeUnits();

  if (catalogRemovals.length > 0) {
    const changes = await target.write({ ...emptyChangeSet(), removals: catalogRemovals });
    preview.settleRemovals(catalogRemovals, changes);
  }
  for (const r of notApplied) preview.notApplied(r.xzufiId, removalLabel(r));

  return {
    removals,
    notApplied,
    report: { header, counts, warnings: warnings.items, warningsOmitted: warnings.omitted, bytesRead },
    preview: preview.entries,
    totals: preview.totals,
  };
}

/** In-message units ordered so that a parent of the message comes before its children (cycles: as they come). */
function parentsFirst(list: UnitEntry[]): UnitEntry[] {
  const byId = new Map(list.map((u) => [u.authority.id, u]));
  const out: UnitEntry[] = [];
  const done = new Set<UnitEntry>();
  for (const start of list) {
    // Climb to the topmost parent not written yet, then write down the chain (iteratively: chains may be long).
    const chain: UnitEntry[] = [];
    let u: UnitEntry | undefined = start;
    while (u && !done.has(u) && !chain.includes(u)) {
      chain.push(u);
      u = u.authority.parentId ? byId.get(u.authority.parentId) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i] as UnitEntry;
      done.add(c);
      out.push(c);
    }
  }
  return out;
}

/**
 * The preview from the write's own results: the first lines per kind that change, and exact totals. A record written
 * twice (a late online service) counts once: new stays new, unchanged then changed becomes changed.
 */
class PreviewCollector {
  readonly entries: XzufiPreviewEntry[] = [];
  readonly totals: XzufiPreviewTotals = {
    new: 0,
    changed: 0,
    unchanged: 0,
    removed: 0,
    'already gone': 0,
    'not applied': 0,
  };
  private readonly lines = { leistung: 0, organisationseinheit: 0, loesche: 0 };
  /** Per record written so far: 'n' new, 'c' changed, 'u' unchanged (ids only; no texts). */
  private readonly results = {
    leistung: new Map<string, Outcome>(),
    organisationseinheit: new Map<string, Outcome>(),
  };

  constructor(private readonly max: number) {}

  settle(
    kind: 'leistung' | 'organisationseinheit',
    written: readonly Labeled<{ id: string }>[],
    changes: readonly RecordChange[],
  ): void {
    const type = kind === 'leistung' ? 'service' : 'authority';
    const byId = new Map(changes.filter((c) => c.type === type).map((c) => [c.id, c.result]));
    const seen = this.results[kind];
    for (const { label, value } of written) {
      const r = byId.get(value.id);
      const now: Outcome = r === 'created' ? 'n' : r === 'updated' ? 'c' : 'u';
      const before = seen.get(value.id);
      const merged = before === undefined ? now : before === 'n' ? 'n' : now === 'u' ? before : 'c';
      if (merged === before) continue;
      seen.set(value.id, merged);
      if (before) this.totals[RESULT[before]]--;
      this.add(kind, value.id, label, RESULT[merged]);
    }
  }

  settleRemovals(removals: readonly Labeled<Removal>[], changes: readonly RecordChange[]): void {
    const removed = new Set(changes.filter((c) => c.result === 'removed').map((c) => `${c.type}|${c.id}`));
    for (const { label, value } of removals)
      this.add('loesche', value.id, label, removed.has(`${value.type}|${value.id}`) ? 'removed' : 'already gone');
  }

  notApplied(id: string, label: string): void {
    this.add('loesche', id, label, 'not applied');
  }

  private add(kind: XzufiPreviewEntry['kind'], id: string, label: string, result: XzufiPreviewEntry['result']): void {
    // A record listed once is never listed again: new stays new, changed stays changed; unchanged is not listed.
    this.totals[result]++;
    if (result === 'unchanged' || this.lines[kind] >= this.max) return;
    this.lines[kind]++;
    this.entries.push({ kind, id, label, result });
  }
}

type Outcome = 'n' | 'c' | 'u';
const RESULT: Record<Outcome, XzufiPreviewEntry['result']> = { n: 'new', c: 'changed', u: 'unchanged' };

/** The per-object rules, with the problem lists they report into. */
class Mapper {
  private readonly agsByArs = new Map<string, string>();
  private readonly seenLeikaKeys = new Map<string, string>();

  constructor(
    private readonly options: XzufiImportOptions,
    private readonly problems: XzufiProblem[],
    private readonly warnings: { push(p: XzufiProblem): void },
  ) {
    for (const a of options.areas) this.agsByArs.set(a.ars, a.ags);
  }

  agsOf(ars: string): string | undefined {
    return this.agsByArs.get(ars) ?? (/^0{12}$/.test(ars) ? '00' : undefined);
  }

  /** A service of the catalog by the id a message names it with. */
  knownService(xid: string): Service | undefined {
    return this.options.existing?.serviceById(slugId(xid));
  }

  /**
   * The areas of a Zuständigkeit as AGS (strings shared with the area map): one string for a single `gebietID`, else a
   * list (its assignments are then `<id>@<ags>`). Unknown areas are reported here, as the tie is read.
   */
  tieAreas(z: ZustaendigkeitRecord): string | string[] {
    const p = (message: string) =>
      this.problems.push({ ...z.at, klasse: 'zustaendigkeitTransferObjekt', objectId: z.id, message });
    if (z.gebietIds.length === 0) p('has no gebietID');
    const known: string[] = [];
    for (const ars of z.gebietIds) {
      const ags = this.agsOf(ars);
      if (ags) known.push(ags);
      else p(`gebietID "${ars}" is no known area (ARS)`);
    }
    return z.gebietIds.length === 1 && known[0] !== undefined ? known[0] : known;
  }

  service(r: LeistungRecord): Service | null {
    const p = (a: Position, message: string) =>
      this.problems.push({ ...a, klasse: 'leistung', objectId: r.id, message });
    const leikaKey = r.leikaKeys[0] ?? null;
    if (leikaKey) {
      const bad = leikaKeyProblem(leikaKey);
      if (bad) p(r.at, `referenzLeiKa "${leikaKey}" ${bad}`);
      const other = this.seenLeikaKeys.get(leikaKey);
      if (other && other !== r.id)
        p(r.at, `LeiKa key ${leikaKey} is already used by leistung "${other}" of this message`);
      this.seenLeikaKeys.set(leikaKey, r.id);
    }
    if (r.leikaKeys.length > 1) {
      this.warnings.push({
        ...r.at,
        klasse: 'leistung',
        objectId: r.id,
        message: `several referenzLeiKa; ${leikaKey} is used`,
      });
    }
    const existing =
      (leikaKey ? this.options.existing?.serviceByLeikaKey(leikaKey) : undefined) ??
      this.options.existing?.serviceById(slugId(r.id));
    if (existing && existing.tenantAgs !== this.options.tenantAgs) {
      p(
        r.at,
        `matches service "${existing.id}" of tenant ${existing.tenantAgs}; it cannot be imported for tenant ${this.options.tenantAgs}`,
      );
    }

    const texts: Record<string, string | null> = {};
    const textModules: Record<string, string> = {};
    let forms: { title: string; url: string }[] = [];
    let german02: string | null = null;
    let german03: string | null = null;
    for (const m of r.modules) {
      if (!(TEXT_MODULE_CODES as readonly string[]).includes(m.code)) {
        p(m.at, `text module code "${m.code}" is unknown; allowed: ${TEXT_MODULE_CODES.join(', ')}`);
        continue;
      }
      if (m.code === '14') forms = m.links.map((l) => ({ title: l.title ?? l.url, url: l.url }));
      else if (m.links.length > 0) {
        this.warnings.push({
          ...m.at,
          klasse: 'leistung',
          objectId: r.id,
          message: `links of text module ${m.code} are not kept (the catalog has no field for them)`,
        });
      }
      for (const { lang, text: sent } of m.texts) {
        // Real messages carry HTML (PVOG's do); the catalog keeps plain text, as the PVOG JSON import does.
        const text = plainTextOf(sent);
        if (lang !== 'de') textModules[languageKey(m.code, lang)] = text;
        else if (m.code === '02') german02 = text;
        else if (m.code === '03') german03 = text;
        else if (FIELD_BY_TEXT_MODULE[m.code]) texts[FIELD_BY_TEXT_MODULE[m.code] as string] = text;
        else textModules[m.code] = text;
      }
    }
    for (const s of r.structured) {
      const m = STRUCTURED_MODULES.find((x) => x.element === s.element);
      if (!m) continue;
      for (const t of s.texts) {
        if (t.lang === 'de') texts[m.field] = plainTextOf(t.text);
        else textModules[languageKey(m.pvogCode, t.lang)] = plainTextOf(t.text);
      }
    }
    const name = german03 ?? german02 ?? existing?.name ?? null;
    if (!name) p(r.at, 'has no name (text module 03 Leistungsname or 02 Leistungsbezeichnung in German)');
    if (german02 !== null && german02 !== name) textModules['02'] = german02;

    const type = r.typisierung[0];
    if (type && !(LEIKA_TYPES as readonly string[]).includes(type.code)) {
      p(type.at, `typisierung "${type.code}" is unknown; allowed: ${LEIKA_TYPES.join(', ')}`);
    }
    const leikaType = type?.code ?? existing?.leikaType ?? null;
    const sorted = Object.fromEntries(Object.entries(textModules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const t = (k: string) => texts[k] ?? null;
    return {
      id: existing?.id ?? slugId(r.id),
      tenantAgs: this.options.tenantAgs,
      leikaKey,
      leikaType,
      name: name ?? '',
      synonyms: [...new Set(r.synonyms)],
      task: existing?.task ?? null,
      lebenslagen: r.lebenslagen,
      teaser: t('teaser'),
      fullText: t('fullText'),
      documents: t('documents'),
      prerequisites: t('prerequisites'),
      fees: t('fees'),
      deadlines: t('deadlines'),
      processingTime: t('processingTime'),
      procedure: t('procedure'),
      legalBasis: t('legalBasis'),
      hints: t('hints'),
      furtherInfo: t('furtherInfo'),
      forms,
      onlineServices: [],
      textModules: sorted,
      defaultLevel: existing?.defaultLevel ?? LEVEL_BY_TYPE[leikaType ?? ''] ?? this.options.defaultLevel ?? 'gemeinde',
      defaultLegalBasis: existing?.defaultLegalBasis ?? null,
      defaultReason: existing?.defaultReason ?? null,
      rules: existing?.rules ?? [],
      // XZuFi carries no responsibility rules: what the catalog knows of them (inheriting the task's, the
      // connecting factor) stays as it is.
      ...(existing?.inheritsResponsibility !== undefined
        ? { inheritsResponsibility: existing.inheritsResponsibility }
        : {}),
      ...(existing?.connectingFactor !== undefined ? { connectingFactor: existing.connectingFactor } : {}),
      // XZuFi carries neither whom a Leistung is for nor where it came from: a PVOG Leistung keeps both (re-importing
      // the Bund's own export changes nothing); a new one is marked as imported from XZuFi under the id it was sent
      // with. The message's date is not the Leistung's (XZuFi dates each object apart, which the reader does not
      // keep), and the write's revision already says when it arrived.
      ...(existing?.audience !== undefined ? { audience: existing.audience } : {}),
      ...(existing
        ? existing.provenance !== undefined
          ? { provenance: existing.provenance }
          : {}
        : { provenance: { source: 'xzufi', externalId: r.id, upstreamUpdatedAt: null } }),
      version: existing?.version ?? 1,
    };
  }

  authority(r: OrganisationseinheitRecord): AuthorityWithAssignments {
    const p = (message: string) =>
      this.problems.push({ ...r.at, klasse: 'organisationseinheit', objectId: r.id, message });
    if (!r.name) p('has no name');
    const fromArs = r.ars ? this.agsOf(r.ars) : undefined;
    if (r.ars && !fromArs && !r.ags) p(`regionalschluessel "${r.ars}" is no known area (ARS)`);
    const existing = this.options.existing?.authorityById(slugId(r.id));
    const channel = (...codes: string[]) => r.channels.find((c) => codes.includes(c.code))?.value ?? null;
    return {
      id: slugId(r.id),
      tenantAgs: this.options.tenantAgs,
      areaAgs: r.ags ?? fromArs ?? this.options.tenantAgs,
      parentId: r.parentId ? slugId(r.parentId) : null,
      name: r.name ?? '',
      address: { street: r.street, postcode: r.postcode, city: r.city },
      phone: channel(KANAL.phone, '03'),
      fax: channel(KANAL.fax),
      email: channel(KANAL.email),
      website: r.website,
      openingHours: r.openingHours,
      openingHoursNote: r.openingHoursNote,
      accessibility: r.accessibility,
      sample: existing?.sample ?? false,
      version: existing?.version ?? 1,
      assignments: [],
    };
  }

  onlineService(r: OnlinedienstRecord): OnlineService | null {
    const p = (message: string) => this.problems.push({ ...r.at, klasse: 'onlinedienst', objectId: r.id, message });
    const url = r.urls[0];
    if (!url) {
      p('has no link');
      return null;
    }
    const type = r.art ?? 'antrag';
    if (!(ONLINE_SERVICE_TYPES as readonly string[]).includes(type)) {
      p(`art "${type}" is unknown; allowed: ${ONLINE_SERVICE_TYPES.join(', ')}`);
      return null;
    }
    if (r.trustLevel !== null && !(TRUST_LEVELS as readonly string[]).includes(r.trustLevel)) {
      p(`vertrauensniveau "${r.trustLevel}" is unknown; allowed: ${TRUST_LEVELS.join(', ')}`);
      return null;
    }
    const o: OnlineService = { title: r.title ?? url, url, type: type as OnlineService['type'] };
    if (r.trustLevel) o.trustLevel = r.trustLevel as OnlineService['trustLevel'];
    return o;
  }
}
