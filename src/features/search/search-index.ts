// The in-process search index of one area's services: an inverted index with BM25 per field (a term's scores made
// once per index on first use, so a query only adds numbers into typed arrays), prefix lookups on the sorted term
// list and typo lookups through a trigram index, fed with terms our German pipeline made; plus the query rules:
// synonyms, compound splitting, typo variants and "meinten Sie …?". An index may be layers searched as one
// collection (`IndexSegment`, ADR 0270): the services above the county shared, a county's own on top. Pure: built
// from documents, no I/O.
// (MiniSearch did this first; its per-query result objects made GC pauses dominate p99, see ADR 0010.)
import { type Lexicon, splitCompound } from './decompound.ts';
import { EnglishNames, type EnglishVocabulary, isEnglishStopword, loadDefaultEnglish } from './english-vocabulary.ts';
import {
  colognePhonetic,
  editDistance,
  isStopword,
  prepare,
  term,
  type WordInfo,
  wordInfo,
  words,
} from './german-text.ts';
import {
  INDEX_BOOSTS,
  INDEX_FIELDS,
  type IndexField,
  type IndexSearchResult,
  type ScoredId,
  type SearchDocument,
  SUGGEST_INDEX_FIELDS,
  type SynonymEntry,
  sanitiseQuery,
} from './search.ts';
import { AuthorityNames, loadDefaultVocabulary, type SearchVocabulary } from './search-vocabulary.ts';
import { type ActionClass, actionClass, intentTermSet, type WordClass, wordClass } from './word-classes.ts';

/** One term to look up, and how loosely. */
interface TermSpec {
  term: string;
  /** Maximum edit distance (0: exact only). */
  fuzzy: number;
  prefix: boolean;
  /** Also match index terms ending in this one: the head of a compound ("Kläranlage" → "Kleinkläranlage"). */
  suffix?: boolean;
}

/** One way to read a group of query words: its terms all count (summed), the whole weighted. */
interface Alternative {
  terms: TermSpec[];
  weight: number;
}

/** What one query word (or synonym phrase) contributes: the best of its alternatives. */
interface Group {
  alternatives: Alternative[];
  /** What the words of the group say: the object of the query, or only what to do with it, or where. */
  cls: WordClass;
  /** "Lost" or "renew": the group asks for the service named after that action. */
  action?: ActionClass;
}

interface QueryWord {
  /** Prepared form (digraphs kept): what the stemmer gets. */
  prepared: string;
  folded: string;
  term: string;
}

export interface SearchIndexOptions {
  /** Authority names and places; default data/search/authorities.yaml. */
  vocabulary?: SearchVocabulary;
  /** English names and words; default data/search/english.yaml. */
  english?: EnglishVocabulary;
}

export interface IndexSearchOptions {
  limit?: number;
  /** Treat the last word as unfinished (as-you-type). */
  prefixLast?: boolean;
  /** Score only the fields suggestions look at (SUGGEST_FIELDS). */
  suggestOnly?: boolean;
}

interface Posting {
  docs: Int32Array;
  /** Score of the term in each document over all fields … */
  all: Float64Array;
  /** … and over SUGGEST_FIELDS only. */
  suggest: Float64Array;
}

