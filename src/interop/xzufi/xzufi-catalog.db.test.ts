import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seedDatabase } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import {
  asTenant,
  type CatalogService,
  createCatalogService,
  emptyChangeSet,
  type LocalServiceSetting,
  systemPrincipal,
  tenantsScope,
} from '../../features/catalog/index.ts';
import { importPvogFiles } from '../pvog/pvog-import.ts';
import { chunked, collect } from './testdata/fixture.ts';
import { schemaErrors } from './testdata/validate-schema.ts';
import { onlineServiceIds } from './xzufi.ts';
import { importXzufiIntoCatalog, xzufiExportInput } from './xzufi-catalog.ts';
import { XzufiImportError } from './xzufi-reader.ts';
import { writeXzufi } from './xzufi-writer.ts';

const header = {
  messageId: 'test-message',
  createdAt: '2026-11-30T12:00:00.000Z',
  senderId: 'amtsweg',
  senderName: 'x',
};

async function exportTenant(catalog: CatalogService, ags: string, since?: Date): Promise<string> {
  const scope = tenantsScope([ags]);
  assert.ok(scope);
  return collect(writeXzufi(await xzufiExportInput(catalog, { scope, header, ...(since ? { since } : {}) })));
}

/** The structure XZuFi does not carry (areas, kinds, Lebenslagen), copied so that an import has areas to name. */
async function copyStructure(from: CatalogService, to: CatalogService): Promise<void> {
  const s = await from.structure();
  const set = emptyChangeSet();
  set.areaKinds = [...s.areaKinds.values()].map((value) => ({ label: value.code, value }));
  set.areas = s.areas.map((a) => ({ label: a.ags, value: { ...a, mainAuthorityId: null } }));
  set.lebenslagen = s.lebenslagen.map((value) => ({ label: value.id, value }));
  await to.write(set, { actor: systemPrincipal('system'), source: 'test' });
}

