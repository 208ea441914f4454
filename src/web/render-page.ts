import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export const HTML = 'text/html; charset=utf-8';

/** The one doctype renderer: every server-rendered page (portal, checklist, editor) leaves through here. */
export function renderPage(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

export interface SendHtmlOptions {
  status?: number;
  /** Cache-Control; pages decide (portal pages are shared briefly, working pages never). */
  cache: string;
}

export function sendHtml(reply: FastifyReply, html: string | VNode, options: SendHtmlOptions): FastifyReply {
  return reply
    .code(options.status ?? 200)
    .type(HTML)
    .header('cache-control', options.cache)
    .send(typeof html === 'string' ? html : renderPage(html));
}
