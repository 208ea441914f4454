import { FormField, fieldDescribedBy, inputClass } from '../../../web/ui/form-field.tsx';
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
  service,
}: {
  ctx: PageContext;
  value?: string;
  error?: string | null;
  controls?: string;
  /** The service to return to in the chosen place ("Ort wechseln" on a service page). */
  service?: string | undefined;
}) {
  const { t } = ctx;
  const describedBy = fieldDescribedBy('ort', { hint: true, error: !!error });
  return (
    <form class="aw-chooser" method="get" action={href(ctx, paths.choose())} data-place-chooser="">
      {service && <input type="hidden" name="leistung" value={service} />}
      <FormField
        id="ort"
        label={t.chooserLabel}
        labelClass="kern-label--large"
        hint={t.chooserHint}
        error={error}
        errorPrefix={t.errorPrefix}
      >
        <div class="aw-search__row">
          <input
            class={inputClass(error)}
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
      </FormField>
    </form>
  );
}

/** The towns as links that choose (and remember) the town; `data-*` lets portal.js filter by name and postcode. */
export function TownList({
  ctx,
  towns,
  id,
  service,
}: {
  ctx: PageContext;
  towns: readonly Area[];
  id?: string;
  service?: string | undefined;
}) {
  return (
    <ul class="aw-town-list" id={id}>
      {towns.map((town) => (
        <li data-place-name={town.name} data-place-slug={town.slug} data-place-postcodes={town.postcodes.join(' ')}>
          <a class="kern-link aw-town-list__link" href={href(ctx, paths.choose(town.slug, service))}>
            {areaDisplayName(town)}
          </a>
          {town.postcodes.length > 0 && <span class="aw-town-list__postcodes">{town.postcodes.join(', ')}</span>}
        </li>
      ))}
    </ul>
  );
}