// Bounds that keep one query cheap whatever is pasted into the box.
const MAX_QUERY_WORDS = 24;
// Hits scoring below this share of the best hit are noise (a fuzzy match in some Volltext).
const MIN_RELATIVE_SCORE = 0.02;
// Compounds are at least this long; shorter unknown words are more likely typos than compounds.
const MIN_COMPOUND_LENGTH = 7;
const SYNONYM_WEIGHT = 0.9;
// An English word read as its German translation ("tax" → "Steuer") counts less than the English names and terms
// of a service: "death certificate" is the Sterbeurkunde, not every service named "Sterbefall".
const ENGLISH_WORD_WEIGHT = 0.5;
const VARIANT_WEIGHT = 0.8;
const NAME_COVERAGE_BONUS = 0.6;
// Weights of matches through a typo variant or a completion, before the length adjustment (MiniSearch's defaults,
// which the field weights were first tuned with).
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;
const INFLECTIONS = ['e', 'en', 'n', 's', 'es', 'er', 'ern'] as const;
// How much a group of query words counts when the query also names an object: "verlängern" in "Reisepass
// verlängern" counts less than "Reisepass" (measured on the eval set: 0.6 loses "führerschein verloren"-type queries, 1.0
// was the old flat rule), "Geseke" in "ich ziehe nach Geseke" much less. A query of
// intent words only ("ummelden") counts them fully.
const CLASS_WEIGHTS: Record<WordClass, number> = { object: 1, intent: 0.8, place: 0.2, person: 0.2 };
// A service whose name says the action the query asks for ("Verlust … melden" for "Personalausweis verloren") and
// names the query's object, among services about that object: its score is multiplied by this.
const ACTION_NAME_BONUS = 5;
// The other way round: a query that names an object but no action ("Behindertenausweis", "residence permit") means
// the plain service, not the one named after a loss or a renewal of that object.
const UNASKED_ACTION_FACTOR = 0.7;
// A query whose object words are exactly those of a service's name (German or English name or term): "care level" is
// a term of "Pflegegrad beantragen", "Führerschein" the name of "Führerschein beantragen (Ersterteilung)".
const EXACT_NAME_FACTOR = 1.5;
// A name compound whose head the query reached but not its modifier ("Laterne" → "Straßenlaterne") is half covered.
const HEAD_ONLY_COVERAGE = 0.5;
// German service names put their object first and qualify it after a preposition ("Scheidung beim Familiengericht
// beantragen", "Namen nach der Scheidung ändern"): words after one count this much in the name coverage.
const QUALIFIER_WEIGHT = 0.5;
const PREPOSITIONS = new Set(
  'ab an am auf aus bei beim bis durch fur gegen im in mit nach ohne uber um unter vom von vor wegen zu zum zur'.split(
    ' ',
  ),
);
// How strongly matching more of the query's word groups counts: the score times the matched groups to this power
// (measured: 1 → 0.924, 1.5 → 0.928, 2 → 0.921 recall@1 on `cases`; held-out 0.919 → 0.935 → 0.935).
const MATCHED_POWER = 1.5;
// A compound head typed alone ("Kläranlage") matches index terms ending in it, like a completion: shorter modifiers
// weigh more. Only for words of at least this many letters, so that "amt" does not reach every "…amt".
const SUFFIX_WEIGHT = 0.6;
const MIN_SUFFIX_LENGTH = 5;
// Linking letters tried when two query words may be one compound ("Hunde Steuer" → "Hundesteuer").
const JOIN_LINKS = ['', 's', 'e', 'n', 'en', 'es'] as const;
// BM25+ parameters (k1, b, lower bound d) as MiniSearch uses them.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Edit distance a word of this length may be off by: none for short words (too many neighbours), then 1, then 2. */
export function fuzziness(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

function fieldTexts(
  doc: SearchDocument,
  authorities: AuthorityNames,
  english: EnglishNames,
): Record<IndexField, string> {
  return {
    english: english.textsFor(doc.id, doc.keywords).join('\n'),
    units: authorities.namesFor(doc.id, doc.keywords).join('\n'),
    mainUnits: authorities.mainFor(doc.id).join('\n'),
    name: doc.name,
    synonyms: doc.synonyms.join('\n'),
    lebenslagen: doc.lebenslagenNames.join('\n'),
    keywords: doc.keywords.join('\n'),
    teaser: doc.teaser ?? '',
    fullText: doc.fullText ?? '',
    otherText: doc.otherText ?? '',
  };
}

// Fields whose words are good enough to propose in "meinten Sie …?" (the Volltext has too many odd words).
const PROPOSABLE_FIELDS: ReadonlySet<IndexField> = new Set([
  'name',
  'synonyms',
  'lebenslagen',
  'keywords',
  'teaser',
  'units',
  'mainUnits',
  'english',
]);

/** The words of a text that carry meaning. */
function contentWords(text: string): QueryWord[] {
  return words(text)
    .map(wordInfo)
    .filter((w) => !w.stop);
}

interface Expansion {
  terms: string[];
  weight: number;
}

/** What an index knows of queries whatever its documents: place words and synonyms (the editors' and English). */
interface QueryVocabulary {
  places: ReadonlySet<string>;
  synonyms: ReadonlyMap<string, readonly Expansion[]>;
  synonymWords: ReadonlySet<string>;
  maxSynonymWords: number;
  names: DocumentNames;
}

/** The office names and English names indexed with the services (from the vocabularies, not the documents). */
interface DocumentNames {
  authorities: AuthorityNames;
  english: EnglishNames;
  /** One-word office names ("Standesamt"): in a service name they say where, not what. */
  offices: ReadonlySet<string>;
}

function buildQueryVocabulary(
  vocabulary: SearchVocabulary,
  english: EnglishVocabulary,
  entries: readonly SynonymEntry[],
): QueryVocabulary {
  const synonyms = new Map<string, Expansion[]>();
  const synonymWords = new Set<string>();
  let maxSynonymWords = 1;
  const add = (list: readonly SynonymEntry[], weight: number) => {
    for (const entry of list) {
      const keyWords = contentWords(entry.term);
      if (keyWords.length === 0) continue;
      const key = keyWords.map((w) => w.term).join(' ');
      const expansions = entry.expansions
        .map((e) => ({ terms: contentWords(e).map((w) => w.term), weight }))
        .filter((x) => x.terms.length > 0);
      if (expansions.length === 0) continue;
      synonyms.set(key, [...(synonyms.get(key) ?? []), ...expansions]);
      maxSynonymWords = Math.max(maxSynonymWords, keyWords.length);
      for (const w of keyWords) synonymWords.add(w.folded);
    }
  };
  // English words are synonyms the editors do not maintain: "tax" → "Steuer".
  add(english.words, ENGLISH_WORD_WEIGHT);
  add(entries, SYNONYM_WEIGHT);
  return {
    places: new Set(vocabulary.places.flatMap((p) => contentWords(p).map((w) => w.term))),
    synonyms,
    synonymWords,
    maxSynonymWords,
    names: namesOf(vocabulary, english),
  };
}

const documentNames = new WeakMap<SearchVocabulary, WeakMap<EnglishVocabulary, DocumentNames>>();
function namesOf(vocabulary: SearchVocabulary, english: EnglishVocabulary): DocumentNames {
  let byEnglish = documentNames.get(vocabulary);
  if (!byEnglish) {
    byEnglish = new WeakMap();
    documentNames.set(vocabulary, byEnglish);
  }
  let names = byEnglish.get(english);
  if (!names) {
    names = {
      authorities: new AuthorityNames(vocabulary.authorities),
      english: new EnglishNames(english.services),
      offices: new Set(
        vocabulary.authorities.flatMap((a) =>
          a.names.flatMap((n) => {
            const ws = contentWords(n);
            return ws.length === 1 ? [(ws[0] as QueryWord).term] : [];
          }),
        ),
      ),
    };
    byEnglish.set(english, names);
  }
  return names;
}

/** What an index takes from one document, whatever the other documents are. */
interface DocumentWords {
  /**
   * Its names as the distinct terms that name an object (no intent words, no compound parts): the German name first,
   * then the English name and terms. Name coverage takes the best-covered of them.
   */
  names: string[][];
  actions: Set<ActionClass> | null;
  /** The terms of its German name that qualify its object (after a preposition), if any. */
  qualifiers: Set<string> | undefined;
  /** Its names' object terms as keys (sorted, joined): for the exact-name rule. */
  nameKeys: Set<string>;
  /** The actions its German name says, if any. */
  ownActions: Set<ActionClass> | undefined;
  /** The words of each field (INDEX_FIELDS order), stopwords and single letters left out. */
  perField: WordInfo[][];
  /** Its distinct folded words, for the document frequency. */
  distinct: string[];
  /** Folded word → how the document spells it, first spelling first. */
  surfaces: Array<[string, string]>;
}

// Tokenising is most of an index build, and a document is the same in every index that holds it (a Land's services
// are in the index of every county of the Land): kept per document object and the names it was read with.
const wordsOfDocuments = new WeakMap<SearchDocument, { names: DocumentNames; words: DocumentWords }>();

function documentWords(doc: SearchDocument, names: DocumentNames): DocumentWords {
  const hit = wordsOfDocuments.get(doc);
  if (hit && hit.names === names) return hit.words;
  const words = readDocument(doc, names);
  wordsOfDocuments.set(doc, { names, words });
  return words;
}

function readDocument(doc: SearchDocument, { authorities, english, offices }: DocumentNames): DocumentWords {
  const intents = intentTermSet();
  // Office names in a service name say where, not what ("Geburt beim Standesamt anzeigen", "… bei der
  // Krankenkasse beantragen"): the query need not name the office to cover the name.
  const objectTerms = (text: string, orAll: boolean): string[] => {
    const all = [...new Set(contentWords(text).map((w) => w.term))];
    const objects = all.filter((t) => !intents.has(t) && !offices.has(t));
    return objects.length > 0 || !orAll ? objects : all;
  };
  // What a name says in parentheses or after a dash qualifies it ("Führerschein beantragen (Ersterteilung)",
  // "Grundsteuer – Bescheid, Zahlung und Fragen"): the query need not cover it.
  const head = doc.name.replace(/\([^)]*\)/g, ' ').split(/\s[–—-]\s/)[0] ?? doc.name;
  const names = [objectTerms(head, true)];
  for (const text of english.textsFor(doc.id, doc.keywords)) {
    const terms = objectTerms(text, false).filter((t) => !isEnglishStopword(t));
    if (terms.length > 0) names.push(terms);
  }
  // The German name's words after its first preposition (unless also before it).
  const before = new Set<string>();
  const after = new Set<string>();
  let qualified = false;
  for (const prepared of words(head)) {
    const info = wordInfo(prepared);
    if (PREPOSITIONS.has(info.folded)) qualified = true;
    else if (!info.stop) (qualified ? after : before).add(info.term);
  }
  const qualifierTerms = [...after].filter((t) => !before.has(t));
  const qualifiers = qualifierTerms.length > 0 && before.size > 0 ? new Set(qualifierTerms) : undefined;
  const nameKeys = new Set(names.map(nameKey));
  for (const text of [head, ...english.textsFor(doc.id, doc.keywords)]) {
    nameKeys.add(nameKey(contentWords(text).flatMap((w) => (isEnglishStopword(w.term) ? [] : [w.term]))));
  }
  const actions = new Set<ActionClass>();
  for (const text of [doc.name, ...english.textsFor(doc.id, doc.keywords)]) {
    for (const w of contentWords(text)) {
      const a = actionClass(w.term);
      if (a) actions.add(a);
    }
  }
  // Only the German name says which service a plain query does not mean: English terms list what people type
  // ("renew passport" for Reisepass beantragen).
  const own = new Set(contentWords(doc.name).flatMap((w) => actionClass(w.term) ?? []));
  const seen = new Set<string>();
  const surfaceSeen = new Set<string>();
  const surfaces: Array<[string, string]> = [];
  const texts = fieldTexts(doc, authorities, english);
  const perField: WordInfo[][] = [];
  for (const field of INDEX_FIELDS) {
    const infos: WordInfo[] = [];
    for (const prepared of words(texts[field])) {
      const info = wordInfo(prepared);
      if (info.stop || info.folded.length < 2) continue;
      infos.push(info);
      seen.add(info.folded);
    }
    perField.push(infos);
    if (!PROPOSABLE_FIELDS.has(field)) continue;
    // How the catalog spells a word ("Führerschein"), to propose it in "meinten Sie …?".
    for (const raw of texts[field].split(/[^\p{L}\p{N}]+/u)) {
      if (raw === '' || /[^A-Za-zÄÖÜäöüß]/.test(raw)) continue;
      const info = wordInfo(prepare(raw));
      if (!info.stop && !surfaceSeen.has(info.folded)) {
        surfaceSeen.add(info.folded);
        surfaces.push([info.folded, raw]);
      }
    }
  }
  return {
    names,
    actions: actions.size > 0 ? actions : null,
    qualifiers,
    nameKeys,
    ownActions: own.size > 0 ? own : undefined,
    perField,
    distinct: [...seen],
    surfaces,
  };
}

