// The friendly opening-hours form: a week grid of time slots, to and from OSM `opening_hours`.
// Pure and without I/O: the form shows a grid; the catalog stores the OSM string.
import type { ValidationIssue } from '../../shared/errors.ts';
import { bool, str } from './editor.ts';

type Raw = Record<string, unknown>;

export const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  Mo: 'Montag',
  Tu: 'Dienstag',
  We: 'Mittwoch',
  Th: 'Donnerstag',
  Fr: 'Freitag',
  Sa: 'Samstag',
  Su: 'Sonntag',
};
/** Time slots per day in the form. */
export const SLOTS_PER_DAY = 2;

export interface HoursGrid {
  days: Record<Weekday, Array<{ from: string; to: string }>>;
  /** Closed on public holidays (`PH off`). */
  holidaysClosed: boolean;
}

export function emptyGrid(): HoursGrid {
  return { days: { Mo: [], Tu: [], We: [], Th: [], Fr: [], Sa: [], Su: [] }, holidaysClosed: true };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The OSM string for a grid: consecutive days with equal hours are joined (`Mo-We 08:00-12:00`). Null when empty. */
export function gridToOsm(grid: HoursGrid): string | null {
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const day = WEEKDAYS[i]!;
    const key = grid.days[day].map((s) => `${s.from}-${s.to}`).join(',');
    let j = i;
    while (j + 1 < WEEKDAYS.length && grid.days[WEEKDAYS[j + 1]!].map((s) => `${s.from}-${s.to}`).join(',') === key)
      j++;
    if (key) parts.push(`${j > i ? `${day}-${WEEKDAYS[j]}` : day} ${key}`);
    i = j + 1;
  }
  if (!parts.length) return null;
  if (grid.holidaysClosed) parts.push('PH off');
  return parts.join('; ');
}

/**
 * Reads the simple OSM strings the form writes (day ranges, lists and time ranges, optional `PH off`) back into a
 * grid. Anything richer (week numbers, months, comments) returns null: the form then shows the raw text only.
 */
export function osmToGrid(osm: string | null): HoursGrid | null {
  const grid = emptyGrid();
  grid.holidaysClosed = false;
  if (!osm) return { ...grid, holidaysClosed: true };
  for (const rawPart of osm.split(';')) {
    const part = rawPart.trim();
    if (!part) continue;
    if (part === 'PH off' || part === 'PH closed') {
      grid.holidaysClosed = true;
      continue;
    }
    const m = /^([A-Za-z,-]+)\s+(.+)$/.exec(part);
    if (!m) return null;
    const days = expandDays(m[1]!);
    if (!days) return null;
    const slots: Array<{ from: string; to: string }> = [];
    for (const range of m[2]!.split(',')) {
      const t = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(range.trim());
      if (!t) return null;
      slots.push({ from: t[1]!, to: t[2]! });
    }
    if (slots.length > SLOTS_PER_DAY) return null;
    for (const d of days) {
      if (grid.days[d].length) return null; // a later rule overriding an earlier one: too rich for the grid
      grid.days[d] = slots;
    }
  }
  return grid;
}

function expandDays(spec: string): Weekday[] | null {
  const out: Weekday[] = [];
  for (const item of spec.split(',')) {
    const [a, b] = item.split('-');
    const i = WEEKDAYS.indexOf(a as Weekday);
    const j = b === undefined ? i : WEEKDAYS.indexOf(b as Weekday);
    if (i < 0 || j < 0 || j < i) return null;
    for (let k = i; k <= j; k++) out.push(WEEKDAYS[k]!);
  }
  return out;
}

/** The grid from form fields `oh_<Day>_<n>_from` / `_to` and `oh_ph_closed`; issues name the field. */
export function gridFromForm(form: Raw): { grid: HoursGrid; issues: ValidationIssue[] } {
  const grid = emptyGrid();
  grid.holidaysClosed = bool(form.oh_ph_closed);
  const issues: ValidationIssue[] = [];
  for (const d of WEEKDAYS) {
    for (let n = 1; n <= SLOTS_PER_DAY; n++) {
      const from = str(form[`oh_${d}_${n}_from`]);
      const to = str(form[`oh_${d}_${n}_to`]);
      if (!from && !to) continue;
      const field = `oh_${d}_${n}_from`;
      if (!from || !to || !TIME.test(from) || !TIME.test(to)) {
        issues.push({
          field,
          message: `${WEEKDAY_LABELS[d]}, Zeitraum ${n}: bitte Beginn und Ende als HH:MM angeben.`,
        });
        continue;
      }
      if (to <= from) {
        issues.push({ field, message: `${WEEKDAY_LABELS[d]}, Zeitraum ${n}: das Ende muss nach dem Beginn liegen.` });
        continue;
      }
      grid.days[d].push({ from, to });
    }
    grid.days[d].sort((a, b) => a.from.localeCompare(b.from));
  }
  return { grid, issues };
}

/** Whether two grids mean the same hours (compared in the grid's own spelling). */
export function sameGrid(a: HoursGrid, b: HoursGrid): boolean {
  return gridToOsm(a) === gridToOsm(b);
}
