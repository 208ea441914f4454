// Use cases of the areas feature: writing the official register through the catalog's write path (with the aliases
// that keep old keys working), finding an area by any of its keys, its chain up to the Bund, and the places citizens
// type. Returns domain objects; the API and pages shape them.
import type { Db } from '../../db/database.ts';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import type { Area, CatalogChangeSet, CatalogService, WriteOptions, WriteResult } from '../catalog/index.ts';
import { emptyChangeSet, UnknownAreaError } from '../catalog/index.ts';
import {
  type AreaAlias,
  type AreaPlace,
  findAlias,
  readAliases,
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
  /**
   * Every key a file may name an area by, resolved to the current area: its own key, its ARS, a key it was known by
   * (a kreisfreie Stadt's Kreis key, Berlin's Gemeinde key), and a former area's successor.
   */
  resolver(): Promise<(key: string) => Area | undefined>;
  /**
   * `amtsweg areas succeed OLD NEW --from DATE`: OLD ends the day before DATE and NEW takes its citizens over; from
   * DATE on, OLD's key, slug and URLs answer with a redirect to NEW. Through the catalog's write path.
   */
  succeed(
    oldKey: string,
    newKey: string,
    from: string,
    options: Omit<WriteOptions, 'transaction' | 'dryRun'>,
  ): Promise<{ old: Area; successor: Area; validUntil: string; result: WriteResult }>;
  /**
   * Several successions at once (a changes file): every line is checked first — unknown keys, an area handed over
   * twice, a loop — and any problem refuses them all, named by record; else one `catalog.write`.
   */
  succeedAll(
    changes: readonly Succession[],
    options: Omit<WriteOptions, 'transaction'>,
  ): Promise<{ successions: { old: Area; successor: Area; validUntil: string }[]; result: WriteResult }>;
  /**
   * Records every area's current slug as an alias, so that a later rename (by an import) keeps the old slug
   * answering with a redirect. Cheap when nothing changed; returns the aliases added or repointed.
   */
  rememberSlugs(): Promise<number>;
  /**
   * Where a slug or key that no longer names a current area now lives: a renamed slug, a former key, an area merged
   * into a successor (from the day after its end date). Null when the slug or key is current or unknown.
   */
  redirectFor(
    value: string,
    type: 'slug' | 'key',
    today?: string,
    options?: { /** false: only successions, not keys or slugs an area was known by. */ aliases?: boolean },
  ): Promise<Area | null>;
}

/** One line of a changes file: OLD ends the day before FROM and NEW takes it over. */
export interface Succession {
  /** Where it came from, for messages (`line 3`). */
  record: string;
  oldKey: string;
  newKey: string;
  from: string;
}

