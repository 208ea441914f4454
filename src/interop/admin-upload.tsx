/** @jsxImportSource preact */
// The frame the administrators' upload pages share (XZuFi, PVOG): multipart with a size limit, the session, the
// admin check, the workspace layout with its crumbs, and the error page that keeps the form and says nothing was
// saved. Each page adds its own form, reading and report.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { loadSession } from '../features/auth/auth.http.ts';
import type { AuthService } from '../features/auth/auth.service.ts';
import { AuthenticationRequiredError, isAdmin } from '../features/auth/auth.ts';
import { frameFor, Layout, sendPage } from '../features/auth/auth.workspace.tsx';
import { ForbiddenError, ValidationError, type ValidationIssue } from '../shared/errors.ts';
import { httpStatusOf } from '../web/problem.ts';

export interface AdminUploadOptions {
  auth: AuthService;
  stylesheets: readonly string[];
  /** The page's path, where sign-in leads back to. */
  path: string;
  /** The last crumb, e.g. "PVOG-Import". */
  crumb: string;
  /** Said to a signed-in editor who is not an administrator. */
  adminsOnly: string;
  /** Logged with a failure of the server. */
  failureLog: string;
  /** The error page's title when the upload was refused for its content. */
  refusedTitle: string;
  limits: { fileSize: number; files: number };
  /** The form shown again below an error (null: none, e.g. for a refused role). */
  formAfterError(request: FastifyRequest, status: number): Promise<ComponentChildren | null>;
}

export interface AdminUploadPage {
  requireAdmin(request: FastifyRequest): void;
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    children: ComponentChildren,
    extra?: { status?: number; notice?: { kind: 'success' | 'danger' | 'info'; text: string } },
  ): FastifyReply;
}

/** The upload forms' choice (field `mode`): only check and show what would change, or import. */
export function CheckOrImport() {
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">Was soll geschehen?</legend>
      <div class="kern-form-check">
        <input class="kern-form-check__radio" type="radio" id="f-mode-check" name="mode" value="check" checked />
        <label class="kern-label" for="f-mode-check">
          Nur prüfen: zeigen, was sich ändern würde
        </label>
      </div>
      <div class="kern-form-check">
        <input class="kern-form-check__radio" type="radio" id="f-mode-import" name="mode" value="import" />
        <label class="kern-label" for="f-mode-import">
          Importieren (ganz oder gar nicht, mit Versionsgeschichte)
        </label>
      </div>
    </fieldset>
  );
}

/** Registers what an upload page's plugin needs before its routes, and returns its admin check and page frame. */
export async function adminUploadPage(app: FastifyInstance, opts: AdminUploadOptions): Promise<AdminUploadPage> {
  await app.register(multipart, { limits: { ...opts.limits, fields: 4 } });
  app.addHook('preHandler', async (request) => loadSession(opts.auth, request));

  const requireAdmin = (request: FastifyRequest) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    if (!isAdmin(request.principal)) throw new ForbiddenError(opts.adminsOnly);
  };
  const page: AdminUploadPage['page'] = (request, reply, title, children, extra = {}) =>
    sendPage(
      reply,
      <Layout
        frame={frameFor(request, opts.stylesheets)}
        title={title}
        notice={extra.notice}
        crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: opts.crumb }]}
      >
        {children}
      </Layout>,
      extra.status ?? 200,
    );

  app.setErrorHandler(async (error, request, reply) => {
    const status = httpStatusOf(error);
    if (status >= 500) request.log.error({ err: error }, opts.failureLog);
    if (status === 401) return reply.redirect(`/editor/login?next=${encodeURIComponent(opts.path)}`, 303);
    const issues: ValidationIssue[] = error instanceof ValidationError ? error.issues : [];
    const form = await opts.formAfterError(request, status);
    return page(
      request,
      reply,
      issues.length ? opts.refusedTitle : 'Fehler',
      <div class="kern-stack">
        {issues.length > 0 && (
          <ul class="kern-list">
            {issues.slice(0, 200).map((i) => (
              <li key={`${i.record}:${i.field}:${i.message}`}>
                {i.record ? `${i.record}: ` : ''}
                {i.message}
              </li>
            ))}
          </ul>
        )}
        {form}
      </div>,
      {
        status,
        notice: {
          kind: 'danger',
          text:
            status >= 500
              ? 'Ein interner Fehler ist aufgetreten. Bitte später erneut versuchen.'
              : `${(error as Error).message}${issues.length ? ' Nichts wurde gespeichert.' : ''}`,
        },
      },
    );
  });
  return { requireAdmin, page };
}
