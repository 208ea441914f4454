/**
 * A small streaming RFC 4180 reader (quoted fields, doubled quotes, separators and line breaks inside quotes, CRLF or
 * LF) for the register's CSV files. The project has no CSV parser dependency (`src/interop/csv/` only writes), and the
 * two files need no more than this; see docs/decisions/0080-area-register-levels-and-place-matcher.md.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface DelimitedRow {
  /** Physical line (1-based) where the row starts, for messages. */
  line: number;
  fields: string[];
}

export class DelimitedSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'DelimitedSyntaxError';
  }
}

export type TextSource = string | Readable | AsyncIterable<string> | Iterable<string>;

function chunksOf(source: TextSource, isPath: boolean): AsyncIterable<string> | Iterable<string> {
  if (typeof source === 'string') return isPath ? createReadStream(source, { encoding: 'utf8' }) : [source];
  if ('pipe' in source && typeof source.pipe === 'function') (source as Readable).setEncoding('utf8');
  return source as AsyncIterable<string> | Iterable<string>;
}

/**
 * Rows of a delimited text. A string is a file path unless `{ text: true }`. Throws DelimitedSyntaxError on a quote
 * that does not close or stray characters after a closing quote.
 */
export async function* readDelimited(
  source: TextSource,
  options: { separator: string; text?: boolean },
): AsyncGenerator<DelimitedRow> {
  const sep = options.separator;
  let fields: string[] = [];
  let value = '';
  let inQuotes = false;
  // After a closing quote only a separator or a line end may follow.
  let afterQuote = false;
  let quotePending = false;
  let line = 1;
  let rowStart = 1;
  let rowHasContent = false;
  let first = true;
  // A CR ends the row; an LF right after it (maybe in the next chunk) belongs to the same line end.
  let skipLf = false;

  const endField = () => {
    fields.push(value);
    value = '';
    afterQuote = false;
  };

  for await (const chunk of chunksOf(source, !options.text)) {
    let text = chunk as string;
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (skipLf) {
        skipLf = false;
        if (c === '\n') continue;
      }
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (c === '"') {
            value += '"';
            continue;
          }
          inQuotes = false;
          afterQuote = true;
          // fall through: c is handled outside quotes below
        } else if (c === '"') {
          quotePending = true;
          continue;
        } else {
          if (c === '\n') line++;
          value += c;
          continue;
        }
      }
      if (c === sep) {
        endField();
        rowHasContent = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') skipLf = true;
        if (rowHasContent || value !== '' || afterQuote) {
          endField();
          yield { line: rowStart, fields };
        }
        fields = [];
        rowHasContent = false;
        line++;
        rowStart = line;
      } else if (afterQuote) {
        throw new DelimitedSyntaxError(line, `line ${line}: "${c}" after a closing quote; expected "${sep}"`);
      } else if (c === '"' && value === '') {
        inQuotes = true;
        rowHasContent = true;
      } else {
        value += c;
      }
    }
  }
  if (inQuotes && !quotePending) throw new DelimitedSyntaxError(rowStart, `line ${rowStart}: a quote is not closed`);
  if (rowHasContent || value !== '' || quotePending || afterQuote) {
    endField();
    yield { line: rowStart, fields };
  }
}
