// The workspace's stylesheet: read once, served under a content-hashed URL so that it can be cached for good.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

export const EDITOR_CSS_ROUTE = '/editor/assets/editor.css';

let css: string | undefined;

export function editorCss(): string {
  css ??= readFileSync(new URL('./assets/editor.css', import.meta.url), 'utf8');
  return css;
}

export function editorCssUrl(): string {
  return `${EDITOR_CSS_ROUTE}?v=${createHash('sha256').update(editorCss()).digest('base64url').slice(0, 10)}`;
}

/** Serves the stylesheet under its versioned URL (immutable: a new stylesheet gets a new URL). */
export async function editorCssRoute(app: FastifyInstance): Promise<void> {
  app.get(EDITOR_CSS_ROUTE, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type('text/css; charset=utf-8')
      .send(editorCss()),
  );
}
