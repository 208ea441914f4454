// The portal's search results: the search feature's engine when the app has one, else a plain name/synonym filter.
import type { Services } from '../../app/services.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { filterServices } from './portal.ts';

export interface PortalSearchResult {
  items: ResolvedService[];
  didYouMean?: string | undefined;
}

type Engine = (ags: string, q: string) => Promise<PortalSearchResult>;

interface SearchServiceLike {
  search(
    ags: string,
    q: string,
    options?: { limit?: number },
  ): Promise<{ items: ResolvedService[]; didYouMean?: string }>;
}

function isSearchService(value: unknown): value is SearchServiceLike {
  return typeof value === 'object' && value !== null && typeof (value as { search?: unknown }).search === 'function';
}

/** Picks the engine once: the search service is optional so that the portal runs in any wiring of the app. */
export function portalSearch(services: Services): Engine {
  const candidate = (services as unknown as { search?: unknown }).search;
  if (isSearchService(candidate)) {
    return async (ags, q) => {
      const result = await candidate.search(ags, q, { limit: 50 });
      return { items: result.items, didYouMean: result.didYouMean };
    };
  }
  return async (ags, q) => ({ items: filterServices(await services.catalog.listAreaServices(ags), q) });
}
