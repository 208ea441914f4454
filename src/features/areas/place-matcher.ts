/**
 * Finds the Gemeinde a citizen means from what they type: a postcode, a name in any spelling ("Koerbecke",
 * "Soest, Stadt", "Stadt Soest", "Lipstadt"), or "Town-Ortsteil". Pure and in memory: built once from the list of
 * places (≈11,000 Gemeinden), then every lookup is a few map reads plus, only when nothing else matched, a bounded
 * edit-distance scan over names of similar length.
 */

export interface Place {
  /** 8 digits. */
  ags: string;
  /** The name without titles: "Lippstadt", "Neustadt an der Weinstraße" (area-names.ts `parseAreaName().name`). */
  name: string;
  /** Kind slug or label, shown in a chooser. */
  kind: string;
  /** Names of the Kreis and the Land, to tell Gemeinden of the same name apart. */
  kreis: string;
  land: string;
  postcodes: readonly string[];
  /** Ortsteile (districts, villages) that belong to this Gemeinde. */
  ortsteile?: readonly string[];
  /** Ranks equally good matches: the bigger town first. */
  population?: number;
}

export type MatchReason = 'postcode' | 'exact' | 'normalised' | 'base-name' | 'ortsteil' | 'town-ortsteil' | 'typo';

export interface PlaceCandidate {
  place: Place;
  reason: MatchReason;
  /** What the input matched: the postcode, the name form, or the Ortsteil. */
  matched: string;
  /** Edit distance (Damerau–Levenshtein) for `typo`, else 0. */
  distance: number;
  score: number;
  /** For a chooser: the name, with Kreis and Land when another candidate has the same name. */
  label: string;
}

export interface PlaceMatch {
  query: string;
  /** What the input was taken for. */
  interpretedAs: 'postcode' | 'name' | 'postcode-and-name' | 'empty';
  candidates: PlaceCandidate[];
  /** Several Gemeinden fit equally well: show the candidates as a chooser. */
  ambiguous: boolean;
}

export interface PlaceMatcher {
  match(input: string, options?: { limit?: number }): PlaceMatch;
  readonly size: number;
}

const SCORE: Record<MatchReason, number> = {
  postcode: 100,
  exact: 100,
  normalised: 95,
  'base-name': 85,
  ortsteil: 80,
  'town-ortsteil': 75,
  typo: 60,
};

/**
 * German text folding for matching: case, umlauts as their two-letter spelling (so "Koerbecke" = "Körbecke"), ß,
 * other diacritics, "St." = "Sankt", punctuation and hyphens as spaces. Private on purpose: text folding is being
 * consolidated into `src/shared/` by another change; switch to it then.
 */
export function foldPlaceName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\bst\.\s*/g, 'sankt ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words that say what a place is, not which: "Stadt Soest", "Soest, Stadt", "Hansestadt Lübeck". */
const DESIGNATORS = [
  'grosse kreisstadt',
  'kreisfreie stadt',
  'landeshauptstadt',
  'universitaetsstadt',
  'hansestadt',
  'kreisstadt',
  'ortsgemeinde',
  'marktgemeinde',
  'gemeinde',
  'stadt',
  'markt',
  'flecken',
].map((d) => d.split(' '));

function stripDesignators(folded: string): string {
  let tokens = folded.split(' ');
  let changed = true;
  while (changed && tokens.length > 1) {
    changed = false;
    for (const d of DESIGNATORS) {
      if (tokens.length > d.length && d.every((w, i) => tokens[i] === w)) {
        tokens = tokens.slice(d.length);
        changed = true;
      } else if (tokens.length > d.length && d.every((w, i) => tokens[tokens.length - d.length + i] === w)) {
        tokens = tokens.slice(0, tokens.length - d.length);
        changed = true;
      }
    }
  }
  return tokens.join(' ');
}

/**
 * The part of a name before its distinguishing addition: "Neustadt an der Weinstraße", "Neustadt a.d.Waldnaab",
 * "Halle (Saale)" → "Neustadt", "Neustadt", "Halle". What citizens type first; several Gemeinden share it.
 */
