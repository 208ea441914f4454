import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ServiceUnavailableError, ValidationError } from '../../shared/errors.ts';
import { GenerationClock } from '../../shared/generation-cache.ts';
import { type ParsedOpeningHours, parseOpeningHours } from '../opening-hours/opening-hours.ts';
import {
  areaChain,
  buildSnapshot,
  type CatalogSnapshot,
  exceptionsBelow,
  type ResponsibilityException,
  resolveService,
  visibleServices,
} from '../responsibility/resolver.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { type DocOf, serviceFromDoc } from './catalog.documents.ts';
import type { CatalogIssue, Lang } from './catalog.issues.ts';
import { type DataReport, dataReport } from './catalog.report.ts';
import {
  type AuthorityListItem,
  type ContactListItem,
  countDependents,
  findRevision,
  type LebenslageListItem,
  listLebenslagenWithVersions,
  listRevisions,
  listTasks,
  listTenantAuthorities,
  listTenantContacts,
  listWorkspaceServices,
  localBumpCount,
  ownerOf,
  type Published,
  type RevisionRow,
  readAreaKinds,
  readAreas,
  readCacheGeneration,
  readExistingIds,
  readLebenslagen,
  readLocalSettings,
  readRecordDoc,
  readRevisionDataAt,
  readRevisionsSince,
  readTasks,
  readTenantCatalog,
  type ServiceListItem,
  type ServiceReferences,
  serviceReferences,
  type TenantCatalog,
} from './catalog.repository.ts';
import { confirmStale, deleteNotices, readNotices, readStale } from './catalog.stale.repository.ts';
import type { CatalogNotice, StaleField, StaleMark } from './catalog.stale.ts';
import {
  type Actor,
  systemPrincipal,
  systemScope,
  type Tenant,
  type TenantScope,
  tenantsScope,
} from './catalog.tenant.ts';
import type {
  Area,
  AreaKind,
  CatalogChangeSet,
  Lebenslage,
  LocalServiceSetting,
  RecordType,
  Service,
  Task,
} from './catalog.ts';
import { ASSIGNMENT_REMOVAL, areaKeyKind, forBusinessesOnly, postcodeAreas } from './catalog.ts';
import { validateChangeSet } from './catalog.validate.ts';
import {
  type StageBatch,
  type StagedReads,
  type WriteOptions,
  type WriteResult,
  writeChangeSet,
  writeStaged as writeInBatches,
} from './catalog.write.ts';

export class UnknownAreaError extends NotFoundError {}
export class UnknownServiceError extends NotFoundError {}
/** A postcode given as the place of the matter that several areas share: the caller must name one. */
export class AmbiguousPlaceError extends ValidationError {
  constructor(
    postcode: string,
    readonly candidates: Array<{ ags: string; name: string; slug: string }>,
  ) {
    const list = candidates.map((c) => `${c.ags} (${c.name})`).join(', ');
    super(`Die Postleitzahl ${postcode} gehört zu mehreren Gebieten: ${list}. Bitte eines davon als AGS angeben.`, [
      { field: 'place', message: `one of ${candidates.map((c) => c.ags).join(', ')}` },
    ]);
  }
}
export class UnknownLebenslageError extends NotFoundError {}

/** What a write did: counts per section and the records that changed (each with a revision). */
export type ImportSummary = WriteResult;

/** `applyChangeSet`'s options: the write options, with the actor defaulting to the system (an import). */
export type ApplyOptions = Partial<WriteOptions>;

export interface Structure {
  generation: number;
  areas: Area[];
  areasByAgs: Map<string, Area>;
  areasBySlug: Map<string, Area>;
  areaKinds: Map<string, AreaKind>;
  lebenslagen: Lebenslage[];
}

