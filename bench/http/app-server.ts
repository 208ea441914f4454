// Child process: the amtsweg app on a fresh database, started as src/app/server.ts `startServer` starts it (same
// config from the environment, same buildApp options, same seeding, the generation listener, `services.close()` on
// close), listening on 127.0.0.1 at a free port.
// `startServer` itself is not called because it cannot put PostgreSQL tables into a schema of their own (which the
// shared `test` database needs) and would install signal handlers. Reports `{ port, pid, description }` over IPC.
// Environment: BENCH_DATABASE_URL (SQLite file or postgres:// URL), BENCH_SCHEMA (PostgreSQL schema, optional).
import { buildApp } from '../../src/app/app.ts';
import { assertServable, loadConfig } from '../../src/app/config.ts';
import { seedIfEmpty } from '../../src/app/seed.ts';
import { createServices } from '../../src/app/services.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { listenForParent, reportStartFailure } from './serve-child.ts';

try {
  const config = loadConfig();
  assertServable(config);
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL is not set');
  const schema = process.env.BENCH_SCHEMA;
  const db = openDatabase(url, {
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    onPoolError: (error) => console.error(`database connection lost: ${error.message}`),
    ...(schema ? { schema } : {}),
  });
  await migrateToLatest(db);
  // As startServer: the generation listener on PostgreSQL (pushes, and the throttled read they allow).
  const services = createServices(db, {
    publicUrl: config.publicUrl,
    listen: true,
    generationCheckMs: config.generationCheckMs,
    onListenError: (error) => console.error(`generation listener: ${String(error)}`),
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
  await seedIfEmpty(services);
  await services.checklist.seedIfEmpty().catch(() => null);
  await services.areas.rememberSlugs().catch(() => null);
  app.addHook('onClose', async () => {
    await services.close();
    await db.destroy();
  });
  await listenForParent(app, db.description);
} catch (error) {
  reportStartFailure(error);
}
