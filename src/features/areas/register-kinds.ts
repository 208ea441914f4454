/**
 * The kinds of area in Destatis' Gemeindeverzeichnis (GV100AD) as data. Satzarten 40, 50 and 60 carry a two-digit
 * Textkennzeichen (record layout "Datensatzbeschreibung GV100AD", fields EF7U1); Länder, Regierungsbezirke and
 * Regionen have none, so they get codes of their own here. Every code of the record layout is listed, also 57
 * (VG Trägermodell), which the 2025 register happens not to use.
 */

export type Gender = 'f' | 'm' | 'n';

/** A noun (phrase) with the forms a sentence needs: "Große Kreisstadt" → dative "Großen Kreisstadt". */
export interface NounPhrase {
  /** After the definite article: "das gemeindefreie Gebiet". */
  nom: string;
  /** After the dative article: "dem gemeindefreien Gebiet". */
  dat: string;
  /** Without an article, as in a heading: "Gemeindefreies Gebiet". */
  bare: string;
  gender: Gender;
}

export type RegisterLevel = 'land' | 'regierungsbezirk' | 'region' | 'kreis' | 'gemeindeverband' | 'gemeinde';

export const KREIS_CODES = ['41', '42', '43', '44', '45'] as const;
export const GEMEINDEVERBAND_CODES = ['50', '51', '52', '53', '54', '55', '56', '57', '58'] as const;
export const GEMEINDE_CODES = ['60', '61', '62', '63', '64', '65', '66', '67'] as const;

export type KreisCode = (typeof KREIS_CODES)[number];
export type GemeindeverbandCode = (typeof GEMEINDEVERBAND_CODES)[number];
export type GemeindeCode = (typeof GEMEINDE_CODES)[number];
/** Codes for the levels without a Textkennzeichen. */
export type LevelCode = 'land' | 'regierungsbezirk' | 'region';
export type RegisterKindCode = KreisCode | GemeindeverbandCode | GemeindeCode | LevelCode;

