// Security headers on every response of the app (portal, API, editor, errors, 404s).
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Other sites may frame this route's page (the embed fallback): security headers send `frame-ancestors *`. */
    embeddable?: boolean;
  }
}

const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/** The policy for a path: no inline scripts anywhere; only `/embed*` (and routes marked embeddable) may be framed by others. */
export function contentSecurityPolicy(path: string, embeddable: boolean): string {
  const directives = [...BASE_CSP];
  // Swagger UI sets style attributes from its bundle; its scripts still come only from 'self'.
  if (path.startsWith('/api/v1/docs')) directives[2] = "style-src 'self' 'unsafe-inline'";
  directives.push(embeddable ? 'frame-ancestors *' : "frame-ancestors 'self'");
  return directives.join('; ');
}

export function isEmbedPath(path: string): boolean {
  return (
    path === '/embed' ||
    path.startsWith('/embed/') ||
    path.startsWith('/embed?') ||
    path.startsWith('/embed-') ||
    /^\/(en\/)?embed/.test(path)
  );
}

/** onSend hook: sets the headers; HSTS only when the request came over TLS (directly or via a trusted proxy). */
export async function securityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const path = request.url.split('?')[0] ?? '/';
  const embeddable = request.routeOptions?.config?.embeddable === true || isEmbedPath(path);
  reply.header('content-security-policy', contentSecurityPolicy(path, embeddable));
  if (!embeddable) reply.header('x-frame-options', 'SAMEORIGIN');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return payload;
}
