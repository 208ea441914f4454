import type { FastifyRequest } from 'fastify';
import { ValidationError, type ValidationIssue } from '../shared/errors.ts';

/**
 * C0 control characters and DEL. NUL makes PostgreSQL refuse a text value (a 500 before this guard), and none of
 * them belongs in a name, a search or an id. Bodies may carry tab, CR and LF (multi-line texts).
 */
const CONTROL_IN_URL = /[\x00-\x1f\x7f]/;
const CONTROL_IN_BODY = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** `preValidation` hook: refuses control characters in query, path parameters and (parsed) body, naming the field. */
export async function refuseControlCharacters(request: FastifyRequest): Promise<void> {
  const issues: ValidationIssue[] = [];
  findControl(request.query, 'querystring', CONTROL_IN_URL, issues);
  findControl(request.params, 'params', CONTROL_IN_URL, issues);
  findControl(request.body, 'body', CONTROL_IN_BODY, issues);
  if (issues.length > 0)
    throw new ValidationError(
      `Steuerzeichen sind nicht erlaubt (${issues.map((i) => i.field).join(', ')}); erlaubt sind druckbare Zeichen, im Inhalt auch Tabulator und Zeilenumbruch.`,
      issues,
    );
}

function findControl(value: unknown, path: string, pattern: RegExp, issues: ValidationIssue[], depth = 0): void {
  if (issues.length >= 20 || depth > 32) return;
  if (typeof value === 'string') {
    const match = pattern.exec(value);
    if (match)
      issues.push({
        field: path,
        message: `enthält das Steuerzeichen U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => findControl(v, `${path}.${i}`, pattern, issues, depth + 1));
    return;
  }
  // Buffers and streams (uploads) are the feature's business; only parsed JSON/form values are checked here.
  if (value && typeof value === 'object' && isPlain(value)) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (pattern.test(key))
        issues.push({ field: `${path}.${JSON.stringify(key)}`, message: 'Feldname enthält ein Steuerzeichen' });
      findControl(v, `${path}.${key}`, pattern, issues, depth + 1);
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
  for (const [key, v] of Object.entries(value)) {
    const found = nonFinitePath(v, `${path}/${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
