/**
 * Old URLs of areas answer 301 to where the area lives now (as GOV.UK does for merged councils): a slug an import
 * renamed, a former area's slug or key once its successor has taken over. Covers the portal (`/<slug>/…`, `/en/…`),
 * the checklist (`/checkliste/<slug>`), embeds (`/embed/<slug>`, `/embed/v1/data/<slug>` — `data-amtsweg-ort`) and
 * the API (`/api/v1/areas/<key>/…`). Current areas are answered from memory; nothing here queries per request.
 */
import type { AreasService } from './areas.service.ts';

/** First path segments that are never an area's slug. */
const NOT_A_SLUG = new Set([
  '',
  'api',
  'assets',
  'editor',
  'embed',
  'checkliste',
  'wahl',
  'healthz',
  'readyz',
  'metrics',
  'login',
  'logout',
  'konto',
  'meldung',
  'sitemap.xml',
  'robots.txt',
  'favicon.ico',
]);

export interface MovedCandidate {
  value: string;
  type: 'slug' | 'key';
  /** Rebuilds the URL with the area's new slug or key. */
  rebuild(replacement: string): string;
  /** Bare `/api/v1/areas/<key>` answers any key itself (with `matchedBy`); only a succession redirects it. */
  onlySuccession: boolean;
}

/**
 * A candidate as a class, not an object literal with a closure: this runs for every request, and a closure per call
 * (under tsx each one also named by `__name`) cost more than the rest of the lookup. It keeps where the segment is.
 */
class Candidate implements MovedCandidate {
  constructor(
    readonly value: string,
    readonly type: 'slug' | 'key',
    readonly onlySuccession: boolean,
    private readonly path: string,
    private readonly start: number,
    private readonly end: number,
    private readonly query: string,
  ) {}

  rebuild(replacement: string): string {
    return `${this.path.slice(0, this.start)}${encodeURIComponent(replacement)}${this.path.slice(this.end)}${this.query}`;
  }
}

/** The `i`-th segment of `path` (as `path.split('/')[i]`) as a candidate, or null when it is empty or not decodable. */
function candidateAt(
  path: string,
  parts: readonly string[],
  query: string,
  i: number,
  type: 'slug' | 'key',
  onlySuccession = false,
): MovedCandidate | null {
  const value = parts[i];
  if (!value) return null;
  let start = i; // the slashes before the segment
  for (let k = 0; k < i; k++) start += (parts[k] as string).length;
  return candidate(path, start, start + value.length, query, type, onlySuccession);
}

function candidate(
  path: string,
  start: number,
  end: number,
  query: string,
  type: 'slug' | 'key',
  onlySuccession: boolean,
): MovedCandidate | null {
  const value = path.slice(start, end);
  let decoded = value;
  if (value.includes('%'))
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return null;
    }
  return new Candidate(decoded, type, onlySuccession, path, start, end, query);
}

const AREAS_API = '/api/v1/areas/';

/** Pure: which part of a URL names an area, if any. */
export function movedCandidate(url: string): MovedCandidate | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  if (path.startsWith('/api/')) {
    // The API (most requests) without splitting the URL: only `/api/v1/areas/<key>…` names an area there.
    if (!path.startsWith(AREAS_API)) return null;
    const start = AREAS_API.length;
    const slash = path.indexOf('/', start);
    const end = slash < 0 ? path.length : slash;
    // The bare area URL answers any key itself (with `matchedBy`); a trailing slash counts as a sub-URL, as before.
    return end > start ? candidate(path, start, end, query, 'key', slash < 0) : null;
  }
  const parts = path.split('/');
  if (parts[1] === 'api') return null;
  const base = parts[1] === 'en' ? 2 : 1;
  const first = parts[base] ?? '';
  if (first === 'checkliste') return candidateAt(path, parts, query, base + 1, 'slug');
  if (first === 'embed') {
    if (parts[base + 1] === 'v1')
      return parts[base + 2] === 'data' ? candidateAt(path, parts, query, base + 3, 'slug') : null;
    // The embed's own files (/embed/v1.js, /embed/v1.css) are not slugs.
    return (parts[base + 1] ?? '').includes('.') ? null : candidateAt(path, parts, query, base + 1, 'slug');
  }
  if (NOT_A_SLUG.has(first) || first.includes('.')) return null;
  return candidateAt(path, parts, query, base, 'slug');
}

/**
 * Where the URL must go instead: null at once when no part of it names an area (no promise for those requests), else
 * a promise of the new location or null. `redirectFor` answers current areas from memory, so this costs a map read for
 * every page request.
 */
export function movedLocation(
  url: string,
  areas: Pick<AreasService, 'redirectFor'>,
  today?: string,
): Promise<string | null> | null {
  const candidate = movedCandidate(url);
  return candidate ? locationFor(url, candidate, areas, today) : null;
}

async function locationFor(
  url: string,
  candidate: MovedCandidate,
  areas: Pick<AreasService, 'redirectFor'>,
  today: string | undefined,
): Promise<string | null> {
  const target = await areas.redirectFor(candidate.value, candidate.type, today, {
    aliases: !candidate.onlySuccession,
  });
  let location = target ? candidate.rebuild(candidate.type === 'slug' ? target.slug : target.ags) : url;
  // `?ort=<slug>` (the place of the matter on a service page) may name a renamed or merged area too.
  const ort = candidate.type === 'slug' && location.includes('ort=') ? /[?&]ort=([^&#]*)/.exec(location) : null;
  if (ort?.[1]) {
    let value: string | null = null;
    try {
      value = decodeURIComponent(ort[1]);
    } catch {}
    const moved = value ? await areas.redirectFor(value, 'slug', today) : null;
    if (moved) location = location.replace(`ort=${ort[1]}`, `ort=${encodeURIComponent(moved.slug)}`);
  }
  return location === url ? null : location;
}
