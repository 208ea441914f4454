import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../shared/errors.ts';

/** RFC 9457 problem details: every API error leaves as `application/problem+json`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemFor(error: unknown, instance?: string): Problem {
  if (error instanceof ValidationError) {
    return {
      type: `/problems/${error.type}`,
      title: 'Ungültige Eingabe',
      status: 400,
      detail: error.message,
      instance,
      issues: error.issues,
    };
  }
  if (error instanceof AppError) {
    return {
      type: `/problems/${error.type}`,
      title: error.message,
      status: error.status,
      instance,
      ...(error.details ?? {}),
    };
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    // Fastify/Ajv schema validation: name the field the client got wrong.
    const issues = fe.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const path = (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
      const field = [fe.validationContext, path, missing].filter(Boolean).join('.');
      return { field, message: v.message ?? 'invalid' };
    });
    return {
      type: '/problems/validation-error',
      title: 'Ungültige Eingabe',
      status: 400,
      detail: fe.message,
      instance,
      issues,
    };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { type: `/problems/http-${fe.statusCode}`, title: fe.message, status: fe.statusCode, instance };
  }
  return { type: '/problems/internal-error', title: 'Interner Fehler', status: 500, instance };
}

/**
 * The one error→HTTP status classifier: the problem+json answer and the HTML error pages (portal, checklist, later
 * the editor) must agree on what is a 404, a 400 and a 500.
 */
export function httpStatusOf(error: unknown): number {
  return problemFor(error).status;
}

/** Whether a request should get an HTML page rather than problem+json: a browser asking outside /api. */
export function wantsHtml(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  // The request id (from the trusted proxy or generated) lets a user's report be found in the logs.
  const problem = { ...problemFor(error, request.url), requestId: request.id };
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}
