import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { berlinDate, berlinDateTime, berlinDay, berlinIsoDay, formatBerlin, longDate, longDay } from './berlin-time.ts';

// Run under TZ=UTC as well as TZ=Europe/Berlin: the expected strings are Berlin's, whatever the process zone.
describe('Berlin date formatting', () => {
  it('shows Berlin wall-clock time in winter (CET) and summer (CEST)', () => {
    assert.equal(berlinDateTime('2026-01-15T23:30:00Z'), '16.01.2026, 00:30');
    assert.equal(berlinDateTime('2026-07-01T10:05:00Z'), '01.07.2026, 12:05');
    assert.equal(berlinDate('2026-12-31T23:00:00Z'), '01.01.2027', 'the Berlin day, not the UTC day');
  });

  it('handles the DST switch nights', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    assert.equal(berlinDateTime('2026-03-29T00:59:00Z'), '29.03.2026, 01:59');
    assert.equal(berlinDateTime('2026-03-29T01:00:00Z'), '29.03.2026, 03:00');
    // 25 October 2026: 03:00 CEST becomes 02:00 CET.
    assert.equal(berlinDateTime('2026-10-25T00:30:00Z'), '25.10.2026, 02:30');
    assert.equal(berlinDateTime('2026-10-25T01:30:00Z'), '25.10.2026, 02:30');
  });

  it('accepts Dates, and answers the fallback for missing or invalid values', () => {
    assert.equal(berlinDate(new Date(Date.UTC(2026, 10, 30, 12))), '30.11.2026');
    assert.equal(berlinDate(null), '–');
    assert.equal(berlinDateTime(undefined), '–');
    assert.equal(berlinDate('not a date'), '–');
    assert.equal(formatBerlin('', 'date', ''), '');
  });

  it('offers the editor’s short and medium styles', () => {
    assert.equal(formatBerlin('2026-11-30T16:05:00Z', 'short'), '30.11.26, 17:05');
    assert.equal(formatBerlin('2026-11-30T16:05:00Z', 'medium'), '30.11.2026, 17:05');
  });

  it('berlinDay: the Berlin calendar day around midnight, in winter and summer, and across the DST switches', () => {
    assert.equal(berlinDay(new Date('2026-12-02T22:59:59Z')), '2026-12-02');
    assert.equal(berlinDay(new Date('2026-12-02T23:00:00Z')), '2026-12-03');
    assert.equal(berlinDay(new Date('2026-07-01T21:59:59Z')), '2026-07-01');
    assert.equal(berlinDay(new Date('2026-07-01T22:00:00Z')), '2026-07-02');
    // Spring forward (29 March 2026, 02:00 → 03:00) and fall back (25 October 2026, 03:00 → 02:00).
    assert.equal(berlinDay(new Date('2026-03-28T22:59:59Z')), '2026-03-28');
    assert.equal(berlinDay(new Date('2026-03-28T23:00:00Z')), '2026-03-29');
    assert.equal(berlinDay(new Date('2026-10-25T22:59:59Z')), '2026-10-25');
    assert.equal(berlinDay(new Date('2026-10-25T23:00:00Z')), '2026-10-26');
    // The same instant asked again, and an earlier one after a later one: no stale memo.
    assert.equal(berlinDay(new Date('2026-12-02T23:00:00Z')), '2026-12-03');
    assert.equal(berlinDay(new Date('2026-12-02T12:00:00Z')), '2026-12-02');
    assert.equal(berlinDay(new Date(Number.NaN)), 'Invalid Date');
  });

  it('writes days in words, in German and English, on the Berlin calendar day', () => {
    assert.equal(longDay('2027-01-01'), '1. Januar 2027');
    assert.equal(longDay('2026-03-29', 'en'), '29 March 2026', 'the DST night does not move the day');
    assert.equal(longDate('2026-12-31T23:30:00Z'), '1. Januar 2027', 'an instant: the Berlin day, not the UTC day');
    assert.equal(longDate('kaputt'), '–');
    assert.equal(berlinIsoDay('2026-12-31T23:30:00Z'), '2027-01-01');
    assert.equal(berlinIsoDay('kaputt'), '');
  });
});