// Kölner Phonetik codes of the catalog's words, for every index of the process (bounded).
const phoneticCodes = new Map<string, string>();
function phoneticCode(word: string): string {
  let code = phoneticCodes.get(word);
  if (code === undefined) {
    code = colognePhonetic(word);
    if (phoneticCodes.size >= 200_000) phoneticCodes.clear();
    phoneticCodes.set(word, code);
  }
  return code;
}

// Built once per (synonym list, vocabularies) and shared by every index made with them: with one index per distinct
// catalog, hundreds of indexes (all of Germany) would each tokenise the same thousand synonyms and place names.
// Keyed by object identity (the search service hands every index of a synonym generation the same list); weak, so a
// replaced list goes with its last index.
const queryVocabularies = new WeakMap<
  readonly SynonymEntry[],
  WeakMap<SearchVocabulary, WeakMap<EnglishVocabulary, QueryVocabulary>>
>();
function queryVocabulary(
  vocabulary: SearchVocabulary,
  english: EnglishVocabulary,
  entries: readonly SynonymEntry[],
): QueryVocabulary {
  let byVocabulary = queryVocabularies.get(entries);
  if (!byVocabulary) {
    byVocabulary = new WeakMap();
    queryVocabularies.set(entries, byVocabulary);
  }
  let byEnglish = byVocabulary.get(vocabulary);
  if (!byEnglish) {
    byEnglish = new WeakMap();
    byVocabulary.set(vocabulary, byEnglish);
  }
  let built = byEnglish.get(english);
  if (!built) {
    built = buildQueryVocabulary(vocabulary, english, entries);
    byEnglish.set(english, built);
  }
  return built;
}

/** One term's raw counts in one layer: an entry per document and field it occurs in, documents ascending, fields in
 * INDEX_FIELDS order within a document. Scored only when the collection it is searched in is known. */
interface RawPosting {
  docs: Int32Array;
  fields: Uint8Array;
  tf: Uint32Array;
}

const FIELD_COUNT = INDEX_FIELDS.length;
const FIELD_BOOST_LIST = INDEX_FIELDS.map((f) => INDEX_BOOSTS[f]);
// An office list is not a text: a service handled by several offices is not less about each of them.
const FIELD_B_LIST = INDEX_FIELDS.map((f) => (f === 'units' || f === 'mainUnits' ? 0 : BM25.b));
const SUGGEST_FIELD_LIST = INDEX_FIELDS.map((f) => SUGGEST_INDEX_FIELDS.includes(f));
// Scored posting entries an index of several layers keeps (each query scores the terms it reaches once; ~20 bytes
// an entry); beyond this its memo starts again, so 512 kept indexes stay within a few hundred MB whatever is asked.
const MAX_SCORED_ENTRIES = 25_000;

/** The compound splitter's vocabulary over some layers: their words (document frequencies summed) and the synonyms. */
function lexiconOf(layers: readonly IndexSegment[], synonymWords: ReadonlySet<string>): Lexicon {
  const known = (w: string): boolean => {
    for (const layer of layers) if (layer.wordFrequency.has(w)) return true;
    return false;
  };
  return {
    has: (w) => w.length >= 3 && !isStopword(w) && (known(w) || synonymWords.has(w)),
    frequency: (w) => {
      let f = 0;
      for (const layer of layers) f += layer.wordFrequency.get(w) ?? 0;
      return f;
    },
    // An inflected last part ("…gebühren", "…steuern"): the word without a common ending is known.
    hasLast: (w) => INFLECTIONS.some((e) => w.length - e.length >= 3 && w.endsWith(e) && known(w.slice(0, -e.length))),
  };
}

function cachedSplitter(lexicon: Lexicon): (folded: string) => string[] | null {
  const cache = new Map<string, string[] | null>();
  return (folded) => {
    let parts = cache.get(folded);
    if (parts === undefined) {
      parts = splitCompound(folded, lexicon);
      if (cache.size > 100_000) cache.clear();
      cache.set(folded, parts);
    }
    return parts;
  };
}

/**
 * What the index holds of one set of documents, with no statistic of the whole collection baked in: each term's raw
 * counts per document and field, the field lengths, the words, names and spellings. A `SearchIndex` searches one or
 * more layers as one collection and scores with the statistics of all of them, so the services above the county
 * are one layer shared by every county's index, and a county's or town's own services a small layer on top (ADR
 * 0270). A layer's compounds are split with the words of the layers below it and its own (`below`).
 */
export class IndexSegment {
  readonly size: number;
  readonly ids: readonly string[];
  /** Per document (in order): what the query rules read of it. */
  readonly words: readonly DocumentWords[];
  /** Folded word → number of this layer's documents containing it. */
  readonly wordFrequency = new Map<string, number>();
  /** Folded word → how this layer's documents spell it, first spelling first. */
  readonly surfaces = new Map<string, string>();
  /** Kölner Phonetik code → this layer's folded proposable words. */
  readonly phonetic = new Map<string, string[]>();
  readonly postings = new Map<string, RawPosting>();
  /** This layer's terms, sorted: prefix lookups are a binary search and a scan. */
  readonly sortedTerms: readonly string[];
  /** Terms per document and field: document i, field f at i * FIELD_COUNT + f. */
  readonly lengths: Int32Array;
  /** Sum of `lengths` per field. */
  readonly lengthSums: readonly number[];
  /** A compound term of a name → its parts as terms: the name is covered when the query reached all parts. */
  readonly nameParts = new Map<string, string[]>();
  /** Every distinct name term of at least four letters: the candidates for "a name says the head of the query's word". */
  readonly headCandidates = new Set<string>();
  readonly vocabulary: QueryVocabulary;
  /** The postings of this layer searched alone, scored on first use (see `SearchIndex.posting`). */
  readonly scoredAlone = new Map<string, Posting>();
  /** The layers this one is searched on top of, bottom first. */
  readonly below: readonly IndexSegment[];
  /** This layer's compound splitter (its words and those below it). */
  readonly splitWord: (folded: string) => string[] | null;

  constructor(
    documents: readonly SearchDocument[],
    synonyms: readonly SynonymEntry[] = [],
    options: SearchIndexOptions = {},
    below: readonly IndexSegment[] = [],
  ) {
    this.size = documents.length;
    this.below = below;
    const vocabulary = options.vocabulary ?? loadDefaultVocabulary();
    const english = options.english ?? loadDefaultEnglish();
    this.vocabulary = queryVocabulary(vocabulary, english, synonyms);
    if (below.some((layer) => layer.vocabulary !== this.vocabulary)) {
      throw new Error('the layers of one search index need the same synonym list and vocabularies');
    }
    // Pass 1: the vocabulary (for splitting compounds and proposing corrections). The words of every field are
    // kept for pass 2, so that each text is tokenised once — once per document object, in fact (`documentWords`).
    this.words = documents.map((doc) => {
      const w = documentWords(doc, this.vocabulary.names);
      for (const folded of w.distinct) this.wordFrequency.set(folded, (this.wordFrequency.get(folded) ?? 0) + 1);
      for (const [folded, raw] of w.surfaces) if (!this.surfaces.has(folded)) this.surfaces.set(folded, raw);
      return w;
    });
    for (const word of this.surfaces.keys()) {
      const code = phoneticCode(word);
      if (code === '') continue;
      const list = this.phonetic.get(code);
      if (list) list.push(word);
      else this.phonetic.set(code, [word]);
    }
    const split = cachedSplitter(lexiconOf([...below, this], this.vocabulary.synonymWords));
    this.splitWord = split;
    for (const w of this.words) {
      for (const t of w.names.flat()) if (t.length >= 4) this.headCandidates.add(t);
    }
    for (const w of this.words) {
      for (const t of w.names.flat()) {
        if (this.nameParts.has(t) || t.length < MIN_COMPOUND_LENGTH) continue;
        const parts = split(t);
        if (parts && parts.length > 1) this.nameParts.set(t, parts.map(term));
      }
    }

    // Pass 2: the index. Each field becomes a list of terms; compounds also contribute their parts, so that "Hund"
    // finds "Hundesteuer" and "Ausweis" finds "Personalausweis". Kept as counts: BM25 needs the whole collection.
    this.ids = documents.map((d) => d.id);
    this.lengths = new Int32Array(documents.length * FIELD_COUNT);
    const sums = new Array<number>(FIELD_COUNT).fill(0);
    const entries = new Map<string, { docs: number[]; fields: number[]; tf: number[] }>();
    this.words.forEach((w, doc) => {
      for (let f = 0; f < FIELD_COUNT; f++) {
        const terms = termsOfWords(w.perField[f] ?? [], split);
        this.lengths[doc * FIELD_COUNT + f] = terms.length;
        sums[f] = (sums[f] as number) + terms.length;
        const counts = new Map<string, number>();
        for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
        for (const [t, count] of counts) {
          let e = entries.get(t);
          if (!e) {
            e = { docs: [], fields: [], tf: [] };
            entries.set(t, e);
          }
          e.docs.push(doc);
          e.fields.push(f);
          e.tf.push(count);
        }
      }
    });
    this.lengthSums = sums;
    for (const [t, e] of entries) {
      this.postings.set(t, {
        docs: Int32Array.from(e.docs),
        fields: Uint8Array.from(e.fields),
        tf: Uint32Array.from(e.tf),
      });
    }
    this.sortedTerms = [...this.postings.keys()].sort();
  }

