// The example bundles of data/examples, written from public law of several Länder (decision 0120): each loads
// through the same import next to Kreis Soest and answers with the right authority, level and why.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KREIS_SOEST_SEED } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';

const example = (name: string) => fileURLToPath(new URL(`../../../data/examples/${name}`, import.meta.url));

for (const dialect of await testDialects()) {
  describe(`example bundles from several Länder on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      await importBundle(catalog, KREIS_SOEST_SEED);
      for (const name of ['landkreis-mayen-koblenz', 'berlin', 'staedteregion-aachen', 'koblenz'])
        await importBundle(catalog, example(name));
    });
    after(async () => db.cleanup());

    const answer = async (ags: string, service: string, place?: string) =>
      (await catalog.getAreaService(ags, service, new Date(), { place: place ?? null })).responsible;

    it('Rhineland-Palatinate: the Verbandsgemeinde is Meldebehörde for its Ortsgemeinden, a verbandsfreie Stadt for itself', async () => {
      const kettig = await answer('07137211', 'rp-wohnsitz-anmelden');
      assert.deepEqual(
        [kettig.level, kettig.areaAgs, kettig.authority?.id],
        ['gemeindeverband', '071375008', 'vgv-weissenthurm'],
      );
      assert.match(kettig.legalBasis ?? '', /§ 1 Abs\. 1 .*AGBMG/);
      assert.match(kettig.reason ?? '', /Verbandsgemeindeverwaltung/);
      const andernach = await answer('07137003', 'rp-wohnsitz-anmelden');
      assert.deepEqual([andernach.areaAgs, andernach.authority?.id], ['07137003', 'stv-andernach']);
    });

    it('Rhineland-Palatinate: the Bauaufsicht is the Kreisverwaltung, in a große kreisangehörige Stadt the city', async () => {
      const ettringen = await answer('07137025', 'rp-baugenehmigung-beantragen');
      assert.deepEqual([ettringen.level, ettringen.authority?.id], ['kreis', 'kv-mayen-koblenz']);
      assert.equal(
        ettringen.reason,
        'Ettringen ist keine große kreisangehörige Stadt; untere Bauaufsichtsbehörde ist deshalb die Kreisverwaltung Mayen-Koblenz.',
      );
      const mayen = await answer('07137068', 'rp-baugenehmigung-beantragen');
      assert.deepEqual([mayen.level, mayen.authority?.id], ['gemeinde', 'stv-mayen']);
      const county = await catalog.exceptionsBelow('07137', 'rp-baugenehmigung-beantragen');
      assert.deepEqual(
        county.map((g) => g.areas.map((a) => a.name)),
        [['Andernach', 'Mayen']],
      );
    });

    it('Rhineland-Palatinate: a birth is registered where the child was born, not where the parents live', async () => {
      const born = await answer('07137211', 'rp-geburt-beurkunden', '07137068');
      assert.deepEqual([born.areaAgs, born.authority?.id], ['07137068', 'stv-mayen']);
      assert.deepEqual(born.decidedBy, {
        factor: 'event_place',
        areaAgs: '07137068',
        areaName: 'Mayen',
        assumed: false,
      });
      assert.match(born.legalBasis ?? '', /§ 18 Personenstandsgesetz/);
    });

    it('Berlin: the Bezirksamt is Jugendamt and Standesamt; the Landesamt für Einwanderung answers for every Bezirk', async () => {
      const pankow = await answer('1100000003', 'be-kita-gutschein-beantragen');
      assert.deepEqual([pankow.level, pankow.areaAgs, pankow.authority?.id], ['bezirk', '1100000003', 'ba-pankow']);
      const born = await answer('1100000003', 'be-geburt-beurkunden', '1100000001');
      assert.deepEqual([born.areaAgs, born.authority?.id], ['1100000001', 'ba-mitte']);
      const permit = await answer('1100000002', 'be-aufenthaltstitel-beantragen');
      assert.deepEqual([permit.level, permit.areaAgs, permit.authority?.id], ['land', '11', 'lea-berlin']);
      // Berlin as a whole: which Bezirksamt depends on the Bezirk, so none is named.
      const whole = await answer('11', 'be-kita-gutschein-beantragen');
      assert.deepEqual([whole.level, whole.authority], ['bezirk', null]);
      // The why names the fact that decides, not just the outcome.
      assert.equal(
        pankow.reason,
        'In Berlin hat jedes Bezirksamt ein Jugendamt; zuständig ist das des Bezirks Pankow.',
      );
      assert.match(born.reason ?? '', /Bezirks, in dem das Kind geboren wurde/);
      assert.match(permit.reason ?? '', /nicht der Bezirk, sondern das Landesamt für Einwanderung/);
    });

    it('Berlin: the place of birth can be given by postcode; it leads to the Bezirk that lists it', async () => {
      const born = await answer('1100000003', 'be-geburt-beurkunden', '10115');
      assert.deepEqual([born.level, born.areaAgs, born.authority?.id], ['bezirk', '1100000001', 'ba-mitte']);
      assert.deepEqual(born.decidedBy, {
        factor: 'event_place',
        areaAgs: '1100000001',
        areaName: 'Mitte',
        assumed: false,
      });
      await assert.rejects(answer('1100000003', 'be-geburt-beurkunden', '99998'), /Postleitzahl, die ein Gebiet führt/);
    });

    it('StädteRegion Aachen: the region registers vehicles and issues permits for the city of Aachen, which keeps its Bauaufsicht', async () => {
      const car = await answer('05334002', 'ac-fahrzeug-zulassen');
      assert.deepEqual(
        [car.level, car.areaAgs, car.authority?.id],
        ['kreis', '05334', 'staedteregion-aachen-verwaltung'],
      );
      assert.match(car.reason ?? '', /Aachen ist zwar kreisfreie Stadt/);
      const permit = await answer('05334002', 'ac-aufenthaltstitel-beantragen');
      assert.equal(permit.authority?.id, 'staedteregion-aachen-verwaltung');
      const build = await answer('05334002', 'ac-baugenehmigung-beantragen');
      assert.deepEqual([build.level, build.areaAgs, build.authority?.id], ['kreis', '05334002', 'stadt-aachen']);
      assert.equal((await answer('05334012', 'ac-baugenehmigung-beantragen')).authority?.id, 'stadt-eschweiler');
      assert.equal(
        (await answer('05334028', 'ac-baugenehmigung-beantragen')).authority?.id,
        'staedteregion-aachen-verwaltung',
      );
      const region = await catalog.exceptionsBelow('05334', 'ac-baugenehmigung-beantragen');
      assert.deepEqual(region.map((g) => [g.level, g.areas.map((a) => a.name)]).sort(), [
        ['gemeinde', ['Eschweiler']],
        ['kreis', ['Aachen']],
      ]);
    });

    it('a kreisfreie Stadt answers for the Gemeinde and the Kreis level itself', async () => {
      for (const id of ['ko-wohnsitz-anmelden', 'ko-baugenehmigung-beantragen', 'ko-aufenthaltstitel-beantragen']) {
        const r = await answer('07111000', id);
        assert.deepEqual([r.areaAgs, r.authority?.id], ['07111000', 'stv-koblenz'], id);
        assert.ok(r.legalBasis && r.reason, id);
      }
    });

    it('a bundle whose ARS contradicts its Verband parent is refused with a clear error', async () => {
      const bad = fileURLToPath(new URL('./testdata/verband-mismatch.yaml', import.meta.url));
      await assert.rejects(importBundle(catalog, bad), (e: Error & { issues?: Array<{ message: string }> }) => {
        const text = (e.issues ?? []).map((i) => i.message).join('\n');
        assert.match(text, /does not begin with the Gemeindeverband key 071375008/);
        return true;
      });
    });
  });
}
