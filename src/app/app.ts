import fastifyEtag from '@fastify/etag';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { catalogApi } from '../features/catalog/catalog.api.ts';
import { checklistRoutes } from '../features/checklist/checklist.routes.ts';
import { workspace } from '../features/editor/editor.plugin.ts';
import { portalPages, sendNotFoundPage, wantsHtml } from '../features/portal/portal.pages.tsx';
import { searchApi } from '../features/search/search.api.ts';
import { NotFoundError } from '../shared/errors.ts';
import { sendProblem } from './problem.ts';
import { createServices, type Services } from './services.ts';

export interface BuildAppOptions {
  db: Db;
  /** pino options or false; tests pass false. */
  logger?: boolean | { level: string };
  publicUrl?: string | null;
  /** Prebuilt services (tests may share them); built from `db` when absent. */
  services?: Services;
}

export type App = FastifyInstance & { services: Services };

/** Wires the features into one Fastify app. Nothing but wiring lives here. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const services = options.services ?? createServices(options.db, { publicUrl: options.publicUrl ?? null });
  app.decorate('services', services);

  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  // Browsers outside /api get the portal's helpful 404 page; API clients get problem+json.
  app.setNotFoundHandler((request, reply) =>
    wantsHtml(request)
      ? sendNotFoundPage(request, reply, services)
      : sendProblem(reply, request, new NotFoundError(`Nicht gefunden: ${request.url}`)),
  );

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

  await app.register(searchApi, { prefix: '/api/v1', services });
  await app.register(catalogApi, { prefix: '/api/v1', catalog: services.catalog });
  await app.register(portalPages, { services });
  await app.register(checklistRoutes, { services });
  await app.register(workspace, { services }); // editors' workspace (#5): cookies, forms, security headers, /editor, /api/v1/editor
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app as unknown as App;
}
