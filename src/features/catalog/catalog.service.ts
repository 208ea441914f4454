import type { Db } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { type ParsedOpeningHours, parseOpeningHours } from '../opening-hours/opening-hours.ts';
import {
  areaChain,
  buildSnapshot,
  type CatalogSnapshot,
  resolveService,
  visibleServices,
} from '../responsibility/resolver.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import {
  bumpCacheGeneration,
  readAreaKinds,
  readAreas,
  readCacheGeneration,
  readExistingIds,
  readLebenslagen,
  readTenantCatalog,
  type TenantList,
  upsertArea,
  upsertAreaKind,
  upsertAuthority,
  upsertContact,
  upsertLebenslage,
  upsertService,
} from './catalog.repository.ts';
import {
  type Area,
  type AreaKind,
  type CatalogChangeSet,
  changeSetSize,
  type Labeled,
  type Lebenslage,
  type Service,
} from './catalog.ts';
import { validateChangeSet } from './catalog.validate.ts';

export class UnknownAreaError extends NotFoundError {}
export class UnknownServiceError extends NotFoundError {}
export class UnknownLebenslageError extends NotFoundError {}

export interface ImportSummary {
  dryRun: boolean;
  counts: Record<keyof CatalogChangeSet, { created: number; updated: number; unchanged: number }>;
}

export interface ApplyOptions {
  dryRun?: boolean;
  /** Called after each record is written, with the number done and the total (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

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
  /** One service by id or LeiKa key, resolved for the area. */
  getAreaService(ags: string, serviceIdOrLeika: string, now?: Date): Promise<ResolvedService>;
  /** The snapshot an area's resolution works on (for search indexes and coverage; rebuilt per generation). */
  snapshotFor(ags: string): Promise<{ generation: number; snapshot: CatalogSnapshot }>;
  /** Validates and writes a change set in one transaction; nothing is written when one record is wrong. */
  applyChangeSet(set: CatalogChangeSet, options?: ApplyOptions): Promise<ImportSummary>;
  /** Everything owned by the given tenants, as domain objects (for export). */
  readTenants(tenants: TenantList): ReturnType<typeof readTenantCatalog>;
  /** Drops in-process caches (tests; the generation check makes this unnecessary in production). */
  clearCaches(): void;
}

const MAX_SNAPSHOTS = 64;

function topoSort<T>(items: Labeled<T>[], id: (t: T) => string, parent: (t: T) => string | null): Labeled<T>[] {
  const byId = new Map(items.map((i) => [id(i.value), i]));
  const out: Labeled<T>[] = [];
  const done = new Set<string>();
  const visit = (item: Labeled<T>, depth: number) => {
    const key = id(item.value);
    if (done.has(key) || depth > 50) return;
    const p = parent(item.value);
    const parentItem = p ? byId.get(p) : undefined;
    if (parentItem && parentItem !== item) visit(parentItem, depth + 1);
    if (!done.has(key)) {
      done.add(key);
      out.push(item);
    }
  };
  for (const item of items) visit(item, 0);
  return out;
}

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
    const tenants = [...rootChain, ...below].map((a) => a.ags) as unknown as TenantList;
    const data = await readTenantCatalog(q, tenants);

    const openingHours = new Map<string, ParsedOpeningHours>();
    for (const a of data.authorities) {
      if (!a.openingHours) continue;
      try {
        openingHours.set(a.id, parseOpeningHours(a.openingHours, a.areaAgs));
      } catch {
        // Invalid hours are rejected on write; an old row that no longer parses shows as "unknown", not as an error.
      }
    }
    const snapshot = buildSnapshot({ ...data, areas: s.areas, areaKinds: [...s.areaKinds.values()], openingHours });
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
    return resolveService(snapshot, ags, service, now)!;
  }

  async function applyChangeSet(set: CatalogChangeSet, options: ApplyOptions = {}): Promise<ImportSummary> {
    const existing = await readExistingIds(q);
    // A contact without tenant belongs to its unit's tenant.
    const authorityTenants = new Map([
      ...existing.authorities,
      ...set.authorities.map((a) => [a.value.id, a.value.tenantAgs] as const),
    ]);
    for (const c of set.contacts)
      if (!c.value.tenantAgs) c.value.tenantAgs = authorityTenants.get(c.value.authorityId) ?? '';
    const issues = validateChangeSet(set, existing);
    if (issues.length > 0)
      throw new ValidationError(`the import has ${issues.length} problem(s); nothing was written`, issues);

    const zero = () => ({ created: 0, updated: 0, unchanged: 0 });
    const counts: ImportSummary['counts'] = {
      areaKinds: zero(),
      areas: zero(),
      lebenslagen: zero(),
      services: zero(),
      authorities: zero(),
      contacts: zero(),
    };
    const total = changeSetSize(set);
    let done = 0;
    const count = (section: keyof CatalogChangeSet, result: 'created' | 'updated' | 'unchanged') => {
      counts[section][result]++;
      options.onProgress?.(++done, total);
    };
    const run = async (trx: typeof q) => {
      for (const { value } of set.areaKinds) count('areaKinds', await upsertAreaKind(trx, value));
      for (const { value } of topoSort(
        set.areas,
        (a) => a.ags,
        (a) => a.parentAgs,
      ))
        count('areas', await upsertArea(trx, value));
      for (const { value } of topoSort(
        set.lebenslagen,
        (l) => l.id,
        (l) => l.parentId,
      )) {
        count('lebenslagen', await upsertLebenslage(trx, value));
      }
      for (const { value } of set.services) count('services', await upsertService(trx, value.tenantAgs, value));
      for (const { value } of topoSort(
        set.authorities,
        (a) => a.id,
        (a) => a.parentId,
      )) {
        count('authorities', await upsertAuthority(trx, value.tenantAgs, value));
      }
      for (const { value } of set.contacts) count('contacts', await upsertContact(trx, value.tenantAgs, value));
      await bumpCacheGeneration(trx);
    };
    if (options.dryRun) {
      // Run every write, then roll back: a dry run also catches what only the database would refuse.
      await q
        .transaction()
        .execute(async (trx) => {
          await run(trx);
          throw new DryRunRollback();
        })
        .catch((e) => {
          if (!(e instanceof DryRunRollback)) throw e;
        });
    } else {
      await q.transaction().execute(run);
    }
    return { dryRun: !!options.dryRun, counts };
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
    snapshotFor,
    applyChangeSet,
    readTenants: (tenants) => readTenantCatalog(q, tenants),
    clearCaches() {
      structureCache = undefined;
      snapshots.clear();
    },
  };
}

class DryRunRollback extends Error {}
