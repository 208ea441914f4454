/**
 * The register's tree as a catalog change set (decision 0130). Pure: the current areas and kinds come in, the
 * records to write and the aliases to keep come out; `catalog.write` decides what really changed, so a second import
 * of the same file writes nothing.
 *
 * Mapping:
 * - Bund, Land, administrative Regierungsbezirk, Kreis, Gemeindeverband and Gemeinde become areas; former
 *   Regierungsbezirke and statistical regions do not (no office there), their Kreise hang under the Land.
 * - A verbandsfreie Gemeinde's own Verband node (same ARS as the Gemeinde) is not an area: the Gemeinde runs its
 *   offices itself and hangs directly under the Kreis.
 * - A kreisfreie Stadt / Stadtkreis is one area with both tiers: the Gemeinde's AGS (8 digits), the Kreis's kind; the
 *   Kreis key (5 digits) becomes an alias of it.
 * - A deployment's own data wins where it has some: an existing area keeps its kind, slug, website, main unit and
 *   postcodes, and its name unless the register gave it. The register's kind goes to `registerKind`.
 * - An area the register gave earlier that is no longer in it gets `validUntil` (the day before the new Gebietsstand).
 */
import { displayName, parseAreaName } from '../../features/areas/area-names.ts';
import {
  isRegisterKindCode,
  type RegisterKindCode,
  registerKind as registerKindOf,
} from '../../features/areas/register-kinds.ts';
import type { Area, AreaKind, CatalogChangeSet, Labeled, Level } from '../../features/catalog/index.ts';
import { emptyChangeSet } from '../../features/catalog/index.ts';
import type { AreaTree, AreaTreeNode } from './gv100ad.tree.ts';

export interface AreaAliasInput {
  alias: string;
  aliasType: 'slug' | 'key';
  ags: string;
}

export interface RegisterChangeSet {
  changeSet: CatalogChangeSet;
  /** Keys an area is also known by (a kreisfreie Stadt's Kreis key). */
  aliases: AreaAliasInput[];
  /** Areas the register no longer lists (they got an end date). */
  ended: string[];
  gebietsstand: string;
}

export interface CurrentCatalog {
  areas: readonly Area[];
  kindCodes: ReadonlySet<string>;
}

const MERGED_KREIS = new Set(['41', '42']);

/** Tiers of a kind: what a rule naming a level finds in an area of this kind. */
function tiersOf(code: RegisterKindCode, merged: boolean): Level[] {
  if (merged) return ['gemeinde', 'kreis'];
  const level = registerKindOf(code).level;
  return level === 'region' ? ['kreis'] : [level];
}

