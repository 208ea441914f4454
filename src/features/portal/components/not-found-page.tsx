import { href, type PageContext } from '../page-context.ts';
import { areaDisplayName, paths } from '../portal.ts';
import { Layout } from './layout.tsx';
import { PlaceChooser } from './place-chooser.tsx';
import { SearchForm } from './search-form.tsx';

/** A helpful 404: the town's search box and A–Z list when the town is known, else the town chooser. */
export function NotFoundPage({ ctx }: { ctx: PageContext }) {
  const { t, area } = ctx;
  return (
    <Layout ctx={ctx} title={t.notFoundTitle} canonicalPath={null} headerSearch={false}>
      <h1 class="kern-heading-x-large">{t.notFoundTitle}</h1>
      <p class="kern-body kern-body--large">{t.notFoundText}</p>
      {area ? (
        <>
          <p class="kern-body">{t.notFoundTown(areaDisplayName(area))}</p>
          <SearchForm ctx={ctx} area={area} />
          <ul class="kern-list kern-list--bullet aw-section">
            <li>
              <a class="kern-link" href={href(ctx, paths.az(area.slug))}>
                {t.azLink}
              </a>
            </li>
            <li>
              <a class="kern-link" href={href(ctx, paths.town(area.slug))}>
                {areaDisplayName(area)}
              </a>
            </li>
          </ul>
        </>
      ) : (
        <>
          <p class="kern-body">{t.notFoundNoTown}</p>
          <PlaceChooser ctx={ctx} />
          <p class="aw-section">
            <a class="kern-link" href={href(ctx, paths.start())}>
              {t.countyHome}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}

export function ErrorPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.errorTitle} canonicalPath={null} headerSearch={false}>
      <h1 class="kern-heading-x-large">{t.errorTitle}</h1>
      <p class="kern-body kern-body--large">{t.errorText}</p>
      <p>
        <a class="kern-link" href={href(ctx, paths.start())}>
          {t.countyHome}
        </a>
      </p>
    </Layout>
  );
}
