import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages } from './i18n.ts';
import { closedOnHolidays, openingStatus, parsedHours, regularWeek } from './opening-hours-view.ts';

// Run with TZ=Europe/Berlin (scripts/run-tests.mjs sets it): dates below are Berlin wall-clock times.
const de = messages('de');
const HOURS = 'Mo-We 08:00-12:30,14:00-16:00; Th 08:00-12:30,14:00-18:00; Fr 08:00-12:30; PH off';

describe('opening hours view', () => {
  const hours = parsedHours(HOURS, '05974020')!;

  it('says open now and until when', () => {
    const status = openingStatus(hours, new Date(2025, 8, 10, 10, 0), de); // Wednesday 10:00
    assert.deepEqual(status, { open: true, headline: 'Jetzt geöffnet', detail: 'bis 12:30 Uhr' });
  });

  it('says when a closed office opens: today, tomorrow or on a weekday', () => {
    assert.equal(openingStatus(hours, new Date(2025, 8, 10, 13, 0), de).detail, 'öffnet heute um 14:00 Uhr');
    assert.equal(openingStatus(hours, new Date(2025, 8, 10, 17, 0), de).detail, 'öffnet morgen um 08:00 Uhr');
    assert.equal(openingStatus(hours, new Date(2025, 8, 12, 13, 0), de).detail, 'öffnet Montag, 15.09. um 08:00 Uhr'); // Friday afternoon
  });

  it('respects NRW public holidays (PH off): Fronleichnam is a holiday in NRW', () => {
    // Fronleichnam 2025: Thursday 19 June, a holiday in NRW (not in every Land).
    const status = openingStatus(hours, new Date(2025, 5, 19, 10, 0), de);
    assert.equal(status.open, false);
    assert.equal(status.detail, 'öffnet morgen um 08:00 Uhr');
  });

  it('shows the regular week, taking a holiday’s weekday from the following week', () => {
    const week = regularWeek(hours, new Date(2025, 5, 18, 9, 0), '05974020'); // the week of Fronleichnam
    assert.equal(week.length, 7);
    assert.deepEqual(week[3], {
      weekday: 3,
      intervals: [
        { from: '08:00', to: '12:30' },
        { from: '14:00', to: '18:00' },
      ],
    });
    assert.deepEqual(week[4]?.intervals, [{ from: '08:00', to: '12:30' }]);
    assert.deepEqual(week[5]?.intervals, []);
  });

  it('notes holiday closing and tolerates missing or invalid rules', () => {
    assert.equal(closedOnHolidays(HOURS), true);
    assert.equal(closedOnHolidays('Mo-Fr 08:00-12:00'), false);
    assert.equal(parsedHours(null), null);
    assert.equal(parsedHours('this is not valid'), null);
  });
});
