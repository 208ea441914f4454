// Pure helpers of the public portal: URLs, text rendering rules, the responsibility marker, place matching,
// A–Z grouping and the fallback search. No I/O here; the pages and components build on these.
import { foldGerman } from '../../shared/german-fold.js';
import { areaPhrases } from '../areas/index.ts';
import { type Area, forBusinessesOnly, type Level } from '../catalog/catalog.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import type { Lang } from './i18n.ts';

/** The cookie that remembers the citizen's place (a slug). Set only on an explicit choice, read only on `/`. */
export const PLACE_COOKIE = 'amtsweg_ort';
export const PLACE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
/** The language a citizen chose with the language switch; only `/` (no prefix, typed by hand) reads it. */
export const LANG_COOKIE = 'amtsweg_sprache';

/** A service id as it may travel in `?leistung=` ("Ort wechseln" on a service page): anything else is ignored. */
export function serviceParam(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,119}$/.test(value) ? value : undefined;
}

/** The service id of a language-neutral service path (`/geseke/leistungen/<id>`), else undefined. */
export function serviceOfPath(path: string): string | undefined {
  return serviceParam(/^\/[^/?#]+\/leistungen\/([^/?#]+)/.exec(path)?.[1]);
}

/** Services shown as "Häufig gesucht" on a town site, in this order, when the catalog has them. */
export const TOP_TASK_IDS = [
  'wohnsitz-anmelden',
  'personalausweis-beantragen',
  'reisepass-beantragen',
  'fahrzeug-zulassen',
  'fuehrerschein-umtausch',
  'fuehrungszeugnis-beantragen',
  'baugenehmigung-beantragen',
  'kita-platz-anmelden',
  'wohngeld-beantragen',
  'gewerbe-anmelden',
  'hundesteuer-anmelden',
  'sperrmuell-anmelden',
  'briefwahl-beantragen',
] as const;
export const TOP_TASK_COUNT = 8;

// ---- URLs ---------------------------------------------------------------------------------------------------------

/** English pages live under `/en`: a path prefix (not a query parameter) keeps caches, canonical links and hreflang simple. */
export function localePath(lang: Lang, path: string): string {
  return lang === 'en' ? `/en${path}` : path;
}

export const paths = {
  /** `service`: the service the citizen was reading, so that choosing another place returns to it there. */
  start: (service?: string) => (service ? `/?leistung=${encodeURIComponent(service)}` : '/'),
  town: (slug: string) => `/${slug}/`,
  /** A Land's Kreise and kreisfreie Städte: the path to every town when the start page cannot list them all. */
  land: (slug: string) => `/orte/${slug}`,
  az: (slug: string) => `/${slug}/a-z`,
  search: (slug: string, q?: string) =>
    q === undefined ? `/${slug}/suche` : `/${slug}/suche?q=${encodeURIComponent(q)}`,
  service: (slug: string, id: string) => `/${slug}/leistungen/${id}`,
  lebenslage: (slug: string, id: string) => `/${slug}/lebenslagen/${id}`,
  accessibility: (slug: string) => `/${slug}/barrierefreiheit`,
  imprint: (slug: string) => `/${slug}/impressum`,
  privacy: (slug: string) => `/${slug}/datenschutz`,
  choose: (input?: string, service?: string) => {
    const query = [
      ...(input === undefined ? [] : [`ort=${encodeURIComponent(input)}`]),
      ...(service ? [`leistung=${encodeURIComponent(service)}`] : []),
    ];
    return query.length ? `/wahl?${query.join('&')}` : '/wahl';
  },
  /** The language switch: remembers the choice in a cookie, then goes to `to` (a local path in that language). */
  language: (to: string) => `/sprache?zu=${encodeURIComponent(to)}`,
  embedDocs: () => '/embed',
  embedFrame: (slug: string) => `/embed/${slug}`,
};

/** Splits a request path into its language and the language-neutral rest: `/en/geseke/` → `en`, `/geseke/`. */
export function splitLang(path: string): { lang: Lang; rest: string } {
  if (path === '/en' || path.startsWith('/en/')) return { lang: 'en', rest: path.slice(3) || '/' };
  return { lang: 'de', rest: path };
}

/** Only absolute http(s) links from catalog data become hrefs: a `javascript:` URL in an import must never be clickable. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** `tel:` href from a displayed number ("+49 2942 500-0" → "tel:+4929425000"). */
export function telHref(phone: string): string | null {
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return digits.replace('+', '').length >= 3 ? `tel:${digits}` : null;
}

export function mailtoHref(email: string): string | null {
  return /^[^\s@<>"]+@[^\s@<>"]+$/.test(email) ? `mailto:${email}` : null;
}

// ---- texts --------------------------------------------------------------------------------------------------------

export type TextBlock = { type: 'p'; text: string } | { type: 'ul'; items: string[] };

/**
 * The catalog's text format (docs/data-format.md): paragraphs separated by blank lines, lines starting "- " are
 * list items. Plain text only: the blocks are rendered by Preact, which escapes them.
 */
export function parseTexts(text: string | null | undefined): TextBlock[] {
  if (!text) return [];
  const blocks: TextBlock[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    let paragraph: string[] = [];
    let list: string[] | null = null;
    const flushParagraph = () => {
      if (paragraph.length) blocks.push({ type: 'p', text: paragraph.join(' ') });
      paragraph = [];
    };
    const flushList = () => {
      if (list?.length) blocks.push({ type: 'ul', items: list });
      list = null;
    };
    for (const raw of chunk.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      if (line.startsWith('- ')) {
        flushParagraph();
        list ??= [];
        list.push(line.slice(2).trim());
      } else if (list && /^\s{2,}/.test(raw)) {
        // An indented line continues the list item above it.
        list[list.length - 1] += ` ${line}`;
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
  }
  return blocks;
}

// ---- areas and the responsibility marker ------------------------------------------------------------------------

/** "Stadt Geseke", "Gemeinde Anröchte", "Kreis Soest": how citizens name the authority's area. */
export function areaDisplayName(area: Pick<Area, 'name' | 'kind' | 'mainAuthorityId' | 'registerKind'>): string {
  // From the register's kind where the area came from it: "Landkreis Mayen-Koblenz", "Ortsgemeinde Kettig".
  const phrases = area.registerKind
    ? areaPhrases({ name: area.name, registerKind: area.registerKind, tiers: [] })
    : null;
  if (phrases) return phrases.bare;
  if (area.kind === 'kreis' || area.kind === 'regierungsbezirk') return area.name;
  if (area.kind === 'land') return `Land ${area.name}`;
  if (area.kind === 'bund') return 'Bund';
  if (area.kind.includes('stadt')) return `Stadt ${area.name}`;
  // The kind "kreisangehörige Gemeinde" covers towns and municipalities alike; the main authority's id tells which.
  if (area.mainAuthorityId?.includes('stadt')) return `Stadt ${area.name}`;
  if (area.mainAuthorityId?.includes('gemeinde')) return `Gemeinde ${area.name}`;
  return area.name;
}

export type MarkerKind = 'town' | 'county' | 'state' | 'federal' | 'any-town';

export interface Marker {
  kind: MarkerKind;
  /** What the marker says: "Stadt Geseke", "Kreis Soest", "Ihre Stadt oder Gemeinde". */
  label: string;
}

const LEVEL_MARKER: Record<Level, MarkerKind> = {
  // A Gemeindeverband runs its members' town halls, a Bezirk is the town's own district office: both read as "town".
  bezirk: 'town',
  gemeinde: 'town',
  gemeindeverband: 'town',
  kreis: 'county',
  regierungsbezirk: 'state',
  land: 'state',
  bund: 'federal',
};

/**
 * The marker of every list and page: who is responsible, town or county (or Land/Bund). A town-level service seen
 * from the county as a whole has no single responsible town: it says "your town".
 */
export function markerFor(
  service: Pick<ResolvedService, 'forAgs' | 'responsible'>,
  areas: { areaOf(ags: string): Area | undefined; isTown(area: Area): boolean },
  yourTownLabel: string,
): Marker {
  const { level, areaAgs, areaName } = service.responsible;
  const responsibleArea = areas.areaOf(areaAgs);
  if (level === 'gemeinde' && (!responsibleArea || !areas.isTown(responsibleArea))) {
    return { kind: 'any-town', label: yourTownLabel };
  }
  return { kind: LEVEL_MARKER[level], label: responsibleArea ? areaDisplayName(responsibleArea) : areaName };
}

// ---- the town chooser ---------------------------------------------------------------------------

/** Lower case, umlauts as digraphs, ß as ss, no punctuation: "Anröchte" and "anroechte" meet. */
export const normalizeName: (text: string) => string = foldGerman;

/**
 * Several deployed towns fit what a citizen typed (a shared postcode, a shared name): never guess, ask. Matching
 * itself is the areas feature's one place matcher (place-matcher.ts).
 */
export type PlaceMatch = { kind: 'many'; input: string; areas: Area[]; by: 'postcode' | 'name' };

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

export function sortByName<T extends { name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => collator.compare(a.name, b.name));
}

// ---- lists ---------------------------------------------------------------------------------------------------------

export interface AzGroup<T> {
  letter: string;
  /** Anchor id for the letter navigation. */
  id: string;
  items: T[];
}

/** Groups by initial letter, umlauts under their base letter (Ä under A, as German indexes do); digits under "0–9". */
export function groupAz<T extends { name: string }>(items: readonly T[]): AzGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of sortByName(items)) {
    const first = normalizeName(item.name).charAt(0);
    const letter = /[a-z]/.test(first) ? first.toUpperCase() : '0–9';
    const list = groups.get(letter);
    if (list) list.push(item);
    else groups.set(letter, [item]);
  }
  return [...groups].map(([letter, list]) => ({
    letter,
    id: letter === '0–9' ? 'buchstabe-0-9' : `buchstabe-${letter.toLowerCase()}`,
    items: list,
  }));
}

/** Services of a Lebenslage: those for which it is the main situation first (the service lists it first), then by name. */
export function orderForLebenslage<T extends { name: string; lebenslagen: string[]; audience?: readonly string[] }>(
  items: readonly T[],
  lebenslageId: string,
): T[] {
  const rank = (s: T) => {
    const i = s.lebenslagen.indexOf(lebenslageId);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  // Within a rank, citizens' services before those only for businesses (as in the town's list).
  return [...items].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Number(forBusinessesOnly(a)) - Number(forBusinessesOnly(b)) ||
      collator.compare(a.name, b.name),
  );
}

/** The top tasks that exist in this list, in the configured order. */
export function pickTopTasks<T extends { id: string }>(
  items: readonly T[],
  ids: readonly string[] = TOP_TASK_IDS,
  count = TOP_TASK_COUNT,
): T[] {
  const byId = new Map(items.map((s) => [s.id, s]));
  return ids.flatMap((id) => byId.get(id) ?? []).slice(0, count);
}

/**
 * The simple search the portal falls back to when no search service is wired: every word of the query must occur in
 * the name, a synonym or the teaser; name hits rank first.
 */
export function filterServices<T extends { name: string; synonyms: string[]; teaser: string | null }>(
  items: readonly T[],
  query: string,
): T[] {
  const terms = normalizeName(query).split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  const scored: Array<{ item: T; score: number }> = [];
  for (const item of items) {
    const name = normalizeName(item.name);
    const synonyms = normalizeName(item.synonyms.join(' '));
    const teaser = normalizeName(item.teaser ?? '');
    let score = 0;
    let all = true;
    for (const term of terms) {
      if (name.includes(term)) score += 3;
      else if (synonyms.includes(term)) score += 2;
      else if (teaser.includes(term)) score += 1;
      else all = false;
    }
    if (all) scored.push({ item, score });
  }
  return scored.sort((a, b) => b.score - a.score || collator.compare(a.item.name, b.item.name)).map((s) => s.item);
}

/** A query as users typed it, trimmed and bounded (it is echoed on the page). */
export function cleanQuery(value: unknown, max = 200): string {
  if (typeof value !== 'string') return '';
  return value.replace(/\s+/g, ' ').trim().slice(0, max);
}
