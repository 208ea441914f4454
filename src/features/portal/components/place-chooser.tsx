import type { Area } from '../../catalog/catalog.ts';
import { href, type PageContext } from '../page-context.ts';
import { areaDisplayName, paths } from '../portal.ts';

/**
 * Town by name or postcode: a GET form to /wahl (works without JS; the server remembers the choice in a cookie and
 * never guesses when a postcode is shared). portal.js filters the town list below as the citizen types.
 */
export function PlaceChooser({
  ctx,
  value = '',
  error,
  controls,
}: {
  ctx: PageContext;
  value?: string;
  error?: string | null;
  controls?: string;
}) {
  const { t } = ctx;
  const describedBy = ['ort-hinweis', error ? 'ort-fehler' : null].filter(Boolean).join(' ');
  return (
    <form class="aw-chooser" method="get" action={href(ctx, paths.choose())} data-place-chooser="">
      <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
        <label class="kern-label kern-label--large" for="ort">
          {t.chooserLabel}
        </label>
        <div class="kern-hint" id="ort-hinweis">
          {t.chooserHint}
        </div>
        {error && (
          <p class="kern-error" id="ort-fehler">
            <span class="aw-visually-hidden">{t.errorPrefix}</span>
            {error}
          </p>
        )}
        <div class="aw-search__row">
          <input
            class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
            type="text"
            id="ort"
            name="ort"
            value={value}
            maxLength={100}
            autocomplete="off"
            spellcheck={false}
            aria-describedby={describedBy}
            aria-invalid={error ? 'true' : undefined}
            aria-controls={controls}
          />
          <button class="kern-btn kern-btn--primary" type="submit">
            <span class="kern-label">{t.chooserSubmit}</span>
          </button>
        </div>
      </div>
    </form>
  );
}

/** The towns as links that choose (and remember) the town; `data-*` lets portal.js filter by name and postcode. */
export function TownList({ ctx, towns, id }: { ctx: PageContext; towns: readonly Area[]; id?: string }) {
  return (
    <ul class="aw-town-list" id={id}>
      {towns.map((town) => (
        <li data-place-name={town.name} data-place-slug={town.slug} data-place-postcodes={town.postcodes.join(' ')}>
          <a class="kern-link aw-town-list__link" href={href(ctx, paths.choose(town.slug))}>
            {areaDisplayName(town)}
          </a>
          {town.postcodes.length > 0 && <span class="aw-town-list__postcodes">{town.postcodes.join(', ')}</span>}
        </li>
      ))}
    </ul>
  );
}
