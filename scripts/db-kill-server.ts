// Child process of scripts/db-kill.ts: the app as `startServer` builds it (config from the environment, the
// generation listener on), on PostgreSQL in the schema BENCH_SCHEMA, with the small test bundle (the Kreis Soest seed
// takes minutes on a busy machine and adds nothing to a fault test). Reports `{ port, pid, description }` over IPC.

import { listenForParent, reportStartFailure } from '../bench/http/serve-child.ts';
import { buildApp } from '../src/app/app.ts';
import { loadConfig } from '../src/app/config.ts';
import { createServices } from '../src/app/services.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { MINI_BUNDLE } from '../src/features/responsibility/testdata/load.ts';
import { importBundle } from '../src/interop/bundle/bundle-import.ts';

try {
  const config = loadConfig();
  const url = process.env.BENCH_DATABASE_URL;
  const schema = process.env.BENCH_SCHEMA;
  if (!url || !schema) throw new Error('BENCH_DATABASE_URL and BENCH_SCHEMA must be set');
  const db = openDatabase(url, {
    schema,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    onPoolError: () => {}, // expected here by the hundreds; counted by the parent instead
  });
  await migrateToLatest(db);
  const services = createServices(db, {
    publicUrl: config.publicUrl,
    listen: true,
    generationCheckMs: config.generationCheckMs,
    onListenError: () => {},
  });
  const app = await buildApp({
    db,
    services,
    publicUrl: config.publicUrl,
    logger: { level: config.logLevel },
    timeouts: {
      requestMs: config.requestTimeoutMs,
      headersMs: config.headersTimeoutMs,
      keepAliveMs: config.keepAliveTimeoutMs,
    },
  });
  await importBundle(services.catalog, MINI_BUNDLE);
  app.addHook('onClose', async () => {
    await services.close();
    await db.destroy();
  });
  await listenForParent(app, db.description);
} catch (error) {
  reportStartFailure(error);
}