/** "Lippstadt" → "lippstadt", "Möhnesee" → "moehnesee", "Neustadt a.d.Waldnaab" → "neustadt-a-d-waldnaab". */
export function areaSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function registerChangeSet(tree: AreaTree, current: CurrentCatalog): RegisterChangeSet {
  const existing = new Map(current.areas.map((a) => [a.ags, a]));
  const takenSlugs = new Map(current.areas.map((a) => [a.slug, a.ags]));
  const kinds = new Map<string, AreaKind>();
  const aliases: AreaAliasInput[] = [];
  const node = (key: string | null) => (key === null ? undefined : tree.byKey.get(key));

  // A kreisfreie Stadt: the Kreis node's only Gemeinde (through its verbandsfrei Verband node).
  const mergedInto = new Map<string, AreaTreeNode>(); // Kreis key → Gemeinde node
  const mergedKreisOf = new Map<string, AreaTreeNode>(); // Gemeinde key → Kreis node
  for (const n of tree.nodes) {
    if (n.level !== 'kreis' || !MERGED_KREIS.has(n.kindCode)) continue;
    const gemeinden = tree.children(n.key).flatMap((v) => (v.level === 'gemeinde' ? [v] : tree.children(v.key)));
    const only = gemeinden.length === 1 ? gemeinden[0] : undefined;
    if (!only) continue;
    mergedInto.set(n.key, only);
    mergedKreisOf.set(only.key, n);
  }

  // Berlin and Hamburg: Land, Kreis and Gemeinde are one body with one ARS, so one area (the Land's key) with every
  // tier; the Kreis and Gemeinde keys become aliases.
  const cityStateOf = new Map<string, string>(); // Gemeinde or Kreis key → Land key
  for (const [kreisKey, gemeinde] of mergedInto) {
    const land = node(kreisKey.slice(0, 2));
    if (!land || land.ars !== gemeinde.ars) continue;
    cityStateOf.set(kreisKey, land.key);
    cityStateOf.set(gemeinde.key, land.key);
  }
  const cityStates = new Set(cityStateOf.values());

  const skipped = (n: AreaTreeNode) =>
    cityStateOf.has(n.key) ||
    (n.level === 'regierungsbezirk' && n.administrative === false) ||
    (n.level === 'gemeindeverband' && n.verbandsfrei === true) ||
    mergedInto.has(n.key);

  /** The nearest ancestor that is an area of its own. */
  const catalogParent = (n: AreaTreeNode): string | null => {
    let p = node(n.parentKey);
    while (p && skipped(p)) p = node(p.parentKey);
    return p ? p.key : null;
  };

  // Population of every node: the sum of its Gemeinden.
  const population = new Map<string, number>();
  for (const n of tree.nodes) {
    if (n.level !== 'gemeinde') continue;
    let p: AreaTreeNode | undefined = n;
    while (p) {
      population.set(p.key, (population.get(p.key) ?? 0) + (n.population ?? 0));
      p = node(p.parentKey);
    }
  }

  const kindCode = (n: AreaTreeNode): RegisterKindCode | null => {
    const code = mergedKreisOf.get(n.key)?.kindCode ?? n.kindCode;
    return isRegisterKindCode(code) ? code : null;
  };

  const nameOf = (n: AreaTreeNode, code: RegisterKindCode): { name: string; shortName: string } => {
    if (n.level === 'bund') return { name: n.registerName, shortName: n.registerName };
    const verband = n.level === 'gemeinde' ? node(n.parentKey) : undefined;
    const input = {
      registerName: n.registerName,
      kind: (n.level === 'gemeinde' ? n.kindCode : code) as RegisterKindCode,
      verbandKind: verband && isRegisterKindCode(verband.kindCode) ? verband.kindCode : undefined,
    };
    const short = parseAreaName(input).name;
    // Towns and Länder by their name; offices above the town by the name with its kind ("Kreis Soest", "Amt …"),
    // as the catalog always named them.
    const long = n.level === 'gemeinde' || n.level === 'land' ? short : displayName(input);
    return { name: long, shortName: short };
  };

  const kreisShort = (n: AreaTreeNode): string => {
    let p = node(n.parentKey);
    while (p && p.level !== 'kreis') p = node(p.parentKey);
    return p ? parseAreaName({ registerName: p.registerName, kind: p.kindCode as RegisterKindCode }).name : '';
  };

  const slugFor = (n: AreaTreeNode, ags: string, name: string): string => {
    const base = areaSlug(name) || ags;
    const candidates = [base, `${base}-${areaSlug(kreisShort(n))}`, `${base}-${ags}`];
    for (const c of candidates) {
      const owner = takenSlugs.get(c);
      if (c !== `${base}-` && (owner === undefined || owner === ags)) {
        takenSlugs.set(c, ags);
        return c;
      }
    }
    return `${base}-${ags}`;
  };

  const areas: Labeled<Area>[] = [];
  const seen = new Set<string>();
  for (const n of tree.nodes) {
    if (skipped(n)) continue;
    const kreis = mergedKreisOf.get(n.key);
    const code: RegisterKindCode | null = n.level === 'bund' ? null : kindCode(n);
    if (n.level !== 'bund' && code === null) continue; // the tree only holds known codes; kept for the type
    const ags = n.key;
    seen.add(ags);
    const before = existing.get(ags);
    if (n.level === 'bund' && before) continue; // the deployment's Bund stays as it is
    const cityState = cityStates.has(ags);
    const kindSlug = cityState ? 'stadtstaat' : code ? registerKindOf(code).slug : 'bund';
    if (cityState && !current.kindCodes.has(kindSlug) && !kinds.has(kindSlug)) {
      kinds.set(kindSlug, {
        code: kindSlug,
        name: 'Stadtstaat',
        tiers: ['land', 'kreis', 'gemeinde'],
        description: 'Land, Kreis und Gemeinde in einem (Berlin, Hamburg).',
      });
    }
    if (!current.kindCodes.has(kindSlug) && !kinds.has(kindSlug)) {
      kinds.set(kindSlug, {
        code: kindSlug,
        name: code ? registerKindOf(code).label : 'Bund',
        tiers: code ? tiersOf(code, kreis !== undefined) : ['bund'],
        description: code
          ? `Aus dem Gemeindeverzeichnis (GV100AD)${/^\d\d$/.test(code) ? `, Textkennzeichen ${code}` : ''}.`
          : null,
      });
    }
    if (kreis) aliases.push({ alias: kreis.key, aliasType: 'key', ags });
    for (const [alias, target] of cityStateOf) if (target === ags) aliases.push({ alias, aliasType: 'key', ags });
    const { name } = code ? nameOf(n, code) : { name: n.registerName };
    // The deployment's name stays unless the register gave it (then a newer register may rename it).
    const keepName = before && !before.registerKind;
    const value: Area = {
      ags,
      ars: n.ars,
      name: keepName ? before.name : name,
      kind: before?.kind ?? kindSlug,
      parentAgs: catalogParent(n),
      slug: before?.slug ?? slugFor(n, ags, name),
      postcodes:
        before && before.postcodes.length > 0
          ? before.postcodes
          : n.postcode
            ? [n.postcode]
            : (before?.postcodes ?? []),
      population: population.get(ags) ?? before?.population ?? null,
      mainAuthorityId: before?.mainAuthorityId ?? null,
      website: before?.website ?? null,
      registerKind: code,
      // A succession an operator declared (`areas succeed`) holds even while the register still lists the area.
      validUntil: before?.successorAgs ? (before.validUntil ?? null) : null,
      successorAgs: before?.successorAgs ?? null,
    };
    const where = n.line === null ? ags : `line ${n.line}`;
    areas.push({ label: `GV100AD ${where} (${ags} ${n.registerName})`, value });
  }

  // Areas an earlier register gave that this one no longer lists: kept, with an end date.
  const ended: string[] = [];
  const endDate = dayBefore(tree.gebietsstand);
  for (const a of current.areas) {
    if (seen.has(a.ags) || !a.registerKind || a.validUntil) continue;
    ended.push(a.ags);
    areas.push({ label: `area ${a.ags} (no longer in the register)`, value: { ...a, validUntil: endDate } });
  }

  const changeSet = emptyChangeSet();
  changeSet.areaKinds = [...kinds.values()].map((k) => ({ label: `area kind ${k.code}`, value: k }));
  changeSet.areas = areas;
  return { changeSet, aliases, ended, gebietsstand: tree.gebietsstand };
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
