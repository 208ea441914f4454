// Decision 0120 on an invented Rhineland-Palatinate-shaped county: task rules, the Verband level, offices with
// regions, answeredBy, subtree, validity, the connecting factor, scoped contacts and a county page's exceptions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBundle } from '../../interop/bundle/bundle.reader.ts';
import { ValidationError } from '../../shared/errors.ts';
import { exceptionsBelow, resolveService } from './resolver.ts';
import { GERMANY_BUNDLE, snapshotFromBundle } from './testdata/load.ts';

const snapshot = snapshotFromBundle(GERMANY_BUNDLE);
const TODAY = new Date('2026-11-30T10:00:00Z');
const LATER = new Date('2027-03-01T10:00:00Z');
const BACHDORF = '07999101';
const BURGSTADT = '07999001';
const GROSSSTADT = '07999002';
const VG = '079995001';
const KREIS = '07999';
const resolve = (ags: string, id: string, now = TODAY, place?: string) => {
  const r = resolveService(snapshot, ags, snapshot.services.get(id)!, now, { place });
  assert.ok(r, `${id} resolves in ${ags}`);
  return r.responsible;
};

describe('responsibility for Germany (decision 0120)', () => {
  it('a service without its own responsibility inherits its task: the Verbandsgemeinde is Meldebehörde', () => {
    const r = resolve(BACHDORF, 'wohnsitz-anmelden');
    assert.equal(r.level, 'gemeindeverband');
    assert.equal(r.areaAgs, VG);
    assert.equal(r.authority?.id, 'vg-talweg-verwaltung');
    assert.equal(r.rule.kind, 'default');
    assert.equal(r.rule.origin, 'task');
    assert.equal(r.legalBasis, '§ 1 Landesmeldegesetz');
  });

  it('the Verband level falls back to a verbandsfreie Stadt itself', () => {
    const r = resolve(BURGSTADT, 'wohnsitz-anmelden');
    assert.equal(r.level, 'gemeindeverband');
    assert.equal(r.areaAgs, BURGSTADT);
    assert.equal(r.authority?.id, 'burgstadt-verwaltung');
  });

  it('task rules apply to every service of the task; a service with its own responsibility is answered by it alone', () => {
    const gross = resolve(GROSSSTADT, 'baugenehmigung-beantragen');
    assert.deepEqual([gross.areaAgs, gross.rule.kind, gross.rule.origin], [GROSSSTADT, 'area_kind', 'task']);
    assert.equal(resolve(BACHDORF, 'baugenehmigung-beantragen').level, 'kreis');
    for (const town of [BACHDORF, GROSSSTADT]) {
      const own = resolve(town, 'abbruch-anzeigen');
      assert.deepEqual([own.level, own.rule.kind, own.rule.origin], ['gemeinde', 'default', undefined]);
      assert.equal(own.reason, 'Die Anzeige nimmt die Gemeinde entgegen.');
    }
  });

  it('a Kreis team assigned to some towns decides for them only; its scoped contact shows only there', () => {
    const bach = resolve(BACHDORF, 'baugenehmigung-beantragen');
    assert.equal(bach.authority?.id, 'kv-bauaufsicht-nord');
    assert.deepEqual(bach.contacts.map((c) => c.id).sort(), ['team-alle', 'team-nord']);
    const huegel = resolve('07999102', 'baugenehmigung-beantragen');
    assert.deepEqual(
      huegel.contacts.map((c) => c.id),
      ['team-alle'],
    );
    // Burgstadt is not in the team's region: the Kreis's main authority answers until 2027.
    assert.equal(resolve(BURGSTADT, 'baugenehmigung-beantragen').authority?.id, 'kv-beispiel');
  });

  it('a dated rule takes effect on its day and is announced before', () => {
    const before = resolve(BURGSTADT, 'baugenehmigung-beantragen', TODAY, BURGSTADT);
    assert.equal(before.level, 'kreis');
    assert.equal(
      before.reason,
      'Burgstadt hat keine eigene Bauaufsicht; untere Bauaufsichtsbehörde ist deshalb der Landkreis.',
    );
    assert.deepEqual(
      { from: before.upcoming?.from, level: before.upcoming?.level, area: before.upcoming?.areaAgs },
      { from: '2027-01-01', level: 'gemeinde', area: BURGSTADT },
    );
    const after = resolve(BURGSTADT, 'baugenehmigung-beantragen', LATER, BURGSTADT);
    assert.equal(after.level, 'gemeinde');
    assert.equal(after.authority?.id, 'burgstadt-verwaltung', 'the dated assignment holds from the same day');
    assert.equal(after.upcoming, undefined);
  });

  it('a unit that takes a task over from a day is announced before, though level and area stay', () => {
    // The Kreis's northern team takes Burgstadt's building permits from 15 December, before the town's own
    // Bauaufsicht starts on 1 January.
    const assignmentsByArea = new Map(snapshot.assignmentsByArea);
    assignmentsByArea.set(BURGSTADT, [
      ...(snapshot.assignmentsByArea.get(BURGSTADT) ?? []),
      {
        id: 'kv-bauaufsicht-nord~burgstadt',
        tenantAgs: KREIS,
        serviceId: null,
        task: 'bauaufsicht',
        areaAgs: BURGSTADT,
        authorityId: 'kv-bauaufsicht-nord',
        role: 'zustaendige_stelle',
        deepLink: null,
        note: null,
        validFrom: '2026-12-15',
        validUntil: null,
      },
    ]);
    const changed = { ...snapshot, assignmentsByArea };
    const at = (now: Date) =>
      resolveService(changed, BURGSTADT, changed.services.get('baugenehmigung-beantragen')!, now)!.responsible;
    const today = at(TODAY);
    assert.deepEqual([today.level, today.areaAgs, today.authority?.id], ['kreis', KREIS, 'kv-beispiel']);
    assert.deepEqual(
      [today.upcoming?.from, today.upcoming?.level, today.upcoming?.areaAgs, today.upcoming?.authorityName],
      ['2026-12-15', 'kreis', KREIS, 'Kreisverwaltung – Bauaufsicht Nord'],
    );
    const december = at(new Date('2026-12-20T10:00:00Z'));
    assert.equal(december.authority?.id, 'kv-bauaufsicht-nord');
    assert.deepEqual([december.upcoming?.from, december.upcoming?.level], ['2027-01-01', 'gemeinde']);
    // Without the dated assignment nothing but the rule's change is announced.
    assert.equal(resolve(BURGSTADT, 'baugenehmigung-beantragen').upcoming?.from, '2027-01-01');
  });

  it('subtree + answeredBy: for the whole Verbandsgemeinde the Land answers at Kreis level', () => {
    const r = resolve(BACHDORF, 'aufenthaltstitel-beantragen');
    assert.equal(r.level, 'kreis');
    assert.equal(r.rule.kind, 'subtree');
    assert.equal(r.areaAgs, '07');
    assert.equal(r.authority?.id, 'land-auslaenderbehoerde');
    assert.equal(resolve(BURGSTADT, 'aufenthaltstitel-beantragen').areaAgs, KREIS);
  });

  it('offices with regions: the Finanzamt whose region holds the citizen’s area decides', () => {
    assert.equal(resolve(BACHDORF, 'grunderwerbsteuer').authority?.id, 'finanzamt-nord');
    assert.equal(resolve(BURGSTADT, 'grunderwerbsteuer').authority?.id, 'finanzamt-nord');
    assert.equal(resolve(GROSSSTADT, 'grunderwerbsteuer').authority?.id, 'finanzamt-sued');
  });

  it('the place of the event decides, and the answer says which fact decided', () => {
    const assumed = resolve(GROSSSTADT, 'geburt-anzeigen');
    assert.deepEqual(assumed.decidedBy, {
      factor: 'event_place',
      areaAgs: GROSSSTADT,
      areaName: 'Großstadt',
      assumed: true,
    });
    const born = resolve(GROSSSTADT, 'geburt-anzeigen', TODAY, BACHDORF);
    assert.equal(born.areaAgs, VG);
    assert.equal(born.authority?.id, 'vg-talweg-verwaltung');
    assert.deepEqual(born.decidedBy, {
      factor: 'event_place',
      areaAgs: BACHDORF,
      areaName: 'Bachdorf',
      assumed: false,
    });
    assert.equal(resolve(BACHDORF, 'wohnsitz-anmelden').decidedBy, undefined, 'residence needs no note');
  });

  it("the county's page lists every Gemeinde that answers differently", () => {
    const service = snapshot.services.get('baugenehmigung-beantragen')!;
    const now = exceptionsBelow(snapshot, KREIS, service, TODAY);
    assert.deepEqual(
      now.map((g) => ({ level: g.level, area: g.areaAgs, areas: g.areas.map((a) => a.name) })),
      [{ level: 'gemeinde', area: null, areas: ['Großstadt'] }],
    );
    const later = exceptionsBelow(snapshot, KREIS, service, LATER);
    assert.deepEqual(
      later[0]?.areas.map((a) => a.name),
      ['Burgstadt', 'Großstadt'],
    );
    const foreigners = exceptionsBelow(snapshot, KREIS, snapshot.services.get('aufenthaltstitel-beantragen')!, TODAY);
    // Großstadt's own office is assigned the task, but the level is the Kreis's: not an exception.
    assert.deepEqual(
      foreigners.map((g) => [g.areaAgs, g.areas.map((a) => a.name)]),
      [['07', ['Bachdorf', 'Hügelheim']]],
    );
  });

  it('bundle format 2 errors name the allowed values and the readable versions, all in one run', () => {
    const bad = `format: amtsweg-bundle/9
tasks:
  - { code: x, tenant: "07", name: X, connectingFactor: birthplace, responsibility: { default: county } }
services:
  - { id: s, tenant: "07", name: S }
`;
    try {
      parseBundle([{ name: 'bad.yaml', text: bad }]);
      assert.fail('refused');
    } catch (e) {
      assert.ok(e instanceof ValidationError);
      const messages = e.issues.map((i) => `${i.field}: ${i.message}`);
      assert.ok(
        messages.some((m) => /format: must be one of amtsweg-bundle\/1, amtsweg-bundle\/2/.test(m)),
        messages.join('\n'),
      );
      assert.ok(messages.some((m) => /connectingFactor: must be one of residence, event_place/.test(m)));
      assert.ok(
        messages.some((m) => /default: must be one of bund, land, regierungsbezirk, kreis, gemeindeverband/.test(m)),
      );
      assert.ok(
        messages.some((m) => /responsibility: required unless the service has a task/.test(m)),
        messages.join('\n'),
      );
    }
  });
});
