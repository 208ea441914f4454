import { fileURLToPath } from 'node:url';
import type { ApplyOptions, ImportSummary } from '../features/catalog/catalog.service.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import type { Services } from './services.ts';

export const KREIS_SOEST_SEED = fileURLToPath(new URL('../../data/seed/kreis-soest', import.meta.url));

/** Imports the Kreis Soest seed through the same path users import with. */
export async function seedDatabase(
  services: Pick<Services, 'catalog'>,
  path = KREIS_SOEST_SEED,
  options: ApplyOptions = {},
): Promise<ImportSummary> {
  return importBundle(services.catalog, path, options);
}

/** First start: an empty database gets the seed; a database with areas is left alone. */
export async function seedIfEmpty(
  services: Pick<Services, 'catalog'>,
  path = KREIS_SOEST_SEED,
): Promise<ImportSummary | null> {
  if ((await services.catalog.listAreas()).length > 0) return null;
  return seedDatabase(services, path);
}
