import type { Area } from '../../catalog/catalog.ts';
import { href, type PageContext } from '../page-context.ts';
import { areaDisplayName, paths } from '../portal.ts';
import { Layout } from './layout.tsx';

/**
 * The way to every town without JavaScript when the start page cannot list them all (a Land, all of Germany):
 * start page → Land → Kreis or kreisfreie Stadt → town. Each step is a small page of links; a Kreis's own site
 * lists its towns.
 */
export interface BrowseStep {
  /** A Land (→ its page here) or a district (→ its site). */
  area: Area;
  path: string;
}

/** The links of one step as a plain list, in the portal's town-list style. */
export function BrowseList({ ctx, steps, id }: { ctx: PageContext; steps: readonly BrowseStep[]; id?: string }) {
  return (
    <ul class="aw-town-list" id={id}>
      {steps.map((step) => (
        <li data-browse-ags={step.area.ags}>
          <a class="kern-link aw-town-list__link" href={href(ctx, step.path)}>
            {areaDisplayName(step.area)}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A district's link: a Kreis's site lists its towns, a kreisfreie Stadt's site is the town's own. */
export function districtStep(district: Area): BrowseStep {
  return { area: district, path: paths.town(district.slug) };
}

/** A Land's Kreise and kreisfreie Städte in the scope, under their Regierungsbezirk where the Land has them. */
export function LandPage({
  ctx,
  land,
  groups,
}: {
  ctx: PageContext;
  land: Area;
  groups: ReadonlyArray<{ group: Area | null; districts: readonly Area[] }>;
}) {
  const { t } = ctx;
  const title = t.browseLandTitle(land.name);
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={t.browseLandIntro}
      breadcrumbs={[{ label: t.home, path: '/' }, { label: title }]}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body kern-body--large">{t.browseLandIntro}</p>
      {groups.map(({ group, districts }) => (
        <section class="aw-section" aria-labelledby={`bezirk-${group?.ags ?? land.ags}`}>
          <h2 class="kern-heading-medium" id={`bezirk-${group?.ags ?? land.ags}`}>
            {group ? areaDisplayName(group) : t.browseOtherDistricts}
          </h2>
          <BrowseList ctx={ctx} steps={districts.map(districtStep)} />
        </section>
      ))}
    </Layout>
  );
}