  private compounds?: { words: string[]; docs: number[][]; trigrams: Map<string, number[]> };

  /**
   * This layer's words long enough to be split, each with the documents that have it, containing `part`: the words
   * whose split may change when `part` is in the lexicon or more frequent (a layer above says it). Found through a
   * trigram index of the long words, built on first use and shared by every index over this layer.
   */
  compoundsContaining(part: string): Array<{ word: string; docs: readonly number[] }> {
    if (!this.compounds) {
      const byWord = new Map<string, number[]>();
      this.words.forEach((w, doc) => {
        for (const folded of w.distinct) {
          if (folded.length < MIN_COMPOUND_LENGTH) continue;
          const docs = byWord.get(folded);
          if (docs) docs.push(doc);
          else byWord.set(folded, [doc]);
        }
      });
      const words = [...byWord.keys()];
      const trigramsOf = new Map<string, number[]>();
      words.forEach((word, i) => {
        for (const g of new Set(plainTrigrams(word))) {
          const list = trigramsOf.get(g);
          if (list) list.push(i);
          else trigramsOf.set(g, [i]);
        }
      });
      this.compounds = { words, docs: words.map((word) => byWord.get(word) as number[]), trigrams: trigramsOf };
    }
    const { words, docs, trigrams: index } = this.compounds;
    let rarest: number[] | undefined;
    for (const g of plainTrigrams(part)) {
      const list = index.get(g);
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    const out: Array<{ word: string; docs: readonly number[] }> = [];
    for (const i of rarest ?? []) {
      const word = words[i] as string;
      if (word !== part && word.includes(part)) out.push({ word, docs: docs[i] as number[] });
    }
    return out;
  }

  /** This layer's terms starting with `prefix` (itself included), sorted. */
  termsWithPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (let i = lowerBound(this.sortedTerms, prefix); i < this.sortedTerms.length; i++) {
      const t = this.sortedTerms[i] as string;
      if (!t.startsWith(prefix)) break;
      out.push(t);
    }
    return out;
  }

  /** Index terms, reversed and sorted: suffix lookups are a binary search and a scan. Built on first use. */
  private reversedTerms?: { reversed: string[]; terms: string[] };

  /** This layer's terms ending in `t` with at least three letters before it: compounds whose head `t` is. */
  termsEndingIn(t: string): string[] {
    if (!this.reversedTerms) {
      const reversed = this.sortedTerms.map(reverse).sort();
      this.reversedTerms = { reversed, terms: reversed.map(reverse) };
    }
    const { reversed, terms } = this.reversedTerms;
    const key = reverse(t);
    const out: string[] = [];
    for (let i = lowerBound(reversed, key); i < reversed.length; i++) {
      if (!(reversed[i] as string).startsWith(key)) break;
      const candidate = terms[i] as string;
      if (candidate.length >= t.length + 3) out.push(candidate);
    }
    return out;
  }

  private trigrams?: { terms: string[]; postings: Map<string, number[]> };

