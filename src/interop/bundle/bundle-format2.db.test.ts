// Format 2 survives export and import: tasks, subtree/answeredBy/dated rules, dated assignments, scoped contacts
// and services that inherit their task's responsibility come back with the same answers.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { createCatalogService } from '../../features/catalog/catalog.service.ts';
import { systemPrincipal, systemScope } from '../../features/catalog/catalog.tenant.ts';
import { GERMANY_BUNDLE } from '../../features/responsibility/testdata/load.ts';
import { bundleToYaml, exportBundle } from './bundle-export.ts';
import { importBundle } from './bundle-import.ts';

for (const dialect of await testDialects()) {
  describe(`bundle format 2 on ${dialect}`, () => {
    let db: TestDb;
    before(async () => {
      db = await createTestDb(dialect);
      await importBundle(createCatalogService(db), GERMANY_BUNDLE);
    });
    after(async () => db.cleanup());

    it('importing the same bundle again changes nothing', async () => {
      const summary = await importBundle(createCatalogService(db), GERMANY_BUNDLE);
      const changed = Object.values(summary.counts).reduce((n, c) => n + c.created + c.updated, 0);
      assert.equal(changed, 0);
    });

    it('exports a bundle that imports into an empty database to the same answers, today and after a dated change', async () => {
      const catalog = createCatalogService(db);
      const bundle = await exportBundle(catalog, systemScope(systemPrincipal('cli')));
      assert.equal(bundle.format, 'amtsweg-bundle/2');
      assert.ok(bundle.tasks?.some((t) => t.code === 'bauaufsicht'));
      const file = join(mkdtempSync(join(tmpdir(), 'amtsweg-')), 'export.yaml');
      writeFileSync(file, bundleToYaml(bundle));
      const other = await createTestDb(dialect);
      try {
        const copy = createCatalogService(other);
        await importBundle(copy, file);
        for (const now of [new Date('2026-11-30T10:00:00Z'), new Date('2027-03-01T10:00:00Z')])
          for (const ags of ['07999101', '07999102', '07999001', '07999002', '07999'])
            assert.deepEqual(
              await copy.listAreaServices(ags, { now }),
              await catalog.listAreaServices(ags, { now }),
              `${ags} at ${now.toISOString()}`,
            );
      } finally {
        await other.cleanup();
      }
    });
  });
}
