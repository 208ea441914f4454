import { createServer } from 'node:http';
import { constants as zlib } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyEtag from '@fastify/etag';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Db } from '../db/database.ts';
import { asServiceUnavailable } from '../db/faults.ts';
import { areasApi, movedLocation } from '../features/areas/index.ts';
import { catalogApi } from '../features/catalog/catalog.api.ts';
import { checklistRoutes, REVIEWS_SCOPE } from '../features/checklist/index.ts';
import { workspaceStylesheets } from '../features/editor/editor.css.ts';
import { workspace } from '../features/editor/editor.plugin.ts';
import { feedbackPages } from '../features/feedback/index.ts';
import { linkSchedule, linksApi } from '../features/links/index.ts';
import { digestSchedule, inboxPages } from '../features/notifications/index.ts';
import {
  lastReviewedFrom,
  loadLegalPages,
  portalPages,
  sendNotFoundPage,
  servicePreviewPage,
} from '../features/portal/index.ts';
import { SYNONYMS_SCOPE, searchApi, searchMissesApi } from '../features/search/index.ts';
import { editorSheetsPages } from '../interop/csv/editor-sheets.pages.tsx';
import { pvogPages } from '../interop/pvog/pvog.pages.tsx';
import { xzufiApi } from '../interop/xzufi/xzufi.api.ts';
import { xzufiPages } from '../interop/xzufi/xzufi.pages.tsx';
import { NotFoundError } from '../shared/errors.ts';
import { FrontCache } from '../web/front-cache.ts';
import { sendProblem, wantsHtml } from '../web/problem.ts';
import type { TrustProxy } from './config.ts';
import { registerHealth } from './health.ts';
import { refuseControlCharacters, refuseNonFiniteNumbers } from './input-guard.ts';
import { createMetrics, type Metrics, registerMetrics } from './metrics.ts';
import { REQUEST_ID_HEADER, requestIdGenerator } from './request-id.ts';
import { lazyRequestLogger } from './request-logger.ts';
import { createServices, type Services } from './services.ts';
import { createShutdown, type Shutdown } from './shutdown.ts';
import { markStaleAnswer } from './stale.ts';

export interface BuildAppOptions {
  db: Db;
  /** pino options or false; tests pass false. */
  logger?: boolean | { level: string };
  publicUrl?: string | null;
  /** Prebuilt services (tests may share them); built from `db` when absent. */
  services?: Services;
  /** Whose `X-Forwarded-*` and `X-Request-Id` to believe (default: nobody's). */
  trustProxy?: TrustProxy;
  /** Slow-client limits (ms); see docs/operations.md. */
  timeouts?: { requestMs?: number; headersMs?: number; keepAliveMs?: number };
  /** SIGTERM: how long in-flight requests get (default 10 s); `exit` replaces process.exit (tests). */
  shutdown?: { timeoutMs?: number; exit?: (code: number) => void };
  /** Prometheus registry features register into (a fresh one when absent). */
  metrics?: Metrics;
  /** When set, `GET /metrics` needs this bearer token. */
  metricsToken?: string | null;
  /** Share of requests the access log writes a line for (default 1: all); answers ≥ 500 always. */
  accessLogSample?: number;
  /**
   * Replay kept anonymous answers in front of Fastify (docs/decisions/0295; `FRONT_CACHE`, on in the server). Off
   * by default here: `app.inject` does not pass the server's listener anyway.
   */
  frontCache?: boolean;
}

/** What the front cache may hold: kept answers are already held once by the features' caches; these share bytes. */
const FRONT_CACHE_BYTES = 64 * 1024 * 1024;

export type App = FastifyInstance & {
  services: Services;
  metrics: Metrics;
  shutdown: Shutdown;
  /** The front cache when on (tests read its hits), else null. */
  frontCache: FrontCache | null;
};

