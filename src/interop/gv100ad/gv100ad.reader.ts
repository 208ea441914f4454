/**
 * Streams a GV100AD file line by line (16,000 lines: no need to hold the text). Problems of every line are
 * collected; after the last line the reader throws one ValidationError naming them all, so an import built on it
 * commits nothing unless the whole file was good.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import {
  type GemeindeRecord,
  type GemeindeverbandRecord,
  type Gv100Record,
  type KreisRecord,
  type LandRecord,
  parseGv100adLine,
  type RegierungsbezirkRecord,
  type RegionRecord,
} from './gv100ad.ts';

/** Reporting a whole file of problems is useless past a point; the count still tells how bad it is. */
const MAX_ISSUES = 200;

export type Gv100Source = string | Readable | AsyncIterable<string> | Iterable<string>;

function lines(source: Gv100Source): AsyncIterable<string> | Iterable<string> {
  if (typeof source === 'string') {
    return createInterface({ input: createReadStream(source, { encoding: 'utf8' }), crlfDelay: Infinity });
  }
  if ('pipe' in source && typeof source.pipe === 'function') {
    (source as Readable).setEncoding('utf8');
    return createInterface({ input: source as Readable, crlfDelay: Infinity });
  }
  return source as AsyncIterable<string> | Iterable<string>;
}

/**
 * Yields each valid record as it is read. Throws a ValidationError at the end if any line was bad — consumers must
 * not commit anything before the generator has finished.
 */
export async function* readGv100ad(source: Gv100Source): AsyncGenerator<Gv100Record> {
  const issues: ValidationIssue[] = [];
  let total = 0;
  let lineNumber = 0;
  let gebietsstand: { value: string; line: number } | null = null;
  for await (const raw of lines(source)) {
    lineNumber++;
    // A BOM would shift every field by one character.
    const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const parsed = parseGv100adLine(text, lineNumber);
    for (const issue of parsed.issues) {
      total++;
      if (issues.length < MAX_ISSUES) issues.push(issue);
    }
    const record = parsed.record;
    if (!record) continue;
    if (!gebietsstand) gebietsstand = { value: record.gebietsstand, line: lineNumber };
    else if (record.gebietsstand !== gebietsstand.value) {
      total++;
      if (issues.length < MAX_ISSUES) {
        issues.push({
          record: `line ${lineNumber}`,
          field: 'gebietsstand',
          message: `${record.gebietsstand} differs from ${gebietsstand.value} (line ${gebietsstand.line}); one file is one Gebietsstand`,
        });
      }
    }
    yield record;
  }
  if (lineNumber === 0 || (!gebietsstand && total === 0)) {
    throw new ValidationError('GV100AD: the file is empty', [{ field: 'file', message: 'has no records' }]);
  }
  if (total > 0) {
    const shown = total > issues.length ? ` (first ${issues.length} shown)` : '';
    throw new ValidationError(`GV100AD: ${total} problem${total === 1 ? '' : 's'} in the file${shown}`, issues);
  }
}

export interface Gv100Register {
  gebietsstand: string;
  laender: LandRecord[];
  regierungsbezirke: RegierungsbezirkRecord[];
  regionen: RegionRecord[];
  kreise: KreisRecord[];
  gemeindeverbaende: GemeindeverbandRecord[];
  gemeinden: GemeindeRecord[];
}

/** Reads a whole file into lists per Satzart (all-or-nothing: throws with every problem of the file). */
export async function loadGv100ad(source: Gv100Source): Promise<Gv100Register> {
  const register: Gv100Register = {
    gebietsstand: '',
    laender: [],
    regierungsbezirke: [],
    regionen: [],
    kreise: [],
    gemeindeverbaende: [],
    gemeinden: [],
  };
  for await (const record of readGv100ad(source)) {
    register.gebietsstand ||= record.gebietsstand;
    switch (record.satzart) {
      case '10':
        register.laender.push(record);
        break;
      case '20':
        register.regierungsbezirke.push(record);
        break;
      case '30':
        register.regionen.push(record);
        break;
      case '40':
        register.kreise.push(record);
        break;
      case '50':
        register.gemeindeverbaende.push(record);
        break;
      case '60':
        register.gemeinden.push(record);
        break;
    }
  }
  return register;
}
