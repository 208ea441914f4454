// The catalog alone, wired with the same hooks as in `createServices`, for commands that need nothing else (the CLI's
// XZuFi and PVOG imports). Loading every feature (mail, search, links, editor, pages) costs a CLI process ~60 MB before
// it reads a byte; a 200 MB import must stay below 300 MB peak RSS (issue 12, decision 0290).
import type { Db } from '../db/database.ts';
import type { CatalogService } from '../features/catalog/catalog.service.ts';
import { createHookedCatalogService } from './catalog-hooks.ts';
import type { Services, ServicesOptions } from './services.ts';

export interface CatalogServices {
  db: Db;
  catalog: CatalogService;
  publicUrl: string | null;
  /** Stops what was built for notices (nothing, unless a write left notices). Idempotent. */
  close(): Promise<void>;
}

/**
 * The catalog with `createServices`' hooks, the rest of the services built only when a committed write leaves notices
 * (after the commit, when the import's memory is given back): then exactly `createServices`' delivery runs.
 */
export function createCatalogServices(db: Db, options: Pick<ServicesOptions, 'publicUrl'> = {}): CatalogServices {
  let full: Promise<Services> | undefined;
  const services = () => {
    full ??= import('./services.ts').then(({ createServices }) => createServices(db, options));
    return full;
  };
  const catalog = createHookedCatalogService(db, async (notices) => (await services()).deliverCatalogNotices(notices));
  return {
    db,
    catalog,
    publicUrl: options.publicUrl ?? null,
    async close() {
      if (full) await (await full).close();
    },
  };
}