for (const dialect of await testDialects()) {
  describe(`XZuFi exchange with the catalog on ${dialect}`, () => {
    let source: TestDb;
    let target: TestDb;
    let from: CatalogService;
    let to: CatalogService;
    before(async () => {
      [source, target] = await Promise.all([createTestDb(dialect), createTestDb(dialect)]);
      from = createCatalogService(source);
      to = createCatalogService(target);
      await seedDatabase({ catalog: from });
      await copyStructure(from, to);
    });
    after(async () => {
      await source?.cleanup();
      await target?.cleanup();
    });

    it('seed → export → import into an empty catalog → export is byte-identical, tenant by tenant', async () => {
      // Top-down: a town's units may name the county's Leistungen, which must exist by then.
      const tenants = (await from.listAreas())
        .map((a) => a.ags)
        .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      let services = 0;
      // A Land's or the Bund's office may decide for a Kreis's Leistung (offices with regions): its Zuständigkeit
      // names a Leistung another tenant's message brings. Such a message waits until that tenant's is in, as an
      // operator would import them; every message must get in within a few passes.
      let pending = tenants;
      for (let pass = 0; pending.length > 0 && pass < 4; pass++) {
        const later: string[] = [];
        for (const ags of pending) {
          const first = await exportTenant(from, ags);
          try {
            const result = await importXzufiIntoCatalog(to, chunked(first, 4096), { tenantAgs: ags });
            assert.deepEqual(result.report.warnings, [], `tenant ${ags}`);
          } catch (error) {
            if (error instanceof Error && /names no leistung/.test(JSON.stringify(error))) {
              later.push(ags);
              continue;
            }
            throw error;
          }
          services += (first.match(/<xzufi:leistung>/g) ?? []).length;
          assert.equal(await exportTenant(to, ags), first, `tenant ${ags}`);
        }
        pending = later;
      }
      assert.deepEqual(pending, [], 'every tenant’s message got in');
      assert.ok(services > 100, `the seed's Leistungen were exchanged (${services})`);

      // Our own export back into the seeded catalog: task assignments are recognised, nothing changes.
      for (const ags of tenants) {
        const own = await importXzufiIntoCatalog(from, chunked(await exportTenant(from, ags), 4096), {
          tenantAgs: ags,
        });
        assert.deepEqual(own.write.changes, [], `tenant ${ags}`);
      }

      // The same message again: nothing changes, every record is reported unchanged.
      const again = await importXzufiIntoCatalog(to, chunked(await exportTenant(from, '05974'), 4096), {
        tenantAgs: '05974',
      });
      assert.deepEqual(again.write.changes, []);
      assert.deepEqual(again.preview, [], 'the preview lists changes only');
      assert.equal(again.totals.unchanged, again.report.counts.leistung + again.report.counts.organisationseinheit);
      assert.equal(again.totals.new + again.totals.changed + again.totals.removed, 0);
    });

    it('an online service tied after later Leistungen were written re-reads its service and writes it again', async () => {
      const county = tenantsScope(['05974']) ?? assert.fail();
      const data = await to.readTenants(county);
      const svc = [...data.services].sort((a, b) => (a.id < b.id ? -1 : 1))[0];
      assert.ok(svc);
      const late = { title: 'Spät verknüpft', url: 'https://example.org/spaet', type: 'antrag' as const };
      const input = await xzufiExportInput(to, { scope: county, header });
      const services = (input.services as typeof data.services).map((s) =>
        s.id === svc.id ? { ...s, onlineServices: [...s.onlineServices, late] } : s,
      );
      const xml = await collect(writeXzufi({ ...input, services }));
      // Move that online service and its Zuständigkeit to the end of the message, after every other Leistung.
      const odId = onlineServiceIds({ ...svc, onlineServices: [...svc.onlineServices, late] }).at(-1);
      const block = new RegExp(
        `  <xzufi:schreibe>\\n    <xzufi:onlinedienst>\\n      <xzufi:id[^>]*>${odId}</xzufi:id>[\\s\\S]*?</xzufi:zustaendigkeitTransferObjekt>\\n  </xzufi:schreibe>\\n`,
      ).exec(xml)?.[0];
      assert.ok(block, 'the online service is in the message');
      const moved = xml.replace(block, '').replace('</xzufi:transfer>', `${block}</xzufi:transfer>`);
      assert.ok(moved.indexOf(block) > moved.lastIndexOf('<xzufi:leistung>'));

      const result = await importXzufiIntoCatalog(to, chunked(moved, 4096), { tenantAgs: '05974', batchSize: 1 });
      assert.deepEqual(
        result.preview.map((p) => [p.kind, p.id, p.result]),
        [['leistung', svc.id, 'changed']],
        'listed once, although written twice',
      );
      assert.equal(result.totals.changed, 1);
      assert.deepEqual(
        result.write.changes.map((c) => [c.type, c.id]),
        [['service', svc.id]],
      );
      const after = (await to.readTenants(county)).services.find((s) => s.id === svc.id);
      assert.deepEqual(after?.onlineServices.at(-1), late);
      assert.equal(after?.onlineServices.length, svc.onlineServices.length + 1);
    });

    it('a broken reference found at the end rolls back every batch already written', async () => {
      const county = tenantsScope(['05974']) ?? assert.fail();
      const before = await exportTenant(to, '05974');
      const generation = await to.cacheGeneration();
      const [unit] = (await to.readTenants(county)).authorities;
      assert.ok(unit);
      const ars = (await to.listAreas()).find((a) => a.ags === '05974')?.ars;
      const renamed = before.replaceAll(
        /(<xzufi:leikaTextmodul[^>]*>\s*<code>03<\/code>[\s\S]*?<xzufi:inhalt languageCode="de">)([^<]*)/g,
        '$1$2 (umbenannt)',
      );
      assert.notEqual(renamed, before);
      const broken = renamed.replace(
        '</xzufi:transfer>',
        '  <xzufi:schreibe><xzufi:zustaendigkeitTransferObjekt>' +
          `<xzufi:uebergeordnetesObjektID>${unit.id}</xzufi:uebergeordnetesObjektID><xzufi:zustaendigkeit>` +
          '<xzufi:id>zu-spaet</xzufi:id><xzufi:leistungID>gibt-es-nicht</xzufi:leistungID>' +
          `<xzufi:gebietID>${ars}</xzufi:gebietID></xzufi:zustaendigkeit></xzufi:zustaendigkeitTransferObjekt>` +
          '</xzufi:schreibe>\n</xzufi:transfer>',
      );
      // Count the batches the import hands to the staged write: they were written before the end was read.
      let batches = 0;
      const counting: CatalogService = {
        ...to,
        writeStaged: (options, produce) =>
          to.writeStaged(options, (write, read) =>
            produce((batch) => {
              batches++;
              return write(batch);
            }, read),
          ),
      };
      for (const dryRun of [false, true]) {
        batches = 0;
        await assert.rejects(
          importXzufiIntoCatalog(counting, chunked(broken, 4096), { tenantAgs: '05974', batchSize: 2, dryRun }),
          (e) => {
            assert.ok(e instanceof XzufiImportError);
            assert.equal(e.problems.length, 1);
            assert.match(e.problems[0]?.message ?? '', /leistungID "gibt-es-nicht" names no leistung/);
            assert.equal(e.problems[0]?.objectId, 'zu-spaet');
            assert.ok((e.problems[0]?.line ?? 0) > 10);
            return true;
          },
        );
        assert.ok(batches > 3, `Leistungen were written in batches before the end (${batches})`);
        assert.equal(await to.cacheGeneration(), generation, 'no bump');
        assert.equal(await exportTenant(to, '05974'), before, 'nothing of the written batches is left');
      }
    });

    it('a dry run previews per record and writes nothing; --since exports changes and removals', async () => {
      const before = new Date(Date.now() - 1000);
      const [svc] = (await to.readTenants(tenantsScope(['05974']) ?? assert.fail())).services;
      assert.ok(svc);
      const xml = (await exportTenant(to, '05974'))
        .replace(
          `<xzufi:inhalt languageCode="de">${svc.name}</xzufi:inhalt>`,
          '<xzufi:inhalt languageCode="de">Neu benannt</xzufi:inhalt>',
        )
        .replace(
          '</xzufi:transfer>',
          '  <xzufi:loesche klasse="Leistung"><xzufi:id>' +
            `${svc.id}-gibt-es-nicht</xzufi:id></xzufi:loesche>\n</xzufi:transfer>`,
        );
      const generation = await to.cacheGeneration();
      const preview = await importXzufiIntoCatalog(to, chunked(xml, 4096), { tenantAgs: '05974', dryRun: true });
      assert.equal(preview.write.dryRun, true);
      assert.deepEqual(
        preview.preview.filter((p) => p.result !== 'unchanged').map((p) => [p.id, p.result]),
        [[svc.id, 'changed']],
      );
      assert.equal(await to.cacheGeneration(), generation, 'nothing written');

      // Now really: rename one service; add and remove another; the since-export holds exactly that.
      await importXzufiIntoCatalog(to, chunked(xml, 4096), { tenantAgs: '05974' });
      const system = { actor: systemPrincipal('system'), source: 'test' };
      const temp = { ...svc, id: 'xzufi-kurzlebig', leikaKey: null, name: 'Kurzlebig' };
      await to.write({ ...emptyChangeSet(), services: [{ label: 't', value: temp }] }, system);
      const removal = { type: 'service' as const, id: temp.id, tenantAgs: '05974' };
      await to.write({ ...emptyChangeSet(), removals: [{ label: 't', value: removal }] }, system);
      const delta = await exportTenant(to, '05974', before);
      assert.equal((delta.match(/<xzufi:leistung>/g) ?? []).length, 1);
      assert.match(delta, /Neu benannt/);
      assert.match(delta, /<xzufi:loesche klasse="Leistung">\s*<xzufi:id[^>]*>xzufi-kurzlebig</);
      assert.equal(
        (await exportTenant(to, '05974', new Date(Date.now() + 60_000))).includes('<xzufi:schreibe>'),
        false,
      );
    });

    it('English texts, --since deletions and towns’ own settings survive a round trip; every export is valid', async () => {
      const system = { actor: systemPrincipal('system'), source: 'test' };
      const county = tenantsScope(['05974']) ?? assert.fail();
      const [svc] = (await from.readTenants(county)).services.filter((s) => !s.task);
      assert.ok(svc);
      const english = {
        ...svc,
        textModules: { ...svc.textModules, '03_en': 'Apply in English', '06_en': 'The English full text.' },
      };
      const temp = { ...svc, id: 'xzufi-rundreise-kurz', leikaKey: null, name: 'Nur kurz im Katalog' };
      await from.write(
        { ...emptyChangeSet(), services: [english, temp].map((value) => ({ label: 't', value })) },
        system,
      );

      const full = await exportTenant(from, '05974');
      assert.deepEqual(schemaErrors(full), []);
      assert.match(full, /<xzufi:inhalt languageCode="en">Apply in English<\/xzufi:inhalt>/);
      await importXzufiIntoCatalog(to, chunked(full, 4096), { tenantAgs: '05974' });
      assert.equal(await exportTenant(to, '05974'), full, 'English texts and the new service arrive unchanged');

      // A town of the target has its own text for the county's service: XZuFi does not carry it, no import touches it.
      const town = '05974020';
      const setting: LocalServiceSetting = {
        areaAgs: town,
        serviceId: svc.id,
        offered: true,
        reason: null,
        alternativeUrl: null,
        alternativeServiceId: null,
        localText: 'In Geseke bitte vorher einen Termin buchen.',
        localFees: null,
        localDocuments: null,
        localOnlineServices: [],
      };
      await to.write({ ...emptyChangeSet(), localSettings: [{ label: 't', value: setting }] }, system);

      // The source renames the service and removes the short-lived one; only that travels, as --since.
      const since = new Date(Date.now() - 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await from.write(
        {
          ...emptyChangeSet(),
          services: [{ label: 't', value: { ...english, name: `${svc.name} (neu)` } }],
          removals: [{ label: 't', value: { type: 'service', id: temp.id, tenantAgs: '05974' } }],
        },
        system,
      );
      const delta = await exportTenant(from, '05974', since);
      assert.deepEqual(schemaErrors(delta), []);
      assert.equal((delta.match(/<xzufi:leistung>/g) ?? []).length, 1);
      assert.match(delta, /<xzufi:loesche klasse="Leistung">\s*<xzufi:id[^>]*>xzufi-rundreise-kurz</);
      const applied = await importXzufiIntoCatalog(to, chunked(delta, 4096), { tenantAgs: '05974' });
      assert.deepEqual(
        applied.preview.map((p) => [p.id, p.result]),
        [
          [svc.id, 'changed'],
          [temp.id, 'removed'],
        ],
      );
      assert.equal(await exportTenant(to, '05974'), await exportTenant(from, '05974'), 'both catalogs agree again');
      const kept = (await to.localSettingsOf(asTenant(town))).get(svc.id);
      assert.equal(kept?.localText, setting.localText, 'the town’s own text is kept');
    });

    it('re-importing the export of PVOG Leistungen changes nothing; a new Leistung is marked as from XZuFi', async () => {
      const pvog = (name: string) => fileURLToPath(new URL(`../pvog/testdata/${name}`, import.meta.url));
      await importPvogFiles(from, [pvog('pvog-sample.csv'), pvog('pvog-description.json')]);
      const bund = await exportTenant(from, '00');
      const again = await importXzufiIntoCatalog(from, chunked(bund, 4096), { tenantAgs: '00', dryRun: true });
      assert.ok(again.totals.unchanged >= 3);
      assert.deepEqual(
        again.preview.map((p) => [p.id, p.result]),
        [],
        'audience and provenance are kept; the texts read back as they were stored',
      );

      // Into a catalog that does not have them: new Leistungen, marked as imported from XZuFi under their id. Only
      // the Leistungen and their online services (the Bund's units are responsible for other tenants' Leistungen).
      if (!(await to.structure()).areasByAgs.has('00')) await copyStructure(from, to);
      const blocks = bund.match(/<xzufi:schreibe>[\s\S]*?<\/xzufi:schreibe>/g) ?? [];
      const unitIds = new Set(
        blocks.flatMap((b) => /<xzufi:organisationseinheit>\s*<xzufi:id[^>]*>([^<]+)</.exec(b)?.[1] ?? []),
      );
      const leistungen = bund.replace(/<xzufi:schreibe>[\s\S]*?<\/xzufi:schreibe>/g, (b) => {
        const parent = /<xzufi:uebergeordnetesObjektID[^>]*>([^<]+)</.exec(b)?.[1];
        return b.includes('<xzufi:organisationseinheit>') || (parent && unitIds.has(parent)) ? '' : b;
      });
      await importXzufiIntoCatalog(to, chunked(leistungen, 4096), { tenantAgs: '00' });
      const imported = (await to.readTenants(tenantsScope(['00']) ?? assert.fail())).services;
      assert.ok(imported.length >= 3);
      for (const s of imported)
        assert.deepEqual(s.provenance, { source: 'xzufi', externalId: s.id, upstreamUpdatedAt: null });
    });

    it('--since deletes online services and Zuständigkeiten removed since; the others keep their ids', async () => {
      const system = { actor: systemPrincipal('system'), source: 'test' };
      const county = tenantsScope(['05974']) ?? assert.fail();
      const data = await from.readTenants(county);
      const svc = data.services.find((s) => !s.task);
      assert.ok(svc);
      const links = ['eins', 'zwei', 'drei'].map((n) => ({
        title: n,
        url: `https://example.org/${n}`,
        type: 'antrag' as const,
      }));
      const unit = data.authorities.find((a) => a.tenantAgs === '05974');
      assert.ok(unit);
      const own = data.assignments.filter((x) => x.authorityId === unit.id);
      const extra = ['a', 'b'].map((n) => ({
        id: `xzufi-since-${n}`,
        tenantAgs: '05974',
        authorityId: unit.id,
        serviceId: svc.id,
        task: null,
        areaAgs: '05974',
        role: 'ansprechpunkt' as const,
        deepLink: null,
        note: n,
      }));
      const write = (onlineServices: typeof links, assignments: typeof own) =>
        from.write(
          {
            ...emptyChangeSet(),
            services: [{ label: 't', value: { ...svc, onlineServices } }],
            authorities: [{ label: 't', value: { ...unit, assignments } }],
          },
          system,
        );
      await write(links, [...own, ...extra]);
      const before = await exportTenant(from, '05974');
      const ids = onlineServiceIds({ ...svc, onlineServices: links });
      for (const id of ids) assert.match(before, new RegExp(`<xzufi:id[^>]*>${id}</xzufi:id>`));

      const since = new Date();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await write(
        [links[0], links[2]].filter((l) => l !== undefined),
        [...own, extra[1]].filter((x) => x !== undefined),
      );
      const delta = await exportTenant(from, '05974', since);
      assert.deepEqual(schemaErrors(delta), []);
      const deleted = [...delta.matchAll(/<xzufi:loesche klasse="(\w+)">\s*<xzufi:id[^>]*>([^<]+)</g)].map((m) => [
        m[1],
        m[2],
      ]);
      assert.deepEqual(deleted, [
        ['Onlinedienst', ids[1]],
        ['Zustaendigkeit', 'xzufi-since-a'],
      ]);
      // The online service after the removed one keeps its id.
      assert.match(delta, new RegExp(`<xzufi:id[^>]*>${ids[2]}</xzufi:id>`));

      // Our own delta imports cleanly where the full export went before: the Zuständigkeit goes, the online
      // service's deletion is the Leistung's own (sent whole, with the online services it has).
      await importXzufiIntoCatalog(to, chunked(before, 4096), { tenantAgs: '05974' });
      const applied = await importXzufiIntoCatalog(to, chunked(delta, 4096), { tenantAgs: '05974', dryRun: true });
      assert.deepEqual(applied.notApplied, []);
      assert.deepEqual(
        applied.preview.map((p) => [p.kind, p.id, p.result]),
        [
          ['leistung', svc.id, 'changed'],
          ['organisationseinheit', unit.id, 'changed'],
        ],
      );
    });

    it('refuses a broken message as a whole, naming line and column', async () => {
      const generation = await to.cacheGeneration();
      const broken =
        '<?xml version="1.0"?>\n<xzufi:transfer xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0" xzufiVersion="2.2.0">\n  <xzufi:schreibe><xzufi:leistung>\n</xzufi:transfer>\n';
      await assert.rejects(importXzufiIntoCatalog(to, chunked(broken), { tenantAgs: '05974' }), (e) => {
        assert.ok(e instanceof XzufiImportError);
        assert.match(e.issues[0]?.record ?? '', /line \d+, column \d+/);
        return true;
      });
      assert.equal(await to.cacheGeneration(), generation);
    });
  });
}
