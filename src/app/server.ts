import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { type App, buildApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { seedIfEmpty } from './seed.ts';
import { createServices } from './services.ts';

/** Starts the portal: migrate, seed an empty database, listen. Returns the app (tests and the CLI close it). */
export async function startServer(overrides: Partial<Config> = {}): Promise<App> {
  const config = { ...loadConfig(), ...overrides };
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const services = createServices(db, { publicUrl: config.publicUrl });
  const app = await buildApp({
    db,
    services,
    publicUrl: config.publicUrl,
    logger: { level: config.logLevel },
  });
  if (config.seedOnStart) {
    const seeded = await seedIfEmpty(services);
    if (seeded) app.log.info({ counts: seeded.counts }, 'empty database: seeded with the Kreis Soest data');
    await services.checklist.seedIfEmpty().then(
      (r) => r && app.log.info({ items: r.items }, 'checklist seeded'),
      (err: unknown) => app.log.warn({ err }, 'checklist not seeded'),
    );
  }
  app.addHook('onClose', async () => db.destroy());
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`amtsweg on ${db.dialect} (${db.description}) — http://localhost:${config.port}/`);
  return app;
}
