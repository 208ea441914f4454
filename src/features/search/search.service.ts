// Search use cases: one in-process index per distinct visible catalog, rebuilt when the catalog (or the synonyms) changed on any
// instance; suggestions; the zero-result counter; synonym editing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Db } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { GenerationCache } from '../../shared/generation-cache.ts';
import type { CatalogService, Structure } from '../catalog/catalog.service.ts';
import type { Service } from '../catalog/catalog.ts';
import { type CatalogSnapshot, resolveService, visibleServices } from '../responsibility/resolver.ts';
import { normalise } from './german-text.ts';
import {
  countSynonyms,
  deleteMissesBefore,
  deleteSynonym,
  insertSynonyms,
  readMisses,
  readSynonyms,
  recordMiss,
  type StoredSynonym,
  SYNONYMS_SCOPE,
  upsertSynonym,
} from './search.repository.ts';
import {
  DEFAULT_LIMIT,
  DEFAULT_SUGGEST_LIMIT,
  MAX_LIMIT,
  MAX_MISS_LENGTH,
  MISS_RETENTION_DAYS,
  type SearchDocument,
  type SearchMiss,
  type SearchResult,
  type Suggestion,
  type SynonymEntry,
  sameSearchDocument,
  toSearchDocument,
} from './search.ts';
import { IndexSegment, SearchIndex } from './search-index.ts';

export const SYNONYM_SEED = fileURLToPath(new URL('../../../data/search/synonyms.yaml', import.meta.url));

export class SynonymNotFoundError extends NotFoundError {}

export interface SearchService {
  /** Services of the area best matching `query`, each resolved (with responsibility) and scored. */
  search(ags: string, query: string, options?: { limit?: number; now?: Date }): Promise<SearchResult>;
  /** As-you-type: services whose name completes what has been typed. */
  suggest(ags: string, query: string, options?: { limit?: number; now?: Date }): Promise<Suggestion[]>;
  /** Queries that found nothing in the area, most frequent first. */
  misses(ags: string, options?: { limit?: number }): Promise<SearchMiss[]>;
  listSynonyms(): Promise<StoredSynonym[]>;
  /** Adds the entry or replaces the one with the same (normalised) term. */
  addSynonym(entry: SynonymEntry): Promise<StoredSynonym>;
  removeSynonym(term: string): Promise<void>;
  /** Loads the seed file into an empty synonym table; returns how many entries were added. */
  seedSynonyms(path?: string): Promise<number>;
  /**
   * Builds the index of every county (up to the cache's size) for the current generation — and with them the shared
   * layer of each Land — so that the first search in a county does not pay for it (a server calls it after the
   * catalog's warm-up). Returns how many.
   */
  warmUp(): Promise<{ indexes: number }>;
  clearCaches(): void;
}

export interface SearchServiceOptions {
  /**
   * How many indexes (one per distinct visible catalog) one process keeps (LRU). Each holds only the services owned
   * at or below the county; those above are shared (`IndexSegment`), so all of Germany's ~400 fit.
   */
  maxIndexes?: number;
  /** Synonym seed loaded when the table has never been written to. */
  synonymSeed?: string | null;
  clock?: () => Date;
}

interface CachedIndex {
  generation: number;
  synonymsGeneration: number;
  index: SearchIndex;
}

/** An index and the snapshot of the asking area, whose resolution answers the hits. */
interface AreaIndex {
  snapshot: CatalogSnapshot;
  index: SearchIndex;
}

/** Owner sets above the county whose layer is kept: one per Land (16), with room for Regierungsbezirke. */
const MAX_BASES = 64;

/**
 * The services above the county that a nearer description hides from this area (one LeiKa key described by the Bund
 * and by the Kreis or town, decision 0280), as part of the layer's key: the same owners above the county give the same
 * layer only where the same records are hidden, else a county whose Kreis describes a Bund Leistung itself would share
 * — and see — the layer of a county that does not. Empty (the usual case) when nothing is hidden.
 */
