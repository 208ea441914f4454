// Issue 13, finding 5: re-importing a town's own export reports exactly what changed. Geseke (Kreis Soest seed) has
// units with Zuständigkeiten, contacts and a setting of its own for a Kreis service; its export read back is
// "0 changed", and the export with one phone number edited is "1 changed" — one audit entry, one revision.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { seedDatabase } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { type CatalogService, createCatalogService } from '../../features/catalog/catalog.service.ts';
import { systemPrincipal, tenantsScope } from '../../features/catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../../features/catalog/index.ts';
import { bundleToYaml, exportBundle } from './bundle-export.ts';
import { importBundle } from './bundle-import.ts';

const GESEKE = '05974020';

for (const dialect of await testDialects()) {
  describe(`a town's own export read back on ${dialect} (issue 13, finding 5)`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-own-export-'));
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      await seedDatabase({ catalog });
      // A setting of Geseke's own for a Kreis service, as the editor publishes it.
      const set = emptyChangeSet();
      set.localSettings = [
        {
          label: 'Geseke: Wohnsitz anmelden',
          value: {
            areaAgs: GESEKE,
            serviceId: 'wohnsitz-anmelden',
            offered: true,
            reason: null,
            alternativeUrl: null,
            alternativeServiceId: null,
            localText: 'Bitte einen Termin im Bürgerbüro buchen.',
            localFees: null,
            localDocuments: null,
            localOnlineServices: [],
          },
        },
      ];
      await catalog.write(set, { actor: systemPrincipal('system'), source: 'test' });
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await db?.cleanup();
    });

    const traces = async () => {
      const k = db.kysely;
      const audit = await k.selectFrom('auditLog').select('id').execute();
      const revisions = await k.selectFrom('revisions').select(['entityType', 'entityId', 'action']).execute();
      return {
        audit: audit.length,
        revisions: revisions
          .filter((r) => r.action !== 'baseline')
          .map((r) => `${r.entityType} ${r.entityId} ${r.action}`)
          .sort(),
      };
    };
    const changed = (counts: Record<string, { created: number; updated: number }>) =>
      Object.fromEntries(
        Object.entries(counts)
          .map(([section, c]) => [section, c.created + c.updated] as const)
          .filter(([, n]) => n > 0),
      );

    it('its export read back: nothing changed, no audit entry, no revision', async () => {
      const scope = tenantsScope([GESEKE]);
      assert.ok(scope);
      const yaml = bundleToYaml(await exportBundle(catalog, scope));
      assert.match(yaml, /Bitte einen Termin im Bürgerbüro buchen\./, 'the export carries the town’s setting');
      assert.match(yaml, /responsibleFor/, 'and its units’ Zuständigkeiten');
      const file = join(dir, 'geseke.yaml');
      writeFileSync(file, yaml);
      const before = await traces();
      const summary = await importBundle(catalog, file, { actor: systemPrincipal('cli'), source: 'test' });
      assert.deepEqual(changed(summary.counts), {});
      assert.deepEqual(await traces(), before);
    });

    it('one edited phone number: "1 changed", one audit entry, one revision', async () => {
      const scope = tenantsScope([GESEKE]);
      assert.ok(scope);
      const yaml = bundleToYaml(await exportBundle(catalog, scope));
      const phone = /phone: "?(\+49 2942 [^"\n]+)"?/.exec(yaml)?.[1];
      assert.ok(phone, 'a unit of Geseke has a phone number');
      const file = join(dir, 'geseke-edited.yaml');
      writeFileSync(file, yaml.replace(phone, '+49 2942 4711'));
      const before = await traces();
      const summary = await importBundle(catalog, file, { actor: systemPrincipal('cli'), source: 'test' });
      assert.deepEqual(changed(summary.counts), { authorities: 1 });
      const after = await traces();
      assert.equal(after.audit, before.audit + 1);
      const added = after.revisions.filter((r) => !before.revisions.includes(r) || r.endsWith(' import'));
      assert.equal(after.revisions.length, before.revisions.length + 1, added.join('\n'));
    });
  });
}
