// Nothing in code is specific to NRW: a Bavarian Landkreis with a Große Kreisstadt loads through the same import,
// next to Kreis Soest, and resolves by its own tiers.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KREIS_SOEST_SEED } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { createCatalogService } from '../catalog/catalog.service.ts';

const FREISING = fileURLToPath(new URL('../../../data/examples/landkreis-freising', import.meta.url));

for (const dialect of await testDialects()) {
  describe(`a second Land's county on ${dialect}`, () => {
    let db: TestDb;
    before(async () => {
      db = await createTestDb(dialect);
      const catalog = createCatalogService(db);
      await importBundle(catalog, KREIS_SOEST_SEED);
      await importBundle(catalog, FREISING);
    });
    after(async () => db.cleanup());

    it('gives the Große Kreisstadt Freising its own Bauaufsicht and the other Gemeinden the Landratsamt', async () => {
      const catalog = createCatalogService(db);
      const towns = await catalog.childAreas('09178');
      const grosse = towns.filter((t) => t.kind === 'grosse_kreisstadt');
      assert.equal(grosse.length, 1);
      for (const town of towns) {
        const r = await catalog.getAreaService(town.ags, 'by-baugenehmigung-beantragen');
        const own = town.kind === 'grosse_kreisstadt';
        assert.equal(r.responsible.level, own ? 'gemeinde' : 'kreis', town.name);
        assert.equal(r.responsible.authority?.areaAgs, own ? town.ags : '09178', town.name);
        if (own) assert.match(r.responsible.reason ?? '', new RegExp(town.name));
      }
    });

    it('keeps the two counties apart: neither sees the other’s services', async () => {
      const catalog = createCatalogService(db);
      const freising = await catalog.listAreaServices('09178124');
      assert.ok(freising.every((s) => !s.ownerAgs.startsWith('05974')));
      assert.ok(freising.some((s) => s.id === 'by-wohnsitz-anmelden'));
      const geseke = await catalog.listAreaServices('05974020');
      assert.ok(geseke.every((s) => !s.id.startsWith('by-')));
    });

    it('still resolves Kreis Soest by NRW tiers', async () => {
      const catalog = createCatalogService(db);
      const warstein = (await catalog.listAreas()).find((a) => a.name === 'Warstein')!;
      const bau = (await catalog.listAreaServices(warstein.ags)).filter((s) => s.task === 'bauaufsicht');
      assert.ok(bau.length > 0);
      for (const s of bau) assert.equal(s.responsible.level, 'gemeinde', s.id);
    });
  });
}
