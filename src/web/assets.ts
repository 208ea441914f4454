// Self-hosted static assets (no request leaves the origin), one scheme for every feature: held in memory, hashed by
// content, linked as `<path>?v=<hash>` and served as immutable when the URL carries the current hash; text assets
// carry their brotli and gzip forms, computed once on first request.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickEncoding } from './accept-encoding.ts';

export interface Asset {
  /** URL path without version, e.g. `/assets/portal.css`. */
  path: string;
  type: string;
  body: Buffer;
  hash: string;
  /** Fixed URLs that other sites reference (the embed script) must not be cached for long. */
  versioned: boolean;
  compressible: boolean;
  encoded: { br?: Buffer; gzip?: Buffer };
}

export interface AssetSource {
  path: string;
  /** Absolute file path. */
  file: string;
  type: string;
  versioned?: boolean;
}

export interface AssetStore {
  get(path: string): Asset | undefined;
  /** The URL to put into pages: with `?v=<hash>` so that it can be cached as immutable. */
  url(path: string): string;
  encoded(asset: Asset, encoding: 'br' | 'gzip'): Buffer;
  all(): Asset[];
}

export const ASSET_IMMUTABLE = 'public, max-age=31536000, immutable';
export const ASSET_SHORT = 'public, max-age=3600';

/** The content hash of the `?v=` parameter. */
export function assetHash(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 12);
}

/**
 * Rewrites references between assets to their versioned URLs, so that an immutable stylesheet or script never points
 * at an older font or module: `url("/assets/…")` in CSS and `import … from '/assets/….js'` in JavaScript.
 */
function linkVersions(text: string, type: string, url: (path: string) => string | undefined): string {
  if (type.startsWith('text/css'))
    return text.replace(/url\("(\/assets\/[^"?]+)"\)/g, (all, p: string) => {
      const v = url(p);
      return v ? `url("${v}")` : all;
    });
  if (type.startsWith('text/javascript'))
    return text.replace(/(from\s+|import\()'(\/assets\/[^'?]+\.js)'/g, (all, lead: string, p: string) => {
      const v = url(p);
      return v ? `${lead}'${v}'` : all;
    });
  return text;
}

const isText = (type: string) => type.startsWith('text/') || type.startsWith('application/');

/**
 * Loads the sources in order; an asset may reference (and gets the versioned URL of) any asset listed before it, so
 * list fonts and modules before the stylesheets and scripts that use them.
 */
export function createAssetStore(sources: readonly AssetSource[]): AssetStore {
  const assets = new Map<string, Asset>();
  const versionedUrl = (path: string) => {
    const a = assets.get(path);
    if (!a) return undefined;
    return a.versioned ? `${path}?v=${a.hash}` : path;
  };
  for (const s of sources) {
    const raw = readFileSync(s.file);
    const body = isText(s.type) ? Buffer.from(linkVersions(raw.toString('utf8'), s.type, versionedUrl), 'utf8') : raw;
    assets.set(s.path, {
      path: s.path,
      type: s.type,
      body,
      hash: assetHash(body),
      versioned: s.versioned ?? true,
      compressible: !s.type.startsWith('font/'),
      encoded: {},
    });
  }
  return {
    get: (path) => assets.get(path),
    url: (path) => versionedUrl(path) ?? path,
    encoded(asset, encoding) {
      let out = asset.encoded[encoding];
      if (!out) {
        out =
          encoding === 'br'
            ? brotliCompressSync(asset.body, {
                params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: asset.body.length },
              })
            : gzipSync(asset.body, { level: 9 });
        asset.encoded[encoding] = out;
      }
      return out;
    },
    all: () => [...assets.values()],
  };
}

/**
 * Answers with a stored asset: immutable when the request names the current hash, else short-lived; precompressed
 * when the client accepts it (register the route with `compress: false`). Returns null for an unknown path so that the
 * caller answers with its own 404.
 */
export function sendAsset(
  store: AssetStore,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  options: { crossOrigin?: boolean } = {},
): FastifyReply | null {
  const asset = store.get(path);
  if (!asset) return null;
  const v = (request.query as { v?: unknown } | undefined)?.v;
  const versioned = asset.versioned && v === asset.hash;
  reply
    .header('cache-control', versioned ? ASSET_IMMUTABLE : ASSET_SHORT)
    .header('x-content-type-options', 'nosniff')
    .type(asset.type);
  if (options.crossOrigin) reply.header('access-control-allow-origin', '*');
  if (!asset.compressible) return reply.send(asset.body);
  reply.header('vary', 'Accept-Encoding');
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding === 'identity') return reply.send(asset.body);
  return reply.header('content-encoding', encoding).send(store.encoded(asset, encoding));
}
