import type { ResolvedService } from '../../responsibility/responsibility.ts';
import { href, type PageContext } from '../page-context.ts';
import { markerFor, paths } from '../portal.ts';
import { ResponsibilityMarker } from './responsibility-marker.tsx';

/** A list of services, each with the same responsibility marker; county services link into the town's context. */
export function ServiceList({
  ctx,
  slug,
  services,
  teasers = false,
  id,
}: {
  ctx: PageContext;
  slug: string;
  services: readonly ResolvedService[];
  teasers?: boolean;
  id?: string;
}) {
  const contentLang = ctx.lang === 'de' ? undefined : 'de';
  return (
    <ul class="aw-service-list" id={id}>
      {services.map((s) => {
        const marker = markerFor(s, ctx, ctx.t.markerYourTown);
        return (
          <li class={`aw-service-list__item aw-service-list__item--${marker.kind}`}>
            <a class="kern-link aw-service-list__link" href={href(ctx, paths.service(slug, s.id))} lang={contentLang}>
              {s.name}
            </a>{' '}
            <ResponsibilityMarker marker={marker} t={ctx.t} />
            {teasers && s.teaser && (
              <p class="kern-body kern-body--small aw-service-list__teaser" lang={contentLang}>
                {s.teaser}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
