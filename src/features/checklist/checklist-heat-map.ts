// The heat map's colour scale (the dashboard's town × Lebenslage matrix).

/** Five bins of one blue hue (readable for colour-blind people); the number is always printed in the cell, too. */
export const HEAT_BINS = [
  { min: 80, fill: '#08306b', text: '#ffffff', label: '80–100 %' },
  { min: 60, fill: '#2171b5', text: '#ffffff', label: '60–79 %' },
  { min: 40, fill: '#6baed6', text: '#000000', label: '40–59 %' },
  { min: 20, fill: '#c6dbef', text: '#000000', label: '20–39 %' },
  { min: 0, fill: '#f7fbff', text: '#000000', label: '0–19 %' },
] as const;

export function heatColor(value: number | null): { fill: string; text: string } {
  if (value === null) return { fill: '#ffffff', text: '#595959' };
  const bin = HEAT_BINS.find((b) => value >= b.min) ?? HEAT_BINS[HEAT_BINS.length - 1];
  return { fill: bin?.fill ?? '#ffffff', text: bin?.text ?? '#000000' };
}
