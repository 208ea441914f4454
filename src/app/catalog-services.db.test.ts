// The lean wiring of catalog-only commands (the CLI's imports) keeps what `createServices` hooks to the catalog: a
// write's notices reach the tenants' inboxes after the commit, and the cache generation moves (decision 0290).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../db/testing.ts';
import { CLI_PRINCIPAL } from '../features/auth/auth.service.ts';
import { serviceFromDoc } from '../features/catalog/catalog.documents.ts';
import { GESEKE, KREIS, SERVICE, staleFixture } from '../features/catalog/catalog.stale.testing.ts';
import { asTenant } from '../features/catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../features/catalog/catalog.ts';
import { createCatalogServices } from './catalog-services.ts';
import { seedDatabase } from './seed.ts';
import { createServices } from './services.ts';

for (const dialect of await testDialects()) {
  describe(`the catalog wired alone, as catalog-only commands use it, on ${dialect}`, () => {
    let db: TestDb;
    before(async () => {
      db = await createTestDb(dialect);
      await seedDatabase(createServices(db), staleFixture());
    });
    after(async () => db.cleanup());

    it('delivers the notices of a committed write to the inbox and moves the cache generation', async () => {
      const lean = createCatalogServices(db);
      const local = emptyChangeSet();
      local.localSettings?.push({
        label: 'Geseke',
        value: {
          areaAgs: GESEKE,
          serviceId: SERVICE,
          offered: true,
          reason: null,
          alternativeUrl: null,
          alternativeServiceId: null,
          localText: null,
          localFees: 'Geseke: 12 Euro',
          localDocuments: null,
          localOnlineServices: [],
        },
      });
      await lean.catalog.write(local, { actor: CLI_PRINCIPAL, source: 'cli' });
      const generation = await lean.catalog.cacheGeneration();
      const current = await lean.catalog.readRecord('service', asTenant(KREIS), SERVICE);
      const set = emptyChangeSet();
      set.services.push({ label: 'Kreis', value: { ...serviceFromDoc(SERVICE, KREIS, current!.doc), fees: 'Neu' } });
      await lean.catalog.write(set, { actor: CLI_PRINCIPAL, source: 'cli' });
      await lean.close();

      assert.ok((await lean.catalog.cacheGeneration()) > generation);
      const inbox = await createServices(db).notifications.inbox(CLI_PRINCIPAL);
      assert.deepEqual(
        inbox.filter((n) => n.kind === 'stale_text').map((n) => n.tenantAgs),
        [GESEKE],
        'the town hears that its own fees may be stale, at once (not at the next maintenance tick)',
      );
    });
  });
}