export function baseName(name: string): string {
  const cut = name.search(/\s*\(|,|\s+(?:an|am|im|in|bei|ob|vor|unter|auf)\s|\s+(?:a|i|b)\.\S/u);
  return cut > 0 ? name.slice(0, cut).trim() : name.trim();
}

/** Rows reused across calls: a lookup must not allocate per compared name. */
let rowA = new Uint16Array(64);
let rowB = new Uint16Array(64);
let rowC = new Uint16Array(64);

/** Optimal string alignment distance with a bound: returns `max + 1` as soon as the distance must exceed `max`. */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (rowA.length <= n) {
    rowA = new Uint16Array(n + 1);
    rowB = new Uint16Array(n + 1);
    rowC = new Uint16Array(n + 1);
  }
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]!;
}

/** The bigrams of a name with start and end marks, each once: "soest" → ^s so oe es st t$. */
function bigrams(key: string): string[] {
  const marked = `^${key}$`;
  const out = new Set<string>();
  for (let i = 0; i + 1 < marked.length; i++) out.add(marked.slice(i, i + 2));
  return [...out];
}

/** Short names tolerate one typo, long ones two ("Lipstadt" → Lippstadt); names under 4 letters none. */
export function allowedTypos(foldedLength: number): number {
  if (foldedLength < 4) return 0;
  return foldedLength < 8 ? 1 : 2;
}

interface Entry {
  index: number;
  reason: 'exact' | 'base-name' | 'ortsteil';
  matched: string;
}