function hiddenAbove(snapshot: CatalogSnapshot, above: readonly Service[]): string {
  const owners = new Set(above.map((s) => s.tenantAgs));
  let total = 0;
  for (const s of snapshot.services.values()) if (owners.has(s.tenantAgs)) total++;
  if (total === above.length) return '';
  const shown = new Set(above.map((s) => s.id));
  const hidden: string[] = [];
  for (const s of snapshot.services.values()) if (owners.has(s.tenantAgs) && !shown.has(s.id)) hidden.push(s.id);
  return `/-${hidden.sort().join(',')}`;
}

/** Owned above the county: the Bund ("00"), a Land (2 digits), a Regierungsbezirk (3); a Kreis has 5. */
function isAboveCounty(tenantAgs: string): boolean {
  return tenantAgs.length < 5;
}

export function parseSynonymFile(text: string, source = 'synonyms'): SynonymEntry[] {
  const data = parse(text) as { synonyms?: unknown } | null;
  const list = data?.synonyms;
  if (!Array.isArray(list))
    throw new ValidationError(`${source}: no "synonyms" list`, [{ field: 'synonyms', message: 'must be a list' }]);
  return list.map((raw, i) => checkEntry(raw as Partial<SynonymEntry>, `${source}: synonyms[${i}]`));
}

function checkEntry(raw: Partial<SynonymEntry> | null | undefined, record: string): SynonymEntry {
  const term = typeof raw?.term === 'string' || typeof raw?.term === 'number' ? String(raw.term).trim() : '';
  const expansions = Array.isArray(raw?.expansions) ? raw.expansions.map((e) => String(e).trim()).filter(Boolean) : [];
  if (normalise(term) === '')
    throw new ValidationError('synonym term is empty', [
      { record, field: 'term', message: 'must contain letters or digits' },
    ]);
  if (expansions.length === 0 || expansions.some((e) => normalise(e) === '')) {
    throw new ValidationError('synonym needs expansions', [
      { record, field: 'expansions', message: 'must be a non-empty list of words' },
    ]);
  }
  if (term.length > 200 || expansions.length > 50 || expansions.some((e) => e.length > 200)) {
    throw new ValidationError('synonym too long', [
      { record, field: 'term', message: 'at most 200 characters and 50 expansions' },
    ]);
  }
  return { term, expansions };
}

// The Lebenslagen's names per structure (one per catalog generation), and each service's search document per
// service object and those names: a service above the counties is one object in every county's snapshot, so its
// document — and the words the index reads from it (search-index.ts) — is made once, not once per index.
const lebenslagenNamesOf = new WeakMap<Structure, ReadonlyMap<string, string>>();
function lebenslagenNames(structure: Structure): ReadonlyMap<string, string> {
  let names = lebenslagenNamesOf.get(structure);
  if (!names) {
    names = new Map(structure.lebenslagen.map((l) => [l.id, l.name]));
    lebenslagenNamesOf.set(structure, names);
  }
  return names;
}
const documents = new WeakMap<Service, { names: ReadonlyMap<string, string>; document: SearchDocument }>();
function documentOf(service: Service, names: ReadonlyMap<string, string>): SearchDocument {
  const hit = documents.get(service);
  if (hit && hit.names === names) return hit.document;
  const document = toSearchDocument(service, names);
  documents.set(service, { names, document });
  return document;
}

