// Server-rendered pages of the checklist (issue #6): a town's checklist, the county dashboard, their CSV, print and
// PDF exports, and the review tick. Every page works without JavaScript; forms are plain GET/POST.
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { foldedSlug } from '../../shared/german-fold.js';
import { createAssetStore, sendAsset } from '../../web/assets.ts';
import { CachedBody, sendCached } from '../../web/cached-body.ts';
import { htmlErrorHandler } from '../../web/error-pages.ts';
import { HTML, renderPage, sendHtml } from '../../web/render-page.ts';
import { Document } from '../../web/ui/document.tsx';
import { loadSession, requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { canWorkIn } from '../auth/auth.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { Area } from '../catalog/catalog.ts';
import type { LinksService } from '../links/links.service.ts';
import { assetStore, Layout, messages, type PageContext, type PortalDeps, sendNotFoundPage } from '../portal/index.ts';
import { checklistPaths } from './checklist.paths.ts';
import { htmlToPdf, PDF_ORIGIN, type PdfAsset } from './checklist.pdf.ts';
import type { ChecklistService } from './checklist.service.ts';
import { comparisonCsv, townCoverageCsv } from './checklist-csv.ts';
import { Dashboard } from './views/dashboard.tsx';
import { type TickOptions, TownChecklist } from './views/town-checklist.tsx';

/** What the checklist's pages need from the rest of the app. */
export interface ChecklistPagesDeps {
  catalog: Pick<CatalogService, 'structure' | 'townsBelow' | 'getAreaBySlug' | 'getArea' | 'dataReport'> &
    PortalDeps['catalog'];
  checklist: ChecklistService;
  links: Pick<LinksService, 'problems' | 'recentRuns'>;
  publicUrl: string | null;
  /** The editor's sign-in (issue #5), when the app has it: only then can editors tick products as reviewed. */
  auth?: AuthService | null | undefined;
}

/** Working pages: always fresh (they change with every edit, tick and link check); never indexed. */
const NO_CACHE = 'no-cache';

const CSS_PATH = '/checkliste/checklist.css';
const ownAssets = createAssetStore([
  {
    path: CSS_PATH,
    file: new URL('./assets/checklist.css', import.meta.url).pathname,
    type: 'text/css; charset=utf-8',
  },
]);

/** The printable document (also the PDF's source): no header, navigation or forms. */
function PrintDocument(props: { title: string; asset: (p: string) => string; children: ComponentChildren }) {
  const { title, asset, children } = props;
  return (
    <Document title={title} stylesheets={[asset('/assets/kern.css'), asset('/assets/portal.css'), asset(CSS_PATH)]}>
      <main class="aw-cl-print">{children}</main>
    </Document>
  );
}

export async function checklistPages(app: FastifyInstance, deps: ChecklistPagesDeps): Promise<void> {
  const { catalog, checklist, links, auth } = deps;
  const portalAssets = assetStore();
  const assets = {
    url: (p: string) => (p === CSS_PATH ? ownAssets.url(p) : portalAssets.url(p)),
    get: (p: string) => ownAssets.get(p) ?? portalAssets.get(p),
  };
  // The tick form posts urlencoded; the editor's workspace registers the parser too, but maybe only in its scope.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded'))
    await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });

  app.setErrorHandler(
    htmlErrorHandler(
      {
        notFound: (request, reply) => sendNotFoundPage(request, reply, deps),
        async failure(_request, reply, status, error) {
          const message =
            error instanceof AppError
              ? error.message
              : status < 500
                ? 'Die Anfrage war ungültig.'
                : 'Ein Fehler ist aufgetreten.';
          return sendHtml(
            reply,
            <PrintDocument title="Fehler – Checkliste" asset={(p) => assets.url(p)}>
              <h1 class="kern-heading-large">Das hat nicht geklappt</h1>
              <p class="kern-body">{message}</p>
              <p class="kern-body">
                <a class="kern-link" href={checklistPaths.dashboard()}>
                  Zur Checkliste
                </a>
              </p>
            </PrintDocument>,
            { status, cache: 'no-store' },
          );
        },
      },
      'checklist page failed',
    ),
  );

  async function context(request: FastifyRequest, county: Area | null): Promise<PageContext> {
    const structure = await catalog.structure();
    const towns = county ? await catalog.townsBelow(county.ags) : [];
    const isTown = (a: Area) => structure.areaKinds.get(a.kind)?.tiers.includes('gemeinde') ?? false;
    return {
      lang: 'de',
      t: messages('de'),
      path: request.url.split('?')[0] ?? '/',
      origin: deps.publicUrl ?? `${request.protocol}://${request.host}`,
      area: null,
      county,
      towns,
      areaOf: (ags) => structure.areasByAgs.get(ags),
      isTown,
      asset: (p) => assets.url(p),
      now: new Date(),
    };
  }

  function page(ctx: PageContext, title: string, crumbs: Array<{ label: string; path?: string }>, body: VNode) {
    return (
      <Layout
        ctx={ctx}
        title={title}
        canonicalPath={null}
        breadcrumbs={crumbs}
        headerSearch={false}
        stylesheets={[assets.url(CSS_PATH)]}
      >
        {body}
      </Layout>
    );
  }

  function sendPage(
    reply: FastifyReply,
    ctx: PageContext,
    title: string,
    crumbs: Array<{ label: string; path?: string }>,
    body: VNode,
  ) {
    return sendHtml(reply, page(ctx, title, crumbs, body), { cache: NO_CACHE });
  }

  // A town's checklist (about 200 KB of HTML) is the same for every reader without the tick form while its coverage
  // is: the service hands out one coverage object per catalog generation, checklist generation (items, ticks), link
  // generation, reports generation and day, so the rendered bytes are kept per coverage object and URL (issue 16:
  // rendering it on every request was most of the CPU and garbage of a mixed load). Finding the kept bytes reads no
  // table, only those generations (decision 0275). Signed-in editors with the tick form, and the notice after a
  // tick, are rendered per request.
  const keptTownPages = new WeakMap<object, Map<string, CachedBody>>();
  let keptSerial = 0;

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
  app.get(CSS_PATH, { schema: { hide: true }, compress: false }, async (request, reply) => {
    const sent = sendAsset(ownAssets, request, reply, CSS_PATH);
    if (!sent) throw new NotFoundError(`Unbekannte Datei ${CSS_PATH}`);
    return sent;
  });

  // ---- the county dashboard
  app.get<{ Querystring: { kreis?: string } }>('/checkliste', { schema: { hide: true } }, async (request, reply) => {
    const county = await defaultCounty(request.query);
    const [cmp, problems, runs, report] = await Promise.all([
      checklist.comparison(county.ags),
      links.problems(),
      links.recentRuns(1),
      catalog.dataReport(),
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
        dataReport={report}
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
        .header('content-disposition', `attachment; filename="checkliste-vergleich-${foldedSlug(county.name)}.csv"`)
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
      html: renderPage(
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
        .header('content-disposition', `attachment; filename="checkliste-vergleich-${foldedSlug(county.name)}.pdf"`)
        .header('cache-control', NO_CACHE)
        .send(pdf);
    },
  );

  // ---- a town's checklist
  app.get<{ Params: { slug: string }; Querystring: { nur?: string; prio?: string; geprueft?: string } }>(
    '/checkliste/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const town = await catalog.getAreaBySlug(request.params.slug);
      const county = await checklist.checklistTenantFor(town.ags); // 404 when no county above keeps a checklist
      const [coverage, tick] = await Promise.all([checklist.townCoverage(town.ags), tickFor(request, town)]);
      const ticked = request.query.geprueft
        ? coverage.lebenslagen.flatMap((l) => l.items).find((i) => i.serviceId === request.query.geprueft)
        : undefined;
      const keep = tick === null && ticked === undefined;
      const variant = `${deps.publicUrl ?? `${request.protocol}://${request.host}`}${request.url}`;
      const kept = keep ? keptTownPages.get(coverage)?.get(variant) : undefined;
      if (kept) return sendCached(request, reply.header('cache-control', NO_CACHE), kept);
      // The last link run is only read to render: a run's every write moves the links' generation, and with it the
      // coverage object the kept bytes hang on.
      const [runs, ctx] = await Promise.all([links.recentRuns(1), context(request, county)]);
      const node = page(
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
      if (!keep) return sendHtml(reply, node, { cache: NO_CACHE });
      const body = new CachedBody(renderPage(node), HTML, `c${(++keptSerial).toString(36)}-${Date.now().toString(36)}`);
      let byUrl = keptTownPages.get(coverage);
      if (!byUrl) {
        byUrl = new Map();
        keptTownPages.set(coverage, byUrl);
      }
      // Query strings are the reader's: only the page's own filters are kept, a bounded few.
      if (byUrl.size < 16) byUrl.set(variant, body);
      return sendCached(request, reply.header('cache-control', NO_CACHE), body);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/checkliste/:slug/checkliste.csv',
    { schema: { hide: true } },
    async (request, reply) => {
      const town = await townBySlug(request.params.slug);
      const coverage = await checklist.townCoverage(town.ags);
      const origin = deps.publicUrl ?? `${request.protocol}://${request.host}`;
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
      html: renderPage(
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
