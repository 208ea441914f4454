// `amtsweg areas successions <file>` on the Kreis Soest seed. The successions are examples for the test, not facts:
// Anröchte taken over by Erwitte and Bad Sassendorf by Soest from 2026-01-01.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KREIS_SOEST_SEED } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { type AreasService, createAreasService } from '../../features/areas/index.ts';
import { type CatalogService, createCatalogService, systemPrincipal } from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { importBundle } from '../bundle/bundle-import.ts';
import { importAreaChanges } from './area-changes.import.ts';

const CHANGES = fileURLToPath(new URL('./testdata/changes.csv', import.meta.url));
const options = { actor: systemPrincipal('cli'), source: 'test' };

for (const dialect of await testDialects()) {
  describe(`amtsweg areas successions on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let services: { catalog: CatalogService; areas: AreasService };
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      services = { catalog, areas: createAreasService(db, catalog) };
      await importBundle(catalog, KREIS_SOEST_SEED);
    });
    after(async () => db.cleanup());

    const area = async (ags: string) => (await catalog.structure()).areasByAgs.get(ags);

    it('refuses the whole file when one line is wrong, naming it', async () => {
      const generation = await catalog.cacheGeneration();
      const text =
        'old;new;from\n05974004;05974016;2026-01-01\n05974099;05974040;2026-01-01\n05974012;05974012;2026-01-01\n';
      await assert.rejects(importAreaChanges(services, text, { ...options, text: true }), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.deepEqual(
          e.issues.map((i) => [i.record, i.field]),
          [
            ['line 3', 'old'],
            ['line 4', 'new'],
          ],
        );
        assert.match(e.issues[0]?.message ?? '', /no area has the key 05974099/);
        return true;
      });
      assert.equal(await catalog.cacheGeneration(), generation);
      assert.equal((await area('05974004'))?.successorAgs ?? null, null);
    });

    it('refuses a loop and an area handed over twice', async () => {
      const text =
        'old;new;from\n05974004;05974016;2026-01-01\n05974016;05974004;2026-01-01\n05974004;05974040;2026-01-01\n';
      await assert.rejects(importAreaChanges(services, text, { ...options, text: true }), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        const messages = e.issues.map((i) => `${i.record}: ${i.message}`).join('\n');
        assert.match(messages, /line 4: 05974004 is already handed over in line 2/);
        assert.match(messages, /a loop is not allowed/);
        return true;
      });
    });

    it('writes every succession in one write; a second run changes nothing', async () => {
      const dry = await importAreaChanges(services, CHANGES, { ...options, dryRun: true });
      assert.equal(dry.counts.areas.updated, 2);
      assert.equal((await area('05974004'))?.successorAgs ?? null, null);
      const first = await importAreaChanges(services, CHANGES, options);
      assert.equal(first.rows, 2);
      assert.equal(first.counts.areas.updated, 2);
      assert.deepEqual(
        [(await area('05974004'))?.validUntil, (await area('05974004'))?.successorAgs],
        ['2025-12-31', '05974016'],
      );
      assert.deepEqual(
        [(await area('05974008'))?.validUntil, (await area('05974008'))?.successorAgs],
        ['2025-12-31', '05974040'],
      );
      const generation = await catalog.cacheGeneration();
      const second = await importAreaChanges(services, CHANGES, options);
      assert.equal(second.changes.length, 0);
      assert.equal(await catalog.cacheGeneration(), generation);
      // From the date on, the former area's key and slug lead to the successor.
      assert.equal((await services.areas.redirectFor('05974008', 'key', '2026-01-01'))?.ags, '05974040');
      assert.equal((await services.areas.redirectFor('05974008', 'key', '2025-12-31'))?.ags, undefined);
    });
  });
}
