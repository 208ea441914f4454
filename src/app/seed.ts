import { fileURLToPath } from 'node:url';
import { readOrtsteile } from '../features/areas/ortsteile.ts';
import type { ApplyOptions, ImportSummary } from '../features/catalog/catalog.service.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import type { Services } from './services.ts';

export const KREIS_SOEST_SEED = fileURLToPath(new URL('../../data/seed/kreis-soest', import.meta.url));
export const KREIS_SOEST_ORTSTEILE = fileURLToPath(
  new URL('../../data/places/kreis-soest-ortsteile.yaml', import.meta.url),
);

/**
 * Imports the Kreis Soest seed through the same path users import with, and (when the areas service is given) the
 * Ortsteile of its towns, so "Bad Waldliesborn" finds Lippstadt.
 */
export async function seedDatabase(
  services: Pick<Services, 'catalog'> & Partial<Pick<Services, 'areas'>>,
  path = KREIS_SOEST_SEED,
  options: ApplyOptions = {},
): Promise<ImportSummary> {
  const summary = await importBundle(services.catalog, path, options);
  if (services.areas && path === KREIS_SOEST_SEED && !options.dryRun) {
    const known = new Set((await services.catalog.listAreas()).map((a) => a.ags));
    await services.areas.replacePlaces(
      'data/places/kreis-soest-ortsteile.yaml',
      readOrtsteile(KREIS_SOEST_ORTSTEILE, 'data/places/kreis-soest-ortsteile.yaml', known),
    );
  }
  return summary;
}

/** First start: an empty database gets the seed; a database with areas is left alone. */
export async function seedIfEmpty(
  services: Pick<Services, 'catalog'> & Partial<Pick<Services, 'areas'>>,
  path = KREIS_SOEST_SEED,
): Promise<ImportSummary | null> {
  if ((await services.catalog.listAreas()).length > 0) return null;
  return seedDatabase(services, path);
}
