// The legal pages' texts per deployment: a YAML file (LEGAL_PAGES_FILE, default data/legal/kreis-soest.yaml) read
// once at start. A missing field or a template placeholder ("[…]") refuses the start, naming the field: a public
// body's imprint must never go live half-filled.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigError } from '../../shared/errors.ts';

export const DEFAULT_LEGAL_PAGES_FILE = fileURLToPath(new URL('../../../data/legal/kreis-soest.yaml', import.meta.url));

export interface LegalPages {
  operator: {
    name: string;
    legalForm: string;
    /** Accusative, after "vertreten durch": "die Landrätin oder den Landrat des Kreises Soest". */
    representedBy: string;
    address: string[];
    website: string | null;
    email: string | null;
    phone: string | null;
  };
  contentResponsibility: string;
  dataProtectionOfficer: string;
  supervisoryAuthority: { name: string; website: string | null };
  /** How long the web server's access logs are kept. */
  serverLogDays: number;
  accessibility: {
    law: string;
    conformance: string;
    knownIssues: string[];
    method: string;
    /** YYYY-MM-DD */
    createdOn: string;
    reviewedOn: string;
    enforcement: { name: string; law: string; website: string | null; email: string | null };
  };
}

/** Reads and checks the file; every problem is named with its field. */
export function loadLegalPages(path: string = DEFAULT_LEGAL_PAGES_FILE): LegalPages {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`LEGAL_PAGES_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseLegalPages(raw, `LEGAL_PAGES_FILE ${path}`);
}

export function parseLegalPages(raw: unknown, name = 'legal pages'): LegalPages {
  const problems: string[] = [];
  const obj = (v: unknown, field: string): Record<string, unknown> => {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push(`${field}: a mapping is required`);
    return {};
  };
  const text = (v: unknown, field: string, optional = false): string => {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'string' && v.trim() !== '') {
      if (/\[[^\]]*\]/.test(v)) problems.push(`${field}: contains a template placeholder in square brackets`);
      return v.trim();
    }
    if (!(optional && (v === undefined || v === null))) problems.push(`${field}: a non-empty text is required`);
    return '';
  };
  const opt = (v: unknown, field: string): string | null => text(v, field, true) || null;
  const texts = (v: unknown, field: string): string[] => {
    if (!Array.isArray(v) || v.length === 0) {
      problems.push(`${field}: a non-empty list of texts is required`);
      return [];
    }
    return v.map((x, i) => text(x, `${field}[${i}]`));
  };
  const day = (v: unknown, field: string): string => {
    const s = text(v, field);
    if (s && !/^\d{4}-\d{2}-\d{2}$/.test(s)) problems.push(`${field}: a date like 2026-11-30 is required`);
    return s;
  };

  const root = obj(raw, '(file)');
  const op = obj(root.operator, 'operator');
  const sup = obj(root.supervisoryAuthority, 'supervisoryAuthority');
  const acc = obj(root.accessibility, 'accessibility');
  const enf = obj(acc.enforcement, 'accessibility.enforcement');
  const logDays = root.serverLogDays;
  if (typeof logDays !== 'number' || !Number.isInteger(logDays) || logDays < 0)
    problems.push('serverLogDays: a whole number of days is required (e.g. 7)');
  const known = new Set([
    'operator',
    'contentResponsibility',
    'dataProtectionOfficer',
    'supervisoryAuthority',
    'serverLogDays',
    'accessibility',
  ]);
  for (const key of Object.keys(root))
    if (!known.has(key)) problems.push(`${key}: unknown field (allowed: ${[...known].join(', ')})`);

  const pages: LegalPages = {
    operator: {
      name: text(op.name, 'operator.name'),
      legalForm: text(op.legalForm, 'operator.legalForm'),
      representedBy: text(op.representedBy, 'operator.representedBy'),
      address: texts(op.address, 'operator.address'),
      website: opt(op.website, 'operator.website'),
      email: opt(op.email, 'operator.email'),
      phone: opt(op.phone, 'operator.phone'),
    },
    contentResponsibility: text(root.contentResponsibility, 'contentResponsibility'),
    dataProtectionOfficer: text(root.dataProtectionOfficer, 'dataProtectionOfficer'),
    supervisoryAuthority: {
      name: text(sup.name, 'supervisoryAuthority.name'),
      website: opt(sup.website, 'supervisoryAuthority.website'),
    },
    serverLogDays: typeof logDays === 'number' ? logDays : 0,
    accessibility: {
      law: text(acc.law, 'accessibility.law'),
      conformance: text(acc.conformance, 'accessibility.conformance'),
      knownIssues: texts(acc.knownIssues, 'accessibility.knownIssues'),
      method: text(acc.method, 'accessibility.method'),
      createdOn: day(acc.createdOn, 'accessibility.createdOn'),
      reviewedOn: day(acc.reviewedOn, 'accessibility.reviewedOn'),
      enforcement: {
        name: text(enf.name, 'accessibility.enforcement.name'),
        law: text(enf.law, 'accessibility.enforcement.law'),
        website: opt(enf.website, 'accessibility.enforcement.website'),
        email: opt(enf.email, 'accessibility.enforcement.email'),
      },
    },
  };
  if (problems.length > 0) throw new ConfigError(`${name}: ${problems.join('; ')}`);
  return pages;
}