export function createSearchService(
  db: Db,
  catalog: CatalogService,
  options: SearchServiceOptions = {},
): SearchService {
  const q = db.kysely;
  const maxIndexes = options.maxIndexes ?? 512;
  const clock = options.clock ?? (() => new Date());
  let lastPrune = 0;
  const seedPath = options.synonymSeed === undefined ? SYNONYM_SEED : options.synonymSeed;
  // Keyed by the owners of the visible services and the synonym list version, checked against the catalog generation:
  // a write anywhere drops them.
  const indexes = new GenerationCache<string, CachedIndex>({ max: maxIndexes });
  // The layers of the services above the county, one per owner set above it (a Land with the Bund, …): few.
  const bases = new GenerationCache<string, IndexSegment>({ max: MAX_BASES });
  // The last layer built per owner set above the county, with its documents, whatever the generation.
  const lastBases = new Map<
    string,
    { entries: readonly SynonymEntry[]; documents: SearchDocument[]; layer: IndexSegment }
  >();
  let synonymCache: { generation: number; entries: SynonymEntry[] } | undefined;
  let seeding: Promise<number> | undefined;

  async function synonyms(generation: number): Promise<SynonymEntry[]> {
    if (synonymCache?.generation === generation) return synonymCache.entries;
    const entries = await readSynonyms(q);
    synonymCache = { generation, entries };
    return entries;
  }

  async function seedSynonyms(path: string | null = seedPath): Promise<number> {
    if (!path || (await countSynonyms(q)) > 0) return 0;
    const entries = parseSynonymFile(readFileSync(path, 'utf8'), path);
    // Several entries may share a term ("Hartz IV", "hartz iv"): their expansions are merged.
    const byKey = new Map<string, SynonymEntry>();
    for (const e of entries) {
      const key = normalise(e.term);
      const prev = byKey.get(key);
      byKey.set(key, prev ? { term: prev.term, expansions: [...new Set([...prev.expansions, ...e.expansions])] } : e);
    }
    return insertSynonyms(
      q,
      [...byKey].map(([key, entry]) => ({ key, entry })),
      clock().toISOString(),
    );
  }

  /**
   * One index per distinct visible catalog, not per area: the documents are the services owned by the area and the
   * areas above it, so every town whose visible services have the same owners (all towns of a county that own none
   * themselves) shares one index. The index holds documents only — each hit is resolved with the asking area's own
   * snapshot, so a town's settings never reach another town.
   *
   * The services owned above the county (Bund, Land, Regierungsbezirk) are one layer shared by every index over the
   * same owners above the county; what the county, a Gemeindeverband and the town own is a small layer on top, scored
   * with the statistics of both (ADR 0270). A county's first search builds only its own layer.
   */
  async function indexFor(ags: string): Promise<AreaIndex> {
    const { generation, snapshot } = await catalog.snapshotFor(ags);
    let synonymsGeneration = await catalog.cacheGeneration(SYNONYMS_SCOPE);
    if (synonymsGeneration === 0 && seedPath) {
      // Never written: a fresh database gets the seed list (the table is editable from then on). Once per process
      // at a time: the server's warm-up and a first search may both get here.
      seeding ??= seedSynonyms().finally(() => {
        seeding = undefined;
      });
      await seeding;
      synonymsGeneration = await catalog.cacheGeneration(SYNONYMS_SCOPE);
    }
    const visible = visibleServices(snapshot, ags);
    const above = visible.filter((s) => isAboveCounty(s.tenantAgs));
    const own = visible.filter((s) => !isAboveCounty(s.tenantAgs));
    const ownersOf = (list: readonly Service[]) => [...new Set(list.map((s) => s.tenantAgs))].sort().join('+');
    const baseKey = `${ownersOf(above)}/${synonymsGeneration}${hiddenAbove(snapshot, above)}`;
    // Concurrent requests for a stale catalog share one rebuild.
    const cached = await indexes.getOrCompute(`${baseKey}|${ownersOf(own)}`, generation, async () => {
      const names = lebenslagenNames(await catalog.structure());
      const entries = await synonyms(synonymsGeneration);
      const documentsOf = (list: readonly Service[]) => list.map((s) => documentOf(s, names));
      if (above.length === 0)
        return { generation, synonymsGeneration, index: new SearchIndex(documentsOf(own), entries) };
      const base = await bases.getOrCompute(baseKey, generation, () => {
        // A write elsewhere (a county's service, a town's setting) starts a new generation but leaves the services
        // above the county as they were: their layer is kept rather than built again.
        const documents = documentsOf(above);
        const previous = lastBases.get(baseKey);
        if (
          previous?.entries === entries &&
          previous.documents.length === documents.length &&
          previous.documents.every((d, i) => sameSearchDocument(d, documents[i] as SearchDocument))
        ) {
          return previous.layer;
        }
        const layer = new IndexSegment(documents, entries);
        lastBases.delete(baseKey);
        lastBases.set(baseKey, { entries, documents, layer });
        while (lastBases.size > MAX_BASES) lastBases.delete(lastBases.keys().next().value as string);
        return layer;
      });
      const layers = own.length === 0 ? [base] : [base, new IndexSegment(documentsOf(own), entries, {}, [base])];
      return { generation, synonymsGeneration, index: new SearchIndex({ layers }) };
    });
    return { snapshot, index: cached.index };
  }

  function clampLimit(limit: number | undefined, fallback: number): number {
    if (limit === undefined || !Number.isFinite(limit)) return fallback;
    return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
  }

  async function countMiss(query: string, ags: string): Promise<void> {
    const text = normalise(query).slice(0, MAX_MISS_LENGTH).trim();
    if (text === '') return;
    try {
      const at = clock();
      await recordMiss(q, text, ags, at.toISOString());
      // Retention: at most once an hour per process, drop misses not seen for MISS_RETENTION_DAYS.
      if (at.getTime() - lastPrune > 3_600_000) {
        lastPrune = at.getTime();
        await deleteMissesBefore(q, new Date(at.getTime() - MISS_RETENTION_DAYS * 86_400_000).toISOString());
      }
    } catch {
      // The counter is a statistic: a failed write must never fail the citizen's search.
    }
  }

  return {
    async search(ags, query, opts = {}) {
      const cached = await indexFor(ags);
      const limit = clampLimit(opts.limit, DEFAULT_LIMIT);
      const result = cached.index.search(query, { limit });
      if (result.didYouMean !== undefined || result.hits.length === 0) await countMiss(query, ags);
      const now = opts.now ?? clock();
      const items = [];
      for (const hit of result.hits) {
        const service = cached.snapshot.services.get(hit.id);
        const resolved = service ? resolveService(cached.snapshot, ags, service, now) : null;
        if (resolved) items.push({ ...resolved, score: hit.score });
      }
      return result.didYouMean !== undefined ? { items, didYouMean: result.didYouMean } : { items };
    },

    async suggest(ags, query, opts = {}) {
      const cached = await indexFor(ags);
      const now = opts.now ?? clock();
      const out: Suggestion[] = [];
      for (const hit of cached.index.suggest(query, clampLimit(opts.limit, DEFAULT_SUGGEST_LIMIT))) {
        const service = cached.snapshot.services.get(hit.id);
        const resolved = service ? resolveService(cached.snapshot, ags, service, now) : null;
        if (resolved)
          out.push({
            id: resolved.id,
            name: resolved.name,
            level: resolved.responsible.level,
            notOffered: resolved.notOffered !== null,
          });
      }
      return out;
    },

    async misses(ags, opts = {}) {
      await catalog.getArea(ags); // unknown area → 404
      await deleteMissesBefore(q, new Date(clock().getTime() - MISS_RETENTION_DAYS * 86_400_000).toISOString());
      return readMisses(q, ags, clampLimit(opts.limit, MAX_LIMIT));
    },

    listSynonyms: () => readSynonyms(q),

    async addSynonym(raw) {
      const entry = checkEntry(raw, 'synonym');
      const key = normalise(entry.term);
      const now = clock().toISOString();
      await upsertSynonym(q, key, entry, now);
      return { key, ...entry, updatedAt: now };
    },

    async removeSynonym(term) {
      const key = normalise(term);
      if (!(await deleteSynonym(q, key))) throw new SynonymNotFoundError(`Kein Synonym "${term}"`, { term });
    },

    seedSynonyms: (path) => seedSynonyms(path ?? seedPath),

    async warmUp() {
      const s = await catalog.structure();
      const counties = s.areas.filter((a) => s.areaKinds.get(a.kind)?.tiers.includes('kreis')).slice(0, maxIndexes);
      // One after another: a warm-up shares the event loop with the answers being served meanwhile. A town with
      // services of its own gets its index on its first search.
      for (const county of counties) await indexFor(county.ags);
      return { indexes: counties.length };
    },

    clearCaches() {
      indexes.clear();
      bases.clear();
      lastBases.clear();
      synonymCache = undefined;
    },
  };
}
