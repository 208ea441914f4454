// CSV as German spreadsheets open it: `;`-separated, CRLF line ends, UTF-8 with a byte-order mark.

export type CsvValue = string | number | boolean | null | undefined;

/** A text a spreadsheet could take for a formula: a leading = + - @ (or tab/CR), also behind apostrophes. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * One CSV field: quoted when needed; a text that starts like a formula is prefixed with ' so that a spreadsheet does
 * not run a formula from catalog data (CSV injection). A text that already starts with ' before such a character gets
 * one more, so that `undefuse` gives every text back exactly.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'boolean' ? (value ? 'ja' : 'nein') : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[;"\n\r,]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/**
 * Undoes `csvField`'s formula defusing on the way back in: "'+49 2921 30-0" is "+49 2921 30-0" again. A spreadsheet that
 * strips the apostrophe itself leaves nothing to undo; a text that started with ' keeps it.
 */
export function undefuse(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
