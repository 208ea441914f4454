import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrateDown, migrateToLatest } from '../../db/migrate.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { bundleToYaml, exportBundle } from '../../interop/bundle/bundle-export.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { ValidationError } from '../../shared/errors.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';
import { bumpCacheGeneration, countRows } from './catalog.repository.ts';
import { createCatalogService } from './catalog.service.ts';
import { systemPrincipal, systemScope } from './catalog.tenant.ts';

for (const dialect of await testDialects()) {
  describe(`catalog store on ${dialect}`, () => {
    let db: TestDb;
    before(async () => {
      db = await createTestDb(dialect);
    });
    after(async () => db.cleanup());

    it('imports a bundle, and importing it again changes nothing', async () => {
      const catalog = createCatalogService(db);
      const first = await importBundle(catalog, MINI_BUNDLE);
      assert.equal(first.counts.services.created, 4);
      assert.equal(first.counts.authorities.created, 7);
      const rows = await countRows(db.kysely);
      const again = await importBundle(catalog, MINI_BUNDLE);
      assert.equal(again.counts.services.unchanged, 4);
      assert.equal(again.counts.services.updated + again.counts.authorities.updated + again.counts.contacts.updated, 0);
      assert.deepEqual(await countRows(db.kysely), rows);
    });

    it('reports real against sample data per tenant and record kind', async () => {
      const report = await createCatalogService(db).dataReport();
      const row = (tenant: string, kind: string, measure: string) =>
        [...report.rows, ...report.totals].find((r) => r.tenant === tenant && r.kind === kind && r.measure === measure);
      assert.deepEqual(
        { ...row('17001', 'units', 'real') },
        { tenant: '17001', tenantName: 'Kreis Nord', kind: 'units', measure: 'real', count: 1, total: 2, percent: 50 },
      );
      assert.equal(row('17001', 'units', 'openingHours')?.count, 1);
      assert.deepEqual([row('17001', 'contacts', 'real')?.count, row('17001', 'contacts', 'real')?.total], [0, 1]);
      assert.deepEqual(
        [row('17001001', 'contacts', 'real')?.count, row('17001001', 'contacts', 'real')?.total],
        [1, 1],
      );
      assert.deepEqual(
        [row('17001', 'services', 'leikaKey')?.count, row('17001', 'services', 'leikaKey')?.total],
        [1, 3],
      );
      assert.equal(row('17001', 'services', 'leikaKey')?.percent, 33);
      // A tenant that keeps no contacts gets no contacts row; the totals count every tenant.
      assert.equal(row('17', 'contacts', 'real'), undefined);
      assert.deepEqual([row('*', 'units', 'real')?.count, row('*', 'units', 'real')?.total], [6, 7]);
      assert.equal(row('*', 'assignments', 'deepLink')?.count, 1);
    });

    it('resolves from the database exactly as the rules say', async () => {
      const catalog = createCatalogService(db);
      const neustadt = await catalog.getAreaService('17001002', 'bauantrag');
      assert.equal(neustadt.responsible.level, 'gemeinde');
      assert.equal(neustadt.responsible.authority?.id, 'neustadt-bauamt');
      const altdorf = await catalog.listAreaServices('17001001');
      assert.deepEqual(
        altdorf.map((s) => s.id),
        ['altdorf-fest', 'bauantrag', 'zeugnis', 'anmeldung'],
        'sorted by German name',
      );
      const bauen = await catalog.listAreaServices('17001001', { lebenslage: 'bauen' });
      assert.deepEqual(
        bauen.map((s) => s.id),
        ['bauantrag'],
      );
      await assert.rejects(catalog.getAreaService('17001002', 'altdorf-fest'), /Unbekannte Leistung/);
      await assert.rejects(catalog.listAreaServices('99999999'), /Unbekanntes Gebiet/);
    });

    it('rejects a bundle with one bad record as a whole, naming record and field', async () => {
      const catalog = createCatalogService(db);
      const before = await countRows(db.kysely);
      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
      const file = join(dir, 'bad.yaml');
      writeFileSync(
        file,
        [
          'services:',
          '  - { id: neu-eins, tenant: "17001", name: Neu eins, responsibility: { default: kreis } }',
          '  - { id: neu-zwei, tenant: "17001", name: Neu zwei, leikaKey: "12345", responsibility: { default: kreis } }',
          'authorities:',
          '  - { id: neu-amt, area: "17001", name: Neues Amt, openingHours: "Mo-Fr 25:00-26:00" }',
        ].join('\n'),
      );
      const error = await importBundle(catalog, file).catch((e: unknown) => e);
      assert.ok(error instanceof ValidationError);
      const fields = error.issues.map((i) => `${i.record} ${i.field}`);
      assert.ok(
        fields.some((f) => f.includes('services[1] (id "neu-zwei")') && f.endsWith('leikaKey')),
        fields.join('\n'),
      );
      assert.ok(
        fields.some((f) => f.includes('authorities[0] (id "neu-amt")') && f.endsWith('openingHours')),
        fields.join('\n'),
      );
      assert.deepEqual(await countRows(db.kysely), before, 'nothing written');
    });

    it('a dry run checks everything and writes nothing', async () => {
      const catalog = createCatalogService(db);
      const before = await countRows(db.kysely);
      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
      const file = join(dir, 'ok.yaml');
      writeFileSync(
        file,
        'services:\n  - { id: neu-drei, tenant: "17001", name: Neu drei, responsibility: { default: kreis } }\n',
      );
      const summary = await importBundle(catalog, file, { dryRun: true });
      assert.equal(summary.counts.services.created, 1);
      assert.deepEqual(await countRows(db.kysely), before);
    });

    it('a second instance sees a write made through the first at once (cache generation)', async () => {
      const a = createCatalogService(db);
      const b = createCatalogService(db);
      assert.equal((await b.getAreaService('17001001', 'anmeldung')).name, 'Wohnsitz anmelden');
      const generation = await b.cacheGeneration();
      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
      const file = join(dir, 'rename.yaml');
      writeFileSync(
        file,
        'services:\n  - { id: anmeldung, tenant: "17001", name: Wohnung anmelden, task: melde, lebenslagen: [umzug], responsibility: { default: gemeinde, legalBasis: "§ 17 BMG", reason: "Meldebehörde ist die Gemeinde." } }\n',
      );
      const summary = await importBundle(a, file);
      assert.equal(summary.counts.services.updated, 1);
      assert.ok((await b.cacheGeneration()) > generation);
      assert.equal((await b.getAreaService('17001001', 'anmeldung')).name, 'Wohnung anmelden');
    });

    it("applies a town's own setting to a county service: not offered here, local fees and text", async () => {
      const catalog = createCatalogService(db);
      await db.kysely
        .insertInto('areaServiceSettings')
        .values({
          areaAgs: '17001002',
          serviceId: 'zeugnis',
          tenantAgs: '17001002',
          offered: 0,
          reason: 'Wird im Nachbarort bearbeitet.',
          alternativeUrl: 'https://altdorf.example/zeugnis',
          alternativeServiceId: null,
          localText: 'Bitte Termin vereinbaren.',
          localFees: '13 Euro',
          localDocuments: null,
          localOnlineServices: JSON.stringify([
            { title: 'Termin', url: 'https://neustadt.example/termin', type: 'termin' },
          ]),
          version: 1,
          updatedAt: new Date().toISOString(),
        })
        .execute();
      await bumpCacheGeneration(db.kysely);
      const neustadt = await catalog.getAreaService('17001002', 'zeugnis');
      assert.deepEqual(neustadt.notOffered, {
        reason: 'Wird im Nachbarort bearbeitet.',
        alternativeUrl: 'https://altdorf.example/zeugnis',
        alternativeServiceId: null,
      });
      assert.equal(neustadt.localText, 'Bitte Termin vereinbaren.');
      assert.equal(neustadt.fees, '13 Euro');
      assert.equal(neustadt.onlineServices[0]?.url, 'https://neustadt.example/termin');
      const altdorf = await catalog.getAreaService('17001001', 'zeugnis');
      assert.equal(altdorf.notOffered, null, 'another town is not affected');
      assert.equal(altdorf.localText, null);
      await db.kysely.deleteFrom('areaServiceSettings').execute();
      await bumpCacheGeneration(db.kysely);
    });

    it('exports a bundle that imports into an empty database to the same resolutions', async () => {
      const catalog = createCatalogService(db);
      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
      const file = join(dir, 'export.yaml');
      writeFileSync(file, bundleToYaml(await exportBundle(catalog, systemScope(systemPrincipal('cli')))));
      const other = await createTestDb(dialect);
      try {
        const copy = createCatalogService(other);
        await importBundle(copy, file);
        for (const ags of ['17001001', '17001002', '17001003', '17002000']) {
          assert.deepEqual(
            await copy.listAreaServices(ags, { now: new Date(0) }),
            await catalog.listAreaServices(ags, { now: new Date(0) }),
          );
        }
        assert.deepEqual(await countRows(other.kysely), await countRows(db.kysely));
      } finally {
        await other.cleanup();
      }
    });

    it('migrates forwards on an empty and on a seeded database, and down and up again', async () => {
      const fresh = await createTestDb(dialect, { migrate: false });
      try {
        const all = await migrateToLatest(fresh);
        assert.ok(all.includes('0001-catalog'), 'runs on an empty database');
        await importBundle(createCatalogService(fresh), MINI_BUNDLE);
        assert.deepEqual(await migrateToLatest(fresh), [], 'a seeded database is up to date');
        let down = 0;
        while ((await migrateDown(fresh)).length > 0) down++;
        assert.equal(down, all.length, 'every migration can be undone');
        assert.deepEqual(await migrateToLatest(fresh), all);
        await importBundle(createCatalogService(fresh), MINI_BUNDLE);
      } finally {
        await fresh.cleanup();
      }
    });
  });
}
