import { ErrorSummary } from '../../../web/ui/error-summary.tsx';
import type { Area } from '../../catalog/catalog.ts';
import { href, type PageContext } from '../page-context.ts';
import { areaDisplayName, type PlaceMatch, paths } from '../portal.ts';
import { BrowseList, type BrowseStep } from './browse-pages.tsx';
import { Layout } from './layout.tsx';
import { PlaceChooser, TownList } from './place-chooser.tsx';

/** The county start page: pick a town by name or postcode; the last choice (cookie) is offered first. */
export function StartPage({
  ctx,
  remembered,
  value,
  error,
  service,
  browse,
}: {
  ctx: PageContext;
  remembered: Area | null;
  value?: string;
  error?: string | null;
  /** "Ort wechseln" from a service page: every choice below leads back to that service in the new place. */
  service?: string | undefined;
  /** Several districts: the first step of the path Land → Kreis → town (the Länder, or one Land's districts). */
  browse?: { heading: string; steps: readonly BrowseStep[] } | null | undefined;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.startTitle}
      description={t.startIntro}
      hasErrors={!!error}
      canonicalPath={error ? null : '/'}
    >
      <h1 class="kern-heading-x-large">{t.startTitle}</h1>
      <ErrorSummary title={t.errorSummaryTitle} errors={error ? [{ field: 'ort', message: error }] : []} />
      <p class="kern-body kern-body--large">{t.startIntro}</p>
      {remembered && (
        <div class="aw-remembered kern-card">
          <p class="kern-body">
            {t.chooserRemembered}: <strong>{areaDisplayName(remembered)}</strong>
          </p>
          <a
            class="kern-btn kern-btn--primary"
            href={href(ctx, service ? paths.choose(remembered.slug, service) : paths.town(remembered.slug))}
          >
            <span class="kern-label">{t.chooserRememberedGo(areaDisplayName(remembered))}</span>
          </a>
        </div>
      )}
      <section class="aw-section" aria-labelledby="wohnort">
        <h2 class="kern-heading-medium" id="wohnort">
          {t.chooserHeading}
        </h2>
        <PlaceChooser
          ctx={ctx}
          value={value}
          error={error}
          controls={ctx.towns.length > 0 ? 'orte' : undefined}
          service={service}
        />
        {ctx.towns.length > 0 && (
          <>
            <h3 class="kern-heading-small" id="orte-titel">
              {t.chooserAllTowns}
            </h3>
            <p class="aw-visually-hidden" aria-live="polite" data-place-count="" />
            <TownList ctx={ctx} towns={ctx.towns} id="orte" service={service} />
            {/* Shown by portal.js when its filter hides every town: an empty list must not look like a broken page. */}
            <p class="kern-body aw-place-none" data-place-none="" hidden>
              {t.chooserNoneInList}
            </p>
          </>
        )}
      </section>
      {browse && (
        <section class="aw-section" aria-labelledby="orte-nach-gebiet">
          <h2 class="kern-heading-medium" id="orte-nach-gebiet">
            {browse.heading}
          </h2>
          <p class="kern-body">{t.browseIntro}</p>
          <BrowseList ctx={ctx} steps={browse.steps} id="gebiete" />
        </section>
      )}
      {ctx.county && !browse && (
        <section class="aw-section" aria-labelledby="kreis">
          <h2 class="kern-heading-medium" id="kreis">
            {t.countyServices}
          </h2>
          <p class="kern-body">{t.countyServicesText}</p>
          <p>
            <a class="kern-link" href={href(ctx, paths.town(ctx.county.slug))}>
              {t.countyServices}
            </a>
          </p>
        </section>
      )}
    </Layout>
  );
}

/** Several places fit (a shared postcode, or a name that fits more than one): the citizen chooses, we never guess. */
export function PlaceChoicePage({
  ctx,
  match,
  service,
}: {
  ctx: PageContext;
  match: Extract<PlaceMatch, { kind: 'many' }>;
  service?: string | undefined;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.chooserMultipleTitle}
      canonicalPath={null}
      breadcrumbs={[{ label: t.home, path: '/' }, { label: t.chooserMultipleTitle }]}
    >
      <h1 class="kern-heading-x-large">{t.chooserMultipleTitle}</h1>
      <p class="kern-body kern-body--large">
        {match.by === 'postcode' ? t.chooserMultipleIntro(match.input) : `${t.chooserSuggestions}:`}
      </p>
      <TownList ctx={ctx} towns={match.areas} id="auswahl" service={service} />
      <h2 class="kern-heading-medium">{t.chooserHeading}</h2>
      <PlaceChooser ctx={ctx} value={match.input} service={service} />
    </Layout>
  );
}

/** A place the register knows, as the portal shows it: a Gemeinde with its Kreis and Land. */
export interface KnownPlace {
  /** What the citizen's words matched (an Ortsteil, or the Gemeinde's name). */
  matched: string;
  gemeinde: string;
  kreis: string;
  land: string;
  website: string | null;
}

/** A real place outside the deployment: where it belongs and whom to ask, never "check your spelling". */
export function PlaceOutsidePage({ ctx, place, value }: { ctx: PageContext; place: KnownPlace; value: string }) {
  const { t } = ctx;
  const title = t.placeOutsideTitle(place.matched);
  return (
    <Layout ctx={ctx} title={title} canonicalPath={null} breadcrumbs={[{ label: t.home, path: '/' }, { label: title }]}>
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body kern-body--large" data-place-outside="">
        {t.placeOutside(place.matched, place.gemeinde, place.kreis, place.land)}
      </p>
      {place.website && (
        <p class="kern-body">
          <a class="kern-link" href={place.website} rel="noopener">
            {t.placeOutsideWebsite(place.gemeinde)}
          </a>
        </p>
      )}
      <h2 class="kern-heading-medium">{t.chooserHeading}</h2>
      <PlaceChooser ctx={ctx} value={value} />
    </Layout>
  );
}

/** Several Gemeinden fit equally well: each told apart by Kreis and Land; a choice goes back through /wahl. */
export function PlaceCandidatesPage({
  ctx,
  input,
  candidates,
  service,
}: {
  ctx: PageContext;
  input: string;
  candidates: readonly { ags: string; label: string }[];
  service?: string | undefined;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.chooserMultipleTitle}
      canonicalPath={null}
      breadcrumbs={[{ label: t.home, path: '/' }, { label: t.chooserMultipleTitle }]}
    >
      <h1 class="kern-heading-x-large">{t.chooserMultipleTitle}</h1>
      <p class="kern-body kern-body--large">{t.placeCandidatesIntro(input)}</p>
      <ul class="aw-town-list" id="auswahl">
        {candidates.map((c) => (
          <li>
            <a class="kern-link aw-town-list__link" href={href(ctx, paths.choose(c.ags, service))}>
              {c.label}
            </a>
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{t.chooserHeading}</h2>
      <PlaceChooser ctx={ctx} value={input} service={service} />
    </Layout>
  );
}
