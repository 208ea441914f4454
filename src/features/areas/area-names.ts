/**
 * How an area's register name reads for citizens. The Gemeindeverzeichnis writes "Lübeck, Hansestadt",
 * "Arnstein, St", "Neuburg a.d.Donau, GKSt", "Soest" (+ Textkennzeichen 43) or "Märkischer Kreis"; a page needs
 * "die Hansestadt Lübeck", "dem Märkischen Kreis", "Stadt Geseke". Pure functions over the register's own data.
 */
import {
  article,
  type GrammaticalCase,
  isRegisterKindCode,
  type NounPhrase,
  nounPhrase,
  type RegisterKindCode,
  registerKind,
} from './register-kinds.ts';

export interface AreaNameInput {
  /** The register's name, e.g. "Lübeck, Hansestadt", "Soest", "VVG der Stadt Herrenberg". */
  registerName: string;
  kind: RegisterKindCode;
  /** For a Gemeinde: its Gemeindeverband's Textkennzeichen ("53" makes a plain Gemeinde an Ortsgemeinde). */
  verbandKind?: RegisterKindCode | undefined;
}

export interface AreaName {
  /** The name alone: "Lübeck", "Neuburg a.d.Donau", "Hochsauerlandkreis", "Region Hannover". */
  name: string;
  /** The first title after the comma, abbreviations spelt out: "Hansestadt", "Große Kreisstadt"; else null. */
  title: string | null;
  /** Every title after the comma ("Stadt", "Hochschulstadt"), spelt out. */
  titles: string[];
  /** The noun the name is used with in a sentence. */
  noun: NounPhrase;
  /** True when `name` already contains the noun ("Hochsauerlandkreis", "Amt Lütjenburg"): no noun is put before it. */
  nounInName: boolean;
  /** Set when the name declines after an article: "der Märkische Kreis", "dem Märkischen Kreis". */
  declined?: { nom: string; dat: string } | undefined;
}

const f = (nom: string, dat = nom, bare?: string) => nounPhrase('f', nom, dat, bare);
const m = (nom: string, dat = nom, bare?: string) => nounPhrase('m', nom, dat, bare);
const n = (nom: string, dat = nom, bare?: string) => nounPhrase('n', nom, dat, bare);

/** The register's abbreviations in titles (GV100AD uses them where 50 characters are short). */
const TITLE_ABBREVIATIONS: Record<string, string> = {
  St: 'Stadt',
  M: 'Markt',
  GKSt: 'Große Kreisstadt',
  'gemfr. Gebiet': 'gemeindefreies Gebiet',
  'gemfr. Geb.': 'gemeindefreies Gebiet',
  'gemfr.Geb.': 'gemeindefreies Gebiet',
  'gemfr.Gebiet': 'gemeindefreies Gebiet',
  'gemfr. Bezirk': 'gemeindefreier Bezirk',
};

/** Titles whose sentence form is not simply the title: adjectives decline, "kreisfreie Stadt" reads as "Stadt". */
const TITLE_NOUNS: Record<string, NounPhrase> = {
  'Große Kreisstadt': f('Große Kreisstadt', 'Großen Kreisstadt'),
  'kreisfreie Stadt': f('Stadt'),
  'Freie und Hansestadt': f('Freie und Hansestadt', 'Freien und Hansestadt'),
  'Freie Hansestadt': f('Freie Hansestadt', 'Freien Hansestadt'),
  'gemeindefreies Gebiet': n('gemeindefreie Gebiet', 'gemeindefreien Gebiet', 'Gemeindefreies Gebiet'),
  'gemeindefreier Bezirk': m('gemeindefreie Bezirk', 'gemeindefreien Bezirk', 'Gemeindefreier Bezirk'),
  Stadtkreis: m('Stadtkreis'),
  Markt: m('Markt'),
  Flecken: m('Flecken'),
  Marktflecken: m('Marktflecken'),
  Kurort: m('Kurort'),
};

/**
 * A title as the noun of a sentence, or null for honorifics that are no noun of their own ("Tor zur Eifel",
 * "NRW-Klimakommune"): those leave the kind's noun in place.
 */
