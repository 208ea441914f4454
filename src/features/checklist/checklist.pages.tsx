// Server-rendered pages of the checklist (issue #6): a town's checklist, the county dashboard, their CSV, print and
// PDF exports, and the review tick. Every page works without JavaScript; forms are plain GET/POST.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { sendProblem } from '../../app/problem.ts';
import type { Services } from '../../app/services.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { loadSession, requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { canWorkIn } from '../auth/auth.ts';
import type { Area } from '../catalog/catalog.ts';
import { assetStore } from '../portal/assets.ts';
import { Layout } from '../portal/components/layout.tsx';
import { messages } from '../portal/i18n.ts';
import type { PageContext } from '../portal/page-context.ts';
import { sendNotFoundPage, wantsHtml } from '../portal/portal.pages.tsx';
import { htmlToPdf, PDF_ORIGIN, type PdfAsset } from './checklist.pdf.ts';
import { comparisonCsv, townCoverageCsv } from './checklist.ts';
import { checklistPaths, Dashboard, type TickOptions, TownChecklist } from './checklist.views.tsx';

export interface ChecklistPagesOptions {
  services: Services;
}

const HTML = 'text/html; charset=utf-8';
/** Working pages: always fresh (they change with every edit, tick and link check); never indexed. */
const NO_CACHE = 'no-cache';

const CSS_PATH = '/checkliste/checklist.css';
const css = readFileSync(new URL('./assets/checklist.css', import.meta.url));
const cssHash = createHash('sha256').update(css).digest('base64url').slice(0, 12);

/** The printable document (also the PDF's source): no header, navigation or forms. */
function PrintDocument({ title, asset, children }: { title: string; asset: (p: string) => string; children: VNode }) {
  return (
    <html lang="de" data-kern-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href={asset('/assets/kern.css')} />
        <link rel="stylesheet" href={asset('/assets/portal.css')} />
        <link rel="stylesheet" href={`${CSS_PATH}?v=${cssHash}`} />
      </head>
      <body>
        <main class="aw-cl-print">{children}</main>
      </body>
    </html>
  );
}

