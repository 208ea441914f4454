// The workspace's service list for 500+ services (issue #13, finding 6): search, filters and pages, decided on the
// server from the query string, so the list works without JavaScript and every view has a URL to share. Pure.
import { ValidationError } from '../../shared/errors.ts';
import { foldGerman } from '../../shared/german-fold.js';

export const SERVICE_PAGE_SIZE = 50;

export const SERVICE_LEVELS = ['all', 'own', 'above'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];
export const SERVICE_LEVEL_LABELS: Record<ServiceLevel, string> = {
  all: 'alle',
  own: 'eigene Leistungen',
  above: 'Leistungen des Kreises',
};

export const SERVICE_STATUSES = [
  'draft',
  'scheduled',
  'stale',
  'broken_link',
  'not_offered',
  'sample',
  'unreviewed',
  'local',
  'catalog',
] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = {
  draft: 'mit Entwurf',
  scheduled: 'zeitlich geplant',
  stale: 'Übergeordnete Stelle hat geändert – eigene Angaben prüfen',
  broken_link: 'mit defektem Link',
  sample: 'mit Beispieldaten (Kontakt)',
  unreviewed: 'nicht (mehr) geprüft',
  not_offered: 'hier nicht angeboten',
  local: 'mit eigenen Angaben der Stadt/Gemeinde',
  catalog: 'Katalogstand (keine eigenen Angaben)',
};

export interface ServiceFilter {
  /** Words that must all occur in the name or id (German folding: ä = ae, ß = ss, case-insensitive). */
  q: string;
  level: ServiceLevel;
  /** A Lebenslage id; '' for any. */
  lebenslage: string;
  status: ServiceStatus | '';
  /** 1-based. */
  page: number;
}

export interface FilterableService {
  id: string;
  name: string;
  tenantAgs: string;
  offered: boolean | null;
  hasLocal: boolean;
  lebenslagen: readonly string[];
  draft: boolean;
  scheduled: boolean;
  /** The owner changed a field the town overrides (decision 0140). */
  stale?: boolean;
  /** A link the tenant's page of the service shows is broken or failing (the link checker's problems). */
  brokenLink?: boolean;
  /** The page of the service shows invented contact data (unit or contact person marked as sample). */
  sample?: boolean;
  /** Nobody confirmed the texts within the review interval (or ever). */
  unreviewed?: boolean;
}

const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Reads the filter from the query string; unknown values are refused, naming what is allowed. */
export function parseServiceFilter(query: Record<string, unknown>, lebenslagen: ReadonlySet<string>): ServiceFilter {
  const issues: Array<{ field: string; message: string }> = [];
  const level = one(query.level) || 'all';
  if (!(SERVICE_LEVELS as readonly string[]).includes(level))
    issues.push({ field: 'level', message: `Ebene „${level}“ gibt es nicht. Möglich: ${SERVICE_LEVELS.join(', ')}.` });
  const status = one(query.status);
  if (status && !(SERVICE_STATUSES as readonly string[]).includes(status))
    issues.push({
      field: 'status',
      message: `Status „${status}“ gibt es nicht. Möglich: ${SERVICE_STATUSES.join(', ')}.`,
    });
  const lebenslage = one(query.lebenslage);
  if (lebenslage && !lebenslagen.has(lebenslage))
    issues.push({ field: 'lebenslage', message: `Lebenslage „${lebenslage}“ gibt es nicht im Katalog.` });
  const rawPage = one(query.page) || '1';
  const page = Number(rawPage);
  if (!Number.isInteger(page) || page < 1 || page > 100_000)
    issues.push({ field: 'page', message: `Seite „${rawPage}“ gibt es nicht: bitte eine ganze Zahl ab 1.` });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join(' '), issues);
  return {
    q: one(query.q).slice(0, 200),
    level: level as ServiceLevel,
    lebenslage,
    status: status as ServiceStatus | '',
    page,
  };
}

function matchesStatus(s: FilterableService, status: ServiceStatus | '', tenant: string): boolean {
  switch (status) {
    case '':
      return true;
    case 'draft':
      return s.draft;
    case 'scheduled':
      return s.scheduled;
    case 'stale':
      return !!s.stale;
    case 'broken_link':
      return !!s.brokenLink;
    case 'sample':
      return !!s.sample;
    case 'unreviewed':
      return !!s.unreviewed;
    case 'not_offered':
      return s.offered === false;
    case 'local':
      return s.tenantAgs !== tenant && s.hasLocal;
    case 'catalog':
      return s.tenantAgs !== tenant && s.offered === null;
  }
}

/** One page of the services that match, and how many match in all. */
export function applyServiceFilter<T extends FilterableService>(
  items: readonly T[],
  filter: ServiceFilter,
  tenant: string,
): { items: T[]; total: number; page: number; pages: number } {
  const words = foldGerman(filter.q).split(/\s+/).filter(Boolean);
  const matching = items.filter((s) => {
    if (filter.level === 'own' && s.tenantAgs !== tenant) return false;
    if (filter.level === 'above' && s.tenantAgs === tenant) return false;
    if (filter.lebenslage && !s.lebenslagen.includes(filter.lebenslage)) return false;
    if (!matchesStatus(s, filter.status, tenant)) return false;
    if (words.length) {
      const hay = foldGerman(`${s.name} ${s.id}`);
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  });
  const pages = Math.max(1, Math.ceil(matching.length / SERVICE_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  return {
    items: matching.slice((page - 1) * SERVICE_PAGE_SIZE, page * SERVICE_PAGE_SIZE),
    total: matching.length,
    page,
    pages,
  };
}

/** The query string of a filter (for page links and the bulk forms' way back), without defaults. */
export function filterQuery(filter: ServiceFilter, page = filter.page): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.level !== 'all') params.set('level', filter.level);
  if (filter.lebenslage) params.set('lebenslage', filter.lebenslage);
  if (filter.status) params.set('status', filter.status);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}