export interface RegisterKind {
  code: RegisterKindCode;
  level: RegisterLevel;
  /** snake_case like the catalog's area-kind codes (`kreisfreie_stadt`); unique within a level. */
  slug: string;
  /** The register's wording, for lists and tables. */
  label: string;
  /** How the kind reads before a name in a sentence: "der Kreis Soest", "die Gemeinde Lippetal". */
  noun: NounPhrase;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function nounPhrase(gender: Gender, nom: string, dat = nom, bare = capitalise(nom)): NounPhrase {
  return { nom, dat, bare, gender };
}
const f = (nom: string, dat = nom, bare?: string): NounPhrase => nounPhrase('f', nom, dat, bare);
const m = (nom: string, dat = nom, bare?: string): NounPhrase => nounPhrase('m', nom, dat, bare);
const n = (nom: string, dat = nom, bare?: string): NounPhrase => nounPhrase('n', nom, dat, bare);

const KINDS: readonly RegisterKind[] = [
  { code: 'land', level: 'land', slug: 'land', label: 'Land', noun: n('Land') },
  {
    code: 'regierungsbezirk',
    level: 'regierungsbezirk',
    slug: 'regierungsbezirk',
    label: 'Regierungsbezirk',
    noun: m('Regierungsbezirk'),
  },
  { code: 'region', level: 'region', slug: 'region', label: 'Region', noun: f('Region') },
  // A kreisfreie Stadt reads as "die Stadt Flensburg" in a sentence; the kind stays in `label`.
  { code: '41', level: 'kreis', slug: 'kreisfreie_stadt', label: 'Kreisfreie Stadt', noun: f('Stadt') },
  { code: '42', level: 'kreis', slug: 'stadtkreis', label: 'Stadtkreis', noun: m('Stadtkreis') },
  { code: '43', level: 'kreis', slug: 'kreis', label: 'Kreis', noun: m('Kreis') },
  { code: '44', level: 'kreis', slug: 'landkreis', label: 'Landkreis', noun: m('Landkreis') },
  { code: '45', level: 'kreis', slug: 'regionalverband', label: 'Regionalverband', noun: m('Regionalverband') },
  {
    code: '50',
    level: 'gemeindeverband',
    slug: 'verbandsfreie_gemeinde',
    label: 'Verbandsfreie Gemeinde',
    noun: f('Gemeinde'),
  },
  { code: '51', level: 'gemeindeverband', slug: 'amt', label: 'Amt', noun: n('Amt') },
  { code: '52', level: 'gemeindeverband', slug: 'samtgemeinde', label: 'Samtgemeinde', noun: f('Samtgemeinde') },
  {
    code: '53',
    level: 'gemeindeverband',
    slug: 'verbandsgemeinde',
    label: 'Verbandsgemeinde',
    noun: f('Verbandsgemeinde'),
  },
  {
    code: '54',
    level: 'gemeindeverband',
    slug: 'verwaltungsgemeinschaft',
    label: 'Verwaltungsgemeinschaft',
    noun: f('Verwaltungsgemeinschaft'),
  },
  {
    code: '55',
    level: 'gemeindeverband',
    slug: 'kirchspielslandgemeinde',
    label: 'Kirchspielslandgemeinde',
    noun: f('Kirchspielslandgemeinde'),
  },
  {
    code: '56',
    level: 'gemeindeverband',
    slug: 'verwaltungsverband',
    label: 'Verwaltungsverband',
    noun: m('Verwaltungsverband'),
  },
  {
    code: '57',
    level: 'gemeindeverband',
    slug: 'vg_traegermodell',
    label: 'VG Trägermodell',
    noun: f('Verwaltungsgemeinschaft'),
  },
  {
    code: '58',
    level: 'gemeindeverband',
    slug: 'erfuellende_gemeinde',
    label: 'Erfüllende Gemeinde',
    noun: f('erfüllende Gemeinde', 'erfüllenden Gemeinde'),
  },
  { code: '60', level: 'gemeinde', slug: 'markt', label: 'Markt', noun: m('Markt') },
  { code: '61', level: 'gemeinde', slug: 'kreisfreie_stadt', label: 'Kreisfreie Stadt', noun: f('Stadt') },
  { code: '62', level: 'gemeinde', slug: 'stadtkreis', label: 'Stadtkreis', noun: f('Stadt') },
  { code: '63', level: 'gemeinde', slug: 'stadt', label: 'Stadt', noun: f('Stadt') },
  {
    code: '64',
    level: 'gemeinde',
    slug: 'kreisangehoerige_gemeinde',
    label: 'Kreisangehörige Gemeinde',
    noun: f('Gemeinde'),
  },
  {
    code: '65',
    level: 'gemeinde',
    slug: 'gemeindefreies_gebiet_bewohnt',
    label: 'Gemeindefreies Gebiet, bewohnt',
    noun: n('gemeindefreie Gebiet', 'gemeindefreien Gebiet', 'Gemeindefreies Gebiet'),
  },
  {
    code: '66',
    level: 'gemeinde',
    slug: 'gemeindefreies_gebiet_unbewohnt',
    label: 'Gemeindefreies Gebiet, unbewohnt',
    noun: n('gemeindefreie Gebiet', 'gemeindefreien Gebiet', 'Gemeindefreies Gebiet'),
  },
  {
    code: '67',
    level: 'gemeinde',
    slug: 'grosse_kreisstadt',
    label: 'Große Kreisstadt',
    noun: f('Große Kreisstadt', 'Großen Kreisstadt'),
  },
];

const BY_CODE = new Map<string, RegisterKind>(KINDS.map((k) => [k.code, k]));

export const REGISTER_KINDS: readonly RegisterKind[] = KINDS;

export function isRegisterKindCode(code: string): code is RegisterKindCode {
  return BY_CODE.has(code);
}

export function registerKind(code: RegisterKindCode): RegisterKind {
  // Every RegisterKindCode is in KINDS, so this cannot miss.
  return BY_CODE.get(code)!;
}

/** The codes a level allows, for error messages that name what is allowed. */
export function codesOfLevel(level: RegisterLevel): RegisterKindCode[] {
  return KINDS.filter((k) => k.level === level).map((k) => k.code);
}

const ARTICLES: Record<Gender, { nom: string; dat: string }> = {
  f: { nom: 'die', dat: 'der' },
  m: { nom: 'der', dat: 'dem' },
  n: { nom: 'das', dat: 'dem' },
};

export type GrammaticalCase = 'nom' | 'dat';

export function article(gender: Gender, grammaticalCase: GrammaticalCase): string {
  return ARTICLES[gender][grammaticalCase];
}
