// County snapshots share the records owned above the county, and search shares one index among the towns that see
// the same catalog: neither may carry one town's own services or settings into another town's answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { parseBundle } from '../../interop/bundle/bundle.reader.ts';
import { createSearchService } from '../search/search.service.ts';
import { createCatalogService } from './catalog.service.ts';

// Invented: a Land with two counties; Aheim owns a service, Beheim does not offer one of the Land's services.
const BUNDLE = `
format: amtsweg-bundle/2
areaKinds:
  - { code: land, name: Land, tiers: [land] }
  - { code: kreis, name: Kreis, tiers: [kreis] }
  - { code: gemeinde, name: Gemeinde, tiers: [gemeinde] }
areas:
  - { ags: "17", ars: "170000000000", name: Testland, kind: land, slug: testland }
  - { ags: "17101", ars: "171010000000", name: Kreis Ost, kind: kreis, parent: "17", slug: kreis-ost }
  - { ags: "17102", ars: "171020000000", name: Kreis West, kind: kreis, parent: "17", slug: kreis-west }
  - { ags: "17101001", ars: "171010001001", name: Aheim, kind: gemeinde, parent: "17101", slug: aheim }
  - { ags: "17101002", ars: "171010002002", name: Beheim, kind: gemeinde, parent: "17101", slug: beheim }
  - { ags: "17102001", ars: "171020001001", name: Ceheim, kind: gemeinde, parent: "17102", slug: ceheim }
services:
  - { id: land-pass, tenant: "17", name: Reisepass beantragen, responsibility: { default: land } }
  - { id: land-hund, tenant: "17", name: Hundesteuer zahlen, fees: "20 Euro", responsibility: { default: gemeinde } }
  - { id: aheim-markt, tenant: "17101001", name: Marktstand anmelden, responsibility: { default: gemeinde } }
settings:
  - { area: "17101002", service: land-hund, offered: false, reason: Beheim erhebt keine Hundesteuer, localFees: "0 Euro" }
`;

const AHEIM = '17101001';
const BEHEIM = '17101002';
const CEHEIM = '17102001';

for (const dialect of await testDialects()) {
  describe(`shared snapshots and search indexes on ${dialect}`, () => {
    let db: TestDb;
    before(async () => {
      db = await createTestDb(dialect);
      await createCatalogService(db).applyChangeSet(parseBundle([{ name: 'sharing.yaml', text: BUNDLE }]));
    });
    after(async () => db.cleanup());

    const ids = (list: ReadonlyArray<{ id: string }>) => list.map((s) => s.id).sort();

    it('a warm-up builds every county once; the towns then answer from those snapshots', async () => {
      const catalog = createCatalogService(db);
      assert.deepEqual(await catalog.warmUp(), { counties: 2 });
      const ost = await catalog.snapshotFor('17101');
      assert.equal((await catalog.snapshotFor(AHEIM)).snapshot, ost.snapshot, "Aheim answers from its county's");
      assert.equal((await catalog.snapshotFor(CEHEIM)).snapshot, (await catalog.snapshotFor('17102')).snapshot);
      assert.notEqual((await catalog.snapshotFor(CEHEIM)).snapshot, ost.snapshot);
    });

    it("shares the Land's records between counties without a town's own services or settings", async () => {
      const catalog = createCatalogService(db);
      const aheim = await catalog.listAreaServices(AHEIM);
      const beheim = await catalog.listAreaServices(BEHEIM);
      const ceheim = await catalog.listAreaServices(CEHEIM);
      assert.deepEqual(ids(aheim), ['aheim-markt', 'land-hund', 'land-pass']);
      assert.deepEqual(ids(beheim), ['land-hund', 'land-pass']);
      assert.deepEqual(ids(ceheim), ['land-hund', 'land-pass']);
      const hund = (list: typeof aheim) => list.find((s) => s.id === 'land-hund');
      assert.equal(hund(beheim)?.notOffered?.reason, 'Beheim erhebt keine Hundesteuer');
      assert.equal(hund(beheim)?.fees, '0 Euro');
      for (const other of [aheim, ceheim]) {
        assert.equal(hund(other)?.notOffered, null);
        assert.equal(hund(other)?.fees, '20 Euro');
      }
      // Shared, not copied: both counties' snapshots hold the very same record of the Land.
      const east = (await catalog.snapshotFor(BEHEIM)).snapshot;
      const west = (await catalog.snapshotFor(CEHEIM)).snapshot;
      assert.notEqual(east, west);
      assert.equal(east.services.get('land-pass'), west.services.get('land-pass'));
      assert.equal(west.services.has('aheim-markt'), false);
      assert.equal(west.localSettings.has(BEHEIM), false);

      // The same answers when the counties are built the other way round.
      const fresh = createCatalogService(db);
      assert.deepEqual(await fresh.listAreaServices(CEHEIM), ceheim);
      assert.deepEqual(await fresh.listAreaServices(BEHEIM), beheim);
      assert.deepEqual(await fresh.listAreaServices(AHEIM), aheim);
    });

    it("answers each town's search from its own services and settings, whoever built the shared index", async () => {
      for (const order of [
        [BEHEIM, CEHEIM],
        [CEHEIM, BEHEIM],
      ]) {
        const catalog = createCatalogService(db);
        const search = createSearchService(db, catalog, { synonymSeed: null });
        const found: Record<string, Awaited<ReturnType<typeof search.search>>> = {};
        for (const ags of order) found[ags] = await search.search(ags!, 'Hundesteuer');
        assert.equal(found[BEHEIM]?.items[0]?.id, 'land-hund');
        assert.equal(found[BEHEIM]?.items[0]?.notOffered?.reason, 'Beheim erhebt keine Hundesteuer');
        assert.equal(found[CEHEIM]?.items[0]?.id, 'land-hund');
        assert.equal(found[CEHEIM]?.items[0]?.notOffered, null);
        assert.equal(found[CEHEIM]?.items[0]?.forAgs, CEHEIM);
      }
      const catalog = createCatalogService(db);
      const search = createSearchService(db, catalog, { synonymSeed: null });
      assert.deepEqual(ids((await search.search(AHEIM, 'Marktstand anmelden')).items), ['aheim-markt']);
      for (const town of [BEHEIM, CEHEIM]) {
        assert.deepEqual(ids((await search.search(town, 'Marktstand anmelden')).items), []);
        assert.deepEqual(
          (await search.suggest(town, 'Marktst')).map((s) => s.id),
          [],
        );
      }
      assert.deepEqual(
        (await search.suggest(AHEIM, 'Marktst')).map((s) => s.id),
        ['aheim-markt'],
      );
    });
  });
}
