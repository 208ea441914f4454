import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy } from '../auth/security-headers.ts';
import { berlinLocalToDate, formToRaw, hoursPreview, unflatten } from './editor.forms.tsx';

describe('editor forms', () => {
  it('reads wall-clock times in Europe/Berlin across daylight saving time', () => {
    assert.equal(berlinLocalToDate('2025-07-01T10:00').toISOString(), '2025-07-01T08:00:00.000Z');
    assert.equal(berlinLocalToDate('2025-01-01T10:00').toISOString(), '2025-01-01T09:00:00.000Z');
    assert.ok(Number.isNaN(berlinLocalToDate('morgen').getTime()));
  });

  it('turns flat form fields into nested documents', () => {
    assert.deepEqual(
      unflatten({ name: 'A', 'rules.0.level': 'kreis', 'rules.1.level': 'gemeinde', 'forms.0.title': 'F' }),
      {
        name: 'A',
        rules: [{ level: 'kreis' }, { level: 'gemeinde' }],
        forms: [{ title: 'F' }],
      },
    );
    const { raw } = formToRaw('area_service', { offered: 'no', reason: 'r' }, null);
    assert.equal(raw.offered, false);
    const svc = formToRaw('service', { name: 'S', lebenslagen: 'umzug' }, { textModules: { '25': 'Rechtsbehelf' } });
    assert.deepEqual(svc.raw.lebenslagen, ['umzug']);
    assert.deepEqual(svc.raw.textModules, { '25': 'Rechtsbehelf' });
  });

  it('keeps the saved order of Lebenslagen: the main one stays first (issue 13, finding 5)', () => {
    // The checkboxes post in the catalog's order (bauen before umzug); the saved order has umzug as the main one.
    const current = { lebenslagen: ['umzug', 'bauen'], textModules: {} };
    const same = formToRaw('service', { name: 'S', lebenslagen: ['bauen', 'umzug'] }, current);
    assert.deepEqual(same.raw.lebenslagen, ['umzug', 'bauen']);
    const added = formToRaw('service', { name: 'S', lebenslagen: ['arbeit', 'bauen', 'umzug'] }, current);
    assert.deepEqual(added.raw.lebenslagen, ['umzug', 'bauen', 'arbeit']);
    const dropped = formToRaw('service', { name: 'S', lebenslagen: ['bauen'] }, current);
    assert.deepEqual(dropped.raw.lebenslagen, ['bauen']);
  });

  it('keeps the saved opening-hours string when the grid means the same hours (issue 13, finding 5)', () => {
    // Spelled differently from the grid's own output (day list, no space after ";"): the grid must not rewrite it.
    const saved = 'Mo,Tu,We,Th,Fr 08:00-12:00;PH off';
    const grid = {
      ohMode: 'grid',
      oh_ph_closed: 'on',
      ...Object.fromEntries(
        ['Mo', 'Tu', 'We', 'Th', 'Fr'].flatMap((d) => [
          [`oh_${d}_1_from`, '08:00'],
          [`oh_${d}_1_to`, '12:00'],
        ]),
      ),
    };
    assert.equal(formToRaw('authority', { name: 'A', ...grid }, { openingHours: saved }).raw.openingHours, saved);
    // A real change is written in the grid's spelling.
    const changed = formToRaw(
      'authority',
      { name: 'A', ...grid, oh_Sa_1_from: '09:00', oh_Sa_1_to: '11:00' },
      {
        openingHours: saved,
      },
    );
    assert.equal(changed.raw.openingHours, 'Mo-Fr 08:00-12:00; Sa 09:00-11:00; PH off');
  });

  it('previews opening hours: open now, next change, the next seven days', () => {
    const monday10 = new Date('2025-03-03T09:00:00Z'); // Monday 10:00 in Berlin
    const p = hoursPreview('Mo-Fr 08:00-12:00; PH off', '05974020', monday10);
    assert.equal(p.openNow, true);
    assert.equal(p.week.length, 7);
    assert.equal(p.week[0]?.text, '08:00–12:00');
    assert.equal(p.week[5]?.text, 'geschlossen');
    assert.match(hoursPreview('Mo-Fr 25:00-26:00', '05974').error ?? '', /\S/);
  });
});

describe('CSP', () => {
  it('lets only embeds be framed by other sites', () => {
    assert.match(contentSecurityPolicy('/editor', false), /frame-ancestors 'self'/);
    assert.match(contentSecurityPolicy('/embed/geseke', true), /frame-ancestors \*/);
    assert.doesNotMatch(contentSecurityPolicy('/editor', false), /unsafe/);
  });
});
