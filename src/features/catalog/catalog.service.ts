import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../shared/errors.ts';
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
import type { DocOf } from './catalog.documents.ts';
import type { CatalogIssue, Lang } from './catalog.issues.ts';
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
  readRevisionsSince,
  readTasks,
  readTenantCatalog,
  type ServiceListItem,
  type ServiceReferences,
  serviceReferences,
} from './catalog.repository.ts';
import { systemPrincipal, type Tenant, type TenantScope, tenantsScope } from './catalog.tenant.ts';
import type {
  Area,
  AreaKind,
  CatalogChangeSet,
  Lebenslage,
  LocalServiceSetting,
  RecordType,
  Service,
} from './catalog.ts';
import { validateChangeSet } from './catalog.validate.ts';
import { type WriteOptions, type WriteResult, writeChangeSet } from './catalog.write.ts';

export class UnknownAreaError extends NotFoundError {}
export class UnknownServiceError extends NotFoundError {}
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
  /** The current cache generation in the database (bumped by every catalog write, on any instance). */
  cacheGeneration(): Promise<number>;
  structure(): Promise<Structure>;
  listAreas(): Promise<Area[]>;
  getArea(ags: string): Promise<Area>;
  getAreaBySlug(slug: string): Promise<Area>;
  findAreasByPostcode(postcode: string): Promise<Area[]>;
  /** The area and its ancestors, nearest first. */
  areaChain(ags: string): Promise<Area[]>;
  /** Areas whose parent is `ags` (the towns of a Kreis). */
  childAreas(ags: string): Promise<Area[]>;
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
  /** The snapshot an area's resolution works on (for search indexes and coverage; rebuilt per generation). */
  snapshotFor(ags: string): Promise<{ generation: number; snapshot: CatalogSnapshot }>;
  /**
   * THE write path: validates and writes a change set in one transaction (nothing is written when one record is
   * wrong), with a revision per changed record, one audit entry and one generation bump — none when nothing changed.
   */
  write(set: CatalogChangeSet, options: WriteOptions): Promise<WriteResult>;
  /** `write` with the system as actor unless one is given (imports, tests). */
  applyChangeSet(set: CatalogChangeSet, options?: ApplyOptions): Promise<ImportSummary>;
  /** Everything owned by the tenants of the scope, as domain objects (for export). */
  readTenants(scope: TenantScope): ReturnType<typeof readTenantCatalog>;
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
   * A dry run that reports what would change: `write` runs to the end inside a transaction that is then rolled back,
   * so `changes` lists every record a real write would create, update or remove (a plain dry run lists none).
   */
  previewWrite(set: CatalogChangeSet, options: Omit<WriteOptions, 'dryRun' | 'transaction'>): Promise<WriteResult>;
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

const MAX_SNAPSHOTS = 64;

export function createCatalogService(db: Db): CatalogService {
  const q = db.kysely;
  let structureCache: Structure | undefined;
  const snapshots = new Map<string, { generation: number; snapshot: CatalogSnapshot }>();

  async function structure(): Promise<Structure> {
    const generation = await readCacheGeneration(q);
    if (structureCache && structureCache.generation === generation) return structureCache;
    const [areas, kinds, lebenslagen] = await Promise.all([readAreas(q), readAreaKinds(q), readLebenslagen(q)]);
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
    const below = s.areas.filter(
      (a) => a.ags !== root.ags && areaChain({ areas: s.areasByAgs }, a.ags).some((c) => c.ags === root.ags),
    );
    const scope = tenantsScope([...rootChain, ...below].map((a) => a.ags));
    if (!scope) throw new UnknownAreaError(`Unbekanntes Gebiet (AGS ${ags})`, { ags });
    const [data, tasks] = await Promise.all([readTenantCatalog(q, scope), readTasks(q, scope)]);

    const openingHours = new Map<string, ParsedOpeningHours>();
    for (const a of data.authorities) {
      if (!a.openingHours) continue;
      try {
        openingHours.set(a.id, parseOpeningHours(a.openingHours, a.areaAgs));
      } catch {
        // Invalid hours are rejected on write; an old row that no longer parses shows as "unknown", not as an error.
      }
    }
    const snapshot = buildSnapshot({
      ...data,
      tasks,
      areas: s.areas,
      areaKinds: [...s.areaKinds.values()],
      openingHours,
    });
    const entry = { generation: s.generation, snapshot };
    snapshots.set(root.ags, entry);
    while (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as string);
    return entry;
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
    return list
      .map((s) => resolveService(snapshot, ags, s, now))
      .filter((r): r is ResolvedService => r !== null)
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
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
        .sort((a, b) => a.name.localeCompare(b.name, 'de'))[0];
    }
    if (!visible(service)) {
      throw new UnknownServiceError(`Unbekannte Leistung "${serviceIdOrLeika}" für AGS ${ags}`, {
        ags,
        serviceId: serviceIdOrLeika,
      });
    }
    const place = options.place ?? null;
    if (place !== null && !snapshot.areas.has(place)) {
      throw new UnknownAreaError(`Unbekanntes Gebiet für den Ort (place=${place}); erlaubt ist der AGS eines Gebiets`, {
        place,
      });
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

  async function exceptionsFor(ags: string, serviceId: string, now: Date = new Date()) {
    const { snapshot } = await snapshotFor(ags);
    const service = snapshot.services.get(serviceId);
    return service ? exceptionsBelow(snapshot, ags, service, now) : [];
  }

  const importer = systemPrincipal('system');

  function applyChangeSet(set: CatalogChangeSet, options: ApplyOptions = {}): Promise<ImportSummary> {
    return writeChangeSet(q, set, { ...options, actor: options.actor ?? importer, source: options.source ?? 'import' });
  }

  return {
    cacheGeneration: () => readCacheGeneration(q),
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
      return (await structure()).areas
        .filter((a) => a.parentAgs === ags)
        .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    },
    listAreaKinds: async () => [...(await structure()).areaKinds.values()],
    listLebenslagen: async () => (await structure()).lebenslagen,
    listAreaServices,
    getAreaService,
    exceptionsBelow: exceptionsFor,
    snapshotFor,
    write: (set, options) => writeChangeSet(q, set, options),
    applyChangeSet,
    readTenants: (scope) => readTenantCatalog(q, scope),
    readTasks: (scope) => readTasks(q, scope),
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
  };
}