/** Wires the features into one Fastify app. Nothing but wiring lives here. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  // Running as a service (docs/operations.md): proxies, request ids, slow clients, DB faults, health, metrics.
  const trustProxy = options.trustProxy ?? false;
  const timeouts = { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 75_000, ...options.timeouts };
  // Node checks the header/request timeouts only every `connectionsCheckingInterval` (30 s by default).
  const http = {
    headersTimeout: timeouts.headersMs,
    connectionsCheckingInterval: timeouts.headersMs > 0 ? Math.min(Math.max(timeouts.headersMs, 250), 5000) : 30_000,
  };
  const front = options.frontCache ? new FrontCache({ maxBytes: FRONT_CACHE_BYTES }) : null;
  // One request-id scheme for Fastify's requests and the front cache's replays.
  const genReqId = requestIdGenerator(trustProxy !== false);
  const app = Fastify({
    // The front cache's listener before Fastify's; the server made as Fastify makes it (its options, its timeouts).
    ...(front
      ? {
          serverFactory: (handler: Parameters<FrontCache['listener']>[0]) => {
            const server = createServer(http, front.listener(handler));
            server.keepAliveTimeout = timeouts.keepAliveMs;
            server.requestTimeout = timeouts.requestMs;
            return server;
          },
        }
      : {}),
    logger: options.logger ?? false,
    // A hop count works at runtime (proxy-addr) but is missing from Fastify's option types.
    trustProxy: trustProxy as boolean | string[],
    // One access-log line per request (below) instead of Fastify's two ("incoming request", "request completed").
    logController: new LogController({ disableRequestLogging: true }),
    // Each request's logger (with its id) is made when the request logs, not for every request.
    childLoggerFactory: lazyRequestLogger,
    requestIdHeader: false, // read (validated) in genReqId, only behind a trusted proxy
    genReqId,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true },
      plugins: [refuseNonFiniteNumbers],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const services =
    options.services ??
    createServices(options.db, {
      publicUrl: options.publicUrl ?? null,
      listen: true,
      onListenError: (err) => app.log.warn({ err }, 'generation listener: connection lost; it reconnects'),
    });
  if (!options.services) app.addHook('onClose', () => services.close());
  const metrics = options.metrics ?? createMetrics();
  const shutdown = createShutdown(app, { timeoutMs: 10_000, ...options.shutdown });
  app
    .decorate('services', services)
    .decorate('metrics', metrics)
    .decorate('shutdown', shutdown)
    .decorate('frontCache', front);
  // The app's own per-request work is one hook per phase, written with callbacks: an async hook costs a promise and
  // a microtask per request, and these mostly finish at once (issue 17: fixed costs of a kept answer).
  const staleSince = () => services.catalog.staleSince();
  app.addHook('onSend', (request, reply, payload, done) => {
    // Every 503 tells clients and proxies when to come back, whichever error handler produced it.
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
    done(null, markStaleAnswer(staleSince, request, reply, payload));
  });
  app.addHook('preValidation', (request, _reply, done) => {
    refuseControlCharacters(request);
    done();
  });
  const sample = options.accessLogSample ?? 1;
  // Nothing at all per request when the level hides info lines (the hook is not even added).
  const accessLog = ['trace', 'debug', 'info'].includes(app.log.level) && sample > 0;
  // The sampling rule for both access-log writers (Fastify's answers here, the front cache's replays below).
  const sampled = () => sample >= 1 || Math.random() < sample;
  if (accessLog) {
    app.addHook('onResponse', (request, reply, done) => {
      if (reply.statusCode >= 500 || sampled())
        request.log.info(
          { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
          'request',
        );
      done();
    });
  }
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    // Old area URLs (renamed slugs, merged areas) answer 301 to the area's current ones, before any route runs.
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const moved = movedLocation(request.url, services.areas);
    if (moved === null) return done();
    moved.then((location) => {
      if (!location) return done();
      // Embeds fetch their data across origins: the redirect must be readable there too.
      if (request.url.includes('/embed/v1/data/')) reply.header('access-control-allow-origin', '*');
      reply.header('cache-control', 'public, max-age=3600').redirect(location, 301);
    }, done);
  });
  registerHealth(app, { db: services.db, draining: () => shutdown.draining });
  const recordRequest = registerMetrics(app, { metrics, db: services.db, token: options.metricsToken ?? null });
  if (front) {
    // What the skipped hooks did, cheaply (ADR 0295): the request id, the metrics, the sampled access log; while
    // shutting down or answering from the last good snapshot (stale marking) every request goes to Fastify.
    front.attach({
      token: () => services.catalog.freshToken(),
      bypass: () => shutdown.draining || services.catalog.staleSince() !== null,
      requestId: genReqId,
      requestIdHeader: REQUEST_ID_HEADER,
      answered: (a) => {
        recordRequest(a.method, a.route, a.status, a.ms);
        if (accessLog && sampled())
          app.log.info(
            { reqId: a.requestId, method: a.method, url: a.url, status: a.status, ms: Math.round(a.ms) },
            'request',
          );
      },
    });
    app.addHook('preClose', (done) => {
      front.close();
      done();
    });
  }

  app.setErrorHandler((error, request, reply) => {
    // A database outage is not a bug: 503 with Retry-After, and the pool reconnects by itself.
    const unavailable = asServiceUnavailable(error);
    if (unavailable) reply.header('retry-after', String(unavailable.retryAfterSeconds));
    return sendProblem(reply, request, unavailable ?? error);
  });
  // Browsers outside /api get the portal's helpful 404 page; API clients get problem+json.
  app.setNotFoundHandler((request, reply) =>
    wantsHtml(request)
      ? sendNotFoundPage(request, reply, services)
      : sendProblem(reply, request, new NotFoundError(`Nicht gefunden: ${request.url}`)),
  );

  // Pages and API alike are compressed (a town's list: 650 KB → ~60 KB); brotli at a moderate quality, since its
  // default (11) costs more CPU per response than the whole request. Assets are precompressed and opt out.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(fastifyEtag, { weak: true });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'amtsweg API',
        version: '1.0.0',
        description:
          'Der gemeinsame Leistungskatalog eines Kreises und seiner Städte und Gemeinden: wer ist zuständig, und wie erreiche ich die richtige Stelle?',
      },
      tags: [
        { name: 'catalog', description: 'Gebiete, Leistungen, Zuständigkeiten' },
        { name: 'editor', description: 'Redaktion: Entwürfe, Veröffentlichen, Verlauf (persönliches API-Token)' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Persönliches API-Token amt_…' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs' });

  const { catalog, search, links, checklist, auth, publicUrl } = services;
  // "Zuletzt geprüft": one rule for the service pages and the API's service answer.
  const lastReviewed = lastReviewedFrom({ catalog, checklist });
  // What kept answers (docs/decisions/0220) are made from besides the catalog: the synonyms and the review ticks.
  const searchGeneration = () => catalog.cacheGeneration(SYNONYMS_SCOPE);
  const reviewGeneration = () => catalog.cacheGeneration(REVIEWS_SCOPE);
  const searchVersion = async () =>
    `${(await catalog.cacheGeneration()).toString(36)}-${(await searchGeneration()).toString(36)}`;
  await app.register(searchApi, { prefix: '/api/v1', search, version: searchVersion });
  await app.register(catalogApi, {
    prefix: '/api/v1',
    catalog,
    areas: services.areas,
    lastReviewed,
    reviewGeneration,
  });
  await app.register(areasApi, { prefix: '/api/v1', catalog, areas: services.areas });
  await app.register(xzufiApi, { prefix: '/api/v1', catalog, publicUrl });
  const portalDeps = {
    catalog,
    search,
    publicUrl,
    areas: services.areas,
    lastReviewed,
    searchGeneration,
    reviewGeneration,
    // The imprint, privacy and accessibility texts of this deployment; a bad file refuses the start.
    legal: loadLegalPages(process.env.LEGAL_PAGES_FILE || undefined),
    scope: deploymentScope(process.env.DEPLOYMENT_SCOPE),
  };
  await app.register(portalPages, portalDeps);
  await app.register(checklistRoutes, { catalog, checklist, links, auth, publicUrl });
  await app.register(linksApi, { prefix: '/api/v1', links, auth });
  await app.register(linkSchedule, { links });
  await app.register(workspace, {
    services,
    onSchedulesRan: services.onSchedulesRan,
    // Housekeeping of the feedback loops every minute: catalog notices to the inboxes, retention (at most hourly).
    onTick: (at) => services.maintenance(at),
    // The service list's statuses "broken link" and "unreviewed" and its bulk "mark reviewed".
    extras: {
      brokenLinks: async (tenant) =>
        new Set(
          (await links.problems([tenant])).flatMap((b) => b.sources.flatMap((s) => (s.serviceId ? [s.serviceId] : []))),
        ),
      reviews: (tenant) => checklist.reviewsOf(tenant),
      markReviewed: (tenant, ids, by) => checklist.markReviewed(tenant, ids, by),
      reviewMaxAgeDays: checklist.reviewMaxAgeDays,
    },
    // The editors' preview is the portal's own service page, resolved from the draft (sent no-store, not cached).
    servicePreview: (request, input) => servicePreviewPage(portalDeps, request, input),
  }); // editors' workspace (#5): cookies, forms, security headers, /editor, /api/v1/editor
  // Feedback loops: citizens' reports (public form, editors' /editor/reports) and search misses for editors only.
  await app.register(feedbackPages, { feedback: services.feedback, catalog, auth });
  await app.register(searchMissesApi, { prefix: '/api/v1', search, auth });
  // Each tenant's inbox (/editor/inbox) and its digest mail (SMTP_URL; off under NODE_ENV=test).
  await app.register(inboxPages, { notifications: services.notifications, catalog, auth });
  await app.register(digestSchedule, { notifications: services.notifications, mail: services.mail });
  // Spreadsheets for editors (/editor/<ags>/tabellen): download, upload with a preview, written through the catalog.
  await app.register(editorSheetsPages, { auth, catalog, stylesheets: workspaceStylesheets() });
  // The administrators' XZuFi upload (/editor/admin/xzufi): check or import a message from the browser.
  await app.register(xzufiPages, { auth, catalog, stylesheets: workspaceStylesheets() });
  // The administrators' PVOG upload (/editor/admin/pvog): the Bund's Leistungen from PVOG CSV and JSON files.
  await app.register(pvogPages, { auth, catalog, stylesheets: workspaceStylesheets() });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app as unknown as App;
}

/**
 * DEPLOYMENT_SCOPE=05974 or 05974,05958 or 05 (a Land): the areas whose towns and counties get a site. Unset: the
 * counties whose deployment named a main unit of its own (the seed's). A bad key refuses the start.
 */
export function deploymentScope(value: string | undefined): string[] | null {
  if (!value?.trim()) return null;
  const keys = value.split(/[\s,]+/).filter(Boolean);
  const bad = keys.filter((k) => !/^(\d{2}|\d{3}|\d{5})$/.test(k));
  if (bad.length > 0)
    throw new Error(
      `DEPLOYMENT_SCOPE: ${bad.join(', ')} is not a key; allowed: Land (2 digits), Regierungsbezirk (3) or Kreis (5), separated by commas`,
    );
  return keys;
}
