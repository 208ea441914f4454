import type { FastifyRequest } from 'fastify';
import { ValidationError, type ValidationIssue } from '../shared/errors.ts';

/**
 * C0 control characters and DEL. NUL makes PostgreSQL refuse a text value (a 500 before this guard), and none of
 * them belongs in a name, a search or an id. Bodies may carry tab, CR and LF (multi-line texts).
 */
type ControlFinder = (text: string) => number | undefined;

const controlInUrl: ControlFinder = (text) => firstControl(text, false);
const controlInBody: ControlFinder = (text) => firstControl(text, true);

/** The first C0 control character or DEL in `text` (tab, LF, CR allowed when `allowLineBreaks`). */
function firstControl(text: string, allowLineBreaks: boolean): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(allowLineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d))) return c;
  }
  return undefined;
}

/**
 * For the `preValidation` hook: refuses control characters in query, path parameters and (parsed) body, naming the
 * field. Synchronous, so the hook costs no promise per request.
 */
export function refuseControlCharacters(request: FastifyRequest): void {
  const issues: ValidationIssue[] = [];
  findControl(request.query, 'querystring', controlInUrl, issues);
  findControl(request.params, 'params', controlInUrl, issues);
  findControl(request.body, 'body', controlInBody, issues);
  if (issues.length > 0)
    throw new ValidationError(
      `Steuerzeichen sind nicht erlaubt (${issues.map((i) => i.field).join(', ')}); erlaubt sind druckbare Zeichen, im Inhalt auch Tabulator und Zeilenumbruch.`,
      issues,
    );
}

function findControl(value: unknown, path: string, find: ControlFinder, issues: ValidationIssue[], depth = 0): void {
  if (issues.length >= 20 || depth > 32) return;
  if (typeof value === 'string') {
    const code = find(value);
    if (code !== undefined)
      issues.push({
        field: path,
        message: `enthält das Steuerzeichen U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
      });
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) findControl(v, `${path}.${i}`, find, issues, depth + 1);
    return;
  }
  // Buffers and streams (uploads) are the feature's business; only parsed JSON/form values are checked here.
  if (value && typeof value === 'object' && isPlain(value)) {
    // for…in over own keys, not Object.entries: this runs on every request's query and parameters.
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      if (find(key) !== undefined)
        issues.push({ field: `${path}.${JSON.stringify(key)}`, message: 'Feldname enthält ein Steuerzeichen' });
      const v = record[key];
      if (typeof v === 'string' || (v !== null && typeof v === 'object'))
        findControl(v, `${path}.${key}`, find, issues, depth + 1);
    }
  }
}

/** Parsed values: plain objects, including the prototype-less ones query parsers build; not buffers or streams. */
function isPlain(value: object): boolean {
  return (
    !Buffer.isBuffer(value) && typeof (value as { pipe?: unknown }).pipe !== 'function' && !(value instanceof Date)
  );
}

/** The subset of Ajv we touch; Fastify hands its Ajv instance to `ajv.plugins`. */
interface AjvLike {
  compile(schema: unknown): AjvValidate;
}
type AjvValidate = ((data: unknown) => boolean | Promise<unknown>) & { errors?: unknown[] | null };

/**
 * Ajv plugin: a value that validated but holds a non-finite number is refused. With `coerceTypes`, `limit=1e309`
 * and `offset=Infinity` become `Infinity`, which passes Ajv's `integer` check (no `maximum` to stop it) and breaks
 * SQL later; `1e309` in a JSON body parses to `Infinity` as well. The error has Ajv's shape, so it reaches clients
 * as the usual 400 problem naming the field.
 */
export function refuseNonFiniteNumbers<T extends AjvLike>(ajv: T): T {
  const compile = ajv.compile.bind(ajv);
  ajv.compile = (schema: unknown) => {
    const validate = compile(schema);
    const guarded: AjvValidate = (data: unknown) => {
      const ok = validate(data);
      guarded.errors = validate.errors;
      if (ok !== true) return ok; // false, or an async validator's promise
      const where = nonFinitePath(data, '');
      if (where === null) return true;
      guarded.errors = [
        {
          instancePath: where,
          schemaPath: '#/finite',
          keyword: 'finite',
          params: {},
          message: 'must be a finite number',
        },
      ];
      return false;
    };
    return Object.assign(guarded, { schema: (validate as { schema?: unknown }).schema });
  };
  return ajv;
}

function nonFinitePath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '/';
  if (depth > 32 || !value || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    // Strings and booleans (most query values) cannot be non-finite numbers: no path built for them.
    if (!Object.hasOwn(record, key) || (typeof v !== 'number' && (v === null || typeof v !== 'object'))) continue;
    const found = nonFinitePath(v, `${path}/${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
