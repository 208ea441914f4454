import type { Messages } from '../i18n.ts';
import type { Marker } from '../portal.ts';
import { Icon } from './icons.tsx';

/**
 * Who is responsible, in one consistent shape on every list and page: icon + name of the responsible area. The words
 * "Zuständig:" are there for screen readers; sighted users learn the marker from the legend.
 */
export function ResponsibilityMarker({ marker, t, large }: { marker: Marker; t: Messages; large?: boolean }) {
  return (
    <span class={`aw-marker aw-marker--${marker.kind}${large ? ' aw-marker--large' : ''}`}>
      <Icon name={marker.kind} class="aw-marker__icon" />
      <span class="aw-visually-hidden">{t.responsibleFor} </span>
      <span class="aw-marker__label">{marker.label}</span>
    </span>
  );
}

/** Explains the markers once per list. */
export function MarkerLegend({ t, townLabel }: { t: Messages; townLabel: string | null }) {
  return (
    <div class="aw-legend">
      <p class="aw-legend__title" id="legende">
        {t.legendTitle}
      </p>
      <ul class="aw-legend__list" aria-labelledby="legende">
        {townLabel && (
          <li>
            <ResponsibilityMarker marker={{ kind: 'town', label: townLabel }} t={t} />{' '}
            <span>{t.legendTown(townLabel)}</span>
          </li>
        )}
        <li>
          <ResponsibilityMarker marker={{ kind: 'county', label: t.countyLabel }} t={t} /> <span>{t.legendCounty}</span>
        </li>
        <li>
          <ResponsibilityMarker marker={{ kind: 'state', label: t.markerStateOrFederal }} t={t} />{' '}
          <span>{t.legendOther}</span>
        </li>
      </ul>
    </div>
  );
}
