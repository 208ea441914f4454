import type { JsonLd } from '../../../interop/schema-org/schema-org.ts';
import type { Area, Lebenslage } from '../../catalog/catalog.ts';
import type { ResolvedService } from '../../responsibility/responsibility.ts';
import { href, isCountySite, type PageContext } from '../page-context.ts';
import { areaDisplayName, paths } from '../portal.ts';
import { Layout } from './layout.tsx';
import { MarkerLegend } from './responsibility-marker.tsx';
import { SearchForm } from './search-form.tsx';
import { ServiceList } from './service-list.tsx';

export interface LebenslageEntry {
  lebenslage: Lebenslage;
  count: number;
}

export function lebenslageName(ctx: PageContext, l: Lebenslage): string {
  return ctx.lang === 'en' && l.nameEn ? l.nameEn : l.name;
}

/** A town site's start: search box first, top tasks, Lebenslagen as the main navigation, the A–Z list. */
export function TownPage({
  ctx,
  area,
  topTasks,
  lebenslagen,
  total,
  jsonLd,
}: {
  ctx: PageContext;
  area: Area;
  topTasks: ResolvedService[];
  lebenslagen: LebenslageEntry[];
  total: number;
  jsonLd: JsonLd[];
}) {
  const { t } = ctx;
  const name = areaDisplayName(area);
  const isCounty = isCountySite(ctx, area);
  return (
    <Layout
      ctx={ctx}
      title={name}
      description={isCounty ? t.countyIntro : t.townIntro(name)}
      headerSearch={false}
      jsonLd={jsonLd}
    >
      <p class="kern-preline">{t.siteName}</p>
      <h1 class="kern-heading-x-large">{name}</h1>
      <p class="kern-body kern-body--large">{isCounty ? t.countyIntro : t.townIntro(name)}</p>
      <SearchForm ctx={ctx} area={area} />
      {topTasks.length > 0 && (
        <section class="aw-section" aria-labelledby="haeufig">
          <h2 class="kern-heading-medium" id="haeufig">
            {t.topTasks}
          </h2>
          <ServiceList ctx={ctx} slug={area.slug} services={topTasks} />
        </section>
      )}
      <section class="aw-section" aria-labelledby="lebenslagen">
        <h2 class="kern-heading-medium" id="lebenslagen">
          {t.lebenslagen}
        </h2>
        <p class="kern-body">{t.lebenslagenIntro}</p>
        <nav aria-labelledby="lebenslagen">
          <ul class="aw-tiles">
            {lebenslagen.map(({ lebenslage, count }) => (
              <li class="aw-tile">
                <a class="kern-link aw-tile__link" href={href(ctx, paths.lebenslage(area.slug, lebenslage.id))}>
                  {lebenslageName(ctx, lebenslage)}
                </a>
                <span class="aw-tile__count">{t.servicesCount(count)}</span>
              </li>
            ))}
          </ul>
        </nav>
      </section>
      <section class="aw-section" aria-labelledby="a-z">
        <h2 class="kern-heading-medium" id="a-z">
          {t.azTitle}
        </h2>
        <p>
          <a class="kern-btn kern-btn--secondary" href={href(ctx, paths.az(area.slug))}>
            <span class="kern-label">
              {t.azLink} ({t.servicesCount(total)})
            </span>
          </a>
        </p>
      </section>
      {isCounty && ctx.towns.length > 0 && (
        <section class="aw-section" aria-labelledby="orte-im-kreis">
          <h2 class="kern-heading-medium" id="orte-im-kreis">
            {t.chooserAllTowns}
          </h2>
          <ul class="aw-town-list">
            {ctx.towns.map((town) => (
              <li>
                <a class="kern-link" href={href(ctx, paths.town(town.slug))}>
                  {areaDisplayName(town)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <MarkerLegend t={t} townLabel={isCounty ? null : name} />
    </Layout>
  );
}
