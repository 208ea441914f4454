// The real Kreis Soest seed against NRW's tiers: every town, every tier, straight from the data files.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KREIS_SOEST_SEED } from '../../app/seed.ts';
import { openingHoursProblem } from '../opening-hours/opening-hours.ts';
import { exceptionsBelow, resolveService, visibleServices } from './resolver.ts';
import { snapshotFromBundle } from './testdata/load.ts';

const snapshot = snapshotFromBundle(KREIS_SOEST_SEED);
const KREIS = '05974';
const towns = [...snapshot.areas.values()].filter((a) => a.parentAgs === KREIS);
const byName = (name: string) => towns.find((t) => t.name === name)!.ags;
const LIPPSTADT = byName('Lippstadt');
const SOEST = byName('Soest');
const WARSTEIN = byName('Warstein');
const WERL = byName('Werl');
const services = [...snapshot.services.values()];
const withTask = (task: string) => {
  const list = services.filter((s) => s.task === task);
  assert.ok(list.length > 0, `the seed has services of task ${task}`);
  return list;
};
const resolve = (ags: string, id: string) => resolveService(snapshot, ags, snapshot.services.get(id)!)!;

/** For each service of a task: the towns where the town decides, all others go to the Kreis. */
function assertTier(task: string, townLevel: string[], only: (s: (typeof services)[number]) => boolean = () => true) {
  for (const s of withTask(task).filter(only)) {
    for (const town of towns) {
      const r = resolve(town.ags, s.id).responsible;
      const expectTown = townLevel.includes(town.ags);
      assert.equal(r.level, expectTown ? 'gemeinde' : 'kreis', `${s.id} in ${town.name}`);
      assert.equal(r.areaAgs, expectTown ? town.ags : KREIS, `${s.id} in ${town.name}: responsible area`);
      assert.ok(r.authority, `${s.id} in ${town.name}: a unit is named`);
      assert.equal(
        r.authority.areaAgs,
        expectTown ? town.ags : KREIS,
        `${s.id} in ${town.name}: unit of the right area`,
      );
      assert.ok(r.legalBasis, `${s.id} in ${town.name}: legal basis`);
      assert.ok(r.reason, `${s.id} in ${town.name}: a reason`);
      if (r.rule.kind !== 'default')
        assert.match(r.reason, new RegExp(town.name), `${s.id}: the override's reason names ${town.name}`);
    }
  }
}