  /**
   * This layer's terms within `maxDistance` edits (OSA: a swap of neighbours is one edit) of `t`, with the distance.
   * Candidates come from a trigram index (built on the first fuzzy lookup: many layers never need it) and are then
   * checked exactly: much cheaper than a fuzzy walk of all terms, and the swap counts as one edit.
   */
  termsNear(t: string, maxDistance: number, into: Map<string, number>): void {
    if (!this.trigrams) {
      const terms = this.sortedTerms.filter((x) => x.length >= 3);
      const postings = new Map<string, number[]>();
      terms.forEach((x, i) => {
        for (const g of new Set(trigrams(x))) {
          const list = postings.get(g);
          if (list) list.push(i);
          else postings.set(g, [i]);
        }
      });
      this.trigrams = { terms, postings };
    }
    const index = this.trigrams;
    const grams = trigrams(t);
    const needed = Math.max(1, grams.length - 3 * maxDistance);
    const shared = new Map<number, number>();
    for (const g of grams) {
      for (const i of index.postings.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    for (const [i, count] of shared) {
      if (count < needed) continue;
      const candidate = index.terms[i] as string;
      if (candidate === t || into.has(candidate) || Math.abs(candidate.length - t.length) > maxDistance) continue;
      const d = editDistance(t, candidate, maxDistance);
      if (d <= maxDistance) into.set(candidate, d);
    }
  }
}

/** Trigrams of a word without boundary marks: those of a part are inside every word containing it. */
function plainTrigrams(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) out.push(word.slice(i, i + 3));
  return out;
}

/** A lower layer's document counted again with the words of the layers above (see `SearchIndex.patchSplits`). */
interface Patch {
  /** Terms per field (INDEX_FIELDS order). */
  lengths: Int32Array;
  counts: Map<string, Uint32Array>;
}

function sameParts(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The terms of a field's words: each word, and the parts of a compound. */
function termsOfWords(infos: readonly WordInfo[], split: (folded: string) => string[] | null): string[] {
  const out: string[] = [];
  for (const word of infos) {
    out.push(word.term);
    if (word.folded.length >= MIN_COMPOUND_LENGTH) {
      for (const part of split(word.folded) ?? []) out.push(term(part));
    }
  }
  return out;
}

/** Layers searched as one collection, bottom first; each layer's `below` must be the layers before it. */
export interface IndexLayers {
  layers: readonly IndexSegment[];
}

export class SearchIndex {
  readonly size: number;
  private readonly layers: readonly IndexSegment[];
  private readonly ids: readonly string[];
  /** Document number → what the query rules read of it (names, actions, qualifiers, name keys). */
  private readonly words: readonly DocumentWords[];
  /** Average field lengths over all layers (BM25). */
  private readonly avg: readonly number[];
  /** Term → its postings scored with the statistics of all layers, made on first use. */
  private readonly scored: Map<string, Posting>;
  private scoredEntries = 0;
  /** Synonym key (terms joined by spaces) → expansions as term lists, each with its weight. */
  private readonly synonyms: ReadonlyMap<string, readonly Expansion[]>;
  private readonly synonymWords: ReadonlySet<string>;
  private readonly maxSynonymWords: number;
  private readonly split: (folded: string) => string[] | null;
  /**
   * Per layer below the top: its documents counted again because a compound of theirs splits differently with the
   * words of the layers above (as one index over all would split it). Empty for one layer.
   */
  private readonly patches: Map<number, Patch>[] = [];
  /** Terms only the patched documents have (a part no layer has as a term of its own). */
  private readonly patchTerms = new Set<string>();
  private readonly nameSplits = new Map<string, string[] | undefined>();
  /** Terms of the place names (low-weight query words). */
  private readonly places: ReadonlySet<string>;

  /**
   * An index over `documents` (one layer), or over layers built beforehand (`{ layers }`; the synonyms and options
   * are then the layers').
   */
  constructor(
    source: readonly SearchDocument[] | IndexLayers,
    synonyms: readonly SynonymEntry[] = [],
    options: SearchIndexOptions = {},
  ) {
    const layers = 'layers' in source ? source.layers : [new IndexSegment(source, synonyms, options)];
    const top = layers[layers.length - 1];
    if (!top) throw new Error('a search index needs at least one layer');
    layers.forEach((layer, i) => {
      if (layer.below.length !== i || layer.below.some((below, j) => below !== layers[j])) {
        throw new Error('each layer of a search index must be built on the layers before it');
      }
    });
    this.layers = layers;
    // A layer searched alone has the same statistics in every index of it: those share one memo, bounded by the
    // layer's own terms (what the index used to compute ahead).
    this.scored = layers.length === 1 ? top.scoredAlone : new Map();
    // Concatenated, not pushed as spread arguments: a layer may hold more documents than a call takes arguments.
    this.ids = layers.length === 1 ? top.ids : layers.flatMap((layer) => layer.ids);
    this.words = layers.length === 1 ? top.words : layers.flatMap((layer) => layer.words);
    this.size = this.ids.length;
    const shared = top.vocabulary;
    this.places = shared.places;
    this.synonyms = shared.synonyms;
    this.synonymWords = shared.synonymWords;
    this.maxSynonymWords = shared.maxSynonymWords;
    this.split = cachedSplitter(lexiconOf(layers, shared.synonymWords));
    if (layers.length > 1) this.patchSplits();
    this.avg = INDEX_FIELDS.map((_f, f) => {
      let sum = 0;
      layers.forEach((layer, l) => {
        sum += layer.lengthSums[f] as number;
        for (const [doc, patch] of this.patches[l] ?? []) {
          sum += (patch.lengths[f] as number) - (layer.lengths[doc * FIELD_COUNT + f] as number);
        }
      });
      return sum / Math.max(1, this.size);
    });
  }

  /**
   * A term's postings: BM25 (Lucene's idf, BM25+ lower bound d) per field with the document count, document
   * frequencies and average field lengths of all layers, weighted by the field boosts, summed per document — the
   * numbers one index over the union of the layers' documents would have.
   */
  private posting(t: string): Posting | undefined {
    const kept = this.scored.get(t);
    if (kept) return kept;
    // Terms no layer has are not kept: what is typed must not grow the memo.
    const made = this.scorePosting(t);
    if (!made) return undefined;
    if (this.layers.length > 1) {
      this.scoredEntries += made.docs.length;
      if (this.scoredEntries > MAX_SCORED_ENTRIES) {
        this.scored.clear();
        this.scoredEntries = made.docs.length;
      }
    }
    this.scored.set(t, made);
    return made;
  }

  private scorePosting(t: string): Posting | undefined {
    const n = this.size;
    const df = new Int32Array(FIELD_COUNT);
    let count = 0;
    const raws = this.layers.map((layer) => layer.postings.get(t));
    raws.forEach((raw, l) => {
      const patches = this.patches[l];
      if (raw) {
        for (let j = 0; j < raw.docs.length; j++) {
          if (patches?.has(raw.docs[j] as number)) continue;
          const f = raw.fields[j] as number;
          df[f] = (df[f] as number) + 1;
          if (j === 0 || raw.docs[j] !== raw.docs[j - 1]) count++;
        }
      }
      for (const patch of patches?.values() ?? []) {
        const counts = patch.counts.get(t);
        if (!counts) continue;
        count++;
        for (let f = 0; f < FIELD_COUNT; f++) if ((counts[f] as number) > 0) df[f] = (df[f] as number) + 1;
      }
    });
    if (count === 0) return undefined;
    const idf = Array.from(df, (x) => Math.log(1 + (n - x + 0.5) / (x + 0.5)));
    const docs = new Int32Array(count);
    const all = new Float64Array(count);
    const suggest = new Float64Array(count);
    const { k, d } = BM25;
    let slot = -1;
    const score = (f: number, freq: number, len: number) => {
      const fb = FIELD_B_LIST[f] as number;
      return (
        (FIELD_BOOST_LIST[f] as number) *
        (idf[f] as number) *
        (d + (freq * (k + 1)) / (freq + k * (1 - fb + (fb * len) / ((this.avg[f] as number) || 1))))
      );
    };
    let offset = 0;
    raws.forEach((raw, l) => {
      const layer = this.layers[l] as IndexSegment;
      const patches = this.patches[l];
      if (raw) {
        let last = -1;
        for (let j = 0; j < raw.docs.length; j++) {
          const doc = raw.docs[j] as number;
          if (patches?.has(doc)) continue;
          if (doc !== last) {
            docs[++slot] = offset + doc;
            last = doc;
          }
          const f = raw.fields[j] as number;
          const s = score(f, raw.tf[j] as number, layer.lengths[doc * FIELD_COUNT + f] as number);
          all[slot] = (all[slot] as number) + s;
          if (SUGGEST_FIELD_LIST[f]) suggest[slot] = (suggest[slot] as number) + s;
        }
      }
      for (const [doc, patch] of patches ?? []) {
        const counts = patch.counts.get(t);
        if (!counts) continue;
        docs[++slot] = offset + doc;
        for (let f = 0; f < FIELD_COUNT; f++) {
          const freq = counts[f] as number;
          if (freq === 0) continue;
          const s = score(f, freq, patch.lengths[f] as number);
          all[slot] = (all[slot] as number) + s;
          if (SUGGEST_FIELD_LIST[f]) suggest[slot] = (suggest[slot] as number) + s;
        }
      }
      offset += layer.size;
    });
    return { docs, all, suggest };
  }

  /**
   * A lower layer split its compounds with its own words and those below; one index over all layers splits them with
   * the upper layers' words too ("Baulastenauskunft" with "Baulast" from a county's service). The words that can
   * split differently contain a word of an upper layer (it joins the lexicon or counts more often): those are split
   * again with all layers' words, and the documents where a split changed are counted again for this index.
   */
  private patchSplits(): void {
    this.layers.forEach((lower, l) => {
      const patches = new Map<number, Patch>();
      this.patches.push(patches);
      if (l === this.layers.length - 1) return;
      const changedDocs = new Set<number>();
      const checked = new Set<string>();
      for (const upper of this.layers.slice(l + 1)) {
        for (const part of upper.wordFrequency.keys()) {
          if (part.length < 3) continue;
          for (const { word, docs } of lower.compoundsContaining(part)) {
            if (checked.has(word)) continue;
            checked.add(word);
            if (!sameParts(lower.splitWord(word), this.split(word))) for (const doc of docs) changedDocs.add(doc);
          }
        }
      }
      for (const doc of changedDocs) {
        const words = lower.words[doc] as DocumentWords;
        const lengths = new Int32Array(FIELD_COUNT);
        const counts = new Map<string, Uint32Array>();
        for (let f = 0; f < FIELD_COUNT; f++) {
          const terms = termsOfWords(words.perField[f] ?? [], this.split);
          lengths[f] = terms.length;
          for (const t of terms) {
            let perField = counts.get(t);
            if (!perField) {
              perField = new Uint32Array(FIELD_COUNT);
              counts.set(t, perField);
            }
            perField[f] = (perField[f] as number) + 1;
          }
        }
        patches.set(doc, { lengths, counts });
        for (const t of counts.keys()) if (!this.layers.some((layer) => layer.postings.has(t))) this.patchTerms.add(t);
      }
    });
  }

  private hasTerm(t: string): boolean {
    for (const layer of this.layers) if (layer.postings.has(t)) return true;
    return this.patchTerms.has(t);
  }

  private hasWord(folded: string): boolean {
    for (const layer of this.layers) if (layer.wordFrequency.has(folded)) return true;
    return false;
  }

  private frequency(folded: string): number {
    let f = 0;
    for (const layer of this.layers) f += layer.wordFrequency.get(folded) ?? 0;
    return f;
  }

  /** How the catalog spells a folded word: the first spelling of the lowest layer that has it. */
  private surface(folded: string): string | undefined {
    for (const layer of this.layers) {
      const s = layer.surfaces.get(folded);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  private proposable?: string[];

  /** Every proposable folded word, in document order (layer by layer). */
  private surfaceWords(): readonly string[] {
    if (!this.proposable) {
      const seen = new Set<string>();
      for (const layer of this.layers) for (const w of layer.surfaces.keys()) seen.add(w);
      this.proposable = [...seen];
    }
    return this.proposable;
  }

  private soundingLike(code: string): string[] {
    if (this.layers.length === 1) return (this.layers[0] as IndexSegment).phonetic.get(code) ?? [];
    const seen = new Set<string>();
    for (const layer of this.layers) for (const w of layer.phonetic.get(code) ?? []) seen.add(w);
    return [...seen];
  }

  private nameParts(t: string): string[] | undefined {
    if (this.layers.length === 1) return (this.layers[0] as IndexSegment).nameParts.get(t);
    // Split with the words of all layers, as one index over them would (memoised: names recur across queries).
    if (this.nameSplits.has(t)) return this.nameSplits.get(t);
    let parts: string[] | undefined;
    // Only name terms come here (`coverage` in `run`).
    if (t.length >= MIN_COMPOUND_LENGTH) {
      const split = this.split(t);
      if (split && split.length > 1) parts = split.map(term);
    }
    this.nameSplits.set(t, parts);
    return parts;
  }

  private isHeadCandidate(t: string): boolean {
    for (const layer of this.layers) if (layer.headCandidates.has(t)) return true;
    return false;
  }

  /** Index terms starting with `prefix` (itself included), sorted. */
  private termsWithPrefix(prefix: string): string[] {
    if (this.layers.length === 1) return (this.layers[0] as IndexSegment).termsWithPrefix(prefix);
    const found = new Set(this.layers.flatMap((layer) => layer.termsWithPrefix(prefix)));
    for (const t of this.patchTerms) if (t.startsWith(prefix)) found.add(t);
    return [...found].sort();
  }

  /** Index terms ending in `t` with at least three letters before it, in the order of their reversed spelling. */
  private suffixTerms(t: string): string[] {
    if (this.layers.length === 1) return (this.layers[0] as IndexSegment).termsEndingIn(t);
    const found = [...new Set(this.layers.flatMap((layer) => layer.termsEndingIn(t)))];
    for (const x of this.patchTerms) if (x.endsWith(t) && x.length >= t.length + 3 && !found.includes(x)) found.push(x);
    return found
      .map((x) => ({ x, r: reverse(x) }))
      .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
      .map((e) => e.x);
  }

  /**
   * Index terms within `maxDistance` edits of `t`, each with the weight a match through it gets; in term order, so
   * that the scores add up in the same order however the terms are spread over layers.
   */
  private fuzzyTerms(t: string, maxDistance: number): Map<string, number> {
    const near = new Map<string, number>();
    for (const layer of this.layers) layer.termsNear(t, maxDistance, near);
    for (const x of this.patchTerms) {
      if (x === t || near.has(x) || x.length < 3 || Math.abs(x.length - t.length) > maxDistance) continue;
      const d = editDistance(t, x, maxDistance);
      if (d <= maxDistance) near.set(x, d);
    }
    const out = new Map<string, number>();
    for (const candidate of [...near.keys()].sort()) {
      const d = near.get(candidate) as number;
      out.set(candidate, (FUZZY_WEIGHT * candidate.length) / (candidate.length + d));
    }
    return out;
  }

  /** The words of a text that carry meaning. */
  private contentWords(text: string): QueryWord[] {
    return contentWords(text);
  }

  private hasSuffixMatch(t: string): boolean {
    return t.length >= MIN_SUFFIX_LENGTH && this.suffixTerms(t).length > 0;
  }

  /** An everyday word typed slightly off ("Persos", "Knölchen") still reaches its synonym entry. */
  private closestSynonymKey(t: string): string | undefined {
    const max = fuzziness(t.length);
    if (max === 0) return undefined;
    let best: string | undefined;
    let bestDistance = max + 1;
    for (const key of this.synonyms.keys()) {
      if (key.includes(' ')) continue;
      const d = editDistance(t, key, max);
      if (d < bestDistance) {
        best = key;
        bestDistance = d;
      }
    }
    // "Kindergelt" is one letter off the catalog's "Kindergeld" and two off the synonym "Kindergarten": a catalog
    // word nearer than the nearest synonym key wins (looked up only when it could be nearer).
    if (best !== undefined && bestDistance > 1 && this.fuzzyTerms(t, bestDistance - 1).size > 0) return undefined;
    return best;
  }

  private isKnown(word: QueryWord): boolean {
    return this.hasTerm(word.term) || this.synonyms.has(word.term);
  }

  /** Query words after compound splitting: an unknown compound becomes its parts, as if typed apart. */
  private queryWords(query: string): QueryWord[] {
    const out: QueryWord[] = [];
    for (const word of this.contentWords(sanitiseQuery(query))) {
      if (out.length >= MAX_QUERY_WORDS) break;
      if (isEnglishStopword(word.folded)) continue;
      const parts =
        !this.isKnown(word) && word.folded.length >= MIN_COMPOUND_LENGTH && !this.hasSuffixMatch(word.term)
          ? this.split(word.folded)
          : null;
      if (parts) for (const p of parts) out.push({ prepared: p, folded: p, term: term(p) });
      else if (!this.isKnown(word)) out.push({ ...word, term: this.closestSynonymKey(word.term) ?? word.term });
      else out.push(word);
    }
    return out;
  }

  /** The action a group of query words asks for, if any. */
  private actionOf(words: readonly QueryWord[]): { action?: ActionClass } {
    for (const w of words) {
      const action = actionClass(w.term);
      if (action) return { action };
    }
    return {};
  }

  /**
   * Whether a document's name (German or English) is about one of `objects` (the query's object terms): a name term
   * is one of them, or one is the head of the other ("Ersatzführerschein" for "Führerschein", "Ausweis" for
   * "Personalausweis").
   */
  private namesObject(doc: number, objects: ReadonlySet<string>): boolean {
    for (const name of this.words[doc]?.names ?? []) {
      for (const t of name) {
        for (const o of objects) {
          if (t === o || isHead(t, o) || isHead(o, t)) return true;
        }
      }
    }
    return false;
  }

  /** The class of a group of query words: an object if any word names one. */
  private classOf(words: readonly QueryWord[]): WordClass {
    let cls: WordClass = 'place';
    for (const w of words) {
      const c = wordClass(w.term, this.places);
      if (c === 'object') return 'object';
      if (c === 'intent' || (c === 'person' && cls === 'place')) cls = c;
    }
    return cls;
  }

  /**
   * Index terms that two neighbouring query words make as one compound ("klein kläranlage" → "Kleinkläranlage",
   * "Hunde Steuer" → "Hundesteuer"): position i → the compound of words i and i + 1.
   */
  private joins(qwords: readonly QueryWord[]): Map<number, Alternative[]> {
    const out = new Map<number, Alternative[]>();
    for (let i = 0; i + 1 < qwords.length; i++) {
      const a = qwords[i] as QueryWord;
      const b = qwords[i + 1] as QueryWord;
      if (a.prepared.length < 3 || b.prepared.length < 3) continue;
      // The first word also as its one-word synonyms: "Kfz Steuer" is "Kraftfahrzeugsteuer".
      const firsts = [
        a.prepared,
        ...(this.synonyms.get(a.term) ?? []).flatMap((x) => (x.terms.length === 1 ? x.terms : [])),
      ];
      search: for (const first of firsts) {
        for (const link of JOIN_LINKS) {
          const t = term(first + link + b.prepared);
          // The compound the index knows, and what the synonyms make of it ("Müll Tonne" → Abfallbehälter).
          const alternatives: Alternative[] = (this.synonyms.get(t) ?? []).map((x) => ({
            terms: x.terms.map((e) => ({ term: e, fuzzy: 0, prefix: false })),
            weight: x.weight,
          }));
          if (this.hasTerm(t)) alternatives.push({ terms: [{ term: t, fuzzy: 0, prefix: false }], weight: 1 });
          if (alternatives.length > 0) {
            out.set(i, alternatives);
            break search;
          }
        }
      }
    }
    return out;
  }

  private parse(query: string, prefixLast: boolean): Group[] {
    const qwords = this.queryWords(query);
    const joins = this.joins(qwords);
    // The compounds touching words [from, to): extra readings of the group of those words.
    const joined = (from: number, to: number): Alternative[] =>
      [joins.get(from - 1), joins.get(to - 1)].flatMap((alternatives) => alternatives ?? []);
    const groups: Group[] = [];
    let i = 0;
    while (i < qwords.length) {
      let matched = 0;
      for (let len = Math.min(this.maxSynonymWords, qwords.length - i); len >= 1; len--) {
        const key = qwords
          .slice(i, i + len)
          .map((w) => w.term)
          .join(' ');
        const expansions = this.synonyms.get(key);
        if (!expansions) continue;
        const own = qwords.slice(i, i + len).map((w) => this.spec(w, prefixLast && i + len === qwords.length));
        groups.push({
          alternatives: [
            { terms: own, weight: 1 },
            ...expansions.map((x) => ({
              terms: x.terms.map((t) => ({ term: t, fuzzy: 0, prefix: false })),
              weight: x.weight,
            })),
            ...joined(i, i + len),
          ],
          cls: this.classOf(qwords.slice(i, i + len)),
          ...this.actionOf(qwords.slice(i, i + len)),
        });
        matched = len;
        break;
      }
      if (matched > 0) {
        i += matched;
        continue;
      }
      const word = qwords[i] as QueryWord;
      const alternatives: Alternative[] = [
        { terms: [this.spec(word, prefixLast && i === qwords.length - 1)], weight: 1 },
      ];
      if (!this.hasTerm(word.term)) {
        // Swapped letters ("Fuehrerschien") cost two plain edits; try the swaps the index knows directly.
        for (const variant of transpositions(word.folded)) {
          const t = term(variant);
          if (this.hasTerm(t))
            alternatives.push({ terms: [{ term: t, fuzzy: 0, prefix: false }], weight: VARIANT_WEIGHT });
        }
        // An inflection the stemmer keeps ("Nachbarn"): the word without it, and what it begins ("Nachbarschaft").
        for (const ending of INFLECTIONS) {
          if (word.folded.length - ending.length < 4 || !word.folded.endsWith(ending)) continue;
          const t = term(word.folded.slice(0, -ending.length));
          if (t !== word.term && this.hasTerm(t)) {
            alternatives.push({ terms: [{ term: t, fuzzy: 0, prefix: true }], weight: VARIANT_WEIGHT });
            break;
          }
        }
      }
      alternatives.push(...joined(i, i + 1));
      groups.push({ alternatives, cls: this.classOf([word]), ...this.actionOf([word]) });
      i += 1;
    }
    return groups;
  }

  private spec(word: QueryWord, unfinished: boolean): TermSpec {
    const known = this.hasTerm(word.term);
    return {
      term: word.term,
      // A word the index knows is taken as typed: fuzzy neighbours of a real word ("Hund" → "Bund") are noise.
      fuzzy: known ? 0 : fuzziness(word.term.length),
      // Unknown words may be beginnings ("Perso", "Kinderg"): complete them from the index.
      prefix: unfinished || (!known && word.term.length >= 3),
      // … or the head of a compound the index knows ("Kläranlage" in "Kleinkläranlage").
      suffix: !known && word.term.length >= MIN_SUFFIX_LENGTH,
    };
  }

  private run(groups: Group[], suggestOnly: boolean): Float64Array {
    const n = this.ids.length;
    const total = new Float64Array(n);
    const matchedGroups = new Float64Array(n);
    const hasObject = groups.some((g) => g.cls === 'object');
    const actions = new Set(groups.flatMap((g) => (g.action ? [g.action] : [])));
    // The query's objects (as typed and as synonyms read them), for the action rule below.
    const objects = new Set<string>();
    if (actions.size > 0) {
      for (const g of groups) {
        if (g.cls !== 'object') continue;
        const terms = g.alternatives.flatMap((alt) => alt.terms.map((spec) => spec.term));
        // A synonym that names a kind of the typed word says what it means: "Ausweis" is the Personalausweis, so
        // "Ausweis verlängern" is not about the Schwerbehindertenausweis.
        for (const t of terms) {
          if (!terms.some((other) => isHead(t, other))) objects.add(t);
        }
      }
    }
    // Typo neighbours of a query word, looked up once per query (scoring and the exact-name key both need them).
    const fuzzyCache = new Map<string, Map<string, number>>();
    const fuzzy = (t: string, distance: number): Map<string, number> => {
      let found = fuzzyCache.get(`${distance} ${t}`);
      if (!found) {
        found = this.fuzzyTerms(t, distance);
        fuzzyCache.set(`${distance} ${t}`, found);
      }
      return found;
    };
    const best = new Float64Array(n);
    const sum = new Float64Array(n);
    const part = new Float64Array(n);
    const found = new Float64Array(n);
    // Every index term the query reached (exact, completed, typo variant, synonym): for the name coverage below.
    const reached = new Set<string>();
    // Places and relatives do not cover a name ("Mutter" is no reason for "Tagesmutter").
    let covers = true;
    const add = (t: string, weight: number, into: Float64Array) => {
      const p = this.posting(t);
      if (!p) return;
      if (covers) reached.add(t);
      const scores = suggestOnly ? p.suggest : p.all;
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i] as number;
        into[doc] = (into[doc] as number) + weight * (scores[i] as number);
      }
    };
    const addSpec = (spec: TermSpec, into: Float64Array) => {
      add(spec.term, 1, into);
      if (spec.prefix) {
        // Completions weigh less the more letters they add (MiniSearch's formula).
        for (const t of this.termsWithPrefix(spec.term)) {
          if (t.length === spec.term.length) continue;
          add(t, (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * (t.length - spec.term.length)), into);
        }
      }
      if (spec.suffix) {
        for (const t of this.suffixTerms(spec.term)) {
          add(t, (SUFFIX_WEIGHT * t.length) / (t.length + 0.3 * (t.length - spec.term.length)), into);
        }
      }
      if (spec.fuzzy > 0) {
        for (const [t, weight] of fuzzy(spec.term, spec.fuzzy)) {
          if (!(spec.prefix && t.startsWith(spec.term))) add(t, weight, into);
        }
      }
    };
    for (const group of groups) {
      const groupWeight = hasObject ? CLASS_WEIGHTS[group.cls] : 1;
      covers = !hasObject || group.cls === 'object' || group.cls === 'intent';
      best.fill(0);
      for (const alt of group.alternatives) {
        sum.fill(0);
        if (alt.terms.length === 1) addSpec(alt.terms[0] as TermSpec, sum);
        else {
          // A phrase ("häusliche Gewalt") counts by the share of its words a service has: "häusliche Krankenpflege"
          // has one of two.
          found.fill(0);
          for (const spec of alt.terms) {
            part.fill(0);
            addSpec(spec, part);
            for (let i = 0; i < n; i++) {
              if ((part[i] as number) > 0) {
                sum[i] = (sum[i] as number) + (part[i] as number);
                found[i] = (found[i] as number) + 1;
              }
            }
          }
          for (let i = 0; i < n; i++) sum[i] = ((sum[i] as number) * (found[i] as number)) / alt.terms.length;
        }
        const w = alt.weight / alt.terms.length ** 0.5;
        for (let i = 0; i < n; i++) {
          const v = (sum[i] as number) * w;
          if (v > (best[i] as number)) best[i] = v;
        }
      }
      for (let i = 0; i < n; i++) {
        if ((best[i] as number) > 0) {
          total[i] = (total[i] as number) + groupWeight * (best[i] as number);
          matchedGroups[i] = (matchedGroups[i] as number) + groupWeight;
        }
      }
    }
    // A name that says the head of what the query names ("Ausweis" for "Personalausweis") is about it too: the query's
    // object is a kind of the name's. Only the words as typed and their synonyms, not completions or typo variants.
    const asked = new Set(groups.flatMap((g) => g.alternatives.flatMap((a) => a.terms.map((s) => s.term))));
    const heads = new Set<string>();
    for (const q of asked) {
      // The endings of the word that could be a head (isHead: four letters at least, three before it).
      for (let from = 3; q.length - from >= 4; from++) {
        const tail = q.slice(from);
        if (this.isHeadCandidate(tail)) heads.add(tail);
      }
    }
    // A name term is covered when the query reached it, or all its parts ("Kfz Steuer" → "Kraftfahrzeugsteuer").
    // Memoised per query: the same name terms recur across services. Plain loops, no closures per document.
    const covering = new Map<string, number>();
    const coverage = (t: string): number => {
      let c = covering.get(t);
      if (c !== undefined) return c;
      c = 0;
      if (reached.has(t) || heads.has(t)) c = 1;
      else {
        const parts = this.nameParts(t);
        if (parts) {
          let all = true;
          for (const p of parts) if (!reached.has(p)) all = false;
          c = all ? 1 : reached.has(parts[parts.length - 1] as string) ? HEAD_ONLY_COVERAGE : 0;
        }
      }
      covering.set(t, c);
      return c;
    };
    // The query's words as typed, as a key like the names' keys (all words, or the object words only).
    // A typo stands for its nearest catalog word ("Reispass" → "Reisepass").
    const corrected = (spec: TermSpec): string => {
      if (spec.fuzzy === 0 || this.hasTerm(spec.term)) return spec.term;
      let best = spec.term;
      let bestWeight = 0;
      for (const [t, w] of fuzzy(spec.term, spec.fuzzy)) {
        if (w > bestWeight || (w === bestWeight && t < best)) {
          best = t;
          bestWeight = w;
        }
      }
      return best;
    };
    const typedKey = (gs: readonly Group[]): string =>
      nameKey(gs.flatMap((g) => g.alternatives[0]?.terms.map(corrected) ?? []));
    const queryKeys = hasObject ? [typedKey(groups), typedKey(groups.filter((g) => g.cls === 'object'))] : [];
    // Documents that match more of the query's words win: the sum times the number of groups matched. Among those,
    // the service whose name the query covers best ("Führerschein" → "Führerschein beantragen" before
    // "Internationalen Führerschein beantragen"): the plain service is what a short query most often means.
    for (let i = 0; i < n; i++) {
      if ((total[i] as number) === 0) continue;
      let covered = 0;
      const w = this.words[i] as DocumentWords;
      const qualifiers = w.qualifiers;
      const names = w.names;
      for (let k = 0; k < names.length; k++) {
        let reachedWeight = 0;
        let allWeight = 0;
        for (const t of names[k] as string[]) {
          // Only the German name (the first) has qualifiers; English names are "Apply for …".
          const weight = k === 0 && qualifiers?.has(t) ? QUALIFIER_WEIGHT : 1;
          reachedWeight += weight * coverage(t);
          allWeight += weight;
        }
        if (allWeight > 0) covered = Math.max(covered, reachedWeight / allWeight);
      }
      let score =
        (total[i] as number) * (matchedGroups[i] as number) ** MATCHED_POWER * (1 + NAME_COVERAGE_BONUS * covered);
      // "Personalausweis verloren": among the services whose name names the object, the one named after the loss.
      if (actions.size > 0 && hasObject) {
        const named = w.actions;
        let says = false;
        if (named) for (const a of actions) if (named.has(a)) says = true;
        if (says && this.namesObject(i, objects)) score *= ACTION_NAME_BONUS;
      }
      // All words as typed weigh more than the object words alone ("business registration": "Register a business",
      // not "Change a business registration").
      const keys = w.nameKeys;
      if (keys && queryKeys.length > 0) {
        if (keys.has(queryKeys[0] as string)) score *= EXACT_NAME_FACTOR;
        else if (keys.has(queryKeys[1] as string)) score *= EXACT_NAME_FACTOR ** 0.5;
      }
      const own = hasObject ? w.ownActions : undefined;
      if (own) {
        let unasked = false;
        for (const a of own) if (!actions.has(a)) unasked = true;
        if (unasked) score *= UNASKED_ACTION_FACTOR;
      }
      total[i] = score;
    }
    return total;
  }

  private rank(scores: Float64Array, limit: number): ScoredId[] {
    let max = 0;
    for (const s of scores) if (s > max) max = s;
    if (max === 0) return [];
    const hits: { i: number; score: number }[] = [];
    scores.forEach((score, i) => {
      if (score > 0 && score >= max * MIN_RELATIVE_SCORE) hits.push({ i, score });
    });
    hits.sort((a, b) => b.score - a.score || ((this.ids[a.i] as string) < (this.ids[b.i] as string) ? -1 : 1));
    return hits.slice(0, limit).map((h) => ({ id: this.ids[h.i] as string, score: Math.round(h.score * 1000) / 1000 }));
  }

  search(query: string, options: IndexSearchOptions = {}): IndexSearchResult {
    const limit = options.limit ?? 20;
    const suggestOnly = options.suggestOnly ?? false;
    const groups = this.parse(query, options.prefixLast ?? false);
    if (groups.length === 0) return { hits: [] };
    const hits = this.rank(this.run(groups, suggestOnly), limit);
    if (hits.length > 0) return { hits };
    const didYouMean = this.didYouMean(query);
    if (didYouMean === undefined) return { hits: [] };
    // Show what the correction finds right away; the caller still knows the query as typed found nothing.
    return { hits: this.rank(this.run(this.parse(didYouMean, false), suggestOnly), limit), didYouMean };
  }

  /** Services whose names (or synonyms, Lebenslagen) complete what has been typed so far. */
  suggest(query: string, limit = 8): ScoredId[] {
    const groups = this.parse(query, true);
    if (groups.length === 0) return [];
    return this.rank(this.run(groups, true), limit);
  }

  /** A corrected query built from the catalog's own words, or undefined when there is nothing to correct. */
  didYouMean(query: string): string | undefined {
    const out: string[] = [];
    let changed = false;
    for (const word of this.contentWords(sanitiseQuery(query)).slice(0, MAX_QUERY_WORDS)) {
      if (this.isKnown(word) || this.hasWord(word.folded)) {
        out.push(this.surface(word.folded) ?? word.prepared);
        continue;
      }
      const best = this.closestWord(word.folded);
      if (best) {
        out.push(this.surface(best) ?? best);
        changed = true;
      }
      // An unfixable word is dropped from the proposal: the rest may still find something.
      else changed = true;
    }
    return changed && out.length > 0 ? out.join(' ') : undefined;
  }

  private closestWord(folded: string): string | undefined {
    const max = folded.length <= 4 ? 1 : folded.length <= 8 ? 2 : 3;
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    let bestFrequency = 0;
    const consider = (candidate: string, distance: number) => {
      const frequency = this.frequency(candidate);
      if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
        best = candidate;
        bestDistance = distance;
        bestFrequency = frequency;
      }
    };
    for (const candidate of this.surfaceWords()) {
      if (Math.abs(candidate.length - folded.length) > max) continue;
      const d = editDistance(folded, candidate, max);
      if (d <= max) consider(candidate, d);
    }
    if (best === undefined) {
      // Sounds alike ("Firerschain"): same Kölner Phonetik code and not too far apart.
      for (const candidate of this.soundingLike(colognePhonetic(folded))) {
        const d = editDistance(folded, candidate, Math.ceil(folded.length / 2));
        if (d <= Math.ceil(folded.length / 2)) consider(candidate, d + 0.5);
      }
    }
    return best;
  }
}

/** Distinct terms, sorted and joined: the same words in any order give the same key. */
function nameKey(terms: readonly string[]): string {
  return [...new Set(terms)].sort().join(' ');
}

/** Whether `head` ends the compound `t` ("ausweis" in "personalausweis"); heads have at least four letters. */
function isHead(head: string, t: string): boolean {
  return head.length >= 4 && t.length >= head.length + 3 && t.endsWith(head);
}

/** First position in a sorted array whose value is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function reverse(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

/** Trigrams of a word padded with boundary marks (so that short words have some, and ends weigh in). */
export function trigrams(word: string): string[] {
  const padded = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** Each string with two neighbouring letters swapped. */
export function transpositions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return out;
}
