// Test support shared by the portal's http tests and the browser tests: the app on a seeded SQLite database.
import { type App, buildApp } from '../../app/app.ts';
import { seedDatabase } from '../../app/seed.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { emptyChangeSet } from '../catalog/catalog.ts';

/**
 * No postcode of the Kreis Soest seed spans two towns, but the portal must never guess when one does: the fixture
 * gives Rüthen's postcode to Anröchte as well, so 59602 belongs to both.
 */
export const SHARED_POSTCODE = '59602';
export const SHARED_POSTCODE_TOWNS = ['anroechte', 'ruethen'] as const;

export async function shareTestPostcode(catalog: CatalogService): Promise<void> {
  const anroechte = (await catalog.listAreas()).find((a) => a.slug === 'anroechte');
  if (!anroechte) throw new Error('seed without Anröchte');
  const set = emptyChangeSet();
  set.areas.push({
    label: 'portal test fixture',
    value: { ...anroechte, postcodes: [...anroechte.postcodes, SHARED_POSTCODE] },
  });
  await catalog.applyChangeSet(set);
}

export interface SeededApp {
  app: App;
  db: TestDb;
  close(): Promise<void>;
}

/** The whole app on a fresh SQLite database with the Kreis Soest seed and the shared-postcode fixture. */
export async function seededApp(options: { publicUrl?: string } = {}): Promise<SeededApp> {
  const db = await createTestDb('sqlite');
  const app = await buildApp({ db, publicUrl: options.publicUrl ?? null });
  await seedDatabase(app.services);
  await shareTestPostcode(app.services.catalog);
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}
