/** Lower case, ä→ae ö→oe ü→ue, ß→ss, no diacritics, anything but [a-z0-9] as single spaces, trimmed. */
export function foldGerman(text: string): string;
/** ae→a, oe→o, ue→u on a folded word (idempotent). */
export function foldVowels(word: string): string;
/** A folded text as a slug part: words joined by "-". */
export function foldedSlug(text: string): string;
