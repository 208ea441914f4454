/**
 * Postcode ↔ Gemeinde from OpenStreetMap (suche-postleitzahl.org's `zuordnung_plz_ort.csv`, ODbL 1.0: name the
 * source; a database built from it is ODbL too). Comma-separated `osm_id,ags,ort,plz,landkreis,bundesland`; the
 * export stored AGS and postcode as numbers, so leading zeros are lost: they are padded to 8 and 5 digits here.
 */
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { DelimitedSyntaxError, readDelimited, type TextSource } from '../destatis-addresses/delimited.ts';

export const OSM_POSTCODE_COLUMNS = ['osm_id', 'ags', 'ort', 'plz', 'landkreis', 'bundesland'] as const;

export interface OsmPostcode {
  line: number;
  osmId: string;
  /** 8 digits. */
  ags: string;
  /** The place name OSM gives, often the Gemeinde's without titles ("Mühlhausen"). */
  place: string;
  /** 5 digits. */
  postcode: string;
  /** Name of the Kreis (or kreisfreie Stadt), as OSM writes it; empty for some city states. */
  kreis: string;
  land: string;
}

const MAX_ISSUES = 200;

function pad(value: string, length: number): string | null {
  return /^\d+$/.test(value) && value.length <= length ? value.padStart(length, '0') : null;
}

/** Reads the whole file; throws one ValidationError naming every bad row (all-or-nothing). */
export async function readOsmPostcodes(source: TextSource, options: { text?: boolean } = {}): Promise<OsmPostcode[]> {
  const issues: ValidationIssue[] = [];
  let total = 0;
  const problem = (line: number, field: string, message: string) => {
    total++;
    if (issues.length < MAX_ISSUES) issues.push({ record: `line ${line}`, field, message });
  };
  const out: OsmPostcode[] = [];
  let columns: Map<string, number> | null = null;
  try {
    for await (const row of readDelimited(source, { separator: ',', text: options.text ?? false })) {
      if (!columns) {
        columns = new Map(row.fields.map((name, i) => [name.trim(), i]));
        const missing = OSM_POSTCODE_COLUMNS.filter((c) => !columns!.has(c));
        if (missing.length > 0) {
          throw new ValidationError('OSM postcodes: columns missing', [
            {
              record: 'line 1',
              field: 'header',
              message: `missing ${missing.join(', ')}; expected ${OSM_POSTCODE_COLUMNS.join(',')}`,
            },
          ]);
        }
        continue;
      }
      const get = (name: (typeof OSM_POSTCODE_COLUMNS)[number]) => (row.fields[columns!.get(name)!] ?? '').trim();
      const ags = pad(get('ags'), 8);
      const postcode = pad(get('plz'), 5);
      const before = total;
      if (!/^\d+$/.test(get('osm_id'))) problem(row.line, 'osm_id', `"${get('osm_id')}" must be a number`);
      if (!ags) problem(row.line, 'ags', `"${get('ags')}" must be an AGS of up to 8 digits`);
      if (!postcode) problem(row.line, 'plz', `"${get('plz')}" must be a postcode of up to 5 digits`);
      if (get('ort') === '') problem(row.line, 'ort', 'is empty');
      if (total > before || !ags || !postcode) continue;
      out.push({
        line: row.line,
        osmId: get('osm_id'),
        ags,
        place: get('ort'),
        postcode,
        kreis: get('landkreis'),
        land: get('bundesland'),
      });
    }
  } catch (e) {
    if (e instanceof DelimitedSyntaxError) {
      throw new ValidationError('OSM postcodes: not a valid CSV file', [
        { record: `line ${e.line}`, field: 'csv', message: e.message },
      ]);
    }
    throw e;
  }
  if (!columns)
    throw new ValidationError('OSM postcodes: the file is empty', [{ field: 'file', message: 'has no header' }]);
  if (total > 0) {
    const shown = total > issues.length ? ` (first ${issues.length} shown)` : '';
    throw new ValidationError(`OSM postcodes: ${total} problem${total === 1 ? '' : 's'}${shown}`, issues);
  }
  return out;
}

/** Postcode → the Gemeinden (AGS, sorted, unique) it covers. */
export function gemeindenByPostcode(rows: readonly OsmPostcode[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = sets.get(row.postcode) ?? new Set<string>();
    set.add(row.ags);
    sets.set(row.postcode, set);
  }
  return new Map([...sets].map(([postcode, set]) => [postcode, [...set].sort()]));
}

/** Gemeinde (AGS) → its postcodes, sorted and unique: what an area's `postcodes` needs. */
export function postcodesByGemeinde(rows: readonly OsmPostcode[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = sets.get(row.ags) ?? new Set<string>();
    set.add(row.postcode);
    sets.set(row.ags, set);
  }
  return new Map([...sets].map(([ags, set]) => [ags, [...set].sort()]));
}
