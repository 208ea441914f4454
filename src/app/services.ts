import type { Db } from '../db/database.ts';
import { type AreasService, createAreasService } from '../features/areas/index.ts';
import { type CatalogService, createCatalogService } from '../features/catalog/catalog.service.ts';
import { type ChecklistService, createChecklistService } from '../features/checklist/index.ts';
import { createWorkspaceServices, type WorkspaceServices } from '../features/editor/editor.service.ts';
import { createFeedbackService, type FeedbackService } from '../features/feedback/index.ts';
import { createLinksService, type LinksService } from '../features/links/index.ts';
import { createSearchService, type SearchService } from '../features/search/index.ts';

/** The use-case services of every feature, built once per process and shared by API, pages and CLI. */
export interface Services extends WorkspaceServices {
  db: Db;
  catalog: CatalogService;
  search: SearchService;
  links: LinksService;
  checklist: ChecklistService;
  feedback: FeedbackService;
  areas: AreasService;
  publicUrl: string | null;
}

export function createServices(db: Db, options: { publicUrl?: string | null } = {}): Services {
  const catalog = createCatalogService(db);
  const links = createLinksService(db, catalog);
  // Feedback loops: citizens' reports go to the owning tenant and lower the checklist while open.
  const feedback = createFeedbackService(db, catalog);
  return {
    db,
    catalog,
    search: createSearchService(db, catalog),
    links,
    checklist: createChecklistService(db, catalog, links, { reports: feedback }),
    feedback,
    ...createWorkspaceServices(db, catalog),
    areas: createAreasService(db, catalog),
    publicUrl: options.publicUrl ?? null,
  };
}
