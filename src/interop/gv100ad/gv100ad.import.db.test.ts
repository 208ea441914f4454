import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { createAreasService } from '../../features/areas/index.ts';
import {
  type CatalogService,
  createCatalogService,
  emptyChangeSet,
  systemPrincipal,
} from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { importGv100ad } from './gv100ad.import.ts';

const FIXTURE = fileURLToPath(new URL('./testdata/gv100ad-import.txt', import.meta.url));
const MALFORMED = fileURLToPath(new URL('./testdata/gv100ad-malformed.txt', import.meta.url));
const options = { actor: systemPrincipal('cli'), source: 'test' };

/** A deployment's own areas before the register arrives: its own finer kind and name must survive the import. */
async function deployment(catalog: CatalogService) {
  const set = emptyChangeSet();
  const kind = (code: string, tiers: ('bund' | 'land' | 'regierungsbezirk' | 'kreis' | 'gemeinde')[]) => ({
    label: code,
    value: { code, name: code, tiers, description: null },
  });
  set.areaKinds = [
    kind('bund', ['bund']),
    kind('land', ['land']),
    kind('kreis', ['kreis']),
    kind('mittlere_kreisangehoerige_stadt', ['gemeinde']),
  ];
  const area = (ags: string, ars: string, name: string, kindCode: string, parentAgs: string | null, slug: string) => ({
    label: ags,
    value: {
      ags,
      ars,
      name,
      kind: kindCode,
      parentAgs,
      slug,
      postcodes: [],
      population: null,
      mainAuthorityId: null,
      website: null,
    },
  });
  set.areas = [
    area('00', '000000000000', 'Deutschland', 'bund', null, 'deutschland'),
    area('05', '050000000000', 'Nordrhein-Westfalen', 'land', '00', 'nordrhein-westfalen'),
    area('05974', '059740000000', 'Kreis Soest', 'kreis', '05', 'kreis-soest'),
    area('05974020', '059740020020', 'Geseke', 'mittlere_kreisangehoerige_stadt', '05974', 'geseke'),
  ];
  await catalog.applyChangeSet(set);
}

for (const dialect of await testDialects()) {
  describe(`amtsweg areas import on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let services: { catalog: CatalogService; areas: ReturnType<typeof createAreasService> };
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      services = { catalog, areas: createAreasService(db, catalog) };
      await deployment(catalog);
    });
    after(() => db.cleanup());

    it('refuses a malformed file by line and writes nothing', async () => {
      const before = (await catalog.listAreas()).length;
      await assert.rejects(importGv100ad(services, MALFORMED, options), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.ok(
          e.issues.some((i) => i.record === 'line 3'),
          JSON.stringify(e.issues),
        );
        return true;
      });
      assert.equal((await catalog.listAreas()).length, before);
    });

    it('writes the tree with Gemeindeverbände, merged kreisfreie Städte, register kinds beside the deployment’s', async () => {
      const result = await importGv100ad(services, FIXTURE, options);
      assert.equal(result.gebietsstand, '2025-11-30');
      const areas = new Map((await catalog.listAreas()).map((a) => [a.ags, a]));
      // The deployment's own kind, name and slug stay; the register's kind sits beside it.
      const geseke = areas.get('05974020');
      assert.equal(geseke?.kind, 'mittlere_kreisangehoerige_stadt');
      assert.equal(geseke?.name, 'Geseke');
      assert.equal(geseke?.registerKind, '63');
      assert.equal(geseke?.parentAgs, '05974', 'a verbandsfreie Gemeinde hangs under its Kreis');
      // A Verbandsgemeinde is a level of its own; its Ortsgemeinden hang below it.
      assert.ok(areas.get('07137'), 'the Kreis Mayen-Koblenz');
      assert.equal(areas.get('07137')?.kind, 'landkreis');
      assert.equal(areas.get('07137')?.parentAgs, '07', 'a former Regierungsbezirk is not a level');
      const verband = [...areas.values()].find((a) => a.registerKind === '53');
      assert.ok(verband, 'the Verbandsgemeinde');
      assert.equal(verband.ags.length, 9);
      assert.equal(verband.parentAgs, '07137');
      assert.equal(areas.get('07137042')?.parentAgs, verband.ags);
      // A kreisfreie Stadt is one area with both tiers, its Kreis key an alias.
      const hamm = areas.get('05915000');
      assert.equal(hamm?.kind, 'kreisfreie_stadt');
      assert.equal(hamm?.name, 'Hamm');
      assert.equal(hamm?.parentAgs, '059');
      assert.equal(areas.has('05915'), false);
      assert.deepEqual((await catalog.structure()).areaKinds.get('kreisfreie_stadt')?.tiers, ['gemeinde', 'kreis']);
      const viaKreisKey = await services.areas.chain('05915');
      assert.equal(viaKreisKey.found.area.ags, '05915000');
      assert.equal(viaKreisKey.found.via, 'alias');
      assert.deepEqual(
        viaKreisKey.links.map((l) => l.key),
        ['05915000', '059', '05', '00'],
      );
      // By ARS, up to the Bund.
      const byArs = await services.areas.chain('059740020020');
      assert.equal(byArs.found.via, 'ars');
      assert.deepEqual(
        byArs.links.map((l) => [l.key, l.name]),
        [
          ['05974020', 'Geseke'],
          ['05974', 'Kreis Soest'],
          ['059', 'Regierungsbezirk Arnsberg'],
          ['05', 'Nordrhein-Westfalen'],
          ['00', 'Deutschland'],
        ],
      );
    });

    it('changes nothing on a second import (no revision, no generation bump)', async () => {
      const generation = await catalog.cacheGeneration();
      const again = await importGv100ad(services, FIXTURE, options);
      assert.equal(again.changes.length, 0);
      assert.equal(again.aliases, 0);
      assert.equal(again.counts.areas.created + again.counts.areas.updated, 0);
      assert.equal(await catalog.cacheGeneration(), generation);
    });
  });
}
