// The citizens' side (POST of the "Fehler melden" form on every service page, a thank-you page) and the editors'
// side (/editor/reports: list, one report, answer, close). Plain forms, no JavaScript needed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { berlinDateTime } from '../../shared/berlin-time.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { sendHtml } from '../../web/render-page.ts';
import { Document } from '../../web/ui/document.tsx';
import { CSRF_FIELD, ensureSessionSupport, loadSession, requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError } from '../auth/auth.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { assetStore } from '../portal/index.ts';
import { type FeedbackService, ReportInvalidError } from './feedback.service.ts';
import {
  REPORT_CATEGORY_LABELS,
  REPORT_STATUS_LABELS,
  REPORT_STATUSES,
  type Report,
  type ReportStatus,
} from './feedback.ts';

export interface FeedbackPagesDeps {
  feedback: FeedbackService;
  catalog: Pick<CatalogService, 'getAreaBySlug'>;
  auth: AuthService;
}

const NO_STORE = 'no-store';

function stylesheets(): string[] {
  const assets = assetStore();
  return [assets.url('/assets/kern.css'), assets.url('/assets/portal.css')];
}

function Page({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <Document title={title} stylesheets={stylesheets()}>
      <main class="kern-container aw-main" id="inhalt">
        {children}
      </main>
    </Document>
  );
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export async function feedbackPages(app: FastifyInstance, deps: FeedbackPagesDeps): Promise<void> {
  const { feedback, catalog, auth } = deps;
  await ensureSessionSupport(app, { formBodyLimit: 64 * 1024 });
  const hide = { schema: { hide: true } };

  // ---- citizens ----------------------------------------------------------------------------------------------------
  app.post<{ Params: { slug: string; id: string }; Body: Record<string, unknown> }>(
    '/:slug/leistungen/:id/fehler-melden',
    hide,
    async (request, reply) => {
      const area = await catalog.getAreaBySlug(request.params.slug).catch(() => {
        throw new NotFoundError(`Unbekannter Ort "${request.params.slug}"`);
      });
      const body = request.body ?? {};
      const pagePath = `/${area.slug}/leistungen/${encodeURIComponent(request.params.id)}`;
      try {
        await feedback.submit({
          areaAgs: area.ags,
          serviceId: request.params.id,
          pageUrl: pagePath,
          category: str(body.category),
          message: str(body.message),
          email: str(body.email),
          website: str(body.website),
          clientIp: request.ip,
        });
      } catch (error) {
        if (!(error instanceof ReportInvalidError)) throw error;
        return sendHtml(
          reply,
          <Page title="Fehler melden – bitte prüfen">
            <h1 class="kern-heading-large">Fehler melden</h1>
            {/* The form lives on the service page: the problems are listed here, with the way back to it. */}
            <div class="kern-alert kern-alert--danger" role="alert">
              <h2 class="kern-title">Bitte prüfen Sie Ihre Meldung</h2>
              <ul class="kern-list">
                {error.problems.map((p) => (
                  <li>{p.message}</li>
                ))}
              </ul>
            </div>
            <p class="kern-body">
              <a class="kern-link" href={`${pagePath}#fehler-melden`}>
                Zurück zur Seite und zum Formular
              </a>
            </p>
          </Page>,
          { status: 400, cache: NO_STORE },
        );
      }
      return sendHtml(
        reply,
        <Page title="Danke für Ihre Meldung">
          <h1 class="kern-heading-large">Danke für Ihre Meldung</h1>
          <p class="kern-body">
            Ihre Meldung ist bei der Verwaltung angekommen, die diese Angabe pflegt. Wenn Sie eine E-Mail-Adresse
            angegeben haben, erhalten Sie eine Antwort.
          </p>
          <p class="kern-body">
            <a class="kern-link" href={pagePath}>
              Zurück zur Leistung
            </a>
          </p>
        </Page>,
        { cache: NO_STORE },
      );
    },
  );

  // ---- editors -----------------------------------------------------------------------------------------------------
  await app.register(async (editor) => {
    editor.addHook('preHandler', async (request) => loadSession(auth, request));
    const signedIn = (reply: FastifyReply, principal: unknown): boolean => {
      if (principal) return true;
      void reply.redirect(`/editor/login?next=${encodeURIComponent('/editor/reports')}`, 303);
      return false;
    };

    editor.get<{ Querystring: { status?: string } }>('/editor/reports', hide, async (request, reply) => {
      if (!signedIn(reply, request.principal) || !request.principal) return reply;
      const wanted = (REPORT_STATUSES as readonly string[]).includes(request.query.status ?? '')
        ? [request.query.status as ReportStatus]
        : (['open', 'answered'] as ReportStatus[]);
      const reports = await feedback.list(request.principal, wanted);
      return sendHtml(
        reply,
        <Page title="Fehlermeldungen – Redaktion">
          <p class="kern-body">
            <a class="kern-link" href="/editor">
              Zur Redaktion
            </a>
          </p>
          <h1 class="kern-heading-large">Fehlermeldungen von Bürgerinnen und Bürgern</h1>
          <nav aria-label="Filter">
            <ul class="kern-list">
              {REPORT_STATUSES.map((s) => (
                <li>
                  <a class="kern-link" href={`/editor/reports?status=${s}`}>
                    {REPORT_STATUS_LABELS[s]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {reports.length === 0 ? (
            <p class="kern-body">Keine Meldungen.</p>
          ) : (
            <table class="kern-table">
              <caption class="kern-title">Meldungen ({reports.length})</caption>
              <thead>
                <tr class="kern-table__row">
                  <th scope="col" class="kern-table__header">
                    Eingang
                  </th>
                  <th scope="col" class="kern-table__header">
                    Leistung
                  </th>
                  <th scope="col" class="kern-table__header">
                    Art
                  </th>
                  <th scope="col" class="kern-table__header">
                    Stand
                  </th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr class="kern-table__row">
                    <td class="kern-table__cell">{berlinDateTime(r.createdAt)}</td>
                    <td class="kern-table__cell">
                      <a class="kern-link" href={`/editor/reports/${r.id}`}>
                        {r.shownAnswer.serviceName}
                      </a>
                    </td>
                    <td class="kern-table__cell">{REPORT_CATEGORY_LABELS[r.category]}</td>
                    <td class="kern-table__cell">{REPORT_STATUS_LABELS[r.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Page>,
        { cache: NO_STORE },
      );
    });

    editor.get<{ Params: { id: string } }>('/editor/reports/:id', hide, async (request, reply) => {
      if (!signedIn(reply, request.principal) || !request.principal || !request.session) return reply;
      const report = await feedback.get(request.principal, request.params.id);
      return sendHtml(reply, <ReportPage report={report} csrf={request.session.csrfToken} />, { cache: NO_STORE });
    });

    editor.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/editor/reports/:id',
      hide,
      async (request, reply) => {
        if (!request.session) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
        const session = requireFormSession(auth, request);
        const body = request.body ?? {};
        if (str(body.action) === 'close') await feedback.close(session.principal, request.params.id, str(body.answer));
        else await feedback.answer(session.principal, request.params.id, str(body.answer));
        return reply.redirect(`/editor/reports/${encodeURIComponent(request.params.id)}`, 303);
      },
    );
  });
}

function ReportPage({ report, csrf }: { report: Report; csrf: string }) {
  const shown = report.shownAnswer;
  return (
    <Page title={`Meldung zu ${shown.serviceName} – Redaktion`}>
      <p class="kern-body">
        <a class="kern-link" href="/editor/reports">
          Alle Meldungen
        </a>
      </p>
      <h1 class="kern-heading-large">Meldung zu „{shown.serviceName}“</h1>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Stand</dt>
          <dd class="kern-description-list-item__value" data-testid="report-status">
            {REPORT_STATUS_LABELS[report.status]}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Eingang</dt>
          <dd class="kern-description-list-item__value">{berlinDateTime(report.createdAt)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Was stimmt nicht</dt>
          <dd class="kern-description-list-item__value">{REPORT_CATEGORY_LABELS[report.category]}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Beschreibung</dt>
          <dd class="kern-description-list-item__value">{report.message}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Seite</dt>
          <dd class="kern-description-list-item__value">
            <a class="kern-link" href={report.pageUrl}>
              {report.pageUrl}
            </a>
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Gezeigte Antwort</dt>
          <dd class="kern-description-list-item__value">
            {shown.notOffered ? 'Nicht angeboten. ' : ''}Zuständig: {shown.responsibleArea} ({shown.level})
            {shown.authority ? `, ${shown.authority}` : ''}
            {shown.contactPoint ? `; Anlaufstelle ${shown.contactPoint}` : ''}
            {shown.phone ? `; Telefon ${shown.phone}` : ''}
            {shown.email ? `; E-Mail ${shown.email}` : ''}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Antwort erbeten an</dt>
          <dd class="kern-description-list-item__value">{report.email ?? 'keine Adresse angegeben'}</dd>
        </div>
        {report.answer && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Antwort / Vermerk</dt>
            <dd class="kern-description-list-item__value">
              {report.answer} ({report.handledBy})
            </dd>
          </div>
        )}
      </dl>
      {report.status !== 'closed' && (
        <form method="post" action={`/editor/reports/${report.id}`}>
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <div class="kern-form-input">
            <label class="kern-label" for="antwort">
              Antwort oder Vermerk
            </label>
            <textarea class="kern-form-input__input" id="antwort" name="answer" rows={4} />
          </div>
          <button type="submit" name="action" value="answer" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Antwort speichern</span>
          </button>{' '}
          <button type="submit" name="action" value="close" class="kern-btn kern-btn--primary">
            <span class="kern-label">Als erledigt schließen</span>
          </button>
        </form>
      )}
    </Page>
  );
}
