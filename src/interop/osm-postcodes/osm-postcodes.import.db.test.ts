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
import { importGv100ad } from '../gv100ad/index.ts';
import { importOsmPostcodes } from './osm-postcodes.import.ts';

const REGISTER = fileURLToPath(new URL('../gv100ad/testdata/gv100ad-import.txt', import.meta.url));
// Our own fixture in OSM's format; 56220 is given to two Gemeinden on purpose (a shared postcode).
const POSTCODES = fileURLToPath(new URL('./testdata/plz-import.csv', import.meta.url));
const options = { actor: systemPrincipal('cli'), source: 'test' };

for (const dialect of await testDialects()) {
  describe(`amtsweg areas postcodes and succeed on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let services: { catalog: CatalogService; areas: ReturnType<typeof createAreasService> };
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      services = { catalog, areas: createAreasService(db, catalog) };
      const set = emptyChangeSet();
      set.areaKinds = [{ label: 'bund', value: { code: 'bund', name: 'Bund', tiers: ['bund'], description: null } }];
      set.areas = [
        {
          label: '00',
          value: {
            ags: '00',
            ars: '000000000000',
            name: 'Deutschland',
            kind: 'bund',
            parentAgs: null,
            slug: 'deutschland',
            postcodes: [],
            population: null,
            mainAuthorityId: null,
            website: null,
          },
        },
      ];
      await catalog.applyChangeSet(set);
      await importGv100ad(services, REGISTER, options);
    });
    after(() => db.cleanup());

    it('refuses a malformed file and writes nothing', async () => {
      const before = await catalog.cacheGeneration();
      const bad = 'osm_id,ags,ort,plz,landkreis,bundesland\n1,5974020,Geseke,5959X,Kreis Soest,NRW\n';
      await assert.rejects(importOsmPostcodes(services, bad, { ...options, text: true }), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.deepEqual(
          e.issues.map((i) => [i.record, i.field]),
          [['line 2', 'plz']],
        );
        return true;
      });
      assert.equal(await catalog.cacheGeneration(), before);
    });

    it('stores every Gemeinde’s postcodes, keeps those it had, and the place matcher finds them', async () => {
      const result = await importOsmPostcodes(services, POSTCODES, options);
      assert.deepEqual(result.unknownKeys, ['09999999']);
      const areas = new Map((await catalog.listAreas()).map((a) => [a.ags, a]));
      assert.deepEqual(areas.get('05915000')?.postcodes, ['59063', '59065']);
      assert.deepEqual(areas.get('07137222')?.postcodes, ['56220', '56575']);
      // The register's seat postcode stays beside OSM's.
      const matcher = await services.areas.placeMatcher();
      assert.equal(matcher.match('59063').candidates[0]?.place.ags, '05915000');
      const shared = matcher.match('56220');
      assert.equal(shared.ambiguous, true, 'a shared postcode asks');
      assert.deepEqual(shared.candidates.map((c) => c.place.ags).sort(), ['07137042', '07137222']);
    });

    it('changes nothing on a second run', async () => {
      const generation = await catalog.cacheGeneration();
      const again = await importOsmPostcodes(services, POSTCODES, options);
      assert.equal(again.changes.length, 0);
      assert.equal(await catalog.cacheGeneration(), generation);
    });

    it('succeed: the former area ends, its key, slug and postcodes lead to the successor', async () => {
      await services.areas.rememberSlugs();
      await assert.rejects(services.areas.succeed('07137042', '07137222', '2026-13-01', options), ValidationError);
      await assert.rejects(services.areas.succeed('07137042', '07137042', '2026-01-01', options), ValidationError);
      const r = await services.areas.succeed('07137042', '07137222', '2026-01-01', options);
      assert.equal(r.validUntil, '2025-12-31');
      const kettig = (await catalog.listAreas()).find((a) => a.ags === '07137042');
      assert.deepEqual([kettig?.validUntil, kettig?.successorAgs], ['2025-12-31', '07137222']);
      assert.equal((await services.areas.redirectFor('07137042', 'key', '2026-01-01'))?.ags, '07137222');
      assert.equal((await services.areas.redirectFor('kettig', 'slug', '2026-01-01'))?.ags, '07137222');
      assert.equal(await services.areas.redirectFor('kettig', 'slug', '2025-12-31'), null, 'not before the date');
      assert.equal(await services.areas.redirectFor('weissenthurm', 'slug', '2026-01-01'), null);
      const resolve = await services.areas.resolver();
      assert.equal(resolve('07137042')?.ags, '07137222', 'files that still use the old key reach the successor');
      // A re-import of the same register keeps the declared succession.
      await importGv100ad(services, REGISTER, options);
      const still = (await catalog.listAreas()).find((a) => a.ags === '07137042');
      assert.equal(still?.successorAgs, '07137222');
      assert.equal(still?.validUntil, '2025-12-31');
      // A second declaration changes nothing.
      const again = await services.areas.succeed('07137042', '07137222', '2026-01-01', options);
      assert.equal(again.result.changes.length, 0);
    });

    it('a renamed slug keeps redirecting to the area', async () => {
      await services.areas.rememberSlugs();
      const geseke = (await catalog.listAreas()).find((a) => a.ags === '05974020');
      assert.ok(geseke);
      const set = emptyChangeSet();
      set.areas = [{ label: 'rename', value: { ...geseke, slug: 'stadt-geseke' } }];
      await catalog.write(set, options);
      assert.equal((await services.areas.redirectFor(geseke.slug, 'slug'))?.slug, 'stadt-geseke');
      assert.equal(await services.areas.redirectFor('stadt-geseke', 'slug'), null);
    });
  });
}
