// The portal's search results: the search feature's engine when the app wires one, else a plain name/synonym filter.
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { filterServices } from './portal.ts';

export interface PortalSearchResult {
  items: ResolvedService[];
  didYouMean?: string | undefined;
}

type Engine = (ags: string, q: string) => Promise<PortalSearchResult>;

/** The part of the search feature's service the portal uses. */
export interface PortalSearchService {
  search(
    ags: string,
    q: string,
    options?: { limit?: number },
  ): Promise<{ items: ResolvedService[]; didYouMean?: string | undefined }>;
}

/** Picks the engine once: the search service is optional so that the portal runs in any wiring of the app. */
export function portalSearch(deps: {
  catalog: Pick<CatalogService, 'listAreaServices'>;
  search?: PortalSearchService | null | undefined;
}): Engine {
  const { search, catalog } = deps;
  if (search) {
    return async (ags, q) => {
      const result = await search.search(ags, q, { limit: 50 });
      return { items: result.items, didYouMean: result.didYouMean };
    };
  }
  return async (ags, q) => ({ items: filterServices(await catalog.listAreaServices(ags), q) });
}
