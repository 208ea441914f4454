// Dated area kinds (decision 0150): a town that becomes a "mittlere kreisangehörige Stadt" on a day changes its
// tier on that day, through the bundle, the write path and the resolver; before the day the portal announces it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { parseBundle } from '../../interop/bundle/bundle.reader.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';

const BUNDLE = fileURLToPath(new URL('./testdata/kind-change.yaml', import.meta.url));
const TODAY = new Date('2026-11-30T10:00:00+01:00');
const NEW_YEAR = new Date('2027-01-01T08:00:00+01:00');

for (const dialect of await testDialects()) {
  describe(`dated area kinds on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      await importBundle(catalog, BUNDLE);
    });
    after(async () => db.cleanup());

    const answer = async (ags: string, at: Date) =>
      (await catalog.getAreaService(ags, 'baugenehmigung-beantragen', at)).responsible;

    it('before the day the Kreis answers and the coming change is announced with its reason', async () => {
      const r = await answer('05999004', TODAY);
      assert.deepEqual([r.level, r.areaAgs, r.authority?.id], ['kreis', '05999', 'kreis-muster-verwaltung']);
      assert.equal(
        r.reason,
        'Talstadt hat keine eigene Bauaufsicht; untere Bauaufsichtsbehörde ist deshalb der Kreis.',
      );
      assert.deepEqual(r.upcoming, {
        from: '2027-01-01',
        level: 'gemeinde',
        areaAgs: '05999004',
        areaName: 'Talstadt',
        authorityName: 'Stadt Talstadt – Bauordnung',
        legalBasis: '§ 57 Abs. 1 Nr. 3 BauO NRW',
        reason: 'Talstadt ist mittlere kreisangehörige Stadt und deshalb selbst untere Bauaufsichtsbehörde.',
      });
    });

    it('from the day the town is of its new kind and answers itself; a town without a change stays with the Kreis', async () => {
      const r = await answer('05999004', NEW_YEAR);
      assert.deepEqual([r.level, r.areaAgs, r.authority?.id], ['gemeinde', '05999004', 'talstadt-verwaltung']);
      assert.deepEqual(r.rule.kind, 'area_kind');
      assert.equal(r.upcoming, undefined);
      const bergdorf = await answer('05999008', NEW_YEAR);
      assert.deepEqual([bergdorf.level, bergdorf.areaAgs, bergdorf.upcoming], ['kreis', '05999', undefined]);
    });

    it('the county page names the town as an exception only from the day', async () => {
      assert.deepEqual(await catalog.exceptionsBelow('05999', 'baugenehmigung-beantragen', TODAY), []);
      const later = await catalog.exceptionsBelow('05999', 'baugenehmigung-beantragen', NEW_YEAR);
      assert.deepEqual(
        later.map((g) => [g.level, g.areas.map((a) => a.name)]),
        [['gemeinde', ['Talstadt']]],
      );
    });

    it('the kind changes are stored and read back; importing the bundle again changes nothing', async () => {
      const area = await catalog.getArea('05999004');
      assert.deepEqual(area.kindChanges, [{ kind: 'mittlere_kreisangehoerige_stadt', validFrom: '2027-01-01' }]);
      const again = await importBundle(catalog, BUNDLE);
      assert.equal(again.counts.areas.updated + again.counts.areas.created, 0);
    });

    it('a kind change naming an unknown kind, a date that is no day, or dates out of order is refused by name', async () => {
      const set = parseBundle([
        {
          name: 'bad.yaml',
          text: `areas:
  - ags: "05999008"
    ars: "059990008008"
    name: Bergdorf
    kind: kleine_kreisangehoerige_stadt
    parent: "05999"
    slug: bergdorf
    kindChanges:
      - { kind: grossstadt, validFrom: "2027-02-30" }
      - { kind: mittlere_kreisangehoerige_stadt, validFrom: "2026-01-01" }
`,
        },
      ]);
      const issues = await catalog.check(set);
      assert.deepEqual(
        issues.map((i) => [i.field, i.code]),
        [
          ['kindChanges.0.kind', 'reference.unknown'],
          ['kindChanges.0.validFrom', 'date.format'],
          ['kindChanges.1.validFrom', 'dates.order'],
        ],
      );
    });
  });
}
