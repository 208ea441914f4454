// The portal's static assets, self-hosted (no request leaves the origin): KERN's stylesheet and the two Fira Sans
// weights it needs, the portal's own css/js and the embed script. They are few and small, so they are held in memory
// with their brotli and gzip forms computed once: KERN's 340 KB stylesheet goes out as ~23 KB.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

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

const here = dirname(fileURLToPath(import.meta.url));
const kernDist = join(dirname(createRequire(import.meta.url).resolve('@kern-ux/native/package.json')), 'dist');

interface Source {
  path: string;
  file: string;
  type: string;
  versioned?: boolean;
}

const SOURCES: Source[] = [
  { path: '/assets/kern.css', file: join(kernDist, 'kern.min.css'), type: 'text/css; charset=utf-8' },
  // KERN's Fira Sans, subset to Latin (scripts/subset-fonts.sh): 22 KB instead of 130 KB per weight.
  {
    path: '/assets/fonts/FiraSans-Regular.subset.woff2',
    file: join(here, 'assets/fonts/FiraSans-Regular.subset.woff2'),
    type: 'font/woff2',
  },
  {
    path: '/assets/fonts/FiraSans-SemiBold.subset.woff2',
    file: join(here, 'assets/fonts/FiraSans-SemiBold.subset.woff2'),
    type: 'font/woff2',
  },
  { path: '/assets/portal.css', file: join(here, 'assets/portal.css'), type: 'text/css; charset=utf-8' },
  { path: '/assets/portal.js', file: join(here, 'assets/portal.js'), type: 'text/javascript; charset=utf-8' },
  {
    path: '/embed/v1.js',
    file: join(here, 'assets/embed-v1.js'),
    type: 'text/javascript; charset=utf-8',
    versioned: false,
  },
  { path: '/embed/v1.css', file: join(here, 'assets/embed-v1.css'), type: 'text/css; charset=utf-8', versioned: false },
];

function hashOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 12);
}

export interface AssetStore {
  get(path: string): Asset | undefined;
  /** The URL to put into pages: with `?v=<hash>` so that it can be cached as immutable. */
  url(path: string): string;
  encoded(asset: Asset, encoding: 'br' | 'gzip'): Buffer;
  all(): Asset[];
}

let shared: AssetStore | undefined;

/** Loads the assets once per process; stylesheets get the versioned URLs of the fonts they reference. */
export function assetStore(): AssetStore {
  if (shared) return shared;
  const assets = new Map<string, Asset>();
  const load = (s: Source, body: Buffer) => {
    const compressible = !s.type.startsWith('font/');
    assets.set(s.path, {
      path: s.path,
      type: s.type,
      body,
      hash: hashOf(body),
      versioned: s.versioned ?? true,
      compressible,
      encoded: {},
    });
  };
  // Fonts first: the stylesheets below embed their versioned URLs.
  for (const s of SOURCES.filter((x) => x.type.startsWith('font/'))) load(s, readFileSync(s.file));
  for (const s of SOURCES.filter((x) => !x.type.startsWith('font/'))) {
    let text = readFileSync(s.file, 'utf8');
    if (s.type.startsWith('text/css')) {
      text = text.replace(/url\("(\/assets\/fonts\/[^"?]+)"\)/g, (all, p: string) => {
        const font = assets.get(p);
        return font ? `url("${p}?v=${font.hash}")` : all;
      });
    }
    load(s, Buffer.from(text, 'utf8'));
  }
  shared = {
    get: (path) => assets.get(path),
    url(path) {
      const a = assets.get(path);
      return a && a.versioned ? `${path}?v=${a.hash}` : path;
    },
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
  return shared;
}

/** Picks br or gzip from an Accept-Encoding header (q=0 excluded); null for identity. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}
