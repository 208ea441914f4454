import type { MarkerKind } from '../portal.ts';

// Inline SVG (no icon font, no request): each marker kind has its own shape, so the marker never relies on colour.
const PATHS: Record<MarkerKind | 'external' | 'search' | 'clock', string> = {
  town: 'M3 10.5 12 3l9 7.5V21h-6.5v-6h-5v6H3z',
  county: 'M2 9 12 3l10 6v2H2zm2 3h2.5v7H4zm4.8 0h2.5v7H8.8zm4.9 0h2.5v7h-2.5zm4.8 0H21v7h-2.5zM2 20h20v2H2z',
  state: 'M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5z',
  federal: 'M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5z',
  'any-town':
    'M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z',
  external: 'M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14zM5 5h6v2H5v12h12v-6h2v8H3V5z',
  search: 'M10 2a8 8 0 0 1 6.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 8 0 1 1 10 2zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12z',
  clock: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm1 3v5.4l3.6 2.1-1 1.7L11 13.6V7z',
};

export function Icon({ name, class: className }: { name: keyof typeof PATHS; class?: string }) {
  return (
    <svg
      class={`aw-icon ${className ?? ''}`.trim()}
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
