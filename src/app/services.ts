import type { Db } from '../db/database.ts';
import { type CatalogService, createCatalogService } from '../features/catalog/catalog.service.ts';
import { type ChecklistServices, createChecklistServices } from '../features/checklist/checklist.service.ts';
import { createWorkspaceServices, type WorkspaceServices } from '../features/editor/editor.service.ts';
import { createSearchService, type SearchService } from '../features/search/search.service.ts';

/** The use-case services of every feature, built once per process and shared by API, pages and CLI. */
export interface Services extends ChecklistServices, WorkspaceServices {
  db: Db;
  catalog: CatalogService;
  search: SearchService;
  publicUrl: string | null;
}

export function createServices(db: Db, options: { publicUrl?: string | null } = {}): Services {
  const catalog = createCatalogService(db);
  return {
    db,
    catalog,
    search: createSearchService(db, catalog),
    ...createChecklistServices(db, catalog),
    ...createWorkspaceServices(db, catalog),
    publicUrl: options.publicUrl ?? null,
  };
}
