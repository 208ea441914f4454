// The workspace's stylesheets: KERN (the portal's self-hosted copy, through the portal's public face) and the
// workspace's own, served from memory under a content-hashed URL by the one asset scheme of src/web/assets.ts.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../shared/errors.ts';
import { type AssetStore, createAssetStore, sendAsset } from '../../web/assets.ts';
import { assetStore as portalAssets } from '../portal/index.ts';

export const EDITOR_CSS_ROUTE = '/editor/assets/editor.css';

let store: AssetStore | undefined;
function editorAssets(): AssetStore {
  store ??= createAssetStore([
    {
      path: EDITOR_CSS_ROUTE,
      file: new URL('./assets/editor.css', import.meta.url).pathname,
      type: 'text/css; charset=utf-8',
    },
  ]);
  return store;
}

/** The versioned stylesheet URLs every workspace page links, in cascade order. */
export function workspaceStylesheets(): string[] {
  return [portalAssets().url('/assets/kern.css'), editorAssets().url(EDITOR_CSS_ROUTE)];
}

/** Serves the workspace stylesheet: immutable under its current hash, short-lived otherwise, precompressed. */
export async function editorCssRoute(app: FastifyInstance): Promise<void> {
  app.get(EDITOR_CSS_ROUTE, { compress: false }, async (request, reply) => {
    const sent = sendAsset(editorAssets(), request, reply, EDITOR_CSS_ROUTE);
    if (!sent) throw new NotFoundError(`Unbekannte Datei ${EDITOR_CSS_ROUTE}`);
    return sent;
  });
}
