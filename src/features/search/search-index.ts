// The in-process search index of one area's services: MiniSearch (BM25 per field, fuzzy and prefix lookups on a
// radix tree) fed with terms our German pipeline made, plus the query rules MiniSearch does not know: synonyms,
// compound splitting, typo variants and "meinten Sie …?". Pure: built from documents, no I/O.
import MiniSearch from 'minisearch';
import { splitCompound, type Lexicon } from './decompound.ts';
import { colognePhonetic, editDistance, fold, isStopword, term, words } from './german-text.ts';
import {
  FIELD_BOOSTS,
  SEARCH_FIELDS,
  SUGGEST_FIELDS,
  sanitiseQuery,
  type IndexSearchResult,
  type ScoredId,
  type SearchDocument,
  type SearchField,
  type SynonymEntry,
} from './search.ts';

/** One term to look up, and how loosely. */
interface TermSpec {
  term: string;
  /** Maximum edit distance (0: exact only). */
  fuzzy: number;
  prefix: boolean;
}

/** One way to read a group of query words: its terms all count (summed), the whole weighted. */
interface Alternative {
  terms: TermSpec[];
  weight: number;
}

/** What one query word (or synonym phrase) contributes: the best of its alternatives. */
interface Group {
  alternatives: Alternative[];
}

interface QueryWord {
  /** Prepared form (digraphs kept): what the stemmer gets. */
  prepared: string;
  folded: string;
  term: string;
}

export interface IndexSearchOptions {
  limit?: number;
  /** Treat the last word as unfinished (as-you-type). */
  prefixLast?: boolean;
  fields?: SearchField[];
}

// Bounds that keep one query cheap whatever is pasted into the box.
const MAX_QUERY_WORDS = 24;
// Hits scoring below this share of the best hit are noise (a fuzzy match in some Volltext).
const MIN_RELATIVE_SCORE = 0.02;
// Compounds are at least this long; shorter unknown words are more likely typos than compounds.
const MIN_COMPOUND_LENGTH = 7;
const SYNONYM_WEIGHT = 0.9;
const VARIANT_WEIGHT = 0.8;

