// Format 2 survives export and import: tasks, subtree/answeredBy/dated rules, dated assignments, scoped contacts
// and services that inherit their task's responsibility come back with the same answers.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { createCatalogService } from '../../features/catalog/catalog.service.ts';
import { systemPrincipal, systemScope, type Tenant, tenantScope } from '../../features/catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../../features/catalog/index.ts';
import { GERMANY_BUNDLE } from '../../features/responsibility/testdata/load.ts';
import { ValidationError } from '../../shared/errors.ts';
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

    it('one run names every problem: schema problems with the allowed values and references of the other records', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'amtsweg-')), 'broken.yaml');
      writeFileSync(
        file,
        [
          'format: amtsweg-bundle/3',
          'tasks:',
          '  - { code: kaputt, tenant: "07999", name: Kaputt, responsibility: { default: amt } }',
          'services:',
          '  - { id: neu-eins, tenant: "07999", name: Neu eins, task: kaputt }',
          '  - { id: neu-zwei, tenant: "07999", name: Neu zwei, lebenslagen: [gibt-es-nicht], responsibility: { default: kreis, overrides: [{ area: "07999777", level: gemeinde }] } }',
          'authorities:',
          '  - { id: neu-amt, area: "07998", name: Neues Amt }',
        ].join('\n'),
      );
      const catalog = createCatalogService(db);
      const error = await importBundle(catalog, file).catch((e: unknown) => e);
      assert.ok(error instanceof ValidationError);
      const lines = error.issues.map((i) => `${i.record ?? ''} | ${i.field} | ${i.message}`);
      const has = (pattern: RegExp) =>
        assert.ok(
          lines.some((l) => pattern.test(l)),
          `${pattern}\n${lines.join('\n')}`,
        );
      has(/format \| must be one of amtsweg-bundle\/1, amtsweg-bundle\/2 \(the bundle format versions/);
      has(
        /tasks\[0\] \(code "kaputt"\) \| responsibility\.default \| must be one of bund, land, regierungsbezirk, kreis, gemeindeverband, gemeinde, bezirk/,
      );
      has(/services\[1\] \(id "neu-zwei"\) \| lebenslagen\.0 \| unknown Lebenslage "gibt-es-nicht"/);
      has(/services\[1\] \(id "neu-zwei"\) \| responsibility\.overrides\.0\.area \| unknown area "07999777"/);
      has(/authorities\[0\] \(id "neu-amt"\) \| area \| unknown area "07998"/);
      // The task left out for its schema problem is not reported a second time as missing.
      assert.ok(!lines.some((l) => l.includes('neu-eins')), lines.join('\n'));
      assert.equal(await catalog.getAreaService('07999', 'neu-zwei').catch(() => null), null, 'nothing written');
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

    it("carries a town's settings: not offered with reason and alternative, local texts and online services", async () => {
      const catalog = createCatalogService(db);
      const town = '07999001';
      const setting = {
        areaAgs: town,
        serviceId: 'wohnsitz-anmelden',
        offered: true,
        reason: null,
        alternativeUrl: null,
        alternativeServiceId: null,
        localText: 'Bitte bringen Sie den Mietvertrag mit.',
        localFees: 'gebührenfrei',
        localDocuments: null,
        localOnlineServices: [{ title: 'Termin buchen', url: 'https://termine.example/', type: 'termin' as const }],
      };
      const notOffered = {
        ...setting,
        serviceId: 'baugenehmigung-beantragen',
        offered: false,
        reason: 'Die Bauaufsicht liegt beim Kreis.',
        alternativeUrl: 'https://kreis.example/bauen',
        localText: null,
        localFees: null,
        localOnlineServices: [],
      };
      const set = emptyChangeSet();
      set.localSettings = [
        { label: 'a', value: setting },
        { label: 'b', value: notOffered },
      ];
      await catalog.write(set, { actor: systemPrincipal('cli'), source: 'test' });

      const townExport = await exportBundle(catalog, tenantScope(town as Tenant));
      assert.deepEqual(
        townExport.settings?.map((s) => [s.service, s.offered, s.localFees ?? null]),
        [
          ['baugenehmigung-beantragen', false, null],
          ['wohnsitz-anmelden', true, 'gebührenfrei'],
        ],
      );

      const file = join(mkdtempSync(join(tmpdir(), 'amtsweg-')), 'export.yaml');
      writeFileSync(file, bundleToYaml(await exportBundle(catalog, systemScope(systemPrincipal('cli')))));
      const other = await createTestDb(dialect);
      try {
        const copy = createCatalogService(other);
        await importBundle(copy, file);
        const strip = (m: Map<string, { version: number }>) =>
          new Map([...m].map(([k, { version: _v, ...rest }]) => [k, rest]));
        assert.deepEqual(
          strip(await copy.localSettingsOf(town as Tenant)),
          strip(await catalog.localSettingsOf(town as Tenant)),
        );
        assert.equal((await copy.localSettingsOf(town as Tenant)).size, 2);
        const again = await importBundle(copy, file);
        assert.equal(
          Object.values(again.counts).reduce((n, c) => n + c.created + c.updated, 0),
          0,
        );
      } finally {
        await other.cleanup();
      }
    });
  });
}
