// CSV as German spreadsheets open it: `;`-separated, CRLF line ends, UTF-8 with a byte-order mark.

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV field: quoted when needed; a leading = + - @ (or tab/CR) is prefixed with ' so that a spreadsheet does not
 * run a formula from catalog data (CSV injection).
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'boolean' ? (value ? 'ja' : 'nein') : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\n\r,]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(';')).join('\r\n')}\r\n`;
}
