import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOpeningHours } from '../opening-hours/opening-hours.ts';
import { areaChain, decideLevel, memoisedHoursState, resolveService, visibleServices } from './resolver.ts';
import { MINI_BUNDLE, snapshotFromBundle } from './testdata/load.ts';

const snapshot = snapshotFromBundle(MINI_BUNDLE);
const resolve = (ags: string, id: string) => {
  const service = snapshot.services.get(id);
  assert.ok(service, `fixture has ${id}`);
  const r = resolveService(snapshot, ags, service);
  assert.ok(r, `area ${ags} resolves`);
  return r;
};

describe('resolver', () => {
  it('walks the area chain nearest first', () => {
    assert.deepEqual(
      areaChain(snapshot, '17001002').map((a) => a.ags),
      ['17001002', '17001', '17'],
    );
    assert.deepEqual(areaChain(snapshot, '99999999'), []);
  });

  it('uses the default level and the Kreis unit assigned by task for an ordinary Gemeinde', () => {
    const r = resolve('17001001', 'bauantrag');
    assert.equal(r.responsible.level, 'kreis');
    assert.equal(r.responsible.areaAgs, '17001');
    assert.equal(r.responsible.rule.kind, 'default');
    assert.equal(r.responsible.legalBasis, '§ 1 TestBauO');
    assert.equal(r.responsible.authority?.id, 'nord-bauamt');
    // the service-specific assignment wins over the task assignment and brings its deep link
    assert.equal(r.responsible.authority?.deepLink, 'https://kreis-nord.example/bauantrag');
    assert.deepEqual(
      r.responsible.contacts.map((c) => c.id),
      ['nord-bau-team'],
    );
  });

  it('moves the task to a town by area kind, with the rule, legal basis and a reason naming the town', () => {
    const r = resolve('17001002', 'bauantrag');
    assert.equal(r.responsible.level, 'gemeinde');
    assert.equal(r.responsible.areaAgs, '17001002');
    assert.deepEqual(r.responsible.rule, { kind: 'area_kind', ruleId: 'bauantrag#0', matchValue: 'mittlere_stadt' });
    assert.equal(r.responsible.legalBasis, '§ 2 TestBauO');
    assert.equal(r.responsible.reason, 'Neustadt ist mittlere Stadt mit eigener Bauaufsicht.');
    assert.equal(r.responsible.authority?.id, 'neustadt-bauamt');
  });

  it('checks single-area rules before area-kind rules, and ignores rules outside their `within` area', () => {
    const r = resolve('17001003', 'bauantrag');
    assert.equal(r.responsible.rule.kind, 'area');
    assert.equal(r.responsible.level, 'gemeinde');
    assert.equal(r.responsible.reason, 'Sonderhausen hat die Aufgabe durch Vertrag übernommen.');
    // no unit assigned and no main authority: the level is known, the authority is not invented
    assert.equal(r.responsible.authority, null);
    const service = snapshot.services.get('bauantrag')!;
    assert.equal(
      decideLevel(service, areaChain(snapshot, '17001001')).level,
      'kreis',
      'the rule within Großstadt must not apply',
    );
  });

  it('lets a kreisfreie Stadt answer for both the Gemeinde and the Kreis level', () => {
    const r = resolve('17002000', 'bauantrag');
    assert.equal(r.responsible.level, 'kreis');
    assert.equal(r.responsible.areaAgs, '17002000');
    assert.equal(r.responsible.authority?.id, 'gross-rathaus', 'falls back to the main authority');
  });

  it('names the deciding authority and, separately, the town office where citizens go', () => {
    const r = resolve('17001001', 'zeugnis');
    assert.equal(r.responsible.level, 'land');
    assert.equal(r.responsible.authority?.id, 'land-ministerium');
    assert.equal(r.responsible.contactPoint?.id, 'altdorf-rathaus');
    const elsewhere = resolve('17001002', 'zeugnis');
    assert.equal(elsewhere.responsible.contactPoint, null);
  });

  it('leaves the authority open when a town-level service is seen from the Kreis as a whole', () => {
    const r = resolve('17001', 'anmeldung');
    assert.equal(r.responsible.level, 'gemeinde');
    assert.equal(r.responsible.authority, null);
  });

  it("shows a town its own services and those of every area above, but not another town's", () => {
    const ids = (ags: string) =>
      visibleServices(snapshot, ags)
        .map((s) => s.id)
        .sort();
    assert.deepEqual(ids('17001001'), ['altdorf-fest', 'anmeldung', 'bauantrag', 'zeugnis']);
    assert.deepEqual(ids('17001002'), ['anmeldung', 'bauantrag', 'zeugnis']);
    assert.equal(resolveService(snapshot, '00000000', snapshot.services.get('anmeldung')!), null);
  });

  it('lists a Leistung described by the Land (say, from PVOG) and by the Kreis once: the nearer description', () => {
    const anmeldung = snapshot.services.get('anmeldung')!;
    const national = { ...anmeldung, id: 'leika-99115005104000', tenantAgs: '17', name: 'Wohnsitz anmelden (Land)' };
    const otherKey = { ...national, id: 'land-eigene', leikaKey: '99115005104001' };
    const noKey = { ...national, id: 'land-ohne-schluessel', leikaKey: null };
    const services = new Map(snapshot.services);
    for (const s of [national, otherKey, noKey]) services.set(s.id, s);
    const ids = (ags: string) =>
      visibleServices({ ...snapshot, services }, ags)
        .map((s) => s.id)
        .sort();
    assert.deepEqual(ids('17001001'), [
      'altdorf-fest',
      'anmeldung',
      'bauantrag',
      'land-eigene',
      'land-ohne-schluessel',
      'zeugnis',
    ]);
    // Where no nearer one exists (the Land's other areas), the Land's description is listed.
    assert.deepEqual(ids('17'), ['land-eigene', 'land-ohne-schluessel', 'leika-99115005104000']);
  });

  it('evaluates opening hours at the given instant, public holidays included', () => {
    const hours = new Map([['nord-bauamt', parseOpeningHours('Mo-Fr 08:00-16:00; PH off', '17')]]);
    const s = { ...snapshot, openingHours: hours, hoursState: memoisedHoursState(hours) };
    const service = snapshot.services.get('bauantrag')!;
    const wednesday = resolveService(s, '17001001', service, new Date('2026-11-25T10:00:00+01:00'))!;
    assert.equal(wednesday.responsible.authority?.openNow, true);
    assert.equal(wednesday.responsible.authority?.nextChange, new Date('2026-11-25T16:00:00+01:00').toISOString());
    const evening = resolveService(s, '17001001', service, new Date('2026-11-25T16:30:00+01:00'))!;
    assert.equal(evening.responsible.authority?.openNow, false, 'the memo ends at the next change');
    const newYear = resolveService(s, '17001001', service, new Date('2027-01-01T10:00:00+01:00'))!;
    assert.equal(newYear.responsible.authority?.openNow, false);
    const back = resolveService(s, '17001001', service, new Date('2026-11-25T10:30:00+01:00'))!;
    assert.equal(back.responsible.authority?.openNow, true, 'an earlier instant is evaluated again');
  });
});
