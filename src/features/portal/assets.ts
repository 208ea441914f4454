// The portal's static assets, self-hosted through the one asset scheme of src/web/assets.ts: KERN's stylesheet and the
// two Fira Sans weights it needs, the portal's own css/js, the shared German text folding (the very module the server
// searches with) and the embed script. KERN's 340 KB stylesheet goes out as ~23 KB.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AssetSource, type AssetStore, createAssetStore } from '../../web/assets.ts';

export type { Asset, AssetStore } from '../../web/assets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const kernDist = join(dirname(createRequire(import.meta.url).resolve('@kern-ux/native/package.json')), 'dist');

const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** In load order: what an asset references comes before it (fonts before stylesheets, modules before scripts). */
const SOURCES: AssetSource[] = [
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
  { path: '/assets/kern.css', file: join(kernDist, 'kern.min.css'), type: CSS },
  { path: '/assets/portal.css', file: join(here, 'assets/portal.css'), type: CSS },
  {
    path: '/assets/german-fold.js',
    file: fileURLToPath(new URL('../../shared/german-fold.js', import.meta.url)),
    type: JS,
  },
  { path: '/assets/portal.js', file: join(here, 'assets/portal.js'), type: JS },
  { path: '/embed/v1.js', file: join(here, 'assets/embed-v1.js'), type: JS, versioned: false },
  { path: '/embed/v1.css', file: join(here, 'assets/embed-v1.css'), type: CSS, versioned: false },
];

let shared: AssetStore | undefined;

/** The portal's assets, loaded once per process (the checklist and the editor link KERN and the fonts from here). */
export function assetStore(): AssetStore {
  shared ??= createAssetStore(SOURCES);
  return shared;
}
