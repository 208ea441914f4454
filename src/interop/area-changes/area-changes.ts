/**
 * A changes file of area successions (our own format, docs/data-format.md): UTF-8, `;`-separated, a header
 * `old;new;from`, one line per former area — its key, the key of the area that takes it over, and the successor's
 * first day (YYYY-MM-DD). Keys are whatever `amtsweg areas succeed` takes: AGS, Gemeindeverband key, ARS or a former
 * key. Destatis publishes its Gebietsänderungen only as spreadsheets, so a deployment writes this file from them.
 */
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { DelimitedSyntaxError, readDelimited, type TextSource } from '../destatis-addresses/delimited.ts';

export const AREA_CHANGE_COLUMNS = ['old', 'new', 'from'] as const;

export interface AreaChange {
  line: number;
  oldKey: string;
  newKey: string;
  /** YYYY-MM-DD: the successor's first day; the former area ends the day before. */
  from: string;
}

const KEY = /^\d{2,12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the whole file; throws one ValidationError naming every bad line (nothing is written on a problem). */
export async function readAreaChanges(source: TextSource, options: { text?: boolean } = {}): Promise<AreaChange[]> {
  const issues: ValidationIssue[] = [];
  const problem = (line: number, field: string, message: string) =>
    issues.push({ record: `line ${line}`, field, message });
  const out: AreaChange[] = [];
  let columns: Map<string, number> | null = null;
  try {
    for await (const row of readDelimited(source, { separator: ';', text: options.text ?? false })) {
      if (row.fields.every((f) => f.trim() === '')) continue;
      if (!columns) {
        columns = new Map(
          row.fields.map((name, i) => [
            name
              .trim()
              .replace(/^\uFEFF/, '')
              .toLowerCase(),
            i,
          ]),
        );
        const missing = AREA_CHANGE_COLUMNS.filter((c) => !columns!.has(c));
        if (missing.length > 0)
          throw new ValidationError('area changes: columns missing', [
            {
              record: `line ${row.line}`,
              field: 'header',
              message: `missing ${missing.join(', ')}; expected the header ${AREA_CHANGE_COLUMNS.join(';')}`,
            },
          ]);
        continue;
      }
      const get = (name: (typeof AREA_CHANGE_COLUMNS)[number]) => (row.fields[columns!.get(name)!] ?? '').trim();
      const before = issues.length;
      if (!KEY.test(get('old')))
        problem(row.line, 'old', `"${get('old')}" is no area key; expected 2 to 12 digits (AGS, Verband key or ARS)`);
      if (!KEY.test(get('new')))
        problem(row.line, 'new', `"${get('new')}" is no area key; expected 2 to 12 digits (AGS, Verband key or ARS)`);
      if (!DATE.test(get('from'))) problem(row.line, 'from', `"${get('from')}" is not a date; expected YYYY-MM-DD`);
      if (issues.length > before) continue;
      out.push({ line: row.line, oldKey: get('old'), newKey: get('new'), from: get('from') });
    }
  } catch (e) {
    if (e instanceof DelimitedSyntaxError)
      throw new ValidationError('area changes: not a valid CSV file', [
        { record: `line ${e.line}`, field: 'csv', message: e.message },
      ]);
    throw e;
  }
  if (!columns)
    throw new ValidationError('area changes: the file is empty', [
      { field: 'file', message: `has no header; expected ${AREA_CHANGE_COLUMNS.join(';')}` },
    ]);
  if (issues.length > 0)
    throw new ValidationError(
      `area changes: ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written`,
      issues,
    );
  return out;
}
