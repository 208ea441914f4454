// The heat map's colour scale (the dashboard's town × Lebenslage matrix).

/** Five shades of one blue hue (readable for colour-blind people), darkest first; the number is always printed too. */
const SHADES = [
  { fill: '#08306b', text: '#ffffff', swatch: 'b80' },
  { fill: '#2171b5', text: '#ffffff', swatch: 'b60' },
  { fill: '#6baed6', text: '#000000', swatch: 'b40' },
  { fill: '#c6dbef', text: '#000000', swatch: 'b20' },
  { fill: '#f7fbff', text: '#000000', swatch: 'b0' },
] as const;

export interface HeatBin {
  /** Lowest value in the bin (inclusive). */
  min: number;
  fill: string;
  text: string;
  /** CSS modifier of the legend's swatch. */
  swatch: string;
  label: string;
}

/** The fixed scale (0–100 in steps of 20), for a single value without context. */
export const HEAT_BINS: readonly HeatBin[] = SHADES.map((s, i) => {
  const min = 80 - i * 20;
  return { ...s, min, label: `${min}–${i === 0 ? 100 : min + 19} %` };
});

/**
 * A scale fitted to the values shown: five equal steps from the lowest to the highest value. The towns of one
 * county often lie within a few points of each other; on a fixed 0–100 scale they then share one colour and the map
 * shows nothing. Stretching the scale over the actual range makes the differences visible; the legend says which
 * range each shade stands for, and the table beside the map carries the exact numbers.
 */
export function heatScale(values: ReadonlyArray<number | null>): readonly HeatBin[] {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return HEAT_BINS;
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  // Fewer distinct values than shades: the fixed scale is as good as any.
  if (hi - lo < SHADES.length) return HEAT_BINS;
  const step = (hi - lo + 1) / SHADES.length;
  return SHADES.map((s, i) => {
    const min = Math.round(lo + (SHADES.length - 1 - i) * step);
    const max = i === 0 ? hi : Math.round(lo + (SHADES.length - i) * step) - 1;
    return { ...s, min, label: min === max ? `${min} %` : `${min}–${max} %` };
  });
}

export function heatColor(value: number | null, scale: readonly HeatBin[] = HEAT_BINS): { fill: string; text: string } {
  if (value === null) return { fill: '#ffffff', text: '#595959' };
  const bin = scale.find((b) => value >= b.min) ?? scale[scale.length - 1];
  return { fill: bin?.fill ?? '#ffffff', text: bin?.text ?? '#000000' };
}
