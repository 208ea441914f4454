// Opening hours as a citizen reads them: "Jetzt geöffnet – bis 12:30 Uhr", "öffnet morgen um 08:00 Uhr", and a
// week table. The OSM rules are evaluated by the opening-hours feature (NRW holidays via `PH`); this module only
// turns its answers into text. Times are the process's local wall clock, which runs with TZ=Europe/Berlin.
import { GenerationCache } from '../../shared/generation-cache.ts';
import { type ParsedOpeningHours, parseOpeningHours } from '../opening-hours/opening-hours.ts';
import type { Messages } from './i18n.ts';

// Rule strings never change meaning: one fixed generation. `false` marks a rule that did not parse.
const RULES = 0;
const cache = new GenerationCache<string, ParsedOpeningHours | false>({ max: 500 });

/** Parsed hours (memoised: the same few dozen rule strings appear on every page); null when missing or invalid. */
export function parsedHours(source: string | null, ags = '05'): ParsedOpeningHours | null {
  if (!source) return null;
  const key = `${ags.slice(0, 2)}|${source}`;
  let parsed = cache.get(key, RULES);
  if (parsed === undefined) {
    try {
      parsed = parseOpeningHours(source, ags);
    } catch {
      parsed = false;
    }
    cache.set(key, RULES, parsed);
  }
  return parsed || null;
}

export function hhmm(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(date: Date): number {
  return (date.getDay() + 6) % 7;
}

export interface OpeningStatus {
  open: boolean;
  /** "Jetzt geöffnet" / "Jetzt geschlossen". */
  headline: string;
  /** "bis 12:30 Uhr" / "öffnet morgen um 08:00 Uhr"; null when no change is in sight. */
  detail: string | null;
}

// Open or closed holds from one evaluation until the next change: kept per parsed rule (parsedHours shares one
// object per rule and Land), so a page asks the rule library only when the state has changed since the last page.
const states = new WeakMap<ParsedOpeningHours, { from: number; until: number; open: boolean; next: Date | null }>();

function stateAt(hours: ParsedOpeningHours, now: Date): { open: boolean; next: Date | null } {
  const at = now.getTime();
  const known = states.get(hours);
  if (known && known.from <= at && at < known.until) return shown(known);
  const open = hours.isOpen(now);
  const next = hours.nextChange(now);
  const state = { from: at, until: next ? next.getTime() : at + 3_600_000, open, next };
  states.set(hours, state);
  return shown(state);
}

// A page kept as bytes (src/web/answer-cache.ts) is good until the first "open now" it shows changes. Rendering is
// synchronous, so one module-level collector sees exactly the states evaluated while one page renders.
let collecting: { until: number } | null = null;

function shown<T extends { until: number }>(state: T): T {
  if (collecting && state.until < collecting.until) collecting.until = state.until;
  return state;
}

/** Runs a synchronous render and returns with it the earliest instant an opening state it showed changes. */
export function withOpeningChanges<T>(render: () => T): { value: T; nextChange: number } {
  const outer = collecting;
  const mine = { until: Number.POSITIVE_INFINITY };
  collecting = mine;
  try {
    return { value: render(), nextChange: mine.until };
  } finally {
    collecting = outer;
    if (outer && mine.until < outer.until) outer.until = mine.until;
  }
}

/** Open now, and until when or from when; holidays are respected through the rules' `PH`. */
export function openingStatus(hours: ParsedOpeningHours, now: Date, t: Messages): OpeningStatus {
  const { open, next } = stateAt(hours, now);
  if (open) {
    const sameDay = next && startOfDay(next).getTime() === startOfDay(now).getTime();
    return { open, headline: t.openNow, detail: next && sameDay ? t.openUntil(hhmm(next)) : null };
  }
  if (!next) return { open, headline: t.closedNow, detail: null };
  const days = Math.round((startOfDay(next).getTime() - startOfDay(now).getTime()) / 86_400_000);
  let when: string;
  if (days === 0) when = t.at(t.today, hhmm(next));
  else if (days === 1) when = t.at(t.tomorrow, hhmm(next));
  else {
    const day = t.weekdays[weekdayIndex(next)] ?? '';
    const date = `${String(next.getDate()).padStart(2, '0')}.${String(next.getMonth() + 1).padStart(2, '0')}.`;
    when = t.at(`${day}, ${date}`, hhmm(next));
  }
  return { open, headline: t.closedNow, detail: t.opensAt(when) };
}

export interface DayHours {
  /** Monday = 0 … Sunday = 6. */
  weekday: number;
  intervals: Array<{ from: string; to: string }>;
}

const holidayRules = new Map<string, ParsedOpeningHours | null>();
// Whether a day is a public holiday in a Land: asked 7–21 times per week table, the same few days on every page.
const holidays = new Map<string, boolean>();
// A week table per (rule, Land, week): every page of a town shows the same few units' weeks (measured: evaluating
// them was half of a service page's CPU). Bounded; a cleared memo is only recomputed.
const weeks = new Map<string, readonly DayHours[]>();
const MAX_MEMO = 4096;

function isPublicHoliday(day: Date, ags: string): boolean {
  const land = ags.slice(0, 2);
  const key = `${land}|${day.getTime()}`;
  const known = holidays.get(key);
  if (known !== undefined) return known;
  if (!holidayRules.has(land)) holidayRules.set(land, parsedHours('PH', ags));
  const ph = holidayRules.get(land);
  const holiday = ph ? ph.isOpen(new Date(day.getFullYear(), day.getMonth(), day.getDate(), 12)) : false;
  if (holidays.size >= MAX_MEMO) holidays.clear();
  holidays.set(key, holiday);
  return holiday;
}

/**
 * The regular week, Monday to Sunday: this week's hours, except that a day which is a public holiday is taken from the
 * same weekday a week later (a holiday would otherwise show as the regular "closed"). Memoised per (rule, Land,
 * week); the answer is shared, not to be changed by callers.
 */
export function regularWeek(hours: ParsedOpeningHours, now: Date, ags = '05'): readonly DayHours[] {
  const monday = addDays(startOfDay(now), -weekdayIndex(now));
  const key = `${ags.slice(0, 2)}|${monday.getTime()}|${hours.source}`;
  const known = weeks.get(key);
  if (known) return known;
  const week = computeWeek(hours, monday, ags);
  if (weeks.size >= MAX_MEMO) weeks.clear();
  weeks.set(key, week);
  return week;
}

function computeWeek(hours: ParsedOpeningHours, monday: Date, ags: string): DayHours[] {
  const week: DayHours[] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    let day = addDays(monday, weekday);
    for (let tries = 0; tries < 3 && isPublicHoliday(day, ags); tries++) day = addDays(day, 7);
    const intervals = hours.intervals(day, addDays(day, 1)).map((i) => ({
      from: hhmm(i.from),
      // An interval running to midnight ends at the next day's 00:00: show it as 24:00.
      to:
        startOfDay(i.to).getTime() > day.getTime() && i.to.getHours() === 0 && i.to.getMinutes() === 0
          ? '24:00'
          : hhmm(i.to),
    }));
    week.push({ weekday, intervals });
  }
  return week;
}

/** Whether the rules close the office on public holidays (shown as a note under the week table). */
export function closedOnHolidays(source: string): boolean {
  return /\bPH\b[^;]*\b(off|closed)\b/i.test(source);
}
