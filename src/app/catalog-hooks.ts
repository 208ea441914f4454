// How the catalog service is wired into the app: `createServices` and the lean wiring of catalog-only commands
// (catalog-services.ts) both build it here, so the two cannot drift apart (decision 0290).
import type { Db } from '../db/database.ts';
import { type CatalogService, createCatalogService } from '../features/catalog/catalog.service.ts';
import type { CatalogNotice } from '../features/catalog/index.ts';

/**
 * The one place the catalog service gets its hooks, for `createServices` and the lean wiring alike: notices of
 * committed writes go to `deliver` (the tenants' inboxes). Audit entries and cache-generation bumps are the write's
 * own (catalog.write), so every wiring has them.
 */
export function createHookedCatalogService(
  db: Db,
  deliver: (notices: readonly CatalogNotice[]) => Promise<void>,
  options: { generationCheckMs?: number | undefined } = {},
): CatalogService {
  return createCatalogService(db, {
    onNotices: deliver,
    ...(options.generationCheckMs === undefined ? {} : { generationCheckMs: options.generationCheckMs }),
  });
}