export interface CatalogService {
  /**
   * The current cache generation of a scope (default `catalog`; bumped by every write, on any instance). Read from the
   * database at most every `generationCheckMs` — on PostgreSQL only while `followGenerations` hears pushes, else
   * before each answer; this process's own writes are seen at once.
   * While the database is away it answers the last one known (and `staleSince()` says since when).
   */
  cacheGeneration(scope?: string): Promise<number>;
  /**
   * Hear generation pushes (PostgreSQL LISTEN/NOTIFY, `Db.listen`): each moves the known generation at once and
   * drops the catalog structure, rebuilt in the background; reads are throttled only while `pushes.live`. Returns the
   * unsubscribe.
   */
  followGenerations(pushes: GenerationPushes): () => void;
  /** Since when answers come from the last good snapshot because the database is away; null when it answers. */
  staleSince(): Date | null;
  /**
   * Synchronously: a number that changes whenever any generation this instance knows changes, while every scope's
   * generation is fresh (no read due) and the database answers; else undefined, and the due reads are started. A
   * front cache (src/web/front-cache.ts) replays an answer only while the token it was made under is still this.
   */
  freshToken(): number | undefined;
  structure(): Promise<Structure>;
  listAreas(): Promise<Area[]>;
  getArea(ags: string): Promise<Area>;
  getAreaBySlug(slug: string): Promise<Area>;
  findAreasByPostcode(postcode: string): Promise<Area[]>;
  /** The area and its ancestors, nearest first. */
  areaChain(ags: string): Promise<Area[]>;
  /** Areas whose parent is `ags`. */
  childAreas(ags: string): Promise<Area[]>;
  /**
   * The Gemeinden of a Kreis (or a Gemeindeverband), by name: its direct children that are Gemeinden and the members
   * of its Gemeindeverbände (an Ortsgemeinde's parent is its Verbandsgemeinde, not the Kreis).
   */
  townsBelow(ags: string): Promise<Area[]>;
  listAreaKinds(): Promise<AreaKind[]>;
  listLebenslagen(): Promise<Lebenslage[]>;
  /** A town's whole list: its own services and those of every area above it, each resolved. Sorted by name. */
  listAreaServices(
    ags: string,
    options?: { lebenslage?: string; leikaKey?: string; now?: Date },
  ): Promise<ResolvedService[]>;
  /**
   * One service by id or LeiKa key, resolved for the area. `place`: the area of the deciding fact (place of birth,
   * plot, business premises) when the service's connecting factor is not the residence; it may lie in another county.
   */
  getAreaService(
    ags: string,
    serviceIdOrLeika: string,
    now?: Date,
    options?: { place?: string | null },
  ): Promise<ResolvedService>;
  /** The Gemeinden below an area whose answer for a service differs from the area's own (the county page's list). */
  exceptionsBelow(ags: string, serviceId: string, now?: Date): Promise<ResponsibilityException[]>;
  /**
   * A service resolved for an area as if a record were already published (the editors' preview of a draft): the
   * area's snapshot with the given service and/or the area's own setting for it replaced, never cached or stored.
   * `localSetting: null` previews the catalog default (no setting). With the county's exceptions below the area.
   */
  previewAreaService(
    ags: string,
    serviceId: string,
    replace: { service?: Service; localSetting?: LocalServiceSetting | null },
    now?: Date,
  ): Promise<{ service: ResolvedService; exceptions: ResponsibilityException[] }>;
  /** The snapshot an area's resolution works on (for search indexes and coverage; rebuilt per generation). */
  snapshotFor(ags: string): Promise<{ generation: number; snapshot: CatalogSnapshot }>;
  /**
   * Builds the snapshot of every county (up to the cache's size) for the current generation, so that the first
   * citizen of each county does not pay for its rebuild (a server calls it after it listens). Returns how many.
   */
  warmUp(): Promise<{ counties: number }>;
  /**
   * THE write path: validates and writes a change set in one transaction (nothing is written when one record is
   * wrong), with a revision per changed record, one audit entry and one generation bump — none when nothing changed.
   */
  write(set: CatalogChangeSet, options: WriteOptions): Promise<WriteResult>;
  /** `write` with the system as actor unless one is given (imports, tests). */
  applyChangeSet(set: CatalogChangeSet, options?: ApplyOptions): Promise<ImportSummary>;
  /** Everything owned by the tenants of the scope, as domain objects (for export). */
  readTenants(scope: TenantScope): ReturnType<typeof readTenantCatalog>;
  /** Real against sample data and the share of records with LeiKa key, booking link … per tenant and record kind. */
  dataReport(): Promise<DataReport>;
  /** The tasks (with their responsibility) owned by the tenants of the scope (export, tools). */
  readTasks(scope: TenantScope): ReturnType<typeof readTasks>;
  /** One record as its edit document, owned by `tenant` (`*` for a Lebenslage); null when there is none. */
  readRecord<T extends keyof DocOf>(
    type: T,
    tenant: Tenant | '*',
    id: string,
    transaction?: Kysely<Database>,
  ): Promise<Published<DocOf[T]> | null>;
  /** Deliberate cross-tenant lookup: which tenant owns this record (null: nobody). */
  ownerOf(type: keyof DocOf, id: string, transaction?: Kysely<Database>): Promise<string | null>;
  /** A record's history, newest first. */
  revisions(tenant: string, type: string, id: string): Promise<RevisionRow[]>;
  revision(tenant: string, type: string, id: string, revisionId: string): Promise<RevisionRow | undefined>;
  /** The validator's issues for a change set against the current catalog, without writing (a form's check). */
  check(set: CatalogChangeSet, options?: { lang?: Lang }): Promise<CatalogIssue[]>;
  /** The services a tenant works on: its own and those of `tenantsAbove`, with its settings for them. */
  workspaceServices(tenant: Tenant, tenantsAbove: readonly string[]): Promise<ServiceListItem[]>;
  /** A tenant's own units, by name. */
  authoritiesOf(tenant: Tenant): Promise<AuthorityListItem[]>;
  /** A tenant's own contacts, by unit and name. */
  contactsOf(tenant: Tenant): Promise<ContactListItem[]>;
  /** Every Lebenslage with its version, in catalog order. */
  lebenslagenWithVersions(): Promise<LebenslageListItem[]>;
  /** Every task some service names. */
  tasks(): Promise<string[]>;
  /** How many records hang below a record (contacts and subunits of a unit, sub-Lebenslagen). */
  countDependents(type: keyof DocOf, id: string): Promise<number>;
  /** Deliberate cross-tenant lookup: what hangs on a service (towns' settings, contact links, assignments). */
  serviceReferences(id: string): Promise<ServiceReferences>;
  /** A town's published settings for the services above it, by service id. */
  localSettingsOf(town: Tenant): Promise<Map<string, LocalServiceSetting & { version: number }>>;
  /** Drops in-process caches (tests; the generation check makes this unnecessary in production). */
  clearCaches(): void;
  /**
   * Records of the given types owned by the scope's tenants that changed at or after `since` (`changed`), and those
   * whose last change since then removed them (`removed`), from the revisions every write leaves. For exchange exports.
   */
  changesSince(scope: TenantScope, since: Date, types: readonly RecordType[]): Promise<ChangesSince>;
  /**
   * Services as they were at `at`, from their revisions, for those of `ids` that existed then and have changed
   * since (the rest are as they are now, or were created since). An exchange export finds in them what a record had
   * then and has no more (an XZuFi online service removed since).
   */
  servicesAt(scope: TenantScope, at: Date, ids: readonly string[]): Promise<Map<string, Service>>;
  /**
   * Zuständigkeiten (assignment ids) taken out of their unit at or after `since` and not written again since: what an
   * exchange export since a date sends as deleted. A unit removed whole leaves none (its own removal says it).
   */
  assignmentsRemovedSince(
    scope: TenantScope,
    since: Date,
  ): Promise<{ id: string; tenantAgs: string; task: string | null }[]>;
  /**
   * A dry run that reports what would change: `write` runs to the end inside a transaction that is then rolled back,
   * so `changes` lists every record a real write would create, update or remove (a plain dry run lists none).
   */
  previewWrite(set: CatalogChangeSet, options: Omit<WriteOptions, 'dryRun' | 'transaction'>): Promise<WriteResult>;
  /**
   * `write` of one change set handed over in batches (decision 0236): one transaction, one audit entry and one
   * generation bump at the end, all or nothing. With `preview`, rolled back like `previewWrite`.
   */
  writeStaged(
    options: Omit<WriteOptions, 'dryRun' | 'transaction'> & { preview?: boolean },
    produce: (write: StageBatch, read: StagedReads) => Promise<void>,
  ): Promise<WriteResult>;
  /** A town's settings flagged stale (the owner changed a field the town overrides), for one service or all. */
  staleOf(town: Tenant, serviceId?: string): Promise<StaleMark[]>;
  /**
   * The town keeps its own values ("Meine Angaben bleiben"): lifts the flags of its setting for a service (the
   * given fields, else all), with an audit entry. Returns how many flags there were.
   */
  confirmLocalSetting(
    town: Tenant,
    serviceId: string,
    actor: Actor,
    options?: { fields?: readonly StaleField[]; ip?: string | null },
  ): Promise<number>;
  /**
   * Hands the notices writes left for other tenants' inboxes (stale_text, upstream_change) to `onNotices` and
   * drops them once taken. Every write that runs its own transaction calls this after the commit; callers that
   * pass a transaction call it after theirs (the maintenance tick catches the rest).
   */
  deliverNotices(): Promise<number>;
}

