import { constants as zlib } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyEtag from '@fastify/etag';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { asServiceUnavailable } from '../db/faults.ts';
import { catalogApi } from '../features/catalog/catalog.api.ts';
import { checklistRoutes } from '../features/checklist/index.ts';
import { workspace } from '../features/editor/editor.plugin.ts';
import { feedbackPages } from '../features/feedback/index.ts';
import { linkSchedule, linksApi } from '../features/links/index.ts';
import { digestSchedule, inboxPages } from '../features/notifications/index.ts';
import { lastReviewedFrom, loadLegalPages, portalPages, sendNotFoundPage } from '../features/portal/index.ts';
import { searchApi, searchMissesApi } from '../features/search/index.ts';
import { xzufiApi } from '../interop/xzufi/xzufi.api.ts';
import { NotFoundError } from '../shared/errors.ts';
import { sendProblem, wantsHtml } from '../web/problem.ts';
import type { TrustProxy } from './config.ts';
import { registerHealth } from './health.ts';
import { refuseControlCharacters, refuseNonFiniteNumbers } from './input-guard.ts';
import { createMetrics, type Metrics, registerMetrics } from './metrics.ts';
import { REQUEST_ID_HEADER, requestIdGenerator } from './request-id.ts';
import { createServices, type Services } from './services.ts';
import { createShutdown, type Shutdown } from './shutdown.ts';
import { markStaleAnswers } from './stale.ts';

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
}

export type App = FastifyInstance & { services: Services; metrics: Metrics; shutdown: Shutdown };

/** Wires the features into one Fastify app. Nothing but wiring lives here. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  // Running as a service (docs/operations.md): proxies, request ids, slow clients, DB faults, health, metrics.
  const trustProxy = options.trustProxy ?? false;
  const timeouts = { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 75_000, ...options.timeouts };
  const app = Fastify({
    logger: options.logger ?? false,
    // A hop count works at runtime (proxy-addr) but is missing from Fastify's option types.
    trustProxy: trustProxy as boolean | string[],
    requestIdHeader: false, // read (validated) in genReqId, only behind a trusted proxy
    genReqId: requestIdGenerator(trustProxy !== false),
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node checks the header/request timeouts only every `connectionsCheckingInterval` (30 s by default).
    http: {
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: timeouts.headersMs > 0 ? Math.min(Math.max(timeouts.headersMs, 250), 5000) : 30_000,
    },
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
  app.decorate('services', services).decorate('metrics', metrics).decorate('shutdown', shutdown);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onSend', async (_request, reply) => {
    // Every 503 tells clients and proxies when to come back, whichever error handler produced it.
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
  });
  app.addHook(
    'onSend',
    markStaleAnswers(() => services.catalog.staleSince()),
  );
  app.addHook('preValidation', refuseControlCharacters);
  registerHealth(app, { db: services.db, draining: () => shutdown.draining });
  registerMetrics(app, { metrics, db: services.db, token: options.metricsToken ?? null });

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
  await app.register(searchApi, { prefix: '/api/v1', search });
  await app.register(catalogApi, { prefix: '/api/v1', catalog, areas: services.areas });
  await app.register(xzufiApi, { prefix: '/api/v1', catalog, publicUrl });
  await app.register(portalPages, {
    catalog,
    search,
    publicUrl,
    areas: services.areas,
    lastReviewed: lastReviewedFrom({ catalog, checklist }),
    // The imprint, privacy and accessibility texts of this deployment; a bad file refuses the start.
    legal: loadLegalPages(process.env.LEGAL_PAGES_FILE || undefined),
  });
  await app.register(checklistRoutes, { catalog, checklist, links, auth, publicUrl });
  await app.register(linksApi, { prefix: '/api/v1', links, auth });
  await app.register(linkSchedule, { links });
  await app.register(workspace, { services, onSchedulesRan: services.onSchedulesRan }); // editors' workspace (#5): cookies, forms, security headers, /editor, /api/v1/editor
  // Feedback loops: citizens' reports (public form, editors' /editor/reports) and search misses for editors only.
  await app.register(feedbackPages, { feedback: services.feedback, catalog, auth });
  await app.register(searchMissesApi, { prefix: '/api/v1', search, auth });
  // Each tenant's inbox (/editor/inbox) and its digest mail (SMTP_URL; off under NODE_ENV=test).
  await app.register(inboxPages, { notifications: services.notifications, catalog, auth });
  await app.register(digestSchedule, { notifications: services.notifications, mail: services.mail });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app as unknown as App;
}