export function buildPlaceMatcher(places: readonly Place[]): PlaceMatcher {
  const byKey = new Map<string, Entry[]>();
  const byPostcode = new Map<string, number[]>();
  const add = (key: string, entry: Entry) => {
    if (key === '') return;
    const list = byKey.get(key);
    if (!list) byKey.set(key, [entry]);
    else if (!list.some((e) => e.index === entry.index && e.reason === entry.reason)) list.push(entry);
  };
  places.forEach((place, index) => {
    add(foldPlaceName(place.name), { index, reason: 'exact', matched: place.name });
    const base = baseName(place.name);
    if (base !== place.name) add(foldPlaceName(base), { index, reason: 'base-name', matched: base });
    for (const ortsteil of place.ortsteile ?? []) {
      add(foldPlaceName(ortsteil), { index, reason: 'ortsteil', matched: ortsteil });
    }
    for (const postcode of place.postcodes) {
      const list = byPostcode.get(postcode) ?? [];
      if (!list.includes(index)) list.push(index);
      byPostcode.set(postcode, list);
    }
  });
  // Typo candidates come from shared bigrams: one edit (a transposition included) breaks at most three of a name's
  // bigrams, so a name within `d` edits shares all but 3·d of the input's. Only those are compared letter by letter.
  const keys = [...byKey.keys()];
  const postings = new Map<string, number[]>();
  keys.forEach((key, id) => {
    for (const gram of bigrams(key)) {
      const list = postings.get(gram);
      if (list) list.push(id);
      else postings.set(gram, [id]);
    }
  });
  const shared = new Uint16Array(keys.length);
  const typoCandidates = (query: string, max: number): number[] => {
    const grams = bigrams(query);
    const needed = grams.length - 3 * max;
    const touched: number[] = [];
    for (const gram of grams) {
      for (const id of postings.get(gram) ?? []) {
        if (shared[id] === 0) touched.push(id);
        shared[id]!++;
      }
    }
    const out: number[] = [];
    for (const id of touched) {
      if (shared[id]! >= needed && Math.abs(keys[id]!.length - query.length) <= max) out.push(id);
      shared[id] = 0;
    }
    return out;
  };

  type Found = Map<number, Omit<PlaceCandidate, 'label'>>;
  const offer = (found: Found, index: number, reason: MatchReason, matched: string, distance = 0) => {
    const score = SCORE[reason] - distance * 10;
    const seen = found.get(index);
    if (!seen || seen.score < score) found.set(index, { place: places[index]!, reason, matched, distance, score });
  };

  const byName = (text: string, found: Found) => {
    const folded = foldPlaceName(text);
    if (folded === '') return;
    const stripped = stripDesignators(folded);
    for (const entry of byKey.get(folded) ?? []) offer(found, entry.index, entry.reason, entry.matched);
    if (stripped !== folded) {
      for (const entry of byKey.get(stripped) ?? []) {
        offer(found, entry.index, entry.reason === 'exact' ? 'normalised' : entry.reason, entry.matched);
      }
    }
    if (found.size > 0) return;

    // "Lippstadt-Bad Waldliesborn", "Soest Ostönnen": the longest leading words that name a place.
    const tokens = stripped.split(' ');
    for (let cut = tokens.length - 1; cut >= 1 && found.size === 0; cut--) {
      const head = tokens.slice(0, cut).join(' ');
      const tail = tokens.slice(cut).join(' ');
      for (const entry of byKey.get(head) ?? []) {
        if (entry.reason === 'ortsteil') continue;
        const place = places[entry.index]!;
        const knownOrtsteil = (place.ortsteile ?? []).find((o) => foldPlaceName(o) === tail);
        offer(found, entry.index, 'town-ortsteil', knownOrtsteil ? `${place.name}-${knownOrtsteil}` : place.name);
      }
    }
    if (found.size > 0) return;

    const max = allowedTypos(stripped.length);
    if (max === 0) return;
    for (const id of typoCandidates(stripped, max)) {
      const key = keys[id]!;
      const distance = damerauLevenshtein(stripped, key, max);
      // The allowance follows the shorter of both, so a long input cannot reach a short name with two edits.
      if (distance > Math.min(max, allowedTypos(key.length))) continue;
      for (const entry of byKey.get(key)!) offer(found, entry.index, 'typo', entry.matched, distance);
    }
  };

  const match = (input: string, options: { limit?: number } = {}): PlaceMatch => {
    const limit = options.limit ?? 20;
    const query = input.trim();
    const found: Found = new Map();
    let interpretedAs: PlaceMatch['interpretedAs'] = 'empty';
    const postcodeMatch = /(?:^|\s)(\d{5})(?:\s|$)/.exec(query);
    const rest = postcodeMatch ? query.replace(postcodeMatch[1]!, ' ').trim() : query;
    if (postcodeMatch) {
      const postcode = postcodeMatch[1]!;
      interpretedAs = 'postcode';
      for (const index of byPostcode.get(postcode) ?? []) offer(found, index, 'postcode', postcode);
      if (rest !== '') {
        interpretedAs = 'postcode-and-name';
        const named: Found = new Map();
        byName(rest, named);
        // "59556 Lippetal": the postcode narrows the name; a name outside the postcode still counts, lower.
        for (const [index, candidate] of named) {
          const inPostcode = found.has(index);
          found.set(index, { ...candidate, score: candidate.score + (inPostcode ? 10 : -20) });
        }
      }
    } else if (rest !== '') {
      interpretedAs = 'name';
      byName(rest, found);
    }

    const ranked = [...found.values()].sort(
      (a, b) =>
        b.score - a.score ||
        (b.place.population ?? 0) - (a.place.population ?? 0) ||
        a.place.name.localeCompare(b.place.name, 'de'),
    );
    const top = ranked[0]?.score ?? 0;
    // A chooser when more than one place is as good as the best (a postcode shared by several Gemeinden, or
    // "Neustadt"), counting base-name matches as equal to an exact one: "Neustadt" means any of them.
    const tier = (score: number) => (score >= SCORE['base-name'] && score <= SCORE.exact ? SCORE['base-name'] : score);
    const ambiguous = ranked.filter((c) => tier(c.score) >= tier(top)).length > 1;
    const shown = ranked.slice(0, limit);
    const nameCount = new Map<string, number>();
    for (const c of shown) nameCount.set(c.place.name, (nameCount.get(c.place.name) ?? 0) + 1);
    return {
      query: input,
      interpretedAs,
      ambiguous,
      candidates: shown.map((c) => ({
        ...c,
        label:
          (nameCount.get(c.place.name) ?? 0) > 1 ? `${c.place.name} (${c.place.kreis}, ${c.place.land})` : c.place.name,
      })),
    };
  };

  return { match, size: places.length };
}