/** Today's date (UTC, YYYY-MM-DD), as successions are compared. */
function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** ISO date of the day before `isoDate` (YYYY-MM-DD). */
export function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function isIsoDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
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

  /** Follows successors of areas that have ended by `today` (at most a few hops; a loop stops). */
  function successorOf(area: Area, byAgs: ReadonlyMap<string, Area>, today: string): Area {
    let current = area;
    for (let hop = 0; hop < 8; hop++) {
      const next = current.successorAgs ? byAgs.get(current.successorAgs) : undefined;
      if (!next || !current.validUntil || current.validUntil >= today || next.ags === area.ags) break;
      current = next;
    }
    return current;
  }

  // Every alias in memory, per catalog generation (another process's import bumps it): unknown slugs in URLs, which
  // bots try by the thousand, must not cost a query each.
  let aliasCache: { generation: number; map: Map<string, AreaAlias> } | undefined;
  async function aliasMap(generation: number): Promise<Map<string, AreaAlias>> {
    if (aliasCache?.generation === generation) return aliasCache.map;
    const map = new Map((await readAliases(q)).map((a) => [a.alias, a]));
    aliasCache = { generation, map };
    return map;
  }

  async function rememberSlugs(): Promise<number> {
    const s = await catalog.structure();
    const aliases = s.areas.map((a) => ({ alias: a.slug, aliasType: 'slug' as const, ags: a.ags }));
    const changed = await q.transaction().execute((trx) => upsertAliases(trx, aliases, new Date().toISOString()));
    if (changed > 0) aliasCache = undefined;
    return changed;
  }

  return {
    async importRegister(input, options) {
      let result: RegisterWriteResult | undefined;
      await q.transaction().execute(async (trx) => {
        const written = await catalog.write(input.changeSet, { ...options, transaction: trx });
        const aliases = await upsertAliases(trx, input.aliases, new Date().toISOString());
        result = { ...written, aliases };
      });
      aliasCache = undefined;
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
    async resolver() {
      const s = await catalog.structure();
      const today = new Date().toISOString().slice(0, 10);
      const byKey = new Map<string, Area>();
      for (const alias of await readAliases(q)) {
        const target = alias.aliasType === 'key' ? s.areasByAgs.get(alias.ags) : undefined;
        if (target) byKey.set(alias.alias, target);
      }
      for (const a of s.areas) {
        if (a.ars) byKey.set(a.ars, a);
        byKey.set(a.ags, a);
      }
      return (key) => {
        const found = byKey.get(key);
        return found ? successorOf(found, s.areasByAgs, today) : undefined;
      };
    },
    async succeed(oldKey, newKey, from, options) {
      if (!isIsoDate(from))
        throw new ValidationError(`--from "${from}" is not a date; expected YYYY-MM-DD`, [
          { field: 'from', message: `"${from}" is not a date; expected YYYY-MM-DD` },
        ]);
      const [old, successor] = [await findByKey(oldKey), await findByKey(newKey)];
      if (!old) throw new UnknownAreaError(`Unbekanntes Gebiet ${oldKey}`, { key: oldKey });
      if (!successor) throw new UnknownAreaError(`Unbekanntes Gebiet ${newKey}`, { key: newKey });
      if (old.area.ags === successor.area.ags)
        throw new ValidationError(`${oldKey} and ${newKey} are the same area`, [
          { field: 'successor', message: `${newKey} is ${oldKey} itself; name the area that takes it over` },
        ]);
      if (successor.area.successorAgs === old.area.ags)
        throw new ValidationError(`${newKey} is already succeeded by ${oldKey}`, [
          { field: 'successor', message: `${newKey} already hands over to ${oldKey}; a loop is not allowed` },
        ]);
      // Remember the old slug first: should OLD's row ever be removed, its URLs still find the successor.
      await rememberSlugs();
      const validUntil = dayBefore(from);
      const set = emptyChangeSet();
      set.areas = [
        {
          label: `area ${old.area.ags} (succeeded by ${successor.area.ags})`,
          value: { ...old.area, validUntil, successorAgs: successor.area.ags },
        },
      ];
      const result = await catalog.write(set, options);
      return { old: old.area, successor: successor.area, validUntil, result };
    },
    async succeedAll(changes, options) {
      const issues: ValidationIssue[] = [];
      const planned: { old: Area; successor: Area; validUntil: string; record: string }[] = [];
      const s = await catalog.structure();
      const byOld = new Map<string, string>();
      for (const change of changes) {
        const problem = (field: string, message: string) => issues.push({ record: change.record, field, message });
        if (!isIsoDate(change.from)) problem('from', `"${change.from}" is not a date; expected YYYY-MM-DD`);
        const [old, successor] = [await findByKey(change.oldKey), await findByKey(change.newKey)];
        if (!old)
          problem(
            'old',
            `no area has the key ${change.oldKey} (an AGS, a Gemeindeverband key, an ARS or a former key)`,
          );
        if (!successor)
          problem(
            'new',
            `no area has the key ${change.newKey} (an AGS, a Gemeindeverband key, an ARS or a former key)`,
          );
        if (!old || !successor || !isIsoDate(change.from)) continue;
        if (old.area.ags === successor.area.ags) {
          problem('new', `${change.newKey} is ${change.oldKey} itself; name the area that takes it over`);
          continue;
        }
        const earlier = planned.find((p) => p.old.ags === old.area.ags);
        if (earlier) {
          problem('old', `${change.oldKey} is already handed over in ${earlier.record}; an area has one successor`);
          continue;
        }
        byOld.set(old.area.ags, successor.area.ags);
        planned.push({
          old: old.area,
          successor: successor.area,
          validUntil: dayBefore(change.from),
          record: change.record,
        });
      }
      // A loop over the file's and the catalog's successions would send a URL round in circles.
      const next = (ags: string) => byOld.get(ags) ?? s.areasByAgs.get(ags)?.successorAgs ?? undefined;
      for (const p of planned) {
        let current: string | undefined = p.successor.ags;
        for (let hop = 0; current && hop < 16; hop++) {
          if (current === p.old.ags) {
            issues.push({
              record: p.record,
              field: 'new',
              message: `${p.successor.ags} hands over to ${p.old.ags} again (directly or through others); a loop is not allowed`,
            });
            break;
          }
          current = next(current);
        }
      }
      if (issues.length > 0)
        throw new ValidationError(
          `the changes have ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written`,
          issues,
        );
      // Remember the current slugs first: should a former area's row ever go, its URLs still find the successor.
      if (!options.dryRun) await rememberSlugs();
      const set = emptyChangeSet();
      set.areas = planned.map((p) => ({
        label: `area ${p.old.ags} (succeeded by ${p.successor.ags}, ${p.record})`,
        value: { ...p.old, validUntil: p.validUntil, successorAgs: p.successor.ags },
      }));
      const result = await catalog.write(set, options);
      return { successions: planned.map(({ record: _, ...p }) => p), result };
    },
    rememberSlugs,
    // Runs for every request that names an area: the day is only worked out when an area has a successor.
    async redirectFor(value, type, today, options = {}) {
      const s = await catalog.structure();
      const own = type === 'slug' ? s.areasBySlug.get(value) : s.areasByAgs.get(value);
      if (own) {
        // The common case (a current area) stays in memory: no query per request.
        if (!own.successorAgs) return null;
        const target = successorOf(own, s.areasByAgs, today ?? isoToday());
        return target.ags === own.ags ? null : target;
      }
      if (options.aliases === false) return null;
      const alias = (await aliasMap(s.generation)).get(value);
      if (!alias || alias.aliasType !== type) return null;
      const area = s.areasByAgs.get(alias.ags);
      return area ? successorOf(area, s.areasByAgs, today ?? isoToday()) : null;
    },
  };
}
