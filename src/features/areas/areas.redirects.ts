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

/** Pure: which part of a URL names an area, if any. */
export function movedCandidate(url: string): MovedCandidate | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  const parts = path.split('/');
  const at = (i: number, type: 'slug' | 'key', onlySuccession = false): MovedCandidate | null => {
    const value = parts[i];
    if (!value) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return null;
    }
    return {
      value: decoded,
      type,
      onlySuccession,
      rebuild: (replacement) => {
        const copy = [...parts];
        copy[i] = encodeURIComponent(replacement);
        return copy.join('/') + query;
      },
    };
  };
  if (parts[1] === 'api') {
    if (parts[2] === 'v1' && parts[3] === 'areas' && parts[4]) return at(4, 'key', parts.length === 5);
    return null;
  }
  const base = parts[1] === 'en' ? 2 : 1;
  const first = parts[base] ?? '';
  if (first === 'checkliste') return at(base + 1, 'slug');
  if (first === 'embed') {
    if (parts[base + 1] === 'v1') return parts[base + 2] === 'data' ? at(base + 3, 'slug') : null;
    // The embed's own files (/embed/v1.js, /embed/v1.css) are not slugs.
    return (parts[base + 1] ?? '').includes('.') ? null : at(base + 1, 'slug');
  }
  if (NOT_A_SLUG.has(first) || first.includes('.')) return null;
  return at(base, 'slug');
}

/**
 * Where the URL must go instead, or null. `redirectFor` answers current areas from memory, so this costs a map read
 * for every page request.
 */
export async function movedLocation(
  url: string,
  areas: Pick<AreasService, 'redirectFor'>,
  today?: string,
): Promise<string | null> {
  const candidate = movedCandidate(url);
  if (!candidate) return null;
  const target = await areas.redirectFor(candidate.value, candidate.type, today, {
    aliases: !candidate.onlySuccession,
  });
  let location = target ? candidate.rebuild(candidate.type === 'slug' ? target.slug : target.ags) : url;
  // `?ort=<slug>` (the place of the matter on a service page) may name a renamed or merged area too.
  const ort = /[?&]ort=([^&#]*)/.exec(location);
  if (ort?.[1] && candidate.type === 'slug') {
    let value: string | null = null;
    try {
      value = decodeURIComponent(ort[1]);
    } catch {}
    const moved = value ? await areas.redirectFor(value, 'slug', today) : null;
    if (moved) location = location.replace(`ort=${ort[1]}`, `ort=${encodeURIComponent(moved.slug)}`);
  }
  return location === url ? null : location;
}
