// The shipped checklist against the shipped Kreis Soest seed: every reference resolves, every town gets a checklist.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDatabase } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { createCatalogService } from '../catalog/catalog.service.ts';
import { createLinksService, loadLinkCheckConfig } from '../links/links.service.ts';
import { type ChecklistService, createChecklistService, KREIS_SOEST_CHECKLIST } from './checklist.service.ts';
import { INTERFACE_KINDS } from './checklist-interface-kinds.ts';

for (const dialect of await testDialects()) {
  describe(`shipped checklist on ${dialect}`, () => {
    let db: TestDb;
    let checklist: ChecklistService;

    before(async () => {
      db = await createTestDb(dialect);
      const catalog = createCatalogService(db);
      await seedDatabase({ catalog });
      checklist = createChecklistService(
        db,
        catalog,
        createLinksService(db, catalog, loadLinkCheckConfig({ NODE_ENV: 'test' })),
      );
    });
    after(async () => db.cleanup());

    it('seeds once: every product and Lebenslage of the file exists in the seed', async () => {
      const first = await checklist.seedIfEmpty(KREIS_SOEST_CHECKLIST);
      assert.ok(first && first.created > 50, `created ${first?.created}`);
      assert.equal(await checklist.seedIfEmpty(KREIS_SOEST_CHECKLIST), null, 'a second start leaves it alone');
    });

    it('compares all 14 towns; the interfaces differ where responsibility differs', async () => {
      const started = performance.now();
      const cmp = await checklist.comparison('05974');
      const ms = performance.now() - started;
      console.log(
        `  county comparison (14 towns × ${cmp.totals.total / 14} products) on ${dialect}: ${ms.toFixed(0)} ms`,
      );
      assert.equal(cmp.towns.length, 14);
      assert.equal(cmp.cells[0]?.length, 14);
      const soest = await checklist.townCoverage('05974040');
      const ense = await checklist.townCoverage('05974012');
      const kindOf = (c: typeof soest, id: string) =>
        c.lebenslagen.flatMap((l) => l.items).find((i) => i.serviceId === id)?.interface?.kind;
      // Soest (mittlere Stadt) has its own Bauaufsicht, Ense does not.
      assert.equal(kindOf(soest, 'baugenehmigung-beantragen'), 'gemeinde_entscheidet');
      assert.equal(kindOf(ense, 'baugenehmigung-beantragen'), 'kreis_entscheidet_gemeinde_beteiligt');
      assert.equal(kindOf(ense, 'fahrzeug-zulassen')?.startsWith('kreis_entscheidet'), true);
      assert.equal(kindOf(ense, 'wohnsitz-anmelden'), 'gemeinde_entscheidet');
      const used = [soest, ense].flatMap((c) => c.lebenslagen.flatMap((l) => l.items.map((i) => i.interface?.kind)));
      assert.ok(used.every((k) => k === undefined || INTERFACE_KINDS.includes(k)));
    });
  });
}
