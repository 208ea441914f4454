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
            {s.notOffered && <NotOfferedMark ctx={ctx} service={s} />}
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

/**
 * "In Neustadt nicht angeboten" beside the responsibility marker: the town's setting from the resolver's answer
 * (`notOffered`), so every list says what the service page says. The entry stays, since the page names where to go.
 */
export function NotOfferedMark({ ctx, service }: { ctx: PageContext; service: ResolvedService }) {
  const town = ctx.areaOf(service.forAgs)?.name ?? service.forAgs;
  return <span class="aw-not-offered">{ctx.t.notOfferedMark(town)}</span>;
}
