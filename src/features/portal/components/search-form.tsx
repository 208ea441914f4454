import { FormField, fieldDescribedBy, inputClass } from '../../../web/ui/form-field.tsx';
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
  const describedBy = fieldDescribedBy(id, { hint: !compact, error: !!error });
  return (
    <search class={`aw-search${compact ? ' aw-search--compact' : ''}`} aria-label={compact ? t.searchTitle : undefined}>
      <form
        method="get"
        action={href(ctx, paths.search(area.slug))}
        data-suggest-ags={area.ags}
        data-service-base={href(ctx, `/${area.slug}/leistungen/`)}
        data-not-offered={ctx.county?.ags === area.ags ? undefined : ctx.t.notOfferedMark(area.name)}
      >
        <FormField
          id={id}
          label={t.searchLabel}
          labelClass={compact ? 'aw-visually-hidden' : undefined}
          hint={compact ? null : t.searchHint}
          error={error}
          errorPrefix={t.errorPrefix}
        >
          <div class="aw-search__row">
            <input
              class={inputClass(error)}
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
        </FormField>
      </form>
    </search>
  );
}