/** Edit distance a word of this length may be off by: none for short words (too many neighbours), then 1, then 2. */
export function fuzziness(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

interface IndexedFields {
  id: string;
  name: string;
  synonyms: string;
  lebenslagen: string;
  keywords: string;
  teaser: string;
  fullText: string;
  otherText: string;
}

function fieldTexts(doc: SearchDocument): Record<SearchField, string> {
  return {
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
const PROPOSABLE_FIELDS: ReadonlySet<SearchField> = new Set(['name', 'synonyms', 'lebenslagen', 'keywords', 'teaser']);

export class SearchIndex {
  readonly size: number;
  private readonly engine: MiniSearch<IndexedFields>;
  /** Every term in the index. */
  private readonly terms = new Set<string>();
  /** Folded word → number of documents containing it: the lexicon of the compound splitter. */
  private readonly wordFrequency = new Map<string, number>();
  /** Folded word → how the catalog spells it, for "meinten Sie …?". */
  private readonly surfaces = new Map<string, string>();
  /** Kölner Phonetik code → folded proposable words. */
  private readonly phonetic = new Map<string, string[]>();
  /** Synonym key (terms joined by spaces) → expansions as term lists. */
  private readonly synonyms = new Map<string, string[][]>();
  private readonly synonymWords = new Set<string>();
  private maxSynonymWords = 1;
  private readonly splitCache = new Map<string, string[] | null>();
  private readonly lexicon: Lexicon;

  constructor(documents: readonly SearchDocument[], synonyms: readonly SynonymEntry[] = []) {
    this.size = documents.length;
    this.buildSynonyms(synonyms);

    // Pass 1: the vocabulary (for splitting compounds and proposing corrections).
    const stems = new Set<string>();
    for (const doc of documents) {
      const seen = new Set<string>();
      const texts = fieldTexts(doc);
      for (const field of SEARCH_FIELDS) {
        for (const prepared of words(texts[field])) {
          const folded = fold(prepared);
          if (folded.length < 2 || seen.has(folded) || isStopword(folded)) continue;
          seen.add(folded);
          this.wordFrequency.set(folded, (this.wordFrequency.get(folded) ?? 0) + 1);
          stems.add(term(prepared));
        }
        if (!PROPOSABLE_FIELDS.has(field)) continue;
        // How the catalog spells a word ("Führerschein"), to propose it in "meinten Sie …?".
        for (const raw of texts[field].split(/[^\p{L}\p{N}]+/u)) {
          const rawWords = words(raw);
          if (rawWords.length !== 1) continue;
          const folded = fold(rawWords[0] as string);
          if (!this.surfaces.has(folded) && !/^[0-9]+$/.test(folded) && !isStopword(folded)) this.surfaces.set(folded, raw);
        }
      }
    }
    for (const word of this.surfaces.keys()) {
      const code = colognePhonetic(word);
      if (code === '') continue;
      const list = this.phonetic.get(code);
      if (list) list.push(word);
      else this.phonetic.set(code, [word]);
    }
    this.lexicon = {
      has: (w) => w.length >= 3 && !isStopword(w) && (this.wordFrequency.has(w) || this.synonymWords.has(w)),
      frequency: (w) => this.wordFrequency.get(w) ?? 0,
      hasLast: (w) => w.length >= 3 && stems.has(term(w)),
    };

    // Pass 2: the index. Each field becomes a string of terms; compounds also contribute their parts, so that
    // "Hund" finds "Hundesteuer" and "Ausweis" finds "Personalausweis".
    this.engine = new MiniSearch<IndexedFields>({
      fields: SEARCH_FIELDS,
      idField: 'id',
      tokenize: (text) => text.split(' '),
      processTerm: (t) => t || null,
      searchOptions: { tokenize: (text) => [text], processTerm: (t) => t },
    });
    const indexed: IndexedFields[] = documents.map((doc) => {
      const texts = fieldTexts(doc);
      const out = { id: doc.id } as IndexedFields;
      for (const field of SEARCH_FIELDS) out[field] = this.termsOf(texts[field]).join(' ');
      return out;
    });
    this.engine.addAll(indexed);
  }

  private buildSynonyms(entries: readonly SynonymEntry[]): void {
    for (const entry of entries) {
      const keyWords = this.contentWords(entry.term);
      if (keyWords.length === 0) continue;
      const key = keyWords.map((w) => w.term).join(' ');
      const expansions = entry.expansions
        .map((e) => this.contentWords(e).map((w) => w.term))
        .filter((terms) => terms.length > 0);
      if (expansions.length === 0) continue;
      this.synonyms.set(key, [...(this.synonyms.get(key) ?? []), ...expansions]);
      this.maxSynonymWords = Math.max(this.maxSynonymWords, keyWords.length);
      for (const w of keyWords) this.synonymWords.add(w.folded);
    }
  }

  /** The words of a text that carry meaning. */
  private contentWords(text: string): QueryWord[] {
    const out: QueryWord[] = [];
    for (const prepared of words(text)) {
      const folded = fold(prepared);
      if (isStopword(folded)) continue;
      out.push({ prepared, folded, term: term(prepared) });
    }
    return out;
  }

  private split(folded: string): string[] | null {
    let parts = this.splitCache.get(folded);
    if (parts === undefined) {
      parts = splitCompound(folded, this.lexicon);
      if (this.splitCache.size > 100_000) this.splitCache.clear();
      this.splitCache.set(folded, parts);
    }
    return parts;
  }

  private termsOf(text: string): string[] {
    const out: string[] = [];
    for (const word of this.contentWords(text)) {
      out.push(word.term);
      if (word.folded.length >= MIN_COMPOUND_LENGTH) {
        for (const part of this.split(word.folded) ?? []) out.push(term(part));
      }
      this.terms.add(word.term);
    }
    for (const t of out) this.terms.add(t);
    return out;
  }

  private isKnown(word: QueryWord): boolean {
    return this.terms.has(word.term) || this.synonyms.has(word.term);
  }

  /** Query words after compound splitting: an unknown compound becomes its parts, as if typed apart. */
  private queryWords(query: string): QueryWord[] {
    const out: QueryWord[] = [];
    for (const word of this.contentWords(sanitiseQuery(query))) {
      if (out.length >= MAX_QUERY_WORDS) break;
      const parts = !this.isKnown(word) && word.folded.length >= MIN_COMPOUND_LENGTH ? this.split(word.folded) : null;
      if (parts) for (const p of parts) out.push({ prepared: p, folded: p, term: term(p) });
      else out.push(word);
    }
    return out;
  }

  private parse(query: string, prefixLast: boolean): Group[] {
    const qwords = this.queryWords(query);
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
            ...expansions.map((terms) => ({
              terms: terms.map((t) => ({ term: t, fuzzy: 0, prefix: false })),
              weight: SYNONYM_WEIGHT,
            })),
          ],
        });
        matched = len;
        break;
      }
      if (matched > 0) {
        i += matched;
        continue;
      }
      const word = qwords[i] as QueryWord;
      const alternatives: Alternative[] = [{ terms: [this.spec(word, prefixLast && i === qwords.length - 1)], weight: 1 }];
      if (!this.terms.has(word.term)) {
        // Swapped letters ("Fuehrerschien") cost two plain edits; try the swaps the index knows directly.
        for (const variant of transpositions(word.folded)) {
          const t = term(variant);
          if (this.terms.has(t)) alternatives.push({ terms: [{ term: t, fuzzy: 0, prefix: false }], weight: VARIANT_WEIGHT });
        }
      }
      groups.push({ alternatives });
      i += 1;
    }
    return groups;
  }

  private spec(word: QueryWord, unfinished: boolean): TermSpec {
    const known = this.terms.has(word.term);
    return {
      term: word.term,
      // A word the index knows is taken as typed: fuzzy neighbours of a real word ("Hund" → "Bund") are noise.
      fuzzy: known ? 0 : fuzziness(word.term.length),
      // Unknown words may be beginnings ("Perso", "Kinderg"): complete them from the index.
      prefix: unfinished || (!known && word.term.length >= 3),
    };
  }

  private run(groups: Group[], fields: SearchField[]): Map<string, number> {
    const cache = new Map<string, Map<string, number>>();
    const lookup = (spec: TermSpec): Map<string, number> => {
      const key = `${spec.term}|${spec.fuzzy}|${spec.prefix ? 1 : 0}`;
      let scores = cache.get(key);
      if (!scores) {
        scores = new Map();
        for (const r of this.engine.search(spec.term, {
          fields,
          boost: FIELD_BOOSTS,
          fuzzy: spec.fuzzy > 0 ? spec.fuzzy : false,
          prefix: spec.prefix,
        })) {
          scores.set(r.id as string, r.score);
        }
        cache.set(key, scores);
      }
      return scores;
    };

    const total = new Map<string, number>();
    const matchedGroups = new Map<string, number>();
    for (const group of groups) {
      const best = new Map<string, number>();
      for (const alt of group.alternatives) {
        const sum = new Map<string, number>();
        for (const spec of alt.terms) {
          for (const [id, s] of lookup(spec)) sum.set(id, (sum.get(id) ?? 0) + s);
        }
        for (const [id, s] of sum) {
          const weighted = (s * alt.weight) / alt.terms.length ** 0.5;
          if (weighted > (best.get(id) ?? 0)) best.set(id, weighted);
        }
      }
      for (const [id, s] of best) {
        total.set(id, (total.get(id) ?? 0) + s);
        matchedGroups.set(id, (matchedGroups.get(id) ?? 0) + 1);
      }
    }
    // Documents that match more of the query's words win: the sum times the number of groups matched.
    const final = new Map<string, number>();
    for (const [id, s] of total) final.set(id, s * (matchedGroups.get(id) ?? 1));
    return final;
  }

  private rank(scores: Map<string, number>, limit: number): ScoredId[] {
    let max = 0;
    for (const s of scores.values()) if (s > max) max = s;
    const hits: ScoredId[] = [];
    for (const [id, score] of scores) if (score >= max * MIN_RELATIVE_SCORE) hits.push({ id, score });
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return hits.slice(0, limit).map((h) => ({ id: h.id, score: Math.round(h.score * 1000) / 1000 }));
  }

  search(query: string, options: IndexSearchOptions = {}): IndexSearchResult {
    const limit = options.limit ?? 20;
    const fields = options.fields ?? SEARCH_FIELDS;
    const groups = this.parse(query, options.prefixLast ?? false);
    if (groups.length === 0) return { hits: [] };
    const hits = this.rank(this.run(groups, fields), limit);
    if (hits.length > 0) return { hits };
    const didYouMean = this.didYouMean(query);
    if (didYouMean === undefined) return { hits: [] };
    // Show what the correction finds right away; the caller still knows the query as typed found nothing.
    return { hits: this.rank(this.run(this.parse(didYouMean, false), fields), limit), didYouMean };
  }

  /** Services whose names (or synonyms, Lebenslagen) complete what has been typed so far. */
  suggest(query: string, limit = 8): ScoredId[] {
    const groups = this.parse(query, true);
    if (groups.length === 0) return [];
    return this.rank(this.run(groups, SUGGEST_FIELDS), limit);
  }

  /** A corrected query built from the catalog's own words, or undefined when there is nothing to correct. */
  didYouMean(query: string): string | undefined {
    const out: string[] = [];
    let changed = false;
    for (const word of this.contentWords(sanitiseQuery(query)).slice(0, MAX_QUERY_WORDS)) {
      if (this.isKnown(word) || this.wordFrequency.has(word.folded)) {
        out.push(this.surfaces.get(word.folded) ?? word.prepared);
        continue;
      }
      const best = this.closestWord(word.folded);
      if (best) {
        out.push(this.surfaces.get(best) ?? best);
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
      const frequency = this.wordFrequency.get(candidate) ?? 0;
      if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
        best = candidate;
        bestDistance = distance;
        bestFrequency = frequency;
      }
    };
    for (const candidate of this.surfaces.keys()) {
      if (Math.abs(candidate.length - folded.length) > max) continue;
      const d = editDistance(folded, candidate, max);
      if (d <= max) consider(candidate, d);
    }
    if (best === undefined) {
      // Sounds alike ("Firerschain"): same Kölner Phonetik code and not too far apart.
      for (const candidate of this.phonetic.get(colognePhonetic(folded)) ?? []) {
        const d = editDistance(folded, candidate, Math.ceil(folded.length / 2));
        if (d <= Math.ceil(folded.length / 2)) consider(candidate, d + 0.5);
      }
    }
    return best;
  }
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

