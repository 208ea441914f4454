// The catalog's validation issues: one code per kind of problem, and ONE table of messages in English (CLI, bundle
// import, API) and German (the editors' workspace). Every message names what is allowed.
import type { ValidationIssue } from '../../shared/errors.ts';

export type Lang = 'en' | 'de';

/** What a reference points at, in both languages (German with its article, as the sentences need it). */
const KINDS = {
  area: { en: 'area', de: 'Das Gebiet' },
  areaKind: { en: 'area kind', de: 'Die Gebietsart' },
  lebenslage: { en: 'Lebenslage', de: 'Die Lebenslage' },
  service: { en: 'service', de: 'Die Leistung' },
  authority: { en: 'authority', de: 'Die Einheit' },
  contact: { en: 'contact', de: 'Die Ansprechperson' },
} as const;
export type RefKind = keyof typeof KINDS;

type Params = Record<string, string>;
type Render = (p: Params) => string;

/** The one table: code → message per language. */
const MESSAGES = {
  duplicate: {
    en: (p) => `"${p.value}" appears twice (first at ${p.first})`,
    de: (p) => `„${p.value}“ kommt zweimal vor (zuerst bei ${p.first}).`,
  },
  'ags.format': {
    en: (p) => p.problem ?? 'must have 2, 3, 5 or 8 digits',
    de: () => 'Ein AGS hat 2, 3, 5 oder 8 Ziffern.',
  },
  'ars.mismatch': {
    en: (p) => `ARS ${p.ars} does not match AGS ${p.ags}`,
    de: (p) =>
      `Der ARS ${p.ars} passt nicht zum AGS ${p.ags} (er beginnt mit dessen Land-, Bezirks- und Kreisziffern).`,
  },
  'parent.prefix': {
    en: (p) => String(p.problem ?? `parent ${p.parent} is not a prefix of ${p.ags}`),
    de: (p) =>
      String(p.parent).length === 9
        ? `${p.ags} gehört nicht zum Gemeindeverband ${p.parent}: nur eine Gemeinde (8 Ziffern) desselben Kreises, deren ARS mit ${p.parent} beginnt.`
        : `Das übergeordnete Gebiet ${p.parent} muss ein Anfang von ${p.ags} sein.`,
  },
  'parent.self': {
    en: (p) =>
      `${p.what === 'area' ? 'an area' : p.what === 'lebenslage' ? 'a Lebenslage' : 'an authority'} cannot be its own parent`,
    de: (p) =>
      p.what === 'lebenslage'
        ? 'Eine Lebenslage kann nicht sich selbst übergeordnet sein.'
        : p.what === 'area'
          ? 'Ein Gebiet kann nicht sich selbst übergeordnet sein.'
          : 'Eine Einheit kann nicht sich selbst übergeordnet sein.',
  },
  'reference.unknown': {
    en: (p) => `unknown ${KINDS[p.kind as RefKind]?.en ?? p.kind} "${p.value}"`,
    de: (p) =>
      p.kind === 'area' || p.kind === 'areaKind'
        ? `${KINDS[p.kind].de} ${p.kind === 'area' ? p.value : `"${p.value}"`} ist nicht im Katalog.`
        : `${KINDS[p.kind as RefKind]?.de ?? p.kind} "${p.value}" gibt es nicht.`,
  },
  'task.unknown': {
    en: (p) => `no service has task "${p.value}" and no task "${p.value}" is defined`,
    de: (p) => `Keine Leistung hat die Aufgabe "${p.value}", und sie ist nicht angelegt.`,
  },
  'task.undefined': {
    en: (p) => `service declares no responsibility, so its task must be defined under tasks; task "${p.value}" is not`,
    de: (p) => `Die Leistung hat keine eigene Zuständigkeit; dann muss die Aufgabe "${p.value}" angelegt sein.`,
  },
  'dates.order': {
    en: (p) => `validFrom ${p.from} must lie before validUntil ${p.until} (dates as YYYY-MM-DD, until exclusive)`,
    de: (p) => `„Gültig ab“ ${p.from} muss vor „gültig bis“ ${p.until} liegen.`,
  },
  'date.format': {
    en: (p) => `"${p.value}" is not a day; write YYYY-MM-DD (e.g. 2027-01-01)`,
    de: (p) => `„${p.value}“ ist kein Datum; bitte als JJJJ-MM-TT angeben (z. B. 2027-01-01).`,
  },
  'reference.inUse': {
    en: (p) => `${p.value} is still used by ${p.by} of tenant ${p.tenant}; remove that first`,
    de: (p) => `${p.value} wird noch von ${p.by} der Stelle ${p.tenant} verwendet. Bitte zuerst dort entfernen.`,
  },
  'tenant.foreign': {
    en: (p) =>
      p.kind === 'service'
        ? `service "${p.id}" belongs to ${p.owner}; a tenant cannot take over another's record`
        : `${p.kind} "${p.id}" belongs to ${p.owner}`,
    de: (p) => `„${p.id}“ gehört zu ${p.owner}; eine Stelle kann keinen Eintrag einer anderen übernehmen.`,
  },
  'slug.taken': {
    en: (p) => `"${p.value}" is already used by area ${p.owner}`,
    de: (p) => `„${p.value}“ ist schon vergeben (Gebiet ${p.owner}).`,
  },
  'ars.taken': {
    en: (p) => `"${p.value}" is already used by area ${p.owner}`,
    de: (p) => `„${p.value}“ ist schon vergeben (Gebiet ${p.owner}).`,
  },
  'leikaKey.format': {
    en: (p) => (p.problem === 'prefix' ? 'must start with 99' : 'must be exactly 14 digits'),
    de: (p) =>
      p.problem === 'prefix' ? 'Der LeiKa-Schlüssel beginnt mit 99.' : 'Der LeiKa-Schlüssel hat genau 14 Ziffern.',
  },
  'openingHours.format': {
    en: (p) => `not valid OSM opening_hours: ${p.problem}`,
    de: (p) => `Die Öffnungszeiten sind nicht lesbar: ${p.problem}`,
  },
  required: {
    en: (p) => p.en ?? `${p.field} is required`,
    de: (p) => p.de ?? 'Bitte angeben.',
  },
  enum: {
    en: (p) => `must be one of ${p.allowed}`,
    de: (p) => `Erlaubt: ${p.allowed}.`,
  },
} satisfies Record<string, Record<Lang, Render>>;

export type IssueCode = keyof typeof MESSAGES;
export const ISSUE_CODES = Object.keys(MESSAGES) as IssueCode[];

/** A validation issue with its stable code (what tests and clients compare), rendered in one language. */
export interface CatalogIssue extends ValidationIssue {
  code: IssueCode;
}

export function renderIssue(code: IssueCode, params: Params, lang: Lang): string {
  return (MESSAGES[code][lang] as Render)(params);
}

export function makeIssue(
  lang: Lang,
  code: IssueCode,
  field: string,
  params: Params = {},
  record?: string,
): CatalogIssue {
  return { ...(record === undefined ? {} : { record }), field, code, message: renderIssue(code, params, lang) };
}

/** The summary line of a rejected write. */
export function rejectionMessage(count: number, lang: Lang): string {
  return lang === 'de'
    ? `Bitte ${count === 1 ? 'eine Angabe' : `${count} Angaben`} prüfen; nichts wurde gespeichert.`
    : `the import has ${count} problem(s); nothing was written`;
}