export interface CatalogHooks {
  /** Receives the notices of committed writes; a throw keeps them for the next delivery. */
  onNotices?: (notices: readonly CatalogNotice[]) => Promise<void>;
}

export interface RecordRef {
  type: RecordType;
  id: string;
  tenantAgs: string;
}

export interface ChangesSince {
  changed: RecordRef[];
  removed: RecordRef[];
}

class PreviewRollback extends Error {}

// One collator for the process: `localeCompare(…, 'de')` may build one per comparison (a list sorts ~2,500 times).
const germanCollator = new Intl.Collator('de');
const byGermanName = (a: { name: string }, b: { name: string }) => germanCollator.compare(a.name, b.name);

/** Enough for every Kreis of Germany (~400): a deployment for all of it must not rebuild snapshots in turn. */
const MAX_SNAPSHOTS = 512;

// Each area's children, per structure (one structure object per generation): a county's areas are found by walking
// down from it instead of computing the chain of every area in Germany (11,000) per snapshot.
const childrenOf = new WeakMap<Structure, Map<string, Area[]>>();
function childIndex(s: Structure): Map<string, Area[]> {
  let index = childrenOf.get(s);
  if (!index) {
    index = new Map();
    for (const a of s.areas) {
      if (!a.parentAgs) continue;
      const list = index.get(a.parentAgs);
      if (list) list.push(a);
      else index.set(a.parentAgs, [a]);
    }
    childrenOf.set(s, index);
  }
  return index;
}

