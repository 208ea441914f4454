// "Zuletzt geprüft" on every service page: the date a person last confirmed the service's text for the town (the
// checklist's review tick), else the last published change of the service or of the town's settings for it.
import { berlinIsoDay, longDate } from '../../shared/berlin-time.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';

export interface LastReviewed {
  /** ISO timestamp. */
  at: string;
  /** `review`: a person confirmed it; `change`: the last published change. */
  source: 'review' | 'change';
}

export type LastReviewedOf = (service: ResolvedService) => Promise<LastReviewed | null>;

/**
 * Where a town's review ticks come from (the checklist's service). Named here, by shape, because the checklist's pages
 * use the portal's layout: importing the checklist's type would tie the two features in a circle.
 */
export interface ReviewTicks {
  /** ISO timestamp of the last review of the service for the town, or null. */
  lastReview(townAgs: string, serviceId: string): Promise<string | null>;
}

export function lastReviewedFrom(deps: {
  catalog: Pick<CatalogService, 'revisions'>;
  checklist: ReviewTicks;
}): LastReviewedOf {
  return async (service) => {
    const reviewed = await deps.checklist.lastReview(service.forAgs, service.id);
    if (reviewed) return { at: reviewed, source: 'review' };
    const [own, local] = await Promise.all([
      deps.catalog.revisions(service.ownerAgs, 'service', service.id),
      service.forAgs === service.ownerAgs
        ? Promise.resolve([])
        : deps.catalog.revisions(service.forAgs, 'area_service', `${service.forAgs}:${service.id}`),
    ]);
    // An unpublish took the text away; it confirms nothing about what is shown.
    const latest = [...own, ...local]
      .filter((r) => r.action !== 'unpublish')
      .map((r) => r.at)
      .sort()
      .at(-1);
    return latest ? { at: latest, source: 'change' } : null;
  };
}

// The day formatters live with the other Berlin-time formatters; re-exported for the portal's pages and tests.
export { berlinIsoDay, longDate };
