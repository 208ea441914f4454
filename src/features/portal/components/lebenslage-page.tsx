import type { Area, Lebenslage } from '../../catalog/catalog.ts';
import type { ResolvedService } from '../../responsibility/responsibility.ts';
import { isCountySite, type PageContext } from '../page-context.ts';
import { areaDisplayName, paths } from '../portal.ts';
import { Layout } from './layout.tsx';
import { MarkerLegend } from './responsibility-marker.tsx';
import { ServiceList } from './service-list.tsx';
import { Texts } from './texts.tsx';
import { lebenslageName } from './town-page.tsx';

/** The services of one life situation, in order, each marked town or county. */
export function LebenslagePage({
  ctx,
  area,
  lebenslage,
  services,
}: {
  ctx: PageContext;
  area: Area;
  lebenslage: Lebenslage;
  services: ResolvedService[];
}) {
  const { t } = ctx;
  const name = areaDisplayName(area);
  const title = lebenslageName(ctx, lebenslage);
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={lebenslage.description}
      breadcrumbs={[
        { label: name, path: paths.town(area.slug) },
        { label: t.lebenslagen, path: `${paths.town(area.slug)}#lebenslagen` },
        { label: title },
      ]}
    >
      <p class="kern-preline">{t.lebenslagen}</p>
      <h1 class="kern-heading-x-large">{title}</h1>
      <Texts text={lebenslage.description} lang={ctx.lang === 'de' ? undefined : 'de'} />
      {services.length > 0 ? (
        <>
          <p class="kern-body">{t.lebenslageIntro(services.length)}</p>
          <MarkerLegend t={t} townLabel={isCountySite(ctx, area) ? null : name} />
          <ServiceList ctx={ctx} slug={area.slug} services={services} teasers />
        </>
      ) : (
        <p class="kern-body">{t.lebenslageEmpty}</p>
      )}
    </Layout>
  );
}