describe('Kreis Soest seed', () => {
  it('has the Kreis and its 14 towns with their official keys', () => {
    assert.equal(towns.length, 14);
    for (const t of towns) {
      assert.match(t.ags, /^05974\d{3}$/);
      assert.equal(t.ars, `${t.ags.slice(0, 5)}0${t.ags.slice(5)}${t.ags.slice(5)}`, `${t.name} ARS`);
    }
    assert.equal(snapshot.areas.get(LIPPSTADT)?.kind, 'grosse_kreisangehoerige_stadt');
    for (const ags of [SOEST, WARSTEIN, WERL])
      assert.equal(snapshot.areas.get(ags)?.kind, 'mittlere_kreisangehoerige_stadt');
  });

  it('carries at least 150 services, each with Lebenslage, synonyms and a teaser', () => {
    assert.ok(services.length >= 150, `${services.length} services`);
    for (const s of services) {
      assert.ok(s.lebenslagen.length > 0, `${s.id} has a Lebenslage`);
      assert.ok(s.synonyms.length > 0, `${s.id} has synonyms`);
      assert.ok(s.teaser, `${s.id} has a teaser`);
    }
  });

  it('Bauaufsicht: the mittlere and große kreisangehörige Städte decide, the Kreis for the other ten (§ 57 BauO NRW)', () => {
    assertTier('bauaufsicht', [LIPPSTADT, SOEST, WARSTEIN, WERL]);
  });

  it('Jugendamt: own Jugendämter in Lippstadt, Soest and Warstein; Werl and the others use the Kreisjugendamt', () => {
    assertTier('jugendamt', [LIPPSTADT, SOEST, WARSTEIN]);
  });

  it('Ausländerbehörde: Lippstadt as große kreisangehörige Stadt, the Kreis for everyone else', () => {
    assertTier('auslaender', [LIPPSTADT]);
  });

  it('county tasks stay with the Kreis in every town', () => {
    for (const task of ['fuehrerschein', 'strassenverkehr', 'schwerbehinderung', 'veterinaer', 'waffen', 'elterngeld'])
      assertTier(task, []);
  });

  it('town tasks are done by each town itself, by its own unit', () => {
    const all = towns.map((t) => t.ags);
    for (const task of ['meldewesen', 'pass-ausweis', 'standesamt']) assertTier(task, all);
    // Gewerbe and Steuern mix: most is the town's, some permits are the Kreisordnungsbehörde's.
    for (const task of ['gewerbe', 'steuern'])
      assertTier(task, all, (s) => s.defaultLevel === 'gemeinde' && s.rules.length === 0);
  });

  it('Führungszeugnis: the Bundesamt für Justiz decides, the town office accepts the application', () => {
    for (const s of withTask('fuehrungszeugnis')) {
      for (const town of towns) {
        const r = resolve(town.ags, s.id).responsible;
        assert.equal(r.level, 'bund', `${s.id} level`);
        assert.ok(r.contactPoint, `${s.id} in ${town.name}: contact point`);
        assert.equal(r.contactPoint.areaAgs, town.ags);
      }
    }
  });

  it("every town's list holds the county's services, and each resolves to a named unit", () => {
    for (const town of towns) {
      const list = visibleServices(snapshot, town.ags);
      assert.ok(list.some((s) => s.tenantAgs === KREIS));
      for (const s of list) {
        const r = resolve(town.ags, s.id).responsible;
        assert.ok(r.authority, `${s.id} in ${town.name} has no responsible unit`);
      }
    }
  });

  it('every unit has valid opening hours or none, and sample data is flagged', () => {
    for (const a of snapshot.authorities.values()) {
      if (a.openingHours) assert.equal(openingHoursProblem(a.openingHours), null, `${a.id}: ${a.openingHours}`);
    }
    // A contact can only be verified where its unit is: a real team in an invented office would mislead.
    for (const list of snapshot.contactsByAuthority.values())
      for (const c of list)
        if (!c.sample)
          assert.equal(snapshot.authorities.get(c.authorityId)?.sample, false, `${c.id} is real, its unit not`);
  });

  it('task-level rules checked against the law (issue 11): Straßenverkehrsbehörde, Betreuungsbehörde, StAG, UVG', () => {
    const GESEKE = byName('Geseke');
    // § 46 Abs. 1 Nr. 11 / § 45 Abs. 1b StVO: the Straßenverkehrsbehörde, i.e. the Kreis for towns without their own.
    for (const id of ['parkausweis-schwerbehinderte', 'bewohnerparkausweis-beantragen']) {
      for (const town of towns) {
        const own = [LIPPSTADT, SOEST, WARSTEIN, WERL].includes(town.ags);
        const r = resolve(town.ags, id).responsible;
        assert.equal(r.areaAgs, own ? town.ags : KREIS, `${id} in ${town.name}`);
        assert.equal(r.rule.origin, 'task', `${id}: the task's rule decides`);
      }
    }
    const geseke = resolve(GESEKE, 'parkausweis-schwerbehinderte').responsible;
    assert.equal(
      geseke.reason,
      'Geseke ist keine mittlere oder große kreisangehörige Stadt; Straßenverkehrsbehörde ist deshalb der Kreis Soest.',
    );
    // § 1 Abs. 1 LBtG NRW: a große kreisangehörige Stadt is its own Betreuungsbehörde.
    const betreuung = resolve(LIPPSTADT, 'rechtliche-betreuung-anregen').responsible;
    assert.deepEqual([betreuung.level, betreuung.areaAgs], ['gemeinde', LIPPSTADT]);
    assert.match(betreuung.legalBasis ?? '', /§ 1 Abs. 1 Landesbetreuungsgesetz NRW/);
    assert.equal(resolve(SOEST, 'rechtliche-betreuung-anregen').responsible.areaAgs, KREIS);
    // Einbürgerung is StAG with NRW's Zuständigkeitsverordnung, not § 71 AufenthG; Unterhaltsvorschuss is the UVG.
    const einb = resolve(GESEKE, 'einbuergerung-beantragen').responsible;
    assert.match(einb.legalBasis ?? '', /Staatsangehörigkeitsangelegenheiten/);
    assert.doesNotMatch(einb.legalBasis ?? '', /AufenthG/);
    const uv = resolve(GESEKE, 'unterhaltsvorschuss-beantragen').responsible;
    assert.match(uv.legalBasis ?? '', /UVG/);
    assert.doesNotMatch(uv.legalBasis ?? '', /§ 69 SGB VIII/);
  });

  it("the county's page of a service with town exceptions names them", () => {
    const groups = exceptionsBelow(snapshot, KREIS, snapshot.services.get('baugenehmigung-beantragen')!);
    assert.deepEqual(
      groups.map((g) => ({ level: g.level, area: g.areaAgs, towns: g.areas.map((a) => a.name) })),
      [{ level: 'gemeinde', area: null, towns: ['Lippstadt', 'Soest', 'Warstein', 'Werl'] }],
    );
    assert.deepEqual(exceptionsBelow(snapshot, KREIS, snapshot.services.get('wohnsitz-anmelden')!), []);
  });

  it("the Kreis's Bauaufsicht teams appear only for the towns of their district", () => {
    const teams = (town: string) =>
      resolve(byName(town), 'baugenehmigung-beantragen').responsible.contacts.map((c) => c.id);
    assert.deepEqual(teams('Geseke'), ['kreis-soest-bauaufsicht-nord']);
    assert.deepEqual(teams('Ense'), ['kreis-soest-bauaufsicht-sued']);
  });

  it('each Amtsgericht decides for the towns of its district, maintained once by the Land', () => {
    const court = (town: string) => resolve(byName(town), 'erbschein-beantragen').responsible.authority?.id;
    assert.equal(court('Soest'), 'amtsgericht-soest');
    assert.equal(court('Rüthen'), 'amtsgericht-warstein');
    assert.equal(court('Geseke'), 'amtsgericht-lippstadt');
    assert.equal(snapshot.authorities.get('amtsgericht-soest')?.tenantAgs, '05');
  });
});

describe('the seed as exchange data', () => {
  it('names each LeiKa key once: the XZuFi and PVOG imports match a Leistung by it', () => {
    const seen = new Map<string, string>();
    for (const s of services) {
      if (!s.leikaKey) continue;
      const other = seen.get(s.leikaKey);
      assert.equal(other, undefined, `${s.id} and ${other} share the LeiKa key ${s.leikaKey}`);
      seen.set(s.leikaKey, s.id);
    }
    assert.ok(seen.size > 100, 'the seed carries LeiKa keys');
  });
});
