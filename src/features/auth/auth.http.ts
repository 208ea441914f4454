// How the web and the API find out who is asking: session cookie (+ CSRF token) for pages, bearer token for the API.

import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from './auth.secrets.ts';
import type { AuthService, SessionInfo } from './auth.service.ts';
import { AuthenticationRequiredError, CsrfError, type Principal } from './auth.ts';

export const SESSION_COOKIE = 'amtsweg_session';
/** Double-submit token for the sign-in form, before there is a session. */
export const LOGIN_CSRF_COOKIE = 'amtsweg_login_csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the editor's and the API's preHandlers; null when nobody is signed in. */
    principal: Principal | null;
    session: SessionInfo | null;
  }
}

export function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecure(request),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void {
  reply.setCookie(
    SESSION_COOKIE,
    token,
    cookieOptions(request, Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000))),
  );
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

/** The sign-in form's CSRF token: reuses the cookie's value or sets a new one. */
export function loginCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomToken(32);
  reply.setCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(request, 60 * 60));
  return token;
}

export function checkLoginCsrf(request: FastifyRequest, submitted: unknown): void {
  const cookie = request.cookies[LOGIN_CSRF_COOKIE];
  if (!cookie || typeof submitted !== 'string' || !safeEqual(cookie, submitted)) {
    throw new CsrfError('Das Formular ist abgelaufen. Bitte die Seite neu laden und erneut absenden.');
  }
}

/** Refuses cross-site form posts early: a present Origin header must be this host. */
export function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return;
  try {
    if (new URL(origin).host !== request.host) throw new CsrfError('Anfrage von einer fremden Seite abgelehnt.');
  } catch (error) {
    if (error instanceof CsrfError) throw error;
    throw new CsrfError('Anfrage von einer fremden Seite abgelehnt.');
  }
}

/** preHandler of the editor pages: resolves the session cookie (never throws). */
export async function loadSession(auth: AuthService, request: FastifyRequest): Promise<void> {
  const session = await auth.resolveSession(request.cookies[SESSION_COOKIE]);
  request.session = session;
  request.principal = session?.principal ?? null;
}

/** For state-changing form posts: signed in, same origin, and the session's CSRF token in the form. */
export function requireFormSession(auth: AuthService, request: FastifyRequest): SessionInfo {
  checkOrigin(request);
  if (!request.session)
    throw new AuthenticationRequiredError(
      'Bitte melden Sie sich an (Ihre Sitzung ist abgelaufen oder Sie sind nicht angemeldet).',
    );
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (!auth.checkCsrf(request.session, body[CSRF_FIELD])) {
    throw new CsrfError(
      'Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Bitte die Seite neu laden und erneut absenden.',
    );
  }
  return request.session;
}

/** preHandler of the write API: `Authorization: Bearer amt_…` (cookies are ignored, so the API needs no CSRF token). */
export async function loadBearer(auth: AuthService, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const header = request.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const principal = m ? await auth.resolveApiToken(m[1]!) : null;
  request.session = null;
  request.principal = principal;
  if (!principal) {
    reply.header('www-authenticate', 'Bearer realm="amtsweg"');
    throw new AuthenticationRequiredError(
      m
        ? 'Das API-Token ist ungültig, abgelaufen oder widerrufen.'
        : 'Für diese Schnittstelle ist ein persönliches API-Token nötig (Authorization: Bearer …).',
    );
  }
}

/**
 * What every plugin that reads a session needs — cookies, HTML forms (`formBodyLimit` bytes; 0 for none) and the
 * `principal`/`session` request slots — registered once per app whichever plugin comes first.
 */
export async function ensureSessionSupport(
  app: FastifyInstance,
  options: { formBodyLimit?: number } = {},
): Promise<void> {
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  const limit = options.formBodyLimit ?? 64 * 1024;
  if (limit > 0 && !app.hasContentTypeParser('application/x-www-form-urlencoded'))
    await app.register(fastifyFormbody, { bodyLimit: limit });
  if (!app.hasRequestDecorator('principal')) {
    app.decorateRequest('principal', null);
    app.decorateRequest('session', null);
  }
}
