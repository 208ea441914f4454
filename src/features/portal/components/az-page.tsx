import type { Area } from '../../catalog/catalog.ts';
import type { ResolvedService } from '../../responsibility/responsibility.ts';
import { isCountySite, type PageContext } from '../page-context.ts';
import { areaDisplayName, groupAz, paths } from '../portal.ts';
import { Layout } from './layout.tsx';
import { MarkerLegend } from './responsibility-marker.tsx';
import { ServiceList } from './service-list.tsx';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** Every service of the town – its own and the county's – by initial letter. */
export function AzPage({ ctx, area, services }: { ctx: PageContext; area: Area; services: ResolvedService[] }) {
  const { t } = ctx;
  const name = areaDisplayName(area);
  const groups = groupAz(services);
  const present = new Map(groups.map((g) => [g.letter, g]));
  const letters = [...LETTERS, ...(present.has('0–9') ? ['0–9'] : [])];
  return (
    <Layout
      ctx={ctx}
      title={t.azTitle}
      breadcrumbs={[{ label: name, path: paths.town(area.slug) }, { label: t.azTitle }]}
    >
      <h1 class="kern-heading-x-large" id="seitenanfang">
        {t.azTitle}
        <span class="aw-h1-sub"> – {name}</span>
      </h1>
      <p class="kern-body">{t.servicesCount(services.length)}</p>
      <nav class="aw-letters" aria-label={t.azLetters}>
        <ul>
          {letters.map((letter) => {
            const group = present.get(letter);
            return (
              <li>
                {group ? (
                  <a class="aw-letters__link" href={`#${group.id}`}>
                    {letter}
                  </a>
                ) : (
                  <span class="aw-letters__empty" aria-hidden="true">
                    {letter}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      <MarkerLegend t={t} townLabel={isCountySite(ctx, area) ? null : name} />
      {groups.map((g) => (
        <section class="aw-az-group" aria-labelledby={g.id}>
          <h2 class="kern-heading-medium" id={g.id}>
            {g.letter}
          </h2>
          <ServiceList ctx={ctx} slug={area.slug} services={g.items} />
          <p class="aw-az-top">
            <a class="kern-link kern-link--small" href="#seitenanfang">
              {t.azBackToTop}
            </a>
          </p>
        </section>
      ))}
    </Layout>
  );
}
