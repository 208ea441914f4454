// Types and pure rules of the search feature. No I/O here.
import type { Level } from '../catalog/catalog.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { MAX_QUERY_LENGTH } from './german-text.ts';

/** What the index sees of one service: its words, by field. */
export interface SearchDocument {
  id: string;
  name: string;
  synonyms: string[];
  lebenslagenNames: string[];
  teaser: string | null;
  fullText: string | null;
  /** Task code and other short tags ("meldewesen", "kfz"): weighted like a teaser. */
  keywords: string[];
  /** The remaining texts (documents, prerequisites, fees, procedure, hints …): weakest field. */
  otherText: string | null;
}

/** Field weights, tuned on data/search/eval.yaml: a word in the name says much more than one in the Volltext. */
export const FIELD_BOOSTS = {
  name: 6,
  synonyms: 4,
  lebenslagen: 1.5,
  keywords: 1.5,
  teaser: 1.5,
  fullText: 0.8,
  otherText: 0.3,
} as const;
export type SearchField = keyof typeof FIELD_BOOSTS;
export const SEARCH_FIELDS = Object.keys(FIELD_BOOSTS) as SearchField[];
/** Fields suggestions look at: as-you-type should complete names, not words from the body text. */
export const SUGGEST_FIELDS: SearchField[] = ['name', 'synonyms', 'lebenslagen', 'keywords'];

/**
 * The fields the index scores: the document's, plus the names of the offices that handle the service ("units":
 * "Straßenverkehrsamt", "Bürgerbüro"), which the index adds from data/search/authorities.yaml. Weighted below the
 * synonyms (an office handles many services, so its name alone must not outrank a service named in the query) and
 * above keywords and teaser (naming the office is a clear statement of what one wants). "mainUnits": the offices for
 * which the service is what most people come for, so that "Bürgerbüro" puts the Personalausweis first.
 */
export const INDEX_BOOSTS = { ...FIELD_BOOSTS, units: 3, mainUnits: 3, english: 5 } as const;
export type IndexField = keyof typeof INDEX_BOOSTS;
export const INDEX_FIELDS = Object.keys(INDEX_BOOSTS) as IndexField[];
export const SUGGEST_INDEX_FIELDS: readonly IndexField[] = [...SUGGEST_FIELDS, 'units', 'mainUnits', 'english'];

/**
 * An everyday word or phrase and the catalog words it stands for ("Perso" → "Personalausweis"). One direction:
 * searching "Personalausweis" does not look for "Perso". Editors extend the list; it lives in `search_synonyms`.
 */
export interface SynonymEntry {
  term: string;
  expansions: string[];
}

export interface ScoredId {
  id: string;
  score: number;
}

export interface IndexSearchResult {
  hits: ScoredId[];
  /** A corrected query when the query as typed matched nothing. */
  didYouMean?: string;
}

export type ScoredService = ResolvedService & { score: number };

export interface SearchResult {
  items: ScoredService[];
  didYouMean?: string;
}

export interface Suggestion {
  id: string;
  name: string;
  level: Level;
  /** The town does not offer it itself (its setting, from the resolver's answer): the list marks it. */
  notOffered: boolean;
}

export interface SearchMiss {
  query: string;
  areaAgs: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Misses not seen again for this long are deleted: citizens' queries are kept at most 90 days (privacy page). */
export const MISS_RETENTION_DAYS = 90;

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const DEFAULT_SUGGEST_LIMIT = 8;

/**
 * What is left of raw input for the engine: at most MAX_QUERY_LENGTH characters, control characters turned into
 * spaces. Everything else (SQL, regex metacharacters, emoji) is harmless to the engine and is dropped there.
 */
export function sanitiseQuery(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  // Truncate by code points so that a cut never leaves half a surrogate pair.
  const cut = Array.from(raw.slice(0, MAX_QUERY_LENGTH * 2))
    .slice(0, MAX_QUERY_LENGTH)
    .join('');
  return cut.replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, ' ');
}

/** The fields of a service the index reads: a catalog `Service` and a `ResolvedService` both have them. */
export type IndexableService = Pick<
  ResolvedService,
  | 'id'
  | 'name'
  | 'synonyms'
  | 'task'
  | 'lebenslagen'
  | 'teaser'
  | 'fullText'
  | 'documents'
  | 'prerequisites'
  | 'fees'
  | 'deadlines'
  | 'procedure'
  | 'hints'
  | 'furtherInfo'
  | 'forms'
  | 'onlineServices'
>;

/** The index document of a service; `lebenslagenNames` come from the catalog's Lebenslagen. */
export function toSearchDocument(
  service: IndexableService,
  lebenslagenNames: ReadonlyMap<string, string>,
): SearchDocument {
  const other = [
    service.documents,
    service.prerequisites,
    service.fees,
    service.deadlines,
    service.procedure,
    service.hints,
    service.furtherInfo,
    ...service.forms.map((f) => f.title),
    ...service.onlineServices.map((o) => o.title),
  ].filter((t): t is string => typeof t === 'string' && t !== '');
  return {
    id: service.id,
    name: service.name,
    synonyms: service.synonyms,
    lebenslagenNames: service.lebenslagen.map((id) => lebenslagenNames.get(id)).filter((n): n is string => !!n),
    teaser: service.teaser,
    fullText: service.fullText,
    keywords: service.task ? [service.task.replace(/-/g, ' ')] : [],
    otherText: other.length ? other.join('\n') : null,
  };
}

/** Whether two documents say the same (an index built from one is the index of the other). */
export function sameSearchDocument(a: SearchDocument, b: SearchDocument): boolean {
  const sameList = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.teaser === b.teaser &&
    a.fullText === b.fullText &&
    a.otherText === b.otherText &&
    sameList(a.synonyms, b.synonyms) &&
    sameList(a.lebenslagenNames, b.lebenslagenNames) &&
    sameList(a.keywords, b.keywords)
  );
}

/** The zero-result counter keeps this much of a normalised query: enough to read, not a pasted letter. */
export const MAX_MISS_LENGTH = 200;
