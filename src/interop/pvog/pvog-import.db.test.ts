import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import {
  asTenant,
  type CatalogService,
  createCatalogService,
  emptyChangeSet,
  systemPrincipal,
  tenantsScope,
} from '../../features/catalog/index.ts';
import { MINI_BUNDLE } from '../../features/responsibility/testdata/load.ts';
import { ValidationError } from '../../shared/errors.ts';
import { importBundle } from '../bundle/bundle-import.ts';
import { sharedDataOrSkip } from '../shared-data.ts';
import { importPvogFiles } from './pvog-import.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));
const real = sharedDataOrSkip(
  'pvog/ars_000000000000.csv',
  'pvog/B100019_LB_574711_service_description.json',
  'pvog/B100019_LB_581863_social_benefit_description.json',
);

async function bund(catalog: CatalogService) {
  return (await catalog.readTenants(tenantsScope(['00']) ?? assert.fail())).services;
}

for (const dialect of await testDialects()) {
  describe(`PVOG import on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      await importBundle(catalog, MINI_BUNDLE);
    });
    after(async () => db?.cleanup());

    it('creates the Bund, its Leistungen from the CSV, and changes nothing on a second import', async () => {
      const first = await importPvogFiles(catalog, [fixture('pvog-sample.csv')]);
      assert.equal(first.createdBund, true);
      assert.equal(first.write.counts.services.created, 3);
      assert.equal((await catalog.getArea('00')).ars, '000000000000');
      const generation = await catalog.cacheGeneration();
      const second = await importPvogFiles(catalog, [fixture('pvog-sample.csv')]);
      assert.deepEqual(second.write.changes, []);
      assert.equal(await catalog.cacheGeneration(), generation, 'no trace');
      const geld = (await bund(catalog)).find((s) => s.leikaKey === '99001001017000');
      assert.equal(geld?.name, 'Beispielgeld beantragen');
      assert.deepEqual(
        geld?.onlineServices.map((o) => o.url),
        ['https://example.org/antrag', 'https://example.org/upload'],
      );
    });

    it('a description fills the Leistung matched by LeiKa key; names of unknown Lebenslagen are reported', async () => {
      const files = [fixture('pvog-sample.csv'), fixture('pvog-description.json')];
      const dry = await importPvogFiles(catalog, files, { dryRun: true });
      assert.deepEqual(
        dry.write.changes.map((c) => [c.id, c.result]),
        [['leika-99001001017000', 'updated']],
      );
      const result = await importPvogFiles(catalog, files);
      assert.equal(result.write.changes.length, 1);
      assert.deepEqual(
        result.unmatchedLebenslagen.map((u) => u.name),
        ['Kinder', 'Arbeit'],
      );
      const geld = (await bund(catalog)).find((s) => s.leikaKey === '99001001017000');
      assert.ok(geld?.fullText, 'texts filled');
      assert.ok(geld?.synonyms.includes('Geld'));
      assert.equal(geld?.name, 'Beispielgeld beantragen', 'the CSV names the Leistung');
      assert.deepEqual((await importPvogFiles(catalog, files)).write.changes, [], 'idempotent with descriptions too');
      const history = await catalog.revisions('00', 'service', 'leika-99001001017000');
      assert.ok(history.length >= 2, 'versioned');
    });

    it('a town that added its own part to the national text sees what a re-import changed, and keeps its part', async () => {
      const town = asTenant('17001001');
      const id = 'leika-99001001017000';
      const ownPart = 'In Altdorf nimmt das Bürgerbüro den Antrag auch persönlich entgegen.';
      const setting = {
        areaAgs: town,
        serviceId: id,
        offered: true,
        reason: null,
        alternativeUrl: null,
        alternativeServiceId: null,
        localText: ownPart,
        localFees: null,
        localDocuments: null,
        localOnlineServices: [],
      };
      await catalog.write(
        { ...emptyChangeSet(), localSettings: [{ label: 'Altdorf', value: setting }] },
        { actor: systemPrincipal('system'), source: 'editor' },
      );
      assert.deepEqual(await catalog.staleOf(town, id), []);

      // PVOG publishes a new text: the same description with another first paragraph, imported again.
      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-pvog-'));
      const changed = join(dir, 'beispielgeld.json');
      writeFileSync(
        changed,
        readFileSync(fixture('pvog-description.json'), 'utf8').replace('Erster Absatz.', 'Neuer erster Absatz.'),
      );
      const result = await importPvogFiles(catalog, [fixture('pvog-sample.csv'), changed]).finally(() =>
        rmSync(dir, { recursive: true, force: true }),
      );
      assert.deepEqual(
        result.write.changes.map((c) => [c.id, c.result]),
        [[id, 'updated']],
      );
      const [mark, ...more] = await catalog.staleOf(town, id);
      assert.deepEqual(more, []);
      assert.equal(mark?.field, 'fullText');
      assert.equal(mark?.ownerAgs, '00');
      assert.match(mark?.ownerOld ?? '', /Erster Absatz/);
      assert.match(mark?.ownerNew ?? '', /Neuer erster Absatz/);
      assert.equal((await catalog.localSettingsOf(town)).get(id)?.localText, ownPart, 'the town’s part is kept');
      assert.deepEqual(await catalog.staleOf(asTenant('17001002'), id), [], 'a town without a part of its own');

      // The town decides to keep its part: the flag goes.
      assert.equal(await catalog.confirmLocalSetting(town, id, systemPrincipal('system')), 1);
      assert.deepEqual(await catalog.staleOf(town, id), []);
    });

    it('refuses a description without a Bund Leistung, and other file kinds, writing nothing', async () => {
      await assert.rejects(importPvogFiles(catalog, [fixture('pvog-sample.csv'), 'x.txt']), (e) => {
        assert.ok(e instanceof ValidationError);
        assert.match(e.issues[0]?.message ?? '', /allowed: a PVOG CSV export \(\.csv\) or a PVOG service description/);
        return true;
      });
    });

    it('the real PVOG export: 911 Bund Leistungen, a second import changes nothing', { skip: !real }, async () => {
      const files = real as string[];
      const first = await importPvogFiles(catalog, files);
      assert.equal((await bund(catalog)).length, 911 + 3);
      assert.ok(first.write.counts.services.created >= 900);
      // both descriptions applied: one by LeiKa key, the reduced one (no key) by its PVOG id through the CSV
      const described = Object.entries(first.provenance).filter(([, p]) => p.some((x) => x.source === 'pvog-json'));
      assert.equal(described.length, 2);
      for (const [id] of described) {
        const s = (await bund(catalog)).find((x) => x.id === id);
        assert.ok(s?.fullText && s.legalBasis, `${id} has texts`);
      }
      assert.deepEqual((await importPvogFiles(catalog, files)).write.changes, []);
    });
  });
}
