import type { Area } from '../../catalog/catalog.ts';
import { href, type PageContext } from '../page-context.ts';
import { paths } from '../portal.ts';
import { Icon } from './icons.tsx';

/**
 * The search box of a town site. A plain GET form (works without JS); portal.js adds suggestions from
 * /api/v1/suggest for the town's AGS.
 */
export function SearchForm({
  ctx,
  area,
  q = '',
  error,
  id = 'suche',
  compact,
}: {
  ctx: PageContext;
  area: Area;
  q?: string;
  error?: string | null;
  id?: string;
  compact?: boolean;
}) {
  const { t } = ctx;
  const describedBy =
    [compact ? null : `${id}-hinweis`, error ? `${id}-fehler` : null].filter(Boolean).join(' ') || undefined;
  return (
    <search class={`aw-search${compact ? ' aw-search--compact' : ''}`} aria-label={compact ? t.searchTitle : undefined}>
      <form
        method="get"
        action={href(ctx, paths.search(area.slug))}
        data-suggest-ags={area.ags}
        data-service-base={href(ctx, `/${area.slug}/leistungen/`)}
      >
        <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
          <label class={`kern-label${compact ? ' aw-visually-hidden' : ''}`} for={id}>
            {t.searchLabel}
          </label>
          {!compact && (
            <div class="kern-hint" id={`${id}-hinweis`}>
              {t.searchHint}
            </div>
          )}
          {error && (
            <p class="kern-error" id={`${id}-fehler`}>
              <span class="aw-visually-hidden">{t.errorPrefix}</span>
              {error}
            </p>
          )}
          <div class="aw-search__row">
            <input
              class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
              type="search"
              id={id}
              name="q"
              value={q}
              maxLength={200}
              autocomplete="off"
              spellcheck={false}
              aria-describedby={describedBy}
              aria-invalid={error ? 'true' : undefined}
            />
            <button class="kern-btn kern-btn--primary aw-search__button" type="submit">
              <Icon name="search" />
              <span class="kern-label">{t.searchSubmit}</span>
            </button>
          </div>
        </div>
      </form>
    </search>
  );
}
