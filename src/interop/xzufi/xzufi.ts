// The XZuFi 2.2 vocabulary amtsweg speaks: namespace, code lists, and how text-module codes map onto `Service`.
// Pure data and small rules, shared by the writer and the reader so that both sides agree by construction.
import { createHash } from 'node:crypto';
import type { OnlineService, ServiceTexts } from '../../features/catalog/catalog.ts';

export const XZUFI_NAMESPACE = 'http://xoev.de/schemata/xzufi/2_2_0';
export const XZUFI_VERSION = '2.2.0';
/** Our name for the root element; XZuFi's own message names were not verifiable (see docs/xzufi.md). */
export const XZUFI_ROOT = 'transfer';

export const LIST_LEIKA = 'urn:de:fim:leika:leistung';
export const LIST_TEXTMODUL = 'urn:de:xzufi:codeliste:leistungstextmodulleika';
export const LIST_TYPISIERUNG = 'urn:de:fim:leika:typisierung';
export const LIST_ROLLE = 'urn:de:xzufi:codeliste:zustaendigkeitsrolle';
export const LIST_KANAL = 'urn:de:xoev:codeliste:erreichbarkeit';
export const LIST_LINKTYP = 'urn:xoev-de:fim:codeliste:onlinedienstlinktyp';
export const LIST_VERTRAUENSNIVEAU = 'urn:amtsweg:codeliste:vertrauensniveau';
export const LIST_ONLINEDIENSTART = 'urn:amtsweg:codeliste:onlinedienstart';
export const SCHEME_LEBENSLAGE = 'amtsweg:lebenslage';

/** Text modules of `urn:de:xzufi:codeliste:leistungstextmodulleika` (every code the list defines). */
export const TEXT_MODULE_CODES = [
  '02',
  '03',
  '05',
  '06',
  '07',
  '08',
  '09',
  '11',
  '14',
  '15',
  '16',
  '18',
  '22',
  '23',
  '24',
  '25',
] as const;

export const TEXT_MODULE_NAMES: Record<string, string> = {
  '02': 'Leistungsbezeichnung',
  '03': 'Leistungsname',
  '05': 'Kurztext',
  '06': 'Volltext',
  '07': 'Handlungsgrundlagen',
  '08': 'Unterlagen',
  '09': 'Voraussetzungen',
  '11': 'Verfahrensablauf',
  '14': 'Formulare',
  '15': 'Weiterführende Informationen',
  '16': 'Hinweise',
  '18': 'Urheber',
  '22': 'Zuständige Stelle',
  '23': 'Ansprechpunkt',
  '24': 'Teaser',
  '25': 'Rechtsbehelf',
};

type TextField = Exclude<keyof ServiceTexts, 'fees' | 'deadlines' | 'processingTime'>;

/** Text modules that have a field of their own on `Service`; every other code lives in `Service.textModules`. */
export const FIELD_BY_TEXT_MODULE: Readonly<Record<string, TextField>> = {
  '24': 'teaser',
  '06': 'fullText',
  '07': 'legalBasis',
  '08': 'documents',
  '09': 'prerequisites',
  '11': 'procedure',
  '15': 'furtherInfo',
  '16': 'hints',
};

/**
 * Kosten, Frist and Bearbeitungsdauer are modules of their own in XZuFi, not text modules. PVOG numbers them 98, 97
 * and 95 internally; we use those numbers only for the language-suffixed keys in `textModules` (`98_en`).
 */
export const STRUCTURED_MODULES = [
  { element: 'modulKosten', field: 'fees', pvogCode: '98' },
  { element: 'modulFrist', field: 'deadlines', pvogCode: '97' },
  { element: 'modulBearbeitungsdauer', field: 'processingTime', pvogCode: '95' },
] as const;

/** `urn:de:fim:leika:typisierung`: the codes the list defines (only 1–5 carry a description). */
export const LEIKA_TYPES = [
  '1',
  '2',
  '2a',
  '2b',
  '3',
  '3a',
  '3b',
  '2/3',
  '2/3a',
  '2/3b',
  '4',
  '4a',
  '4b',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
] as const;

export const ROLE_CODES = { zustaendige_stelle: '01', ansprechpunkt: '02' } as const;
export const ROLE_NAMES = { '01': 'Zuständige Stelle', '02': 'Ansprechpunkt' } as const;

/** Erreichbarkeit channels we write: the XÖV code list numbers e-mail 01, phone 02, fax 04. */
export const KANAL = { email: '01', phone: '02', fax: '04' } as const;

export type TrustLevel = NonNullable<OnlineService['trustLevel']>;

/** Object classes a `loesche` names, spelled as real PVOG dumps spell them. */
export const LOESCHE_KLASSEN = [
  'Leistung',
  'Organisationseinheit',
  'Zustaendigkeit',
  'Onlinedienst',
  'LeistungSpezialisierung',
] as const;
export type LoescheKlasse = (typeof LOESCHE_KLASSEN)[number];

export interface XzufiRemoval {
  klasse: LoescheKlasse;
  id: string;
}

/** Key in `Service.textModules` for a text in a language other than German: `06_en`. */
export function languageKey(code: string, lang: string): string {
  return lang === 'de' ? code : `${code}_${lang}`;
}

/** Splits `06_en` into code and language; plain codes are German. */
export function parseLanguageKey(key: string): { code: string; lang: string } {
  const m = /^(\d{2,3})_([a-z]{2,3})$/.exec(key);
  return m ? { code: m[1] as string, lang: m[2] as string } : { code: key, lang: 'de' };
}

/** `de-DE`, `en_GB`, `EN` → `de`, `en`: the catalog distinguishes languages, not regions. */
export function normaliseLanguage(code: string | undefined): string {
  const primary = (code ?? 'de').trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : 'de';
}

/** A domain id from any foreign id: `B100019.LB.574711` → `b100019-lb-574711`. Stable, so re-imports hit the same row. */
export function slugId(foreign: string): string {
  const slug = foreign
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'x';
}

/** What separates a Leistung's id from its online service's part in an Onlinedienst id. */
export const ONLINEDIENST_ID_SEPARATOR = '--od-';

/**
 * The Onlinedienst ids of a Leistung's online services: `<service>--od-<10 hex of the URL's SHA-256>` (a second
 * online service with the same URL gets `-2`, …). Derived from the link, not the position, so that removing one
 * online service leaves the others' ids as they were, and one removed since a date can be named in a `loesche`.
 */
export function onlineServiceIds(s: { id: string; onlineServices: readonly Pick<OnlineService, 'url'>[] }): string[] {
  const seen = new Map<string, number>();
  return s.onlineServices.map((o) => {
    const hash = createHash('sha256').update(o.url).digest('hex').slice(0, 10);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${s.id}${ONLINEDIENST_ID_SEPARATOR}${hash}${n > 1 ? `-${n}` : ''}`;
  });
}
