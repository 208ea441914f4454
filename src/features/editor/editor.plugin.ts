// Wires the editors' workspace into the app with one `register` call: cookies, form bodies, security headers on
// every response, the pages under /editor (HTML errors), the write API under /api/v1/editor (problem+json errors),
// and the scheduler for timed publishing. Registered without encapsulation so that the headers reach every route.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { httpStatusOf } from '../../web/problem.ts';
import { authApi } from '../auth/auth.api.ts';
import { ensureSessionSupport, loadSession, loginCsrfToken } from '../auth/auth.http.ts';
import { authPages, LoginForm } from '../auth/auth.pages.tsx';
import type { AuthService } from '../auth/auth.service.ts';
import { frameFor, Layout, safeNext, sendPage } from '../auth/auth.workspace.tsx';
import { securityHeaders } from '../auth/security-headers.ts';
import { editorApi } from './editor.api.ts';
import { workspaceStylesheets } from './editor.css.ts';
import { editPath } from './editor.paths.ts';
import type { ServicePreviewRenderer } from './editor.preview.ts';
import { editorPages } from './editor.routes.tsx';
import type { ScheduleRun } from './editor.schedules.ts';
import type { EditorService } from './editor.service.ts';
import { editorTaskPages } from './editor.tasks.pages.tsx';
import type { WorkspaceExtras } from './editor.workspace-routes.tsx';

export interface WorkspaceOptions {
  services: { auth: AuthService; editor: EditorService };
  /** Run due scheduled publications every this many ms (0: never; default 60 s, off under NODE_ENV=test). */
  schedulerIntervalMs?: number;
  /** Sign-in attempts per IP and minute. */
  loginRateLimit?: number;
  /** Told of every scheduled publication that was due, with the record's page (the tenants' inboxes listen). */
  onSchedulesRan?: (runs: Array<ScheduleRun & { at: string; link: string }>) => Promise<void>;
  /** Further housekeeping on the scheduler's tick (the app's: notices to the inboxes, retention). */
  onTick?: (at: Date) => Promise<unknown>;
  /** The workspace list's broken-link and review signals, from the link checker and the checklist. */
  extras?: WorkspaceExtras;
  /** The portal's service page for the editors' preview (the portal's `servicePreviewPage`). */
  servicePreview?: ServicePreviewRenderer;
}

const TITLES: Record<number, string> = {
  400: 'Ungültige Anfrage',
  401: 'Anmeldung erforderlich',
  403: 'Keine Berechtigung',
  404: 'Nicht gefunden',
  409: 'Konflikt',
  429: 'Zu viele Versuche',
};

/** Errors of the pages as pages: 401 shows the sign-in form right there (and keeps the status), the rest explain. */
function htmlErrors(stylesheets: readonly string[]) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const status = httpStatusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'editor request failed');
    const frame = frameFor(request, stylesheets);
    const message =
      status >= 500 ? 'Ein interner Fehler ist aufgetreten. Bitte später erneut versuchen.' : (error as Error).message;
    if (status === 401) {
      if ((request.cookies ?? {}).amtsweg_session) frame.principal = null;
      const csrf = loginCsrfToken(request, reply);
      const next = request.method === 'GET' ? safeNext(request.url) : '/editor';
      return sendPage(
        reply,
        h(Layout, {
          frame: { ...frame, principal: null },
          title: 'Anmelden',
          notice: { kind: 'warning', text: message },
          children: h(LoginForm, { csrf, next }),
        }),
        401,
      );
    }
    return sendPage(
      reply,
      h(Layout, {
        frame,
        title: TITLES[status] ?? 'Fehler',
        notice: { kind: 'danger', text: message },
        children: h(
          'p',
          { class: 'kern-body' },
          h('a', { class: 'kern-link', href: '/editor' }, 'Zur Übersicht der Redaktion'),
        ),
      }),
      status,
    );
  };
}

async function workspacePlugin(app: FastifyInstance, opts: WorkspaceOptions): Promise<void> {
  const { auth, editor } = opts.services;
  await ensureSessionSupport(app, { formBodyLimit: 1024 * 1024 });
  app.addHook('onSend', securityHeaders);
  const stylesheets = workspaceStylesheets();

  await app.register(async (pages) => {
    pages.addHook('preHandler', async (request) => loadSession(auth, request));
    pages.setErrorHandler(htmlErrors(stylesheets));
    await pages.register(authPages, {
      auth,
      areas: () => editor.areas(),
      stylesheets,
      loginRateLimit: opts.loginRateLimit ?? 10,
    });
    await pages.register(editorPages, {
      auth,
      editor,
      stylesheets,
      extras: opts.extras,
      servicePreview: opts.servicePreview,
    });
    await pages.register(editorTaskPages, { auth, editor, stylesheets });
  });

  await app.register(editorApi, { prefix: '/api/v1', auth, editor });
  // The accounts' API (own tokens; accounts and audit log for admins) is auth's, beside the editors' API.
  await app.register(authApi, { prefix: '/api/v1', auth });

  const interval = opts.schedulerIntervalMs ?? (process.env.NODE_ENV === 'test' ? 0 : 60_000);
  if (interval > 0) {
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        const at = new Date();
        const ran = await editor.runDueSchedules(at);
        if (ran.length) {
          app.log.info({ ran }, 'scheduled publications ran');
          await opts.onSchedulesRan?.(
            ran.map((r) => ({ ...r, at: at.toISOString(), link: editPath(r.type, r.tenantAgs, r.id) })),
          );
        }
        await auth.purgeExpiredSessions();
        await opts.onTick?.(at);
      } catch (error) {
        app.log.error({ err: error }, 'scheduler failed');
      } finally {
        running = false;
      }
    };
    app.addHook('onReady', async () => {
      timer = setInterval(() => void tick(), interval);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  }
}

// Like fastify-plugin: hooks and decorators apply to the whole app, not only to this plugin's routes.
(workspacePlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
(workspacePlugin as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] = 'amtsweg-workspace';

export const workspace = workspacePlugin;
