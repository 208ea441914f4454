/**
 * The register as one tree: Bund → Land → Regierungsbezirk (where one exists) → Kreis → Gemeindeverband →
 * Gemeinde. The Gemeindeverband is a real level because Ämter, Samtgemeinden, Verbandsgemeinden and
 * Verwaltungsgemeinschaften run the offices of 7,565 Gemeinden; verbandsfreie Gemeinden get a Verband node of their
 * own (flagged), so every Gemeinde has exactly one parent of the same level. Regionen (Baden-Württemberg) are an
 * attribute of their Kreise, not a level: nothing is administered by them for citizens.
 */
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import type { Gv100Register } from './gv100ad.reader.ts';

export type TreeLevel = 'bund' | 'land' | 'regierungsbezirk' | 'kreis' | 'gemeindeverband' | 'gemeinde';

export interface AreaTreeNode {
  /**
   * Unique within the tree, and its length says the level: the AGS for Bund ("00"), Land (2), Regierungsbezirk (3),
   * Kreis (5) and Gemeinde (8); the 9-digit Gemeindeverband key (ARS digits 1–9) for a Gemeindeverband.
   */
  key: string;
  level: TreeLevel;
  /** 12 digits, zero-padded below the level. */
  ars: string;
  /** The register's name as written ("Lübeck, Hansestadt"); see area-names.ts for how it reads. */
  registerName: string;
  /** Textkennzeichen, or the level for Bund, Land and Regierungsbezirk. */
  kindCode: string;
  /** snake_case kind (register-kinds.ts), e.g. `landkreis`, `verbandsgemeinde`, `stadt`. */
  kind: string;
  parentKey: string | null;
  seat: string | null;
  /** Line in the register, for messages; null for the Bund, which the register does not list. */
  line: number | null;
  /** Regierungsbezirk only: false for "früher: Reg.-Bez. …" and Niedersachsen's "Statistische Region …". */
  administrative?: boolean;
  /** Gemeindeverband only: Textkennzeichen 50, the Gemeinde runs its own offices. */
  verbandsfrei?: boolean;
  /** Kreis only (Baden-Württemberg): the Region's 4-digit key and name. */
  region?: { key: string; name: string } | null;
  /** Gemeinde only. */
  population?: number;
  areaKm2?: number;
  postcode?: string | null;
  postcodeUnique?: boolean;
}

export interface AreaTree {
  gebietsstand: string;
  nodes: AreaTreeNode[];
  byKey: ReadonlyMap<string, AreaTreeNode>;
  children(key: string): AreaTreeNode[];
}

export const BUND_KEY = '00';

function isAdministrativeBezirk(registerName: string): boolean {
  return !registerName.startsWith('früher:') && !registerName.startsWith('Statistische Region');
}

/** Builds the tree; throws a ValidationError naming every record whose parent is missing or whose key repeats. */
export function buildAreaTree(register: Gv100Register): AreaTree {
  const nodes: AreaTreeNode[] = [
    {
      key: BUND_KEY,
      level: 'bund',
      ars: '000000000000',
      registerName: 'Deutschland',
      kindCode: 'bund',
      kind: 'bund',
      parentKey: null,
      seat: 'Berlin',
      line: null,
    },
  ];
  for (const l of register.laender) {
    nodes.push({
      key: l.ags,
      level: 'land',
      ars: l.ars,
      registerName: l.registerName,
      kindCode: 'land',
      kind: 'land',
      parentKey: BUND_KEY,
      seat: l.seat,
      line: l.line,
    });
  }
  const administrativeBezirke = new Set<string>();
  for (const rb of register.regierungsbezirke) {
    const administrative = isAdministrativeBezirk(rb.registerName);
    if (administrative) administrativeBezirke.add(rb.ags);
    nodes.push({
      key: rb.ags,
      level: 'regierungsbezirk',
      ars: rb.ars,
      registerName: rb.registerName,
      kindCode: 'regierungsbezirk',
      kind: 'regierungsbezirk',
      parentKey: rb.ags.slice(0, 2),
      seat: rb.seat || null,
      line: rb.line,
      administrative,
    });
  }
  const regions = new Map(register.regionen.map((r) => [r.regionKey, r]));
  for (const k of register.kreise) {
    const rbKey = k.ags.slice(0, 3);
    const region = regions.get(k.ags.slice(0, 4));
    nodes.push({
      key: k.ags,
      level: 'kreis',
      ars: k.ars,
      registerName: k.registerName,
      kindCode: k.textkennzeichen,
      kind: k.kind,
      // Kreise hang under their Regierungsbezirk only where it still administers; else directly under the Land.
      parentKey: administrativeBezirke.has(rbKey) ? rbKey : k.ags.slice(0, 2),
      seat: k.seat || null,
      line: k.line,
      region: region ? { key: region.regionKey, name: region.registerName } : null,
    });
  }
  const kreisKeys = new Set(register.kreise.map((k) => k.ags));
  for (const v of register.gemeindeverbaende) {
    // Kreis "00": areas outside every Kreis (coastal waters of Mecklenburg-Vorpommern, the German-Luxembourgish
    // condominium) belong to the Regierungsbezirk or Land directly.
    const rbKey = v.kreisAgs.slice(0, 3);
    const outsideKreis = v.kreisAgs.endsWith('00') && !kreisKeys.has(v.kreisAgs);
    const landParent = administrativeBezirke.has(rbKey) ? rbKey : v.kreisAgs.slice(0, 2);
    nodes.push({
      key: v.verbandKey,
      level: 'gemeindeverband',
      ars: v.ars,
      registerName: v.registerName,
      kindCode: v.textkennzeichen,
      kind: v.kind,
      parentKey: outsideKreis ? landParent : v.kreisAgs,
      seat: v.seat || null,
      line: v.line,
      verbandsfrei: v.verbandsfrei,
    });
  }
  for (const g of register.gemeinden) {
    nodes.push({
      key: g.ags,
      level: 'gemeinde',
      ars: g.ars,
      registerName: g.registerName,
      kindCode: g.textkennzeichen,
      kind: g.kind,
      parentKey: g.verbandKey,
      seat: null,
      line: g.line,
      population: g.population,
      areaKm2: g.areaKm2,
      postcode: g.postcode,
      postcodeUnique: g.postcodeUnique,
    });
  }

  const issues: ValidationIssue[] = [];
  const where = (n: AreaTreeNode) => (n.line === null ? n.key : `line ${n.line}`);
  const byKey = new Map<string, AreaTreeNode>();
  for (const node of nodes) {
    const seen = byKey.get(node.key);
    if (seen) {
      issues.push({ record: where(node), field: 'key', message: `${node.key} repeats ${where(seen)}` });
      continue;
    }
    byKey.set(node.key, node);
  }
  const children = new Map<string, AreaTreeNode[]>();
  for (const node of nodes) {
    if (node.parentKey === null) continue;
    if (!byKey.has(node.parentKey)) {
      issues.push({
        record: where(node),
        field: 'parent',
        message: `${node.level} ${node.key} (${node.registerName}): its parent ${node.parentKey} is not in the register`,
      });
      continue;
    }
    const list = children.get(node.parentKey) ?? [];
    list.push(node);
    children.set(node.parentKey, list);
  }
  if (issues.length > 0) {
    throw new ValidationError(`GV100AD: ${issues.length} record(s) do not fit into the tree`, issues);
  }
  return {
    gebietsstand: register.gebietsstand,
    nodes,
    byKey,
    children: (key) => children.get(key) ?? [],
  };
}
