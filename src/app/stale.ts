// While the database is away the catalog answers reads from its last good snapshot (catalog.service, `staleSince`).
// Such answers say so: API clients get `X-Amtsweg-Stale` (since when) and `Warning: 110`, pages a notice at the top,
// and neither may be cached — a proxy would otherwise keep showing the notice after the database is back.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { berlinDateTime } from '../shared/berlin-time.ts';

export const STALE_HEADER = 'x-amtsweg-stale';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function staleNotice(since: Date, english: boolean): string {
  const when = escapeHtml(berlinDateTime(since));
  const text = english
    ? `The database cannot be reached right now. You are seeing the catalog as of ${when}; changes made since may be missing, and forms cannot be sent.`
    : `Die Datenbank ist gerade nicht erreichbar. Sie sehen den Katalog mit dem Stand vom ${when}; spätere Änderungen fehlen vielleicht, und Formulare lassen sich nicht absenden.`;
  return `<div class="kern-alert kern-alert--warning aw-stale-notice" role="status"><div class="kern-alert__body"><p class="kern-body">${text}</p></div></div>`;
}

/**
 * For the `onSend` hook: marks a successful answer given while the catalog serves its last good snapshot, and returns
 * the payload to send (the page with its notice; otherwise the payload unchanged). Synchronous: the hook runs for
 * every answer, and almost always has nothing to do.
 */
export function markStaleAnswer(
  staleSince: () => Date | null,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown {
  const since = staleSince();
  if (!since || reply.statusCode >= 500) return payload;
  reply.header(STALE_HEADER, since.toISOString());
  reply.header('warning', '110 - "Response is Stale"');
  reply.header('cache-control', 'no-store');
  const type = String(reply.getHeader('content-type') ?? '');
  if (!type.startsWith('text/html') || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
  const html = payload.toString();
  const body = /<body[^>]*>/.exec(html);
  if (!body) return payload;
  const at = body.index + body[0].length;
  const english = request.url === '/en' || request.url.startsWith('/en/') || request.url.startsWith('/en?');
  const marked = `${html.slice(0, at)}${staleNotice(since, english)}${html.slice(at)}`;
  return typeof payload === 'string' ? marked : Buffer.from(marked);
}
