// Which encoding a client gets, for every answer that has its variants made ahead: kept answers (`sendCached`), the
// front cache's key, which must choose exactly as the app does (docs/decisions/0295), and the static assets.
export type BodyEncoding = 'br' | 'gzip' | 'identity';

// Clients send a handful of distinct Accept-Encoding values; parsing each once keeps this off the per-request path.
const chosen = new Map<string, BodyEncoding>();
const MAX_REMEMBERED = 64;

/** br over gzip over identity, honouring `q=0` (RFC 9110 §12.5.3); `*` counts for both. */
export function pickEncoding(acceptEncoding: string | string[] | undefined): BodyEncoding {
  if (acceptEncoding === undefined) return 'identity';
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  const known = chosen.get(header);
  if (known) return known;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  const encoding: BodyEncoding = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : 'identity';
  if (chosen.size >= MAX_REMEMBERED) chosen.clear();
  chosen.set(header, encoding);
  return encoding;
}
