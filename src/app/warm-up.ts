// What a server makes in the background right after it listens, so that no citizen's request is the one that waits
// for it: every county's snapshot (catalog.warmUp), the place matcher (the chooser and /api/v1/places) and the area
// list's bytes with their compressed variants (all of Germany: 3.5 MB; decision 0275), then every county's search index
// and the Land layers they share (decision 0270). Later generations are made on first demand, as before.
import { areaListBody } from '../features/catalog/catalog.api.ts';
import type { Services } from './services.ts';

export interface WarmUpResult {
  counties: number;
  /** Bytes of the area list as kept (identity); its gzip and brotli variants are made too. */
  areaListBytes: number;
  /** Search indexes built (one per distinct county catalog). */
  searchIndexes: number;
}

export async function warmUp(services: Pick<Services, 'catalog' | 'areas' | 'search'>): Promise<WarmUpResult> {
  const { counties } = await services.catalog.warmUp();
  await services.areas.placeMatcher();
  // Compressed in libuv's thread pool: requests keep being answered meanwhile.
  const areas = await areaListBody(await services.catalog.structure()).prepare();
  const { indexes } = await services.search.warmUp();
  return { counties, areaListBytes: areas.identity.length, searchIndexes: indexes };
}