function titleNoun(title: string): NounPhrase | null {
  const known = TITLE_NOUNS[title];
  if (known) return known;
  // "Stadt der FernUniversität", "Stadt auf der Höhe": the noun is "Stadt".
  if (title.startsWith('Stadt ')) return f('Stadt');
  // One word or a coordinated compound without adjectives: "Hansestadt", "Universitäts- und Hansestadt".
  if (/^[A-ZÄÖÜ][^\s]*(?: und [A-ZÄÖÜ][^\s]*)?$/u.test(title) || /^[A-ZÄÖÜ]\S*- und [A-ZÄÖÜ]\S*$/u.test(title)) {
    if (/stadt$/i.test(title)) return f(title);
    if (/gemeinde$/i.test(title)) return f(title);
    if (/bad$/i.test(title)) return n(title);
  }
  return null;
}

interface EmbeddedPattern {
  test: RegExp;
  noun: NounPhrase;
  /** Rewrites the name to its official spelling. */
  name?: (name: string) => string;
  /** The name after an article, where an adjective in it declines. */
  declined?: (name: string) => { nom: string; dat: string };
}

/**
 * Names of Kreise, Gemeindeverbände, Regionen and Regierungsbezirke that already say what they are. Not applied to
 * Gemeinden: "Amt Neuhaus" and "Markt Indersdorf" are names of Gemeinden, not kinds.
 */
const EMBEDDED: EmbeddedPattern[] = [
  // "Märkischer Kreis" → "der Märkische Kreis", "dem Märkischen Kreis".
  {
    test: /^(\S+)er Kreis$/u,
    noun: m('Kreis'),
    declined: (s) => ({ nom: s.replace(/er Kreis$/u, 'e Kreis'), dat: s.replace(/er Kreis$/u, 'en Kreis') }),
  },
  { test: /kreis(?:\s|$)/iu, noun: m('Kreis') },
  // The StädteRegion writes itself with a capital R; the register does not.
  { test: /^Städteregion /u, noun: f('Region'), name: (s) => s.replace(/^Städteregion /u, 'StädteRegion ') },
  {
    test: /^Statistische Region /u,
    noun: f('Region'),
    declined: (s) => ({ nom: s, dat: s.replace(/^Statistische /u, 'Statistischen ') }),
  },
  { test: /^Region /u, noun: f('Region') },
  { test: /^Regionalverband /u, noun: m('Regionalverband') },
  { test: /^Amt /u, noun: n('Amt') },
  { test: /^Samtgemeinde /u, noun: f('Samtgemeinde') },
  { test: /^Verbandsgemeinde /u, noun: f('Verbandsgemeinde') },
  { test: /^Verwaltungsgemeinschaft /u, noun: f('Verwaltungsgemeinschaft') },
  // Baden-Württemberg: vereinbarte Verwaltungsgemeinschaft, Gemeindeverwaltungsverband.
  { test: /^VVG /u, noun: f('VVG') },
  { test: /^GVV /u, noun: m('GVV') },
];

const FREISTAATEN = new Set(['Bayern', 'Sachsen', 'Thüringen']);

/** Splits "Lübeck, Hansestadt" into name and titles; tolerates "Buchholz (Forstgutsbez.),gemfr. Gebiet". */
function splitTitles(registerName: string): { name: string; titles: string[] } {
  const parts = registerName
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const [name = registerName.trim(), ...rest] = parts;
  return { name, titles: rest.map((t) => TITLE_ABBREVIATIONS[t] ?? t) };
}

export function parseAreaName(input: AreaNameInput): AreaName {
  const kind = registerKind(input.kind);
  const split = splitTitles(input.registerName);
  let name = split.name;
  const titles = split.titles;
  const title = titles[0] ?? null;

  if (kind.level === 'land') {
    return {
      name,
      title: null,
      titles,
      noun: FREISTAATEN.has(name) ? m('Freistaat') : kind.noun,
      nounInName: false,
    };
  }
  if (kind.level === 'regierungsbezirk') {
    if (name.startsWith('früher: ')) {
      name = name.slice('früher: '.length).replace(/^Reg\.-Bez\. /u, '');
      return {
        name,
        title,
        titles,
        noun: m('ehemalige Regierungsbezirk', 'ehemaligen Regierungsbezirk', 'Ehemaliger Regierungsbezirk'),
        nounInName: false,
      };
    }
    name = name.replace(/^Reg\.-Bez\. /u, '');
  }

  const embeddable =
    kind.level === 'kreis' ||
    kind.level === 'region' ||
    kind.level === 'regierungsbezirk' ||
    (kind.level === 'gemeindeverband' && kind.code !== '50' && kind.code !== '58');
  if (embeddable) {
    for (const pattern of EMBEDDED) {
      if (!pattern.test.test(name)) continue;
      return {
        name: pattern.name ? pattern.name(name) : name,
        title,
        titles,
        noun: pattern.noun,
        nounInName: true,
        declined: pattern.declined?.(name),
      };
    }
  }
  // Bavarian Verwaltungsgemeinschaften are named after their seat with "(VGem)" to tell them from the Gemeinde.
  if (kind.code === '54') name = name.replace(/\s*\(VGem\)$/u, '');

  for (const t of titles) {
    const noun = titleNoun(t);
    if (noun) return { name, title, titles, noun, nounInName: false };
  }
  // Rhineland-Palatinate calls the members of a Verbandsgemeinde Ortsgemeinden.
  if (kind.code === '64' && input.verbandKind === '53') {
    return { name, title, titles, noun: f('Ortsgemeinde'), nounInName: false };
  }
  return { name, title, titles, noun: kind.noun, nounInName: false };
}

