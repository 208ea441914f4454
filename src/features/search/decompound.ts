// Splitting of German compounds (Personalausweisverlust → personalausweis + verlust) against a vocabulary.
// Dictionary-based on purpose: the vocabulary is the catalog's own words, so the splitter only ever produces parts
// the index can find, and it needs no word list of its own.

export interface Lexicon {
  /** Whether the (folded) word may be a part of a compound. */
  has(word: string): boolean;
  /** How common the word is (document frequency); splits into common parts win ties. */
  frequency(word: string): number;
  /** Optional: accept an inflected last part ("…steuern") when this says so. */
  hasLast?(word: string): boolean;
}

// Fugenelemente: the linking letters between the parts (Hund-e-steuer, Wohnung-s-geber, Sterbe-fall).
const LINKS = ['', 's', 'es', 'n', 'en', 'e', 'er', 'ns', 'ens'] as const;

export interface SplitOptions {
  /** Shortest part (3 keeps "amt", "kfz", "bau"). */
  minPart?: number;
  /** Longer words are not split: bounds the work for pasted garbage. */
  maxLength?: number;
}

interface Split {
  parts: string[];
  score: number;
}

/**
 * The best split of `word` into at least two lexicon words, or null. Fewest parts wins; among those, the split
 * whose parts are most common. Runs in O(n² · links) for a word of n letters.
 */
export function splitCompound(word: string, lexicon: Lexicon, options: SplitOptions = {}): string[] | null {
  const minPart = options.minPart ?? 3;
  const maxLength = options.maxLength ?? 60;
  const n = word.length;
  if (n < minPart * 2 || n > maxLength) return null;
  // best[i]: best split of word.slice(i); best[n] is the empty split.
  const best: (Split | null)[] = new Array<Split | null>(n + 1).fill(null);
  best[n] = { parts: [], score: 0 };
  for (let i = n - minPart; i >= 0; i--) {
    let found: Split | null = null;
    for (let j = i + minPart; j <= n; j++) {
      // The word itself is no split of itself (it is usually in the lexicon too).
      if (i === 0 && j === n) continue;
      const head = word.slice(i, j);
      const last = j === n;
      if (!(lexicon.has(head) || (last && lexicon.hasLast?.(head)))) continue;
      for (const link of LINKS) {
        const next = j + link.length;
        if (next > n || (link !== '' && (next === n || !word.startsWith(link, j)))) continue;
        const rest = best[next];
        if (!rest) continue;
        const candidate: Split = {
          parts: [head, ...rest.parts],
          score: rest.score + Math.log(1 + lexicon.frequency(head)),
        };
        if (
          !found ||
          candidate.parts.length < found.parts.length ||
          (candidate.parts.length === found.parts.length && candidate.score > found.score)
        ) {
          found = candidate;
        }
      }
    }
    best[i] = found;
  }
  const result = best[0];
  return result && result.parts.length >= 2 ? result.parts : null;
}
