import { ErrorSummary } from '../../../web/ui/error-summary.tsx';
import type { Area } from '../../catalog/catalog.ts';
import type { ResolvedService } from '../../responsibility/responsibility.ts';
import { href, isCountySite, type PageContext } from '../page-context.ts';
import { areaDisplayName, paths } from '../portal.ts';
import { Layout } from './layout.tsx';
import { MarkerLegend } from './responsibility-marker.tsx';
import { SearchForm } from './search-form.tsx';
import { ServiceList } from './service-list.tsx';

export function SearchPage({
  ctx,
  area,
  q,
  results,
  didYouMean,
}: {
  ctx: PageContext;
  area: Area;
  q: string;
  /** null when no query was given (the form is shown with an error). */
  results: ResolvedService[] | null;
  didYouMean?: string | undefined;
}) {
  const { t } = ctx;
  const name = areaDisplayName(area);
  const error = results === null ? t.searchEmpty : null;
  return (
    <Layout
      ctx={ctx}
      title={q ? `${t.searchTitle}: ${q}` : t.searchTitle}
      canonicalPath={null}
      hasErrors={!!error}
      headerSearch={false}
      breadcrumbs={[{ label: name, path: paths.town(area.slug) }, { label: t.searchTitle }]}
    >
      <h1 class="kern-heading-x-large">
        {t.searchTitle}
        <span class="aw-h1-sub"> – {name}</span>
      </h1>
      <ErrorSummary title={t.errorSummaryTitle} errors={error ? [{ field: 'suche', message: error }] : []} />
      <SearchForm ctx={ctx} area={area} q={q} error={error} />
      {results && (
        <section class="aw-section" aria-labelledby="ergebnisse">
          <h2 class="kern-heading-medium" id="ergebnisse">
            {results.length > 0 ? t.searchResultsFor(q, results.length) : t.searchNone(q)}
          </h2>
          {didYouMean && (
            <p class="kern-body">
              <a class="kern-link" href={href(ctx, paths.search(area.slug, didYouMean))}>
                {ctx.lang === 'de' ? 'Meinten Sie' : 'Did you mean'} „{didYouMean}“?
              </a>
            </p>
          )}
          {results.length > 0 ? (
            <>
              <MarkerLegend t={t} townLabel={isCountySite(ctx, area) ? null : name} />
              <ServiceList ctx={ctx} slug={area.slug} services={results} teasers />
            </>
          ) : (
            <p class="kern-body">
              {t.searchNoneHelp}{' '}
              <a class="kern-link" href={href(ctx, paths.az(area.slug))}>
                {t.azLink}
              </a>
            </p>
          )}
        </section>
      )}
    </Layout>
  );
}
