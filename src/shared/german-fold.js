// German text folding, the one implementation for server and browser (docs/decisions/0061-one-german-text-folding.md).
// A plain ES module without imports on purpose: the server imports it (typed by german-fold.d.ts) and the portal
// serves this very file as /assets/german-fold.js, which portal.js imports. Keep it dependency-free and ES2020.

// Letters NFKD does not decompose but that people do type in names.
const SPECIAL_LETTERS = { æ: 'ae', œ: 'oe', ø: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

/**
 * Lower case, umlauts as digraphs (ä→ae ö→oe ü→ue), ß as ss, no diacritics; every run of other characters becomes
 * one space. Umlauts become digraphs (not bare vowels) so "Führerschein" and "Fuehrerschein" are the same string.
 * @param {string} text
 * @returns {string}
 */
export function foldGerman(text) {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/([aou])\u0308/g, '$1e')
    .replace(/ß/g, 'ss')
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? ' ')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * ae→a, oe→o, ue→u on a folded word, so that the bare-vowel spelling typed on foreign keyboards ("fuhrerschein")
 * meets the umlaut one. `e+` makes the result a fixpoint: "aee" folds to "a" at once.
 * @param {string} word
 * @returns {string}
 */
export function foldVowels(word) {
  return word.replace(/([aou])e+/g, '$1');
}

/**
 * A folded text as a slug part: words joined by "-" (file names, anchors).
 * @param {string} text
 * @returns {string}
 */
export function foldedSlug(text) {
  return foldGerman(text).replace(/ /g, '-');
}