function page(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

function csvFileName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export async function checklistPages(app: FastifyInstance, options: ChecklistPagesOptions): Promise<void> {
  const { services } = options;
  const { catalog, checklist, links } = services;
  // The editor's sign-in (issue #5), when the app has it: only then can editors tick products as reviewed.
  const auth = (services as Services & Partial<{ auth: AuthService }>).auth;
  const assets = assetStore();
  // The tick form posts urlencoded; the editor's workspace registers the parser too, but maybe only in its scope.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded'))
    await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });

  app.setErrorHandler(async (error, request, reply) => {
    if (!wantsHtml(request)) return sendProblem(reply, request, error);
    if (error instanceof NotFoundError) return sendNotFoundPage(request, reply, services);
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    const status =
      error instanceof AppError
        ? error.status
        : typeof fastifyStatus === 'number' && fastifyStatus >= 400
          ? fastifyStatus
          : 500;
    if (status >= 500) request.log.error({ err: error }, 'checklist page failed');
    const message =
      error instanceof AppError
        ? error.message
        : status < 500
          ? 'Die Anfrage war ungültig.'
          : 'Ein Fehler ist aufgetreten.';
    return reply
      .code(status)
      .type(HTML)
      .header('cache-control', 'no-store')
      .send(
        page(
          <PrintDocument title="Fehler – Checkliste" asset={(p) => assets.url(p)}>
            <>
              <h1 class="kern-heading-large">Das hat nicht geklappt</h1>
              <p class="kern-body">{message}</p>
              <p class="kern-body">
                <a class="kern-link" href={checklistPaths.dashboard()}>
                  Zur Checkliste
                </a>
              </p>
            </>
          </PrintDocument>,
        ),
      );
  });

  async function context(request: FastifyRequest, county: Area | null): Promise<PageContext> {
    const structure = await catalog.structure();
    const towns = county ? await catalog.childAreas(county.ags) : [];
    const isTown = (a: Area) => structure.areaKinds.get(a.kind)?.tiers.includes('gemeinde') ?? false;
    return {
      lang: 'de',
      t: messages('de'),
      path: request.url.split('?')[0] ?? '/',
      origin: services.publicUrl ?? `${request.protocol}://${request.host}`,
      area: null,
      county,
      towns,
      areaOf: (ags) => structure.areasByAgs.get(ags),
      isTown,
      asset: (p) => assets.url(p),
      now: new Date(),
    };
  }

  /** The head of the layout lacks our stylesheet: inserted right after the portal's. */
  function withCss(html: string): string {
    return html.replace('</head>', `<link rel="stylesheet" href="${CSS_PATH}?v=${cssHash}"/></head>`);
  }

  function sendPage(
    reply: FastifyReply,
    ctx: PageContext,
    title: string,
    crumbs: Array<{ label: string; path?: string }>,
    body: VNode,
  ) {
    const html = page(
      <Layout ctx={ctx} title={title} canonicalPath={null} breadcrumbs={crumbs} headerSearch={false}>
        {body}
      </Layout>,
    );
    return reply.code(200).type(HTML).header('cache-control', NO_CACHE).send(withCss(html));
  }

  async function townBySlug(slug: string): Promise<Area> {
    const area = await catalog.getAreaBySlug(slug);
    await checklist.checklistTenantFor(area.ags); // 404 when no county above keeps a checklist
    return area;
  }

  async function defaultCounty(query: { kreis?: string }): Promise<Area> {
    if (query.kreis) return catalog.getArea(query.kreis);
    const counties = await checklist.counties();
    const first = counties[0];
    if (!first) throw new NotFoundError('Es ist noch keine Checkliste eingespielt (amtsweg checklist import).');
    return first;
  }

  const pdfAsset = (path: string): PdfAsset | undefined => {
    if (path === CSS_PATH) return { body: css, type: 'text/css; charset=utf-8' };
    const a = assets.get(path);
    return a ? { body: a.body, type: a.type } : undefined;
  };

  /** The tick form for signed-in editors of the town (sessions come from the editor's auth, when wired). */
  async function tickFor(request: FastifyRequest, town: Area): Promise<TickOptions | null> {
    if (!auth || !(request as { cookies?: unknown }).cookies) return null;
    await loadSession(auth, request);
    if (!request.session || !canWorkIn(request.principal, town.ags)) return null;
    return { csrfToken: request.session.csrfToken, action: checklistPaths.tick(town.slug) };
  }

  // ---- assets
  app.get(CSS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const versioned = (request.query as { v?: string }).v === cssHash;
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
      .send(css);
  });

  // ---- the county dashboard
  app.get<{ Querystring: { kreis?: string } }>('/checkliste', { schema: { hide: true } }, async (request, reply) => {
    const county = await defaultCounty(request.query);
    const [cmp, problems, runs] = await Promise.all([
      checklist.comparison(county.ags),
      links.problems(),
      links.recentRuns(1),
    ]);
    const structure = await catalog.structure();
    const ctx = await context(request, county);
    return sendPage(
      reply,
      ctx,
      `Checkliste: Vergleich der Kommunen im ${county.name}`,
      [{ label: 'Checkliste' }],
      <Dashboard
        cmp={cmp}
        problems={problems}
        lastRun={runs[0] ?? null}
        areaName={(ags) => structure.areasByAgs.get(ags)?.name ?? ags}
      />,
    );
  });

  app.get<{ Querystring: { kreis?: string } }>(
    '/checkliste/vergleich.csv',
    { schema: { hide: true } },
    async (request, reply) => {
      const county = await defaultCounty(request.query);
      const cmp = await checklist.comparison(county.ags);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="checkliste-vergleich-${csvFileName(county.name)}.csv"`)
        .header('cache-control', NO_CACHE)
        .send(comparisonCsv(cmp));
    },
  );

  async function dashboardPrint(request: FastifyRequest<{ Querystring: { kreis?: string } }>) {
    const county = await defaultCounty(request.query);
    const [cmp, problems, runs] = await Promise.all([
      checklist.comparison(county.ags),
      links.problems(),
      links.recentRuns(1),
    ]);
    const structure = await catalog.structure();
    return {
      county,
      html: page(
        <PrintDocument title={`Checkliste – Vergleich ${county.name}`} asset={(p) => assets.url(p)}>
          <Dashboard
            cmp={cmp}
            problems={problems}
            lastRun={runs[0] ?? null}
            areaName={(ags) => structure.areasByAgs.get(ags)?.name ?? ags}
            print
          />
        </PrintDocument>,
      ),
    };
  }

  app.get<{ Querystring: { kreis?: string } }>(
    '/checkliste/vergleich/druck',
    { schema: { hide: true } },
    async (request, reply) => {
      const { html } = await dashboardPrint(request);
      return reply.type(HTML).header('cache-control', NO_CACHE).send(html);
    },
  );

  app.get<{ Querystring: { kreis?: string } }>(
    '/checkliste/vergleich.pdf',
    { schema: { hide: true } },
    async (request, reply) => {
      const { html, county } = await dashboardPrint(request);
      const pdf = await htmlToPdf(html.replace('<head>', `<head><base href="${PDF_ORIGIN}/"/>`), pdfAsset);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="checkliste-vergleich-${csvFileName(county.name)}.pdf"`)
        .header('cache-control', NO_CACHE)
        .send(pdf);
    },
  );

  // ---- a town's checklist
  app.get<{ Params: { slug: string }; Querystring: { nur?: string; prio?: string; geprueft?: string } }>(
    '/checkliste/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const town = await townBySlug(request.params.slug);
      const county = await checklist.checklistTenantFor(town.ags);
      const [coverage, runs, tick] = await Promise.all([
        checklist.townCoverage(town.ags),
        links.recentRuns(1),
        tickFor(request, town),
      ]);
      const ticked = request.query.geprueft
        ? coverage.lebenslagen.flatMap((l) => l.items).find((i) => i.serviceId === request.query.geprueft)
        : undefined;
      const ctx = await context(request, county);
      return sendPage(
        reply,
        ctx,
        `Checkliste ${town.name}`,
        [{ label: 'Checkliste', path: checklistPaths.dashboard() }, { label: town.name }],
        <TownChecklist
          coverage={coverage}
          countyName={county.name}
          editUrl={(id) => checklist.editUrl(town.ags, id)}
          tick={tick}
          onlyGaps={request.query.nur === 'luecken'}
          onlyImportant={request.query.prio === 'wichtig'}
          lastRun={runs[0] ?? null}
          notice={ticked ? `„${ticked.serviceName}“ ist als geprüft markiert.` : null}
        />,
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/checkliste/:slug/checkliste.csv',
    { schema: { hide: true } },
    async (request, reply) => {
      const town = await townBySlug(request.params.slug);
      const coverage = await checklist.townCoverage(town.ags);
      const origin = services.publicUrl ?? `${request.protocol}://${request.host}`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="checkliste-${town.slug}.csv"`)
        .header('cache-control', NO_CACHE)
        .send(townCoverageCsv(coverage, (id) => `${origin}${checklist.editUrl(town.ags, id)}`));
    },
  );

  async function townPrint(slug: string) {
    const town = await townBySlug(slug);
    const county = await checklist.checklistTenantFor(town.ags);
    const [coverage, runs] = await Promise.all([checklist.townCoverage(town.ags), links.recentRuns(1)]);
    return {
      town,
      html: page(
        <PrintDocument title={`Checkliste ${town.name}`} asset={(p) => assets.url(p)}>
          <TownChecklist
            coverage={coverage}
            countyName={county.name}
            editUrl={(id) => checklist.editUrl(town.ags, id)}
            tick={null}
            onlyGaps={false}
            onlyImportant={false}
            lastRun={runs[0] ?? null}
            notice={null}
            print
          />
        </PrintDocument>,
      ),
    };
  }

  app.get<{ Params: { slug: string } }>(
    '/checkliste/:slug/druck',
    { schema: { hide: true } },
    async (request, reply) => {
      const { html } = await townPrint(request.params.slug);
      return reply.type(HTML).header('cache-control', NO_CACHE).send(html);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/checkliste/:slug/checkliste.pdf',
    { schema: { hide: true } },
    async (request, reply) => {
      const { html, town } = await townPrint(request.params.slug);
      const pdf = await htmlToPdf(html.replace('<head>', `<head><base href="${PDF_ORIGIN}/"/>`), pdfAsset);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="checkliste-${town.slug}.pdf"`)
        .header('cache-control', NO_CACHE)
        .send(pdf);
    },
  );

  // ---- the review tick (signed-in editors of the town; POST → redirect → GET)
  app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>(
    '/checkliste/:slug/geprueft',
    { schema: { hide: true } },
    async (request, reply) => {
      const town = await townBySlug(request.params.slug);
      if (!auth || !(request as { cookies?: unknown }).cookies)
        throw new ForbiddenError('Abhaken ist nur angemeldet möglich.');
      await loadSession(auth, request);
      const session = requireFormSession(auth, request);
      if (!canWorkIn(session.principal, town.ags))
        throw new ForbiddenError(`Sie können die Checkliste von ${town.name} nicht bearbeiten.`);
      const serviceId = request.body?.serviceId;
      if (typeof serviceId !== 'string' || !/^[a-z0-9-]{1,200}$/.test(serviceId)) {
        throw new ValidationError('Welche Leistung?', [{ field: 'serviceId', message: 'fehlt oder ungültig' }]);
      }
      await checklist.review(town.ags, serviceId, session.principal.label);
      return reply.redirect(
        `${checklistPaths.town(town.slug)}?geprueft=${encodeURIComponent(serviceId)}#p-${encodeURIComponent(serviceId)}`,
        303,
      );
    },
  );
}
