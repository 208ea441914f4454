// Use cases of the areas feature: writing the official register through the catalog's write path (with the aliases
// that keep old keys working), finding an area by any of its keys, its chain up to the Bund, and the places citizens
// type. Returns domain objects; the API and pages shape them.
import type { Db } from '../../db/database.ts';
import type { Area, CatalogChangeSet, CatalogService, WriteOptions, WriteResult } from '../catalog/index.ts';
import { UnknownAreaError } from '../catalog/index.ts';
import {
  type AreaAlias,
  type AreaPlace,
  findAlias,
  readPlaces,
  replacePlaces,
  upsertAliases,
} from './areas.repository.ts';
import { buildPlaceMatcher, type Place, type PlaceMatcher } from './place-matcher.ts';

export interface RegisterWrite {
  changeSet: CatalogChangeSet;
  aliases: readonly AreaAlias[];
}

export interface RegisterWriteResult extends WriteResult {
  /** Alias rows added or repointed. */
  aliases: number;
}

/** One link of an area's chain: what the API names for each level up to the Bund. */
export interface AreaLink {
  key: string;
  ars: string;
  name: string;
  kind: string;
  kindName: string | null;
  /** The register's Textkennzeichen where the area came from the register. */
  registerKind: string | null;
  slug: string;
}

export interface FoundArea {
  area: Area;
  /** How the key was understood: the area's own key, its 12-digit ARS, or a key it was known by. */
  via: 'ags' | 'ars' | 'alias';
}

export interface AreasService {
  /** The register's records and aliases in one transaction, through `catalog.write`: all or nothing. */
  importRegister(
    input: RegisterWrite,
    options: Omit<WriteOptions, 'transaction' | 'dryRun'>,
  ): Promise<RegisterWriteResult>;
  /** An area by AGS, Gemeindeverband key, 12-digit ARS or a key it was known by; null when none. */
  findByKey(key: string): Promise<FoundArea | null>;
  /** The area and every area above it up to the Bund, nearest first; throws UnknownAreaError. */
  chain(key: string): Promise<{ found: FoundArea; links: AreaLink[] }>;
  places(): Promise<AreaPlace[]>;
  /**
   * Every Gemeinde the catalog knows (with its Ortsteile, Kreis and Land) as a place matcher: any German name or
   * postcode a citizen types. Rebuilt when the catalog or the places change.
   */
  placeMatcher(): Promise<PlaceMatcher>;
  replacePlaces(source: string, places: readonly AreaPlace[]): Promise<[number, number]>;
}

export function createAreasService(db: Db, catalog: CatalogService): AreasService {
  const q = db.kysely;
  let matcher: { generation: number; placesVersion: number; matcher: PlaceMatcher } | undefined;
  let placesVersion = 0;

  async function placeMatcher(): Promise<PlaceMatcher> {
    const s = await catalog.structure();
    if (matcher && matcher.generation === s.generation && matcher.placesVersion === placesVersion)
      return matcher.matcher;
    const tiers = (a: Area) => s.areaKinds.get(a.kind)?.tiers ?? [];
    const above = (a: Area, tier: 'kreis' | 'land'): Area | undefined => {
      let p = a.parentAgs ? s.areasByAgs.get(a.parentAgs) : undefined;
      while (p && !tiers(p).includes(tier)) p = p.parentAgs ? s.areasByAgs.get(p.parentAgs) : undefined;
      return p;
    };
    const ortsteile = new Map<string, string[]>();
    for (const p of await readPlaces(q)) ortsteile.set(p.areaAgs, [...(ortsteile.get(p.areaAgs) ?? []), p.name]);
    const places: Place[] = s.areas
      .filter((a) => tiers(a).includes('gemeinde') && !a.validUntil)
      .map((a) => ({
        ags: a.ags,
        name: a.name,
        kind: s.areaKinds.get(a.kind)?.name ?? a.kind,
        kreis: tiers(a).includes('kreis') ? '' : (above(a, 'kreis')?.name ?? ''),
        land: tiers(a).includes('land') ? '' : (above(a, 'land')?.name ?? ''),
        postcodes: a.postcodes,
        ortsteile: ortsteile.get(a.ags) ?? [],
        population: a.population ?? 0,
      }));
    matcher = { generation: s.generation, placesVersion, matcher: buildPlaceMatcher(places) };
    return matcher.matcher;
  }

  async function findByKey(key: string): Promise<FoundArea | null> {
    if (!/^\d{2,12}$/.test(key)) return null;
    const s = await catalog.structure();
    const own = s.areasByAgs.get(key);
    if (own) return { area: own, via: 'ags' };
    if (key.length === 12) {
      const byArs = s.areas.find((a) => a.ars === key);
      if (byArs) return { area: byArs, via: 'ars' };
    }
    const alias = await findAlias(q, key);
    const target = alias ? s.areasByAgs.get(alias.ags) : undefined;
    return target ? { area: target, via: 'alias' } : null;
  }

  return {
    async importRegister(input, options) {
      let result: RegisterWriteResult | undefined;
      await q.transaction().execute(async (trx) => {
        const written = await catalog.write(input.changeSet, { ...options, transaction: trx });
        const aliases = await upsertAliases(trx, input.aliases, new Date().toISOString());
        result = { ...written, aliases };
      });
      return result as RegisterWriteResult;
    },
    findByKey,
    async chain(key) {
      const found = await findByKey(key);
      if (!found)
        throw new UnknownAreaError(
          `Unbekanntes Gebiet (Schlüssel ${key}): erwartet wird ein AGS (2, 3, 5 oder 8 Ziffern), ein Gemeindeverbandsschlüssel (9) oder ein ARS (12)`,
          { key },
        );
      const kinds = (await catalog.structure()).areaKinds;
      const links = (await catalog.areaChain(found.area.ags)).map((a) => ({
        key: a.ags,
        ars: a.ars,
        name: a.name,
        kind: a.kind,
        kindName: kinds.get(a.kind)?.name ?? null,
        registerKind: a.registerKind ?? null,
        slug: a.slug,
      }));
      return { found, links };
    },
    places: () => readPlaces(q),
    placeMatcher,
    async replacePlaces(source, places) {
      const result = await q.transaction().execute((trx) => replacePlaces(trx, source, places));
      placesVersion++;
      return result;
    },
  };
}
