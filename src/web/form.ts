// The one way routes read a posted form (or a query string): every field is a single string unless the route names
// it a list. Body parsers turn `a=1&a=2` into an array; a handler that expected one string then crashed on
// `.trim()` (500). Here a repeated single field is the client's mistake — a 400 that names the field — and a list
// field is always an array, also when it came once or not at all.
import { ValidationError } from '../shared/errors.ts';

/** A field that may appear once came more than once (or as something other than text). */
export class RepeatedFieldError extends ValidationError {
  override readonly type: string = 'repeated-field';
  constructor(readonly field: string) {
    super(`Das Feld „${field}“ darf nur einmal vorkommen.`, [
      { field, message: 'Nur ein Wert erlaubt (das Feld kam mehrfach oder nicht als Text).' },
    ]);
  }
}

export interface ParsedForm {
  /** The field's value; undefined when absent. */
  get(name: string): string | undefined;
  /** The field's value, `fallback` when absent. */
  text(name: string, fallback?: string): string;
  /** A list field's values (empty when absent). Only for names given as `lists`. */
  all(name: string): string[];
  /** Every field: single ones as strings, list fields as arrays (for code that walks the whole form). */
  readonly values: Readonly<Record<string, string | string[]>>;
}

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * Reads `input` (`request.body` of a urlencoded form, or `request.query`). `lists` names the fields that may repeat:
 * exact names, or prefixes ending in `*` (`oh_*`). Throws `RepeatedFieldError` (400) for any other field that came
 * more than once or not as text; anything but an object (a missing body) reads as an empty form.
 */
export function readForm(input: unknown, options: { lists?: readonly string[] } = {}): ParsedForm {
  const lists = options.lists ?? [];
  const isList = (name: string) => lists.some((l) => (l.endsWith('*') ? name.startsWith(l.slice(0, -1)) : name === l));
  const values: Record<string, string | string[]> = Object.create(null);
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
      if (value === undefined) continue;
      if (isList(name)) {
        const many = Array.isArray(value) ? value : [value];
        if (!many.every(isText)) throw new RepeatedFieldError(name);
        values[name] = many;
      } else if (isText(value)) {
        values[name] = value;
      } else {
        throw new RepeatedFieldError(name);
      }
    }
  }
  return {
    values,
    get: (name) => {
      const v = values[name];
      return typeof v === 'string' ? v : undefined;
    },
    text(name, fallback = '') {
      return this.get(name) ?? fallback;
    },
    all: (name) => {
      const v = values[name];
      return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    },
  };
}
