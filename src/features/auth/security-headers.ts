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
  const docs = path.startsWith('/api/v1/docs');
  return POLICIES[(docs ? 2 : 0) + (embeddable ? 1 : 0)] as string;
}

function buildPolicy(docs: boolean, embeddable: boolean): string {
  const directives = [...BASE_CSP];
  // Swagger UI sets style attributes from its bundle; its scripts still come only from 'self'.
  if (docs) directives[2] = "style-src 'self' 'unsafe-inline'";
  directives.push(embeddable ? 'frame-ancestors *' : "frame-ancestors 'self'");
  return directives.join('; ');
}

// The four policies there are, joined once instead of per response.
const POLICIES = [
  buildPolicy(false, false),
  buildPolicy(false, true),
  buildPolicy(true, false),
  buildPolicy(true, true),
] as const;

export function isEmbedPath(path: string): boolean {
  if (!path.includes('embed')) return false;
  return (
    path === '/embed' ||
    path.startsWith('/embed/') ||
    path.startsWith('/embed?') ||
    path.startsWith('/embed-') ||
    /^\/(en\/)?embed/.test(path)
  );
}

/**
 * onSend hook: sets the headers; HSTS only when the request came over TLS (directly or via a trusted proxy). A callback
 * hook, not an async one: it runs for every answer and never waits.
 */
export function securityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  _payload: unknown,
  done: (error?: Error | null) => void,
): void {
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  const embeddable = request.routeOptions?.config?.embeddable === true || isEmbedPath(path);
  reply.header('content-security-policy', contentSecurityPolicy(path, embeddable));
  if (!embeddable) reply.header('x-frame-options', 'SAMEORIGIN');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  done();
}