function descendants(s: Structure, ags: string): Area[] {
  const index = childIndex(s);
  const out: Area[] = [];
  const stack = [ags];
  const seen = new Set(stack);
  while (stack.length) {
    for (const child of index.get(stack.pop()!) ?? []) {
      if (seen.has(child.ags)) continue; // a cycle in bad data must not hang the resolver
      seen.add(child.ags);
      out.push(child);
      stack.push(child.ags);
    }
  }
  return out;
}

// Opening-hours rules parsed once per (Land, rule) for the process: thousands of units share a handful of strings.
const parsedRules = new Map<string, ParsedOpeningHours | false>();
function parsedRule(source: string, ags: string): ParsedOpeningHours | false {
  const key = `${ags.slice(0, 2)}|${source}`;
  let parsed = parsedRules.get(key);
  if (parsed === undefined) {
    try {
      parsed = parseOpeningHours(source, ags);
    } catch {
      // Invalid hours are rejected on write; an old row that no longer parses shows as "unknown", not as an error.
      parsed = false;
    }
    if (parsedRules.size >= 10_000) parsedRules.clear();
    parsedRules.set(key, parsed);
  }
  return parsed;
}

interface SharedAbove {
  catalog: TenantCatalog;
  tasks: Task[];
}
const EMPTY_ABOVE: SharedAbove = {
  catalog: { services: [], authorities: [], assignments: [], contacts: [], localSettings: [] },
  tasks: [],
};

/**
 * Two lists each in the order the repository reads them (by a text key), as one list in that order: the same
 * records, in the same order, as one read over both sets of owners would give. Ties keep the first list first.
 */
function mergeSorted<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (key(b[j]!) < key(a[i]!)) out.push(b[j++]!);
    else out.push(a[i++]!);
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** The records of the owners above a county and the county's own, as one catalog (objects shared, not copied). */
function mergeCatalogs(above: TenantCatalog, own: TenantCatalog): TenantCatalog {
  return {
    services: mergeSorted(above.services, own.services, (x) => x.name),
    authorities: mergeSorted(above.authorities, own.authorities, (x) => x.name),
    assignments: mergeSorted(above.assignments, own.assignments, (x) => x.id),
    contacts: mergeSorted(above.contacts, own.contacts, (x) => x.id),
    localSettings: [...above.localSettings, ...own.localSettings],
  };
}

/** What the catalog needs of a generation listener (src/db/notify.ts): pushes, and whether they arrive right now. */
export interface GenerationPushes {
  readonly live: boolean;
  /** `scope` `'*'` with NaN: pushes may have been missed (reconnected), every scope must read again. */
  onGeneration(cb: (scope: string, generation: number) => void): () => void;
}

export interface CatalogServiceOptions extends CatalogHooks {
  /**
   * Read a generation at most this often (ms) — on SQLite always, on PostgreSQL while pushes are live; 0 reads
   * before every answer. Default 100. This process's own writes are seen at once regardless.
   */
  generationCheckMs?: number;
}

export const DEFAULT_GENERATION_CHECK_MS = 100;

