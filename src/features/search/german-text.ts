// German text handling for search: pure functions, no I/O.
//
// The pipeline for a word is   prepare → stem → fold:
//   prepare  lower case, ä→ae ö→oe ü→ue ß→ss, other diacritics dropped, anything but [a-z0-9] is a separator.
//            Umlauts become digraphs (not bare vowels) so "Führerschein" and "Fuehrerschein" reach the stemmer
//            as the same string, and the snowball rules (which look at vowels) see one spelling.
//   stem     snowball German on the prepared word.
//   fold     ae→a oe→o ue→u on the stem, so that the bare-vowel spelling people type on foreign keyboards
//            ("fuhrerschein") meets the umlaut one. Folding after stemming keeps snowball's handling of
//            "eu"/"au" words intact (Steuer/Steuern both stem to "steu").
import snowball from 'snowball-stemmers';
import { GenerationCache } from '../../shared/generation-cache.ts';
import { foldGerman, foldVowels } from '../../shared/german-fold.js';

// Citizens paste whole letters into the box; nothing beyond this is read.
export const MAX_QUERY_LENGTH = 2000;

const stemmer = snowball.newStemmer('german');

/** Lower case, umlauts as digraphs, ß as ss, no diacritics; every run of other characters becomes one space. */
export const prepare: (text: string) => string = foldGerman;

/** Words of a prepared or raw text, in order. */
export function words(text: string): string[] {
  const prepared = prepare(text);
  return prepared === '' ? [] : prepared.split(' ');
}

/** ae→a, oe→o, ue→u on a prepared word (idempotent); see src/shared/german-fold.js. */
export const fold: (word: string) => string = foldVowels;

/** The canonical comparison form of any text: only [a-z0-9 ], single spaces, idempotent. */
export function normalise(text: string): string {
  return words(text).map(fold).join(' ');
}

// Words never change meaning: one fixed generation. Bounded so that large imports cannot grow them without limit.
const WORDS = 0;
const STEM_CACHE_LIMIT = 200_000;
const stemCache = new GenerationCache<string, string>({ max: STEM_CACHE_LIMIT });

/** The index term of one prepared word: folded snowball stem. Numbers stay as they are. */
export function term(word: string): string {
  const cached = stemCache.get(word, WORDS);
  if (cached !== undefined) return cached;
  const result = /^[0-9]+$/.test(word) || word.length < 3 ? fold(word) : fold(stemmer.stem(word));
  return stemCache.set(word, WORDS, result);
}

// Question and filler words citizens put around what they look for ("wo kann ich meinen Hund anmelden").
// Folded forms. Deliberately short: words like "neu", "machen", "verloren" carry meaning and stay.
export const STOPWORDS: ReadonlySet<string> = new Set(
  `
  a der die das den dem des ein eine einen einem einer eines und oder aber sowie bzw
  ich du er sie es wir ihr man mein meine meinen meinem meiner meines dein deine deinen deinem deiner
  sein seine seinen seinem seiner ihre ihren ihrem ihrer unser unsere unseren euer mir mich dir dich uns
  euch sich wie wo was wann wer wen wem warum wieso weshalb welche welcher welches welchen wohin woher
  kann kannst konnen konnt muss musst mussen soll sollte sollen will willst wollen mocht mochte mochten
  darf durfen brauch brauche brauchen ist sind bin bist war waren wird werden wurde habe hast hat haben hab
  mit fur von vom zu zum zur im in an am auf aus bei beim nach uber unter vor um bis als auch noch
  nicht kein keine keinen nur so da dann denn doch ja nein bitte gibt es hier dort jetzt schon mal
  hallo guten tag danke gern gerne ob wenn weil dass
  gegen ohne durch seit wegen zwischen neben ganz ganze ganzen immer lassen lasse lasst
`
    .trim()
    .split(/\s+/),
);

export function isStopword(foldedWord: string): boolean {
  return STOPWORDS.has(foldedWord);
}

/** Everything the index needs to know about one prepared word. */
export interface WordInfo {
  prepared: string;
  folded: string;
  term: string;
  stop: boolean;
}

const infoCache = new GenerationCache<string, WordInfo>({ max: STEM_CACHE_LIMIT });

/** Cached per prepared word: index builds meet the same words over and over (every town sees the county's texts). */
export function wordInfo(prepared: string): WordInfo {
  const info = infoCache.get(prepared, WORDS);
  if (info !== undefined) return info;
  const folded = fold(prepared);
  return infoCache.set(prepared, WORDS, { prepared, folded, term: term(prepared), stop: STOPWORDS.has(folded) });
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions: "preso" → "perso" is one edit),
 * giving up early once it exceeds `max` (returns max + 1 then).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? 0;
}

/**
 * Kölner Phonetik (Postel 1969): German words that sound alike get the same digit code ("Firerschein" and
 * "Führerschein"). Used for "meinten Sie …?" when edit distance alone finds nothing. Input: a prepared word.
 */
export function colognePhonetic(word: string): string {
  const w = word.replace(/[^a-z]/g, '');
  const codes: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string;
    const prev = i > 0 ? (w[i - 1] ?? '') : '';
    const next = w[i + 1] ?? '';
    let code: string;
    if ('aeijouy'.includes(c)) code = '0';
    else if (c === 'h') code = '-';
    else if (c === 'b') code = '1';
    else if (c === 'p') code = next === 'h' ? '3' : '1';
    else if (c === 'd' || c === 't') code = 'csz'.includes(next) ? '8' : '2';
    else if (c === 'f' || c === 'v' || c === 'w') code = '3';
    else if (c === 'g' || c === 'k' || c === 'q') code = '4';
    else if (c === 'c') {
      if (i === 0) code = 'ahkloqrux'.includes(next) ? '4' : '8';
      else code = 'sz'.includes(prev) ? '8' : 'ahkoqux'.includes(next) ? '4' : '8';
    } else if (c === 'x') code = 'ckq'.includes(prev) ? '8' : '48';
    else if (c === 'l') code = '5';
    else if (c === 'm' || c === 'n') code = '6';
    else if (c === 'r') code = '7';
    else if (c === 's' || c === 'z') code = '8';
    else code = '';
    codes.push(code);
  }
  // Collapse repeats, then drop "0" except at the start and the "-" placeholders.
  let out = '';
  let last = '';
  for (const code of codes) {
    for (const digit of code) {
      if (digit !== last) out += digit;
      last = digit;
    }
  }
  return out.replace(/-/g, '').replace(/(?!^)0/g, '');
}
