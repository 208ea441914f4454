// The last-resort HTML error pages: used when a feature's own (helpful) error page cannot be built, e.g. because the
// catalog is unreachable. Plain strings on purpose: they must not depend on anything that may have failed.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, sendProblem, wantsHtml } from './problem.ts';
import { HTML } from './render-page.ts';

const SHELLS: Record<'404' | '500', string> = {
  '404': '<!doctype html><html lang="de"><title>Seite nicht gefunden</title><h1>Seite nicht gefunden</h1></html>',
  '500': '<!doctype html><html lang="de"><title>Fehler</title><h1>Ein Fehler ist aufgetreten</h1></html>',
};

/** The bare 404 or 500 page (status 404, or 500 for anything else). */
export function sendErrorShell(reply: FastifyReply, status: 404 | 500 | 503): FastifyReply {
  // 503 (the database is away) shows the 500 shell: something went wrong on our side, try again.
  return reply
    .code(status)
    .type(HTML)
    .send(SHELLS[status === 503 ? 500 : status]);
}

export interface HtmlErrorPages {
  /** A 404 for a browser: the feature's helpful page. */
  notFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
  /** Any other status for a browser (already logged when ≥ 500). */
  failure(request: FastifyRequest, reply: FastifyReply, status: number, error: unknown): Promise<FastifyReply>;
}

/**
 * One error handler for every plugin with pages: clients that did not ask for HTML (curl, fetch) get the API's
 * problem+json, also from page URLs; browsers get the feature's page for the same status the API would answer.
 */
export function htmlErrorHandler(pages: HtmlErrorPages, logMessage = 'page failed') {
  return async (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (!wantsHtml(request)) return sendProblem(reply, request, error);
    const status = httpStatusOf(error);
    if (status === 404) return pages.notFound(request, reply);
    if (status >= 500) request.log.error({ err: error }, logMessage);
    return pages.failure(request, reply, status, error);
  };
}
