/**
 * Destatis' "Anschriften der Gemeinde- und Stadtverwaltungen" as `;`-separated UTF-8 (the workbook's address sheet):
 * the postal address of every Land, Regierungsbezirk, Region, Kreis, Gemeindeverband and Gemeinde administration.
 * Keys are checked per Satzart and left-padded where a spreadsheet dropped leading zeros.
 */
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { DelimitedSyntaxError, readDelimited, type TextSource } from './delimited.ts';

export const ADDRESS_COLUMNS = [
  'land_code',
  'satzart',
  'textkennzeichen',
  'typ',
  'ars',
  'ags',
  'name',
  'verwaltungssitz',
  'strasse',
  'plz',
  'ort',
  'flaeche_km2',
  'bevoelkerung_20211231',
] as const;

/** How long the `ars` column's key is per Satzart: the key of the level, not the padded 12 digits. */
const KEY_LENGTH: Record<string, number> = { '10': 2, '20': 3, '30': 4, '40': 5, '50': 9, '60': 12 };
export type AddressSatzart = '10' | '20' | '30' | '40' | '50' | '60';

export interface AdministrationAddress {
  line: number;
  satzart: AddressSatzart;
  /** Textkennzeichen as in GV100AD (register-kinds.ts); null for Land, Regierungsbezirk and Region. */
  textkennzeichen: string | null;
  /** The sheet's wording of the kind, finer than the code: "Große kreisangehörige Stadt", "Stadtstaat". */
  kindLabel: string | null;
  landCode: string;
  /**
   * The key that matches the area tree (gv100ad.tree.ts): the AGS for Land (2), Regierungsbezirk (3), Kreis (5) and
   * Gemeinde (8); the 9-digit Gemeindeverband key; the 4-digit Region key.
   */
  key: string;
  /** 12 digits, zero-padded. */
  ars: string;
  name: string;
  /** The administration's own name, e.g. "Landeshauptstadt München", "Amt Burg-St. Michaelisdonn". */
  administration: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  areaKm2: number | null;
  population: number | null;
}

/** Some names were quoted twice by the export ("""Samtgemeinde """"Altes Amt Lemförde"""""""): undo the second. */
export function unwrapDoubleQuoting(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    const inner = value.slice(1, -1);
    if (!/(^|[^"])"([^"]|$)/.test(inner.replace(/""/g, ''))) return inner.replace(/""/g, '"');
  }
  return value;
}

function padDigits(value: string, length: number): string | null {
  if (!/^\d+$/.test(value) || value.length > length) return null;
  return value.padStart(length, '0');
}

const MAX_ISSUES = 200;

/** Reads the whole file; throws one ValidationError naming every bad row (all-or-nothing). */
export async function readAdministrationAddresses(
  source: TextSource,
  options: { text?: boolean } = {},
): Promise<AdministrationAddress[]> {
  const issues: ValidationIssue[] = [];
  let total = 0;
  const problem = (line: number, field: string, message: string) => {
    total++;
    if (issues.length < MAX_ISSUES) issues.push({ record: `line ${line}`, field, message });
  };
  const out: AdministrationAddress[] = [];
  let columns: Map<string, number> | null = null;
  try {
    for await (const row of readDelimited(source, { separator: ';', text: options.text ?? false })) {
      if (!columns) {
        columns = new Map(row.fields.map((name, i) => [name.trim(), i]));
        const missing = ADDRESS_COLUMNS.filter((c) => !columns!.has(c));
        if (missing.length > 0) {
          throw new ValidationError('Destatis addresses: columns missing', [
            {
              record: 'line 1',
              field: 'header',
              message: `missing ${missing.join(', ')}; expected ${ADDRESS_COLUMNS.join(';')}`,
            },
          ]);
        }
        continue;
      }
      const get = (name: (typeof ADDRESS_COLUMNS)[number]) =>
        unwrapDoubleQuoting((row.fields[columns!.get(name)!] ?? '').trim());
      const satzart = get('satzart');
      const keyLength = KEY_LENGTH[satzart];
      if (keyLength === undefined) {
        problem(row.line, 'satzart', `"${satzart}" is not allowed; allowed: ${Object.keys(KEY_LENGTH).join(', ')}`);
        continue;
      }
      const before = total;
      const key = padDigits(get('ars'), keyLength);
      if (!key) problem(row.line, 'ars', `"${get('ars')}" must be up to ${keyLength} digits for Satzart ${satzart}`);
      let ags: string | null = null;
      if (satzart === '60') {
        ags = padDigits(get('ags'), 8);
        if (!ags) problem(row.line, 'ags', `"${get('ags')}" must be up to 8 digits for a Gemeinde`);
        else if (key && ags !== key.slice(0, 5) + key.slice(9)) {
          problem(row.line, 'ags', `${ags} does not match the ARS ${key}`);
        }
      }
      const landCode = padDigits(get('land_code'), 2);
      if (!landCode) problem(row.line, 'land_code', `"${get('land_code')}" must be 2 digits`);
      else if (key && !key.startsWith(landCode)) problem(row.line, 'land_code', `${landCode} does not match ${key}`);
      const name = get('name');
      if (name === '') problem(row.line, 'name', 'is empty');
      const plz = get('plz');
      const postcode = plz === '' ? null : padDigits(plz, 5);
      if (plz !== '' && !postcode) problem(row.line, 'plz', `"${plz}" must be a postcode of 5 digits`);
      const decimal = (field: 'flaeche_km2' | 'bevoelkerung_20211231', integer: boolean): number | null => {
        const raw = get(field);
        if (raw === '') return null;
        if (!(integer ? /^\d+$/ : /^\d+(?:\.\d+)?$/).test(raw)) {
          problem(row.line, field, `"${raw}" must be a ${integer ? 'whole number' : 'number with a decimal point'}`);
          return null;
        }
        return Number(raw);
      };
      const areaKm2 = decimal('flaeche_km2', false);
      const population = decimal('bevoelkerung_20211231', true);
      if (total > before || !key || !landCode) continue;
      const orNull = (v: string) => (v === '' ? null : v);
      out.push({
        line: row.line,
        satzart: satzart as AddressSatzart,
        textkennzeichen: orNull(get('textkennzeichen')),
        kindLabel: orNull(get('typ')),
        landCode,
        key: satzart === '60' ? (ags as string) : key,
        ars: key.padEnd(12, '0'),
        name,
        administration: get('verwaltungssitz') || name,
        street: orNull(get('strasse')),
        postcode,
        city: orNull(get('ort')),
        areaKm2,
        population,
      });
    }
  } catch (e) {
    if (e instanceof DelimitedSyntaxError) {
      throw new ValidationError('Destatis addresses: not a valid CSV file', [
        { record: `line ${e.line}`, field: 'csv', message: e.message },
      ]);
    }
    throw e;
  }
  if (!columns)
    throw new ValidationError('Destatis addresses: the file is empty', [{ field: 'file', message: 'has no header' }]);
  if (total > 0) {
    const shown = total > issues.length ? ` (first ${issues.length} shown)` : '';
    throw new ValidationError(`Destatis addresses: ${total} problem${total === 1 ? '' : 's'}${shown}`, issues);
  }
  return out;
}
