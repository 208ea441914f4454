import OpeningHours from 'opening_hours';

// OSM opening_hours evaluated for Germany; the state decides which public holidays `PH` means.
// Parsing is costly (~0.1 ms), evaluation cheap: callers keep the parsed value (see `parseOpeningHours`).

export interface ParsedOpeningHours {
  source: string;
  isOpen(at: Date): boolean;
  nextChange(at: Date): Date | null;
  /** Open intervals between two instants (for a week preview). */
  intervals(from: Date, to: Date): Array<{ from: Date; to: Date; comment: string | null }>;
}

export class OpeningHoursError extends Error {}

const STATE_BY_AGS_PREFIX: Record<string, string> = {
  '01': 'Schleswig-Holstein',
  '02': 'Hamburg',
  '03': 'Niedersachsen',
  '04': 'Bremen',
  '05': 'Nordrhein-Westfalen',
  '06': 'Hessen',
  '07': 'Rheinland-Pfalz',
  '08': 'Baden-Württemberg',
  '09': 'Bayern',
  '10': 'Saarland',
  '11': 'Berlin',
  '12': 'Brandenburg',
  '13': 'Mecklenburg-Vorpommern',
  '14': 'Sachsen',
  '15': 'Sachsen-Anhalt',
  '16': 'Thüringen',
};

/** The Land whose public holidays apply to an area, from the first two digits of its AGS. */
export function stateForAgs(ags: string): string {
  return STATE_BY_AGS_PREFIX[ags.slice(0, 2)] ?? 'Nordrhein-Westfalen';
}

/** Parses OSM opening hours; throws OpeningHoursError with the library's message when the syntax is wrong. */
export function parseOpeningHours(source: string, ags = '05'): ParsedOpeningHours {
  let oh: OpeningHours;
  try {
    oh = new OpeningHours(
      source,
      { lat: 51.57, lon: 8.1, address: { country_code: 'de', state: stateForAgs(ags) } } as never,
      { locale: 'de' } as never,
    );
  } catch (error) {
    throw new OpeningHoursError(String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'invalid');
  }
  return {
    source,
    isOpen: (at) => oh.getState(at),
    nextChange: (at) => oh.getNextChange(at) ?? null,
    intervals: (from, to) =>
      oh.getOpenIntervals(from, to).map(([f, t, , comment]) => ({ from: f, to: t, comment: comment ?? null })),
  };
}

const problems = new Map<string, string | null>();

/**
 * Null when the syntax is valid, else the parser's message. Remembered per string (bounded): an import validates
 * thousands of units that share a handful of opening-hours strings, and parsing was a quarter of its CPU.
 */
export function openingHoursProblem(source: string): string | null {
  const known = problems.get(source);
  if (known !== undefined) return known;
  let problem: string | null = null;
  try {
    parseOpeningHours(source);
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problems.size >= 2000) problems.clear();
  problems.set(source, problem);
  return problem;
}
