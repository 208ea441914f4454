import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { parseBundle } from '../../interop/bundle/bundle.reader.ts';
import { ValidationError } from '../../shared/errors.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';
import { emptyChangeSet } from '../catalog/catalog.ts';
import { createLinksService, type LinksService, loadLinkCheckConfig } from '../links/links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from '../links/links.ts';
import { type ChecklistService, createChecklistService } from './checklist.service.ts';
import type { TownCoverage } from './checklist-coverage.ts';
import { ALTDORF, importMiniKreis, KREIS, MINI_CHECKLIST, NEUSTADT } from './testdata/load.ts';

let server: Server;
let base: string;

before(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/forms/')) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const item = (c: TownCoverage, serviceId: string) => {
  const found = c.lebenslagen.flatMap((l) => l.items).find((i) => i.serviceId === serviceId);
  assert.ok(found, serviceId);
  return found;
};
const check = (c: TownCoverage, serviceId: string, name: string) =>
  item(c, serviceId).checks.find((k) => k.name === name)?.state;

for (const dialect of await testDialects()) {
  describe(`checklist on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let links: LinksService;
    let checklist: ChecklistService;

    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      const config = loadLinkCheckConfig({ NODE_ENV: 'test' });
      links = createLinksService(db, catalog, {
        ...config,
        checker: { ...config.checker, allowPrivateHosts: true, perHostIntervalMs: 0, timeoutMs: 2000 },
        policy: IMMEDIATE_BREAK_POLICY,
      });
      checklist = createChecklistService(db, catalog, links);
      await importMiniKreis(catalog, base);
    });
    after(async () => db.cleanup());

    it('imports the project group file, and again without changes', async () => {
      const first = await checklist.importFile(MINI_CHECKLIST);
      assert.deepEqual([first.created, first.updated, first.deleted, first.tenantAgs], [3, 0, 0, KREIS]);
      const again = await checklist.importFile(MINI_CHECKLIST);
      assert.deepEqual([again.created, again.updated, again.unchanged, again.deleted], [0, 0, 3, 0]);
      const items = await checklist.items(KREIS);
      assert.deepEqual(
        items.map((i) => i.id),
        ['umzug--anmeldung', 'bauen--bauantrag', 'auto--zulassung'],
      );
      assert.deepEqual(items[1]?.interfaceKinds, ['kreis_entscheidet_gemeinde_beteiligt']);
      assert.equal(items[0]?.serviceName, 'Wohnsitz anmelden');
    });

    it('refuses references the catalog does not know, naming the product, and writes nothing', async () => {
      const text = readFileSync(MINI_CHECKLIST, 'utf8').replace(
        'service: zulassung',
        'service: zulassung-gibt-es-nicht',
      );
      const error = await checklist.importText(text, 'bad.yaml').catch((e: unknown) => e);
      assert.ok(error instanceof ValidationError);
      assert.match(
        error.issues[0]?.record ?? '',
        /lebenslagen\[2\]\.products\[0\] \(service "zulassung-gibt-es-nicht"\)/,
      );
      assert.equal((await checklist.items(KREIS)).length, 3);
    });

    it('judges each town through the resolver', async () => {
      const altdorf = await checklist.townCoverage(ALTDORF);
      assert.deepEqual(
        altdorf.lebenslagen.map((l) => l.lebenslageId),
        ['umzug', 'bauen', 'auto'],
      );
      assert.equal(item(altdorf, 'anmeldung').interface?.kind, 'gemeinde_entscheidet');
      assert.equal(item(altdorf, 'bauantrag').interface?.kind, 'kreis_entscheidet_gemeinde_beteiligt');
      assert.equal(item(altdorf, 'bauantrag').interface?.source, 'explicit');
      assert.equal(item(altdorf, 'zulassung').interface?.kind, 'kreis_entscheidet_gemeinde_informiert');
      assert.equal(check(altdorf, 'anmeldung', 'contact'), 'ok');
      // An import is nobody's confirmation that the town's text is right.
      assert.equal(check(altdorf, 'anmeldung', 'reviewed'), 'fail', 'just imported, never confirmed');
      assert.equal(check(altdorf, 'anmeldung', 'links'), 'warn', 'links not checked yet');

      const neustadt = await checklist.townCoverage(NEUSTADT);
      // Neustadt has its own Bauaufsicht: the explicit Kreis kind does not apply, the derived one does.
      assert.equal(item(neustadt, 'bauantrag').interface?.kind, 'gemeinde_entscheidet');
      assert.equal(item(neustadt, 'bauantrag').interface?.explicitMismatch, true);
      assert.equal(item(neustadt, 'bauantrag').authorityName, 'Stadt Neustadt – Bauaufsicht');
      // Its Bürgerbüro has neither phone nor hours nor a contact person.
      assert.equal(check(neustadt, 'anmeldung', 'contact'), 'fail');
      assert.equal(check(neustadt, 'anmeldung', 'hours'), 'fail');
      assert.ok(neustadt.score < altdorf.score);
      assert.equal(neustadt.missingContacts, 1);
    });

    it("a change in a town's data moves that town's numbers, and only its", async () => {
      const altdorfBefore = await checklist.townCoverage(ALTDORF);
      const before = await checklist.townCoverage(NEUSTADT);
      const fix = parseBundle([
        {
          name: 'fix.yaml',
          text: `
authorities:
  - id: neustadt-buergerbuero
    area: "${NEUSTADT}"
    parent: neustadt-rathaus
    name: Stadt Neustadt – Bürgerbüro
    phone: "+49 3 1"
    openingHours: "Mo-Fr 08:00-12:00"
    responsibleFor: [{ task: melde }]
contacts:
  - { id: neustadt-melde, authority: neustadt-buergerbuero, name: Herr Muster, tasks: [melde] }
`,
        },
      ]);
      await catalog.applyChangeSet(fix);
      const after = await checklist.townCoverage(NEUSTADT);
      assert.equal(check(after, 'anmeldung', 'contact'), 'ok');
      assert.equal(check(after, 'anmeldung', 'hours'), 'ok');
      assert.equal(after.missingContacts, before.missingContacts - 1);
      assert.ok(after.score > before.score, `score ${before.score} → ${after.score}`);
      const altdorfAfter = await checklist.townCoverage(ALTDORF);
      assert.equal(altdorfAfter.complete, altdorfBefore.complete);
    });

    it("reads the town's offered / not offered setting (a catalog record, written through catalog.write)", async () => {
      const setting = {
        areaAgs: ALTDORF,
        serviceId: 'zulassung',
        offered: false,
        reason: 'Zulassung nur beim Kreis; keine Außenstelle in Altdorf.',
        alternativeUrl: null,
        alternativeServiceId: null as string | null,
        localText: null,
        localFees: null,
        localDocuments: null,
        localOnlineServices: [],
      };
      const write = (value: typeof setting) =>
        catalog.applyChangeSet({ ...emptyChangeSet(), localSettings: [{ label: 'altdorf/zulassung', value }] });
      await write(setting);
      try {
        const c = await checklist.townCoverage(ALTDORF);
        assert.equal(item(c, 'zulassung').status, 'not_offered');
        assert.equal(item(c, 'zulassung').statusReason, 'Zulassung nur beim Kreis; keine Außenstelle in Altdorf.');
        assert.equal(item(c, 'zulassung').complete, false, 'a reason alone names nobody to turn to');
        // Naming the alternative (a catalog service whose responsible authority is known) covers it.
        await write({ ...setting, alternativeServiceId: 'bauantrag' });
        const named = await checklist.townCoverage(ALTDORF);
        assert.equal(item(named, 'zulassung').complete, true);
        assert.equal(check(named, 'zulassung', 'alternative'), 'ok');
        assert.ok(named.score > c.score, `score ${c.score} → ${named.score}`);
      } finally {
        await catalog.applyChangeSet({
          ...emptyChangeSet(),
          removals: [
            { label: 'altdorf/zulassung', value: { type: 'area_service', id: 'zulassung', tenantAgs: ALTDORF } },
          ],
        });
      }
      assert.equal(item(await checklist.townCoverage(ALTDORF), 'zulassung').status === 'not_offered', false);
    });

    it('a review tick counts as reviewed when the catalog text is old', async () => {
      const old = new Date(Date.now() + 400 * 86_400_000); // seen from 400 days ahead, the import is old
      assert.equal(check(await checklist.townCoverage(ALTDORF, old), 'anmeldung', 'reviewed'), 'fail');
      await checklist.review(
        ALTDORF,
        'anmeldung',
        'editor@altdorf.example',
        null,
        new Date(old.getTime() - 86_400_000),
      );
      const c = await checklist.townCoverage(ALTDORF, old);
      assert.equal(check(c, 'anmeldung', 'reviewed'), 'ok');
      await assert.rejects(checklist.review(ALTDORF, 'nicht-auf-der-liste', 'x'), /steht nicht auf der Checkliste/);
    });

    it('link check results show in the checklist: a broken form fails the product in every town', async () => {
      const run = await links.check({ trigger: 'cli' });
      assert.ok(run.total >= 5, `checked ${run.total} links`);
      assert.ok(run.summary.newlyBroken.some((u) => u.endsWith('/forms/sepa.pdf')));
      const neustadt = await checklist.townCoverage(NEUSTADT);
      assert.equal(check(neustadt, 'zulassung', 'links'), 'fail');
      assert.equal(check(neustadt, 'anmeldung', 'links'), 'ok');
      assert.equal(neustadt.brokenLinks, 1);
      const cmp = await checklist.comparison(KREIS);
      assert.deepEqual(
        cmp.towns.map((t) => t.name),
        ['Altdorf', 'Neustadt'],
      );
      assert.deepEqual(
        cmp.lebenslagen.map((l) => l.id),
        ['umzug', 'bauen', 'auto'],
      );
      assert.equal(cmp.cells.length, 3);
      assert.deepEqual(
        cmp.mostBrokenLinks.map((t) => t.name),
        ['Altdorf', 'Neustadt'],
      );
      // Nothing is confirmed yet, so every product is a gap somewhere; the broken form makes Zulassung one in both.
      assert.deepEqual(cmp.commonGaps.find((g) => g.serviceId === 'zulassung')?.towns, [ALTDORF, NEUSTADT]);
    });
  });
}