export function createCatalogService(db: Db, options: CatalogServiceOptions = {}): CatalogService {
  const q = db.kysely;
  let structureCache: Structure | undefined;
  const snapshots = new Map<string, { generation: number; snapshot: CatalogSnapshot }>();
  const checkMs = Math.max(0, options.generationCheckMs ?? DEFAULT_GENERATION_CHECK_MS);
  const sqlite = db.dialect === 'sqlite';
  let pushes: GenerationPushes | null = null;
  let stale: Date | null = null;
  const clocks = new Map<string, GenerationClock>();

  function clock(scope: string): GenerationClock {
    let c = clocks.get(scope);
    if (!c) {
      c = new GenerationClock({
        read: () => readCacheGeneration(q, scope),
        maxAgeMs: checkMs,
        // SQLite: one file, so a late read is bounded by checkMs and this process's writes are counted (ADR 0265).
        // PostgreSQL: only while pushes arrive; without them every answer reads (ADR 0170).
        throttled: sqlite ? () => true : () => pushes?.live ?? false,
        localWrites: localBumpCount,
      });
      clocks.set(scope, c);
    }
    return c;
  }

  /**
   * The generation to answer with; while the database is away the last one known (answers from memory are stale).
   * No read due (the common case): the known one, without an async function's promise chain.
   */
  function generationOf(scope: string): Promise<number> {
    const known = clock(scope).fresh();
    return known === undefined ? readGeneration(scope) : Promise.resolve(known);
  }

  async function readGeneration(scope: string): Promise<number> {
    try {
      const generation = await clock(scope).current();
      stale = null;
      return generation;
    } catch (error) {
      const last = clock(scope).last;
      if (!(error instanceof ServiceUnavailableError) || last === undefined) throw error;
      stale ??= new Date();
      return last;
    }
  }

  function freshToken(): number | undefined {
    if (stale) return undefined;
    let token = 0;
    let due = false;
    for (const c of clocks.values()) {
      // Renewed before it falls due, and by the front path itself: nobody else may ask for this scope soon (an
      // editor's scope), and the front must not wait for them.
      c.refreshAhead();
      if (c.fresh() === undefined) due = true;
      token += c.changes;
    }
    return due || clocks.size === 0 ? undefined : token;
  }

  const readStructureRows = () => Promise.all([readAreas(q), readAreaKinds(q), readLebenslagen(q)]);

  /** Areas, kinds and Lebenslagen of the current generation: kept in memory, read again after a write. */
  function structure(): Promise<Structure> {
    // Asked several times by every request (redirects, the route): a kept structure with no read due is returned as
    // is, without the promise chain of the rebuild below.
    const known = clock('catalog').fresh();
    if (known !== undefined && structureCache?.generation === known) return Promise.resolve(structureCache);
    return currentStructure();
  }

  async function currentStructure(): Promise<Structure> {
    const generation = await generationOf('catalog');
    if (structureCache && structureCache.generation === generation) return structureCache;
    let built: Awaited<ReturnType<typeof readStructureRows>>;
    try {
      built = await readStructureRows();
    } catch (error) {
      // The database went away between the generation and the rebuild: the last good structure still answers.
      if (!(error instanceof ServiceUnavailableError) || !structureCache) throw error;
      stale ??= new Date();
      return structureCache;
    }
    const [areas, kinds, lebenslagen] = built;
    structureCache = {
      generation,
      areas,
      areasByAgs: new Map(areas.map((a) => [a.ags, a])),
      areasBySlug: new Map(areas.map((a) => [a.slug, a])),
      areaKinds: new Map(kinds.map((k) => [k.code, k])),
      lebenslagen,
    };
    snapshots.clear();
    return structureCache;
  }

  async function getArea(ags: string): Promise<Area> {
    const area = (await structure()).areasByAgs.get(ags);
    if (!area) throw new UnknownAreaError(`Unbekanntes Gebiet (AGS ${ags})`, { ags });
    return area;
  }

  // The records owned above the counties, per owner chain (Bund + Land [+ Regierungsbezirk]) and generation: ~16
  // chains for all of Germany instead of ~400 reads of the same 1,000+ records. Promises, so that counties rebuilt
  // at the same moment share one read; a failed read is dropped, not kept.
  let aboveCache: { generation: number; byOwners: Map<string, Promise<SharedAbove>> } = {
    generation: Number.NaN,
    byOwners: new Map(),
  };
  function sharedAbove(generation: number, owners: readonly Area[]): Promise<SharedAbove> {
    if (aboveCache.generation !== generation) aboveCache = { generation, byOwners: new Map() };
    const key = owners.map((a) => a.ags).join('/');
    let entry = aboveCache.byOwners.get(key);
    if (!entry) {
      const scope = tenantsScope(owners.map((a) => a.ags));
      const cache = aboveCache;
      entry = scope
        ? Promise.all([readTenantCatalog(q, scope), readTasks(q, scope)]).then(([catalog, tasks]) => ({
            catalog,
            tasks,
          }))
        : Promise.resolve(EMPTY_ABOVE);
      entry.catch(() => cache.byOwners.delete(key));
      cache.byOwners.set(key, entry);
    }
    return entry;
  }

  /**
   * The snapshot covers one county with its towns and every area above it: the unit within which responsibility
   * moves. A whole Land loads as many small snapshots as counties are asked for, each bounded.
   */
  async function snapshotFor(ags: string): Promise<{ generation: number; snapshot: CatalogSnapshot }> {
    const s = await structure();
    const chain = areaChain({ areas: s.areasByAgs }, ags);
    if (chain.length === 0) throw new UnknownAreaError(`Unbekanntes Gebiet (AGS ${ags})`, { ags });
    const root = chain.find((a) => s.areaKinds.get(a.kind)?.tiers.includes('kreis')) ?? chain[0]!;
    const cached = snapshots.get(root.ags);
    if (cached && cached.generation === s.generation) {
      snapshots.delete(root.ags); // LRU: re-insert as the newest
      snapshots.set(root.ags, cached);
      return cached;
    }
    const rootChain = areaChain({ areas: s.areasByAgs }, root.ags);
    const below = descendants(s, root.ags);
    const scope = tenantsScope([root, ...below].map((a) => a.ags));
    if (!scope) throw new UnknownAreaError(`Unbekanntes Gebiet (AGS ${ags})`, { ags });
    // The county's own records are read; those of the areas above it (Bund, Land, Regierungsbezirk) are the same
    // for every county below them and read once per generation (`sharedAbove`).
    const [above, own, ownTasks] = await Promise.all([
      sharedAbove(s.generation, rootChain.slice(1)),
      readTenantCatalog(q, scope),
      readTasks(q, scope),
    ]);
    const data = mergeCatalogs(above.catalog, own);
    const tasks = mergeSorted(above.tasks, ownTasks, (t) => t.code);

    const openingHours = new Map<string, ParsedOpeningHours>();
    for (const a of data.authorities) {
      if (!a.openingHours) continue;
      const parsed = parsedRule(a.openingHours, a.areaAgs);
      if (parsed) openingHours.set(a.id, parsed);
    }
    const snapshot = buildSnapshot({
      ...data,
      tasks,
      areas: s.areas,
      areasByAgs: s.areasByAgs,
      areaKinds: [...s.areaKinds.values()],
      areaKindsByCode: s.areaKinds,
      openingHours,
    });
    const entry = { generation: s.generation, snapshot };
    snapshots.set(root.ags, entry);
    while (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as string);
    return entry;
  }

  async function warmUp(): Promise<{ counties: number }> {
    const s = await structure();
    const counties = s.areas.filter((a) => s.areaKinds.get(a.kind)?.tiers.includes('kreis')).slice(0, MAX_SNAPSHOTS);
    // One after another: a warm-up shares the database and the event loop with the answers being served meanwhile.
    for (const county of counties) await snapshotFor(county.ags);
    return { counties: counties.length };
  }

  async function listAreaServices(
    ags: string,
    options: { lebenslage?: string; leikaKey?: string; now?: Date } = {},
  ): Promise<ResolvedService[]> {
    const { snapshot } = await snapshotFor(ags);
    const now = options.now ?? new Date();
    let list: Service[] = visibleServices(snapshot, ags);
    if (options.lebenslage) {
      const id = options.lebenslage;
      if (!(await structure()).lebenslagen.some((l) => l.id === id)) {
        throw new UnknownLebenslageError(`Unbekannte Lebenslage "${id}"`, { lebenslage: id });
      }
      list = list.filter((s) => s.lebenslagen.includes(id));
    }
    if (options.leikaKey) list = list.filter((s) => s.leikaKey === options.leikaKey);
    // Citizens' services first, then those only for businesses; each part by name.
    return list
      .map((s) => resolveService(snapshot, ags, s, now))
      .filter((r): r is ResolvedService => r !== null)
      .sort((a, b) => Number(forBusinessesOnly(a)) - Number(forBusinessesOnly(b)) || byGermanName(a, b));
  }

  /** A service by its id, or by its 14-digit LeiKa key (the national key other systems know it by). */
  async function getAreaService(
    ags: string,
    serviceIdOrLeika: string,
    now: Date = new Date(),
    options: { place?: string | null } = {},
  ): Promise<ResolvedService> {
    const { snapshot } = await snapshotFor(ags);
    const owners = areaChain(snapshot, ags).map((a) => a.ags);
    const visible = (s: Service | undefined): s is Service => !!s && owners.includes(s.tenantAgs);
    let service = snapshot.services.get(serviceIdOrLeika);
    if (!visible(service) && /^99\d{12}$/.test(serviceIdOrLeika)) {
      service = visibleServices(snapshot, ags)
        .filter((s) => s.leikaKey === serviceIdOrLeika)
        .sort(byGermanName)[0];
    }
    if (!visible(service)) {
      throw new UnknownServiceError(`Unbekannte Leistung "${serviceIdOrLeika}" für AGS ${ags}`, {
        ags,
        serviceId: serviceIdOrLeika,
      });
    }
    let place = options.place ?? null;
    // A postcode (not itself an area key) leads to the area that lists it - a Berlin Bezirk by its postcode.
    if (place !== null && /^\d{5}$/.test(place) && !snapshot.areas.has(place)) {
      const { areas } = await structure();
      if (!areas.some((a) => a.ags === place)) {
        const found = postcodeAreas(areas, place);
        if (found.length > 1)
          throw new AmbiguousPlaceError(
            place,
            found.map((a) => ({ ags: a.ags, name: a.name, slug: a.slug })),
          );
        if (found[0]) place = found[0].ags;
      }
    }
    if (place !== null && !snapshot.areas.has(place)) {
      throw new UnknownAreaError(
        `Unbekanntes Gebiet für den Ort (place=${place}); erlaubt ist der AGS eines Gebiets oder eine Postleitzahl, die ein Gebiet führt`,
        { place },
      );
    }
    const resolved = resolveService(snapshot, ags, service, now, { place })!;
    // A place in another county (the hospital in the next Kreis) is answered from that county's rules and offices.
    if (place !== null && resolved.responsible.decidedBy && !resolved.responsible.decidedBy.assumed) {
      const there = await snapshotFor(place);
      if (there.snapshot !== snapshot) {
        const elsewhere = resolveService(there.snapshot, place, service, now, { place });
        if (elsewhere) return { ...resolved, responsible: { ...elsewhere.responsible, contactPoint: null } };
      }
    }
    return resolved;
  }

  async function previewAreaService(
    ags: string,
    serviceId: string,
    replace: { service?: Service; localSetting?: LocalServiceSetting | null },
    now: Date = new Date(),
  ) {
    const { snapshot: cached } = await snapshotFor(ags);
    // A shallow copy: only the replaced maps are new, so the cached snapshot the portal serves stays untouched.
    const snapshot: CatalogSnapshot = { ...cached };
    if (replace.service) snapshot.services = new Map(cached.services).set(serviceId, replace.service);
    if (replace.localSetting !== undefined) {
      const own = new Map(cached.localSettings.get(ags) ?? []);
      if (replace.localSetting) own.set(serviceId, replace.localSetting);
      else own.delete(serviceId);
      snapshot.localSettings = new Map(cached.localSettings).set(ags, own);
    }
    const service = snapshot.services.get(serviceId);
    const resolved = service ? resolveService(snapshot, ags, service, now) : null;
    if (!service || !resolved)
      throw new UnknownServiceError(`Unbekannte Leistung "${serviceId}" für AGS ${ags}`, { ags, serviceId });
    return { service: resolved, exceptions: exceptionsBelow(snapshot, ags, service, now) };
  }

  async function exceptionsFor(ags: string, serviceId: string, now: Date = new Date()) {
    const { snapshot } = await snapshotFor(ags);
    const service = snapshot.services.get(serviceId);
    return service ? exceptionsBelow(snapshot, ags, service, now) : [];
  }

  const importer = systemPrincipal('system');

  async function deliverNotices(): Promise<number> {
    if (!options.onNotices) return 0;
    let delivered = 0;
    for (;;) {
      const batch = await readNotices(q, 200);
      if (batch.length === 0) return delivered;
      await options.onNotices(batch);
      // Taken: the inbox keeps each once (its dedupe key is the notice's id), so a second delivery is harmless.
      await deleteNotices(
        q,
        batch.map((n) => n.id),
      );
      delivered += batch.length;
    }
  }

  /**
   * This instance's own writes: read the generation on every call while it runs and for a moment after (the commit
   * of a caller's transaction follows), so its next answer shows the write even before the push arrives.
   */
  async function writing<T>(work: () => Promise<T>): Promise<T> {
    const c = clock('catalog');
    c.touch();
    try {
      return await work();
    } finally {
      c.touch();
    }
  }

  /** The one write path; after a write in its own transaction, its notices go out. */
  async function write(set: CatalogChangeSet, options: WriteOptions): Promise<WriteResult> {
    const result = await writing(() => writeChangeSet(q, set, options));
    if (!options.transaction && !result.dryRun && result.changes.length > 0)
      // The write is committed whatever the inbox does; undelivered notices wait for the next delivery.
      await deliverNotices().catch(() => undefined);
    return result;
  }

  function applyChangeSet(set: CatalogChangeSet, options: ApplyOptions = {}): Promise<ImportSummary> {
    return write(set, { ...options, actor: options.actor ?? importer, source: options.source ?? 'import' });
  }

  return {
    cacheGeneration: (scope = 'catalog') => generationOf(scope),
    freshToken,
    staleSince: () => stale,
    followGenerations(listener) {
      pushes = listener;
      const offPushes = listener.onGeneration((scope, generation) => {
        if (scope === '*') for (const c of clocks.values()) c.observe(Number.NaN);
        else clock(scope).observe(generation);
        if (scope !== 'catalog' && scope !== '*') return;
        if (structureCache && structureCache.generation !== clock('catalog').last) {
          // Free the old snapshots now and rebuild the structure before the next request asks for it.
          snapshots.clear();
          void structure().catch(() => {});
        }
      });
      return () => {
        offPushes();
        if (pushes === listener) pushes = null;
      };
    },
    structure,
    listAreas: async () => (await structure()).areas,
    getArea,
    async getAreaBySlug(slug) {
      const area = (await structure()).areasBySlug.get(slug);
      if (!area) throw new UnknownAreaError(`Unbekanntes Gebiet "${slug}"`, { slug });
      return area;
    },
    async findAreasByPostcode(postcode) {
      return (await structure()).areas.filter((a) => a.postcodes.includes(postcode));
    },
    async areaChain(ags) {
      await getArea(ags);
      return areaChain({ areas: (await structure()).areasByAgs }, ags);
    },
    async childAreas(ags) {
      return [...(childIndex(await structure()).get(ags) ?? [])].sort(byGermanName);
    },
    async townsBelow(ags) {
      const s = await structure();
      const isTown = (a: Area) => s.areaKinds.get(a.kind)?.tiers.includes('gemeinde') ?? false;
      const children = (key: string) => s.areas.filter((a) => a.parentAgs === key);
      const towns: Area[] = [];
      for (const child of children(ags)) {
        if (isTown(child)) towns.push(child);
        else if (areaKeyKind(child.ags) === 'gemeindeverband') towns.push(...children(child.ags).filter(isTown));
      }
      return towns.sort((a, b) => a.name.localeCompare(b.name, 'de'));
    },
    listAreaKinds: async () => [...(await structure()).areaKinds.values()],
    listLebenslagen: async () => (await structure()).lebenslagen,
    listAreaServices,
    getAreaService,
    exceptionsBelow: exceptionsFor,
    previewAreaService,
    snapshotFor,
    warmUp,
    write,
    applyChangeSet,
    readTenants: (scope) => readTenantCatalog(q, scope),
    readTasks: (scope) => readTasks(q, scope),
    async dataReport() {
      const [records, s] = await Promise.all([
        readTenantCatalog(q, systemScope(systemPrincipal('system'))),
        structure(),
      ]);
      return dataReport(records, (ags) => s.areasByAgs.get(ags)?.name);
    },
    readRecord: (type, tenant, id, transaction) => readRecordDoc(transaction ?? q, type, tenant, id),
    ownerOf: (type, id, transaction) => ownerOf(transaction ?? q, type, id),
    revisions: (tenant, type, id) => listRevisions(q, tenant, type, id),
    revision: (tenant, type, id, revisionId) => findRevision(q, tenant, type, id, revisionId),
    async check(set, options = {}) {
      return validateChangeSet(set, await readExistingIds(q), options.lang ?? 'en');
    },
    workspaceServices: (tenant, above) => listWorkspaceServices(q, tenant, above),
    authoritiesOf: (tenant) => listTenantAuthorities(q, tenant),
    contactsOf: (tenant) => listTenantContacts(q, tenant),
    lebenslagenWithVersions: () => listLebenslagenWithVersions(q),
    tasks: () => listTasks(q),
    countDependents: (type, id) => countDependents(q, type, id),
    serviceReferences: (id) => serviceReferences(q, id),
    localSettingsOf: (town) => readLocalSettings(q, town),
    clearCaches() {
      structureCache = undefined;
      snapshots.clear();
      aboveCache = { generation: Number.NaN, byOwners: new Map() };
    },
    async servicesAt(scope, at, ids) {
      const out = new Map<string, Service>();
      for (const [id, { tenantAgs, data }] of await readRevisionDataAt(q, scope, at.toISOString(), 'service', ids))
        out.set(id, serviceFromDoc(id, tenantAgs, data as DocOf['service']));
      return out;
    },
    async assignmentsRemovedSince(scope, since) {
      const removed = new Map<string, { id: string; tenantAgs: string; task: string | null }>();
      for (const r of await readRevisionsSince(q, scope, since.toISOString(), [ASSIGNMENT_REMOVAL], {
        withData: true,
      })) {
        const task = r.data ? ((JSON.parse(r.data) as { task?: string }).task ?? null) : null;
        removed.set(r.entityId, { id: r.entityId, tenantAgs: r.tenantAgs, task });
      }
      return [...removed.values()];
    },
    async changesSince(scope, since, types) {
      const last = new Map<string, RecordRef & { removed: boolean }>();
      for (const r of await readRevisionsSince(q, scope, since.toISOString(), types)) {
        const key = `${r.entityType}|${r.entityId}`;
        last.delete(key); // re-insert: the map keeps the order of the last change
        last.set(key, {
          type: r.entityType as RecordType,
          id: r.entityId,
          tenantAgs: r.tenantAgs,
          removed: r.action === 'unpublish',
        });
      }
      const refs = [...last.values()];
      const strip = ({ removed: _r, ...ref }: RecordRef & { removed: boolean }): RecordRef => ref;
      return { changed: refs.filter((r) => !r.removed).map(strip), removed: refs.filter((r) => r.removed).map(strip) };
    },
    async previewWrite(set, options) {
      let result: WriteResult | undefined;
      await q
        .transaction()
        .execute(async (trx) => {
          result = await writeChangeSet(trx, set, { ...options, transaction: trx });
          throw new PreviewRollback();
        })
        .catch((e) => {
          if (!(e instanceof PreviewRollback)) throw e;
        });
      return { ...(result as WriteResult), dryRun: true };
    },
    async writeStaged({ preview, ...options }, produce) {
      if (!preview) {
        const result = await writing(() => writeInBatches(q, options, produce));
        if (result.changes.length > 0) await deliverNotices().catch(() => undefined);
        return result;
      }
      let result: WriteResult | undefined;
      await q
        .transaction()
        .execute(async (trx) => {
          result = await writeInBatches(trx, { ...options, transaction: trx }, produce);
          throw new PreviewRollback();
        })
        .catch((e) => {
          if (!(e instanceof PreviewRollback)) throw e;
        });
      return { ...(result as WriteResult), dryRun: true };
    },
    staleOf: (town, serviceId) => readStale(q, town, serviceId),
    confirmLocalSetting: (town, serviceId, actor, options = {}) =>
      q.transaction().execute((trx) => confirmStale(trx, town, serviceId, actor, options)),
    deliverNotices,
  };
}
