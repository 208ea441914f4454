import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { type App, buildApp } from './app.ts';
import { assertServable, type Config, loadConfig } from './config.ts';
import { seedIfEmpty } from './seed.ts';
import { createServices } from './services.ts';
import { handleSignals } from './shutdown.ts';
import { warmUp } from './warm-up.ts';

export interface StartOptions {
  /** Install SIGTERM/SIGINT handlers for the bounded graceful shutdown (the CLI does; tests call `app.shutdown`). */
  handleSignals?: boolean;
}

/** Starts the portal: migrate, seed an empty database, listen. Returns the app (tests and the CLI close it). */
export async function startServer(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<App> {
  const config = { ...loadConfig(), ...overrides };
  assertServable(config);
  // The pool reports lost idle connections before the app (and its logger) exists; route them to it once it does.
  let reportPoolError = (error: Error) => console.error(`database connection lost: ${error.message}`);
  let reportListenError = (error: unknown) => console.error(`generation listener: ${String(error)}`);
  const db = openDatabase(config.databaseUrl, {
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    onPoolError: (error) => reportPoolError(error),
  });
  await migrateToLatest(db);
  const services = createServices(db, {
    publicUrl: config.publicUrl,
    listen: true,
    generationCheckMs: config.generationCheckMs,
    onListenError: (error) => reportListenError(error),
  });
  const app = await buildApp({
    db,
    services,
    publicUrl: config.publicUrl,
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    timeouts: {
      requestMs: config.requestTimeoutMs,
      headersMs: config.headersTimeoutMs,
      keepAliveMs: config.keepAliveTimeoutMs,
    },
    shutdown: { timeoutMs: config.shutdownTimeoutMs },
    metricsToken: config.metricsToken,
    accessLogSample: config.accessLogSample,
    frontCache: config.frontCache,
  });
  reportPoolError = (error) => app.log.warn({ err: error }, 'database connection lost; the pool reconnects');
  reportListenError = (err) => app.log.warn({ err }, 'generation listener: connection lost; it reconnects');
  if (config.seedOnStart) {
    const seeded = await seedIfEmpty(services);
    if (seeded)
      app.log.info({ counts: seeded.counts }, 'empty database: seeded with the bundled example data (data/seed)');
    await services.checklist.seedIfEmpty().then(
      (r) => r && app.log.info({ items: r.items }, 'checklist seeded'),
      (err: unknown) => app.log.warn({ err }, 'checklist not seeded'),
    );
  }
  // Every current slug is kept as an alias: when an import renames an area, its old URLs and embeds redirect.
  await services.areas.rememberSlugs().catch((err: unknown) => app.log.warn({ err }, 'area slugs not recorded'));
  app.addHook('onClose', async () => {
    await services.close();
    await db.destroy();
  });
  if (options.handleSignals !== false) handleSignals(app.shutdown);
  await app.listen({ port: config.port, host: config.host });
  // Every county's snapshot, the place matcher, the area list and every county's search index made once in the
  // background: the first citizen of each county (or of the API's area list) is not the one who waits.
  const warming = performance.now();
  warmUp(services).then(
    (made) => app.log.info({ ...made, ms: Math.round(performance.now() - warming) }, 'warm-up done'),
    (err: unknown) => app.log.warn({ err }, 'warm-up not done'),
  );
  app.log.info(
    { trustProxy: config.trustProxy, publicUrl: config.publicUrl },
    `amtsweg on ${db.dialect} (${db.description}) — http://localhost:${config.port}/`,
  );
  return app;
}