/** "der Kreis Soest" / "dem Kreis Soest", "die Hansestadt Lübeck", "der Märkische Kreis". */
export function withArticle(area: AreaNameInput, grammaticalCase: GrammaticalCase): string {
  const parsed = parseAreaName(area);
  const art = article(parsed.noun.gender, grammaticalCase);
  if (parsed.nounInName) {
    return `${art} ${parsed.declined?.[grammaticalCase] ?? parsed.name}`;
  }
  return `${art} ${parsed.noun[grammaticalCase]} ${parsed.name}`;
}

/** A heading or list entry: "Stadt Geseke", "Kreis Soest", "Hochsauerlandkreis", "Große Kreisstadt Freising". */
export function displayName(area: AreaNameInput): string {
  const parsed = parseAreaName(area);
  if (parsed.nounInName) return parsed.name;
  return `${parsed.noun.bare} ${parsed.name}`;
}

/** What the portal needs of a catalog area to name it: its name, the register's kind, the deployment's kind. */
export interface CatalogAreaName {
  name: string;
  registerKind?: string | null | undefined;
  /** The administrative levels the area's kind fulfils (area kinds are data). */
  tiers: readonly string[];
  /** A hint for areas that did not come from the register: "stadt" in the kind or unit id reads as "Stadt". */
  hint?: string | null | undefined;
}

export interface AreaPhrases {
  /** "Stadt Geseke", "Kreis Soest", "Landkreis Mayen-Koblenz". */
  bare: string;
  /** "die Stadt Geseke", "der Kreis Soest". */
  nom: string;
  /** "der Stadt Geseke", "dem Kreis Soest". */
  dat: string;
  /** "im Kreis Soest", "in der StädteRegion Aachen". */
  inside: string;
  /** "sein" or "ihr": the possessive that refers back to the area. */
  possessive: 'sein' | 'ihr';
}

/**
 * Names of a catalog area in German sentences, from the register's kind when the area came from it, else from its
 * tiers: a Kreis reads "der Kreis …" (its name usually carries the noun), a Gemeinde "die Stadt …" or "die Gemeinde
 * …". Null for areas above the Kreis (Land, Bund), which pages name by themselves.
 */
export function areaPhrases(area: CatalogAreaName): AreaPhrases | null {
  const code: RegisterKindCode | null =
    area.registerKind && isRegisterKindCode(area.registerKind)
      ? area.registerKind
      : area.tiers.includes('gemeinde')
        ? /stadt/.test(area.hint ?? '')
          ? '63'
          : '64'
        : area.tiers.includes('kreis')
          ? /^Landkreis\b/.test(area.name)
            ? '44'
            : '43'
          : null;
  if (!code) return null;
  const level = registerKind(code).level;
  if (level !== 'gemeinde' && level !== 'kreis' && level !== 'gemeindeverband') return null;
  const input = { registerName: area.name, kind: code };
  const parsed = parseAreaName(input);
  const dat = withArticle(input, 'dat');
  const contracted = /^dem /.test(dat) ? `im ${dat.slice(4)}` : `in ${dat}`;
  return {
    bare: displayName(input),
    nom: withArticle(input, 'nom'),
    dat,
    inside: contracted,
    possessive: parsed.noun.gender === 'f' ? 'ihr' : 'sein',
  };
}
