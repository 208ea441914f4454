import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { ValidationError } from '../../shared/errors.ts';
import { COUNTY, createEditorFixture, type EditorFixture } from '../editor/editor.testing.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';
import { authorityFromDoc, serviceFromDoc } from './catalog.documents.ts';
import type { CatalogIssue } from './catalog.issues.ts';
import { readCacheGeneration, readTenantCatalog } from './catalog.repository.ts';
import { createCatalogService } from './catalog.service.ts';
import { asTenant, systemPrincipal, systemScope } from './catalog.tenant.ts';
import { emptyChangeSet } from './catalog.ts';
import { VersionConflictError } from './catalog.write.ts';

const ALTDORF = '17001001';

async function counts(f: EditorFixture) {
  const q = f.db.kysely;
  const n = async (t: 'revisions' | 'auditLog') =>
    Number(
      (
        await q
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { revisions: await n('revisions'), audit: await n('auditLog'), generation: await readCacheGeneration(q) };
}

const codes = (e: unknown) => (e instanceof ValidationError ? (e.issues as CatalogIssue[]) : []);

for (const dialect of await testDialects()) {
  describe(`the catalog's one write path on ${dialect}`, () => {
    let f: EditorFixture;
    before(async () => {
      f = await createEditorFixture(dialect);
    });
    after(async () => f.db.cleanup());

    it('versions and audits a CLI import; the same import again leaves no trace', async () => {
      const q = f.db.kysely;
      // The fixture imported the bundle as the system: every record has its first revision.
      const imported = await q
        .selectFrom('revisions')
        .select(['action', 'actorLabel'])
        .where('entityType', '=', 'service')
        .where('entityId', '=', 'anmeldung')
        .execute();
      assert.deepEqual(imported, [{ action: 'import', actorLabel: 'system' }]);

      const catalog = createCatalogService(f.db);
      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
      const file = join(dir, 'one.yaml');
      writeFileSync(
        file,
        'services:\n  - { id: neu-cli, tenant: "17001", name: Neu per CLI, responsibility: { default: kreis } }\n',
      );
      const beforeImport = await counts(f);
      const cli = systemPrincipal('cli');
      const first = await importBundle(catalog, file, { actor: cli, source: 'cli import' });
      assert.deepEqual(
        first.changes.map((c) => `${c.type} ${c.id} ${c.result}`),
        ['service neu-cli created'],
      );
      const afterFirst = await counts(f);
      assert.equal(afterFirst.revisions, beforeImport.revisions + 1);
      assert.equal(afterFirst.audit, beforeImport.audit + 1);
      assert.equal(afterFirst.generation, beforeImport.generation + 1);
      const entry = await q.selectFrom('auditLog').selectAll().orderBy('at', 'desc').executeTakeFirstOrThrow();
      assert.equal(entry.actorLabel, 'cli');
      assert.equal(entry.via, 'cli');
      assert.equal(entry.entityId, 'neu-cli');

      const again = await importBundle(catalog, file, { actor: cli, source: 'cli import' });
      assert.equal(again.changes.length, 0);
      assert.equal(again.counts.services.unchanged, 1);
      assert.deepEqual(await counts(f), afterFirst, 'no revision, no audit entry, no generation bump');

      // The whole seed bundle again: nothing changed, nothing recorded.
      await importBundle(catalog, MINI_BUNDLE, { actor: cli, source: 'cli import' });
      assert.deepEqual(await counts(f), afterFirst);
    });

    it('compares records order-independently, but the order of Lebenslagen is a change', async () => {
      const catalog = createCatalogService(f.db);
      const published = await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung');
      assert.ok(published);
      const doc = published.doc;
      // Same content, keys in another order: no change.
      const reordered = Object.fromEntries(Object.entries(doc).reverse()) as typeof doc;
      const set = emptyChangeSet();
      set.services.push({ label: 'x', value: serviceFromDoc('anmeldung', COUNTY, reordered) });
      const before = await counts(f);
      assert.equal((await catalog.write(set, { actor: systemPrincipal('system'), source: 'test' })).changes.length, 0);
      assert.deepEqual(await counts(f), before);
      if (doc.lebenslagen.length < 2) return;
      const swapped = emptyChangeSet();
      swapped.services.push({
        label: 'x',
        value: serviceFromDoc('anmeldung', COUNTY, { ...doc, lebenslagen: [...doc.lebenslagen].reverse() }),
      });
      const result = await catalog.write(swapped, { actor: systemPrincipal('system'), source: 'test' });
      assert.equal(result.changes.length, 1);
    });

    it('rejects the same bad record with the same issue code in the editor (German) and the import (English)', async () => {
      const bad = { name: 'Falscher Schlüssel', leikaKey: '12345', defaultLevel: 'kreis' };
      const inEditor = await f.editor
        .saveAndPublish(f.principals.county, 'service', COUNTY, 'falscher-schluessel', bad)
        .catch((e: unknown) => e);
      const editorIssue = codes(inEditor).find((i) => i.field === 'leikaKey');
      assert.equal(editorIssue?.code, 'leikaKey.format');
      assert.equal(editorIssue?.message, 'Der LeiKa-Schlüssel hat genau 14 Ziffern.');

      const dir = mkdtempSync(join(tmpdir(), 'amtsweg-'));
      const file = join(dir, 'bad.yaml');
      writeFileSync(
        file,
        'services:\n  - { id: falscher-schluessel, tenant: "17001", name: X, leikaKey: "12345", responsibility: { default: kreis } }\n',
      );
      const inImport = await importBundle(createCatalogService(f.db), file).catch((e: unknown) => e);
      const importIssue = codes(inImport).find((i) => i.field === 'leikaKey');
      assert.equal(importIssue?.code, 'leikaKey.format');
      assert.equal(importIssue?.message, 'must be exactly 14 digits');

      // The write path itself (the editor's last gate) renders the same code in German when asked.
      const set = emptyChangeSet();
      set.services.push({
        label: 'Leistung falscher-schluessel',
        value: serviceFromDoc('falscher-schluessel', COUNTY, {
          ...(await createCatalogService(f.db).readRecord('service', asTenant(COUNTY), 'anmeldung'))!.doc,
          leikaKey: '12345',
        }),
      });
      const direct = await createCatalogService(f.db)
        .write(set, { actor: systemPrincipal('system'), source: 'test', lang: 'de' })
        .catch((e: unknown) => e);
      const directIssue = codes(direct).find((i) => i.field === 'leikaKey');
      assert.equal(directIssue?.code, 'leikaKey.format');
      assert.equal(directIssue?.message, 'Der LeiKa-Schlüssel hat genau 14 Ziffern.');
    });

    it("removing a Kreis service never deletes another tenant's rows", async () => {
      const catalog = createCatalogService(f.db);
      const q = f.db.kysely;
      const town = systemPrincipal('system');
      const setting = emptyChangeSet();
      setting.localSettings?.push({
        label: 'Altdorf anmeldung',
        value: {
          areaAgs: ALTDORF,
          serviceId: 'anmeldung',
          offered: true,
          reason: null,
          alternativeUrl: null,
          alternativeServiceId: null,
          localText: 'Bitte Termin buchen.',
          localFees: null,
          localDocuments: null,
          localOnlineServices: [],
        },
      });
      await catalog.write(setting, { actor: town, source: 'test' });
      const foreignRows = async () => ({
        settings: await q.selectFrom('areaServiceSettings').selectAll().where('tenantAgs', '=', ALTDORF).execute(),
        links: await q.selectFrom('contactServices').selectAll().where('tenantAgs', '<>', COUNTY).execute(),
        assignments: await q.selectFrom('assignments').selectAll().where('tenantAgs', '<>', COUNTY).execute(),
      });
      const before = await foreignRows();
      assert.equal(before.settings.length, 1);

      // Removing archives (issue 13, finding 2): the service leaves the public catalog, every tenant's rows stay.
      const published = (await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'))!;
      const removal = emptyChangeSet();
      removal.removals?.push({ label: 'anmeldung', value: { type: 'service', id: 'anmeldung', tenantAgs: COUNTY } });
      const removed = await catalog.write(removal, { actor: town, source: 'test' });
      assert.deepEqual(
        removed.changes.map((c) => c.result),
        ['removed'],
      );
      assert.deepEqual(await foreignRows(), before, "another tenant's rows are kept");
      assert.equal(await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'), null, 'not published');
      const all = await readTenantCatalog(q, systemScope(systemPrincipal('system')));
      assert.ok(!all.services.some((s) => s.id === 'anmeldung'), 'not in the public catalog');
      assert.ok(!all.localSettings.some((l) => l.serviceId === 'anmeldung'), 'nor its settings');
      assert.ok(!all.contacts.some((c) => c.serviceIds.includes('anmeldung')), 'nor its contact links');
      // Removing it again changes nothing; a restore (expected version null: it is removed) brings all of it back.
      assert.equal((await catalog.write(removal, { actor: town, source: 'test' })).changes.length, 0);
      const restore = emptyChangeSet();
      restore.services.push({
        label: 'anmeldung',
        value: serviceFromDoc('anmeldung', COUNTY, published.doc),
        expectedVersion: null,
      });
      const restored = await catalog.write(restore, { actor: town, source: 'test', action: 'restore' });
      assert.deepEqual(
        restored.changes.map((c) => c.result),
        ['updated'],
      );
      assert.deepEqual(await foreignRows(), before);
      const back = await readTenantCatalog(q, systemScope(systemPrincipal('system')));
      assert.ok(back.services.some((s) => s.id === 'anmeldung'));
      assert.equal(back.localSettings.filter((l) => l.serviceId === 'anmeldung').length, 1);
      assert.deepEqual((await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'))?.doc, published.doc);

      // A town naming itself as owner of the Kreis's service is refused too.
      const takeover = emptyChangeSet();
      takeover.removals?.push({ label: 'anmeldung', value: { type: 'service', id: 'anmeldung', tenantAgs: ALTDORF } });
      const refused = await catalog.write(takeover, { actor: town, source: 'test' }).catch((e: unknown) => e);
      assert.ok(codes(refused).some((i) => i.code === 'tenant.foreign'));
      assert.deepEqual(await foreignRows(), before);
    });

    it('refuses a write whose expected version moved on (409), and writes with the current one', async () => {
      const catalog = f.catalog;
      const actor = systemPrincipal('cli');
      const current = (await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'))!;
      const edit = (expectedVersion: number | null, name: string) => {
        const set = emptyChangeSet();
        set.services.push({
          label: 'anmeldung',
          value: serviceFromDoc('anmeldung', COUNTY, { ...current.doc, name }),
          expectedVersion,
        });
        return set;
      };
      const trace = await counts(f);
      for (const stale of [current.version - 1, null]) {
        const error = await catalog.write(edit(stale, 'Veraltet'), { actor, source: 'test' }).catch((e: unknown) => e);
        assert.ok(error instanceof VersionConflictError, `expected a conflict for version ${stale}`);
        assert.equal(error.status, 409);
        assert.equal(error.current, current.version);
      }
      assert.deepEqual(await counts(f), trace, 'a refused write leaves no trace');
      assert.equal((await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'))?.doc.name, current.doc.name);

      const done = await catalog.write(edit(current.version, 'Anmeldung (neu)'), { actor, source: 'test' });
      assert.equal(done.changes[0]?.version, current.version + 1);
      // The writer who saw the old version is refused now.
      const late = await catalog
        .write(edit(current.version, 'Zu spät'), { actor, source: 'test' })
        .catch((e: unknown) => e);
      assert.ok(late instanceof VersionConflictError);
      // A removal checks its expected version too; a record that is gone has none.
      const removal = emptyChangeSet();
      removal.removals?.push({
        label: 'gone',
        value: { type: 'service', id: 'gibt-es-nicht', tenantAgs: COUNTY },
        expectedVersion: 1,
      });
      const gone = await catalog.write(removal, { actor, source: 'test' }).catch((e: unknown) => e);
      assert.ok(gone instanceof VersionConflictError && gone.current === null);
    });
    it('writes one change set in batches: a unit may name a service of an earlier batch; one audit entry and one generation bump', async () => {
      const catalog = f.catalog;
      const actor = systemPrincipal('cli');
      const service = (await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'))!;
      const unit = (await catalog.readRecord('authority', asTenant(COUNTY), 'nord-kreisverwaltung'))!;
      const services = (ids: string[]) => {
        const set = emptyChangeSet();
        for (const id of ids)
          set.services.push({
            label: id,
            value: serviceFromDoc(id, COUNTY, { ...service.doc, name: `Gestuft ${id}` }),
          });
        return set;
      };
      const units = emptyChangeSet();
      units.authorities.push({
        label: 'gestuft-amt',
        value: authorityFromDoc('gestuft-amt', COUNTY, {
          ...unit.doc,
          parentId: null,
          assignments: [
            {
              serviceId: 'gestuft-1',
              task: null,
              areaAgs: COUNTY,
              role: 'zustaendige_stelle',
              deepLink: null,
              note: null,
            },
          ],
        }),
      });
      const trace = await counts(f);
      const result = await catalog.writeStaged({ actor, source: 'test staged' }, async (write) => {
        await write(services(['gestuft-1', 'gestuft-2']));
        await write(services(['gestuft-3']));
        await write(units);
      });
      assert.deepEqual(
        result.changes.map((c) => `${c.type} ${c.id} ${c.result}`),
        [
          'service gestuft-1 created',
          'service gestuft-2 created',
          'service gestuft-3 created',
          'authority gestuft-amt created',
        ],
      );
      assert.equal(result.counts.services.created, 3);
      const now = await counts(f);
      assert.equal(now.revisions, trace.revisions + 4, 'a revision per record');
      assert.equal(now.audit, trace.audit + 1, 'one audit entry for all batches');
      assert.equal(now.generation, trace.generation + 1, 'one generation bump for all batches');
      const audit = await f.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      assert.match(audit.summary ?? '', /services: 3 new/);
      assert.equal((await catalog.readRecord('authority', asTenant(COUNTY), 'gestuft-amt'))?.doc.assignments.length, 1);

      // The preview runs the same batches and reports the same changes, then leaves no trace.
      const preview = await catalog.writeStaged({ actor, source: 'test staged', preview: true }, async (write) => {
        await write(services(['gestuft-4']));
      });
      assert.deepEqual(
        preview.changes.map((c) => `${c.type} ${c.id} ${c.result}`),
        ['service gestuft-4 created'],
      );
      assert.deepEqual(await counts(f), now);
      assert.equal(await catalog.readRecord('service', asTenant(COUNTY), 'gestuft-4'), null);

      // Each batch resolves with its own changes; a later batch reads what an earlier one wrote; `keepChanges`
      // bounds the listed changes while counts and the audit entry stay exact.
      const seen: string[][] = [];
      let read: string | undefined;
      const bounded = await catalog.writeStaged({ actor, source: 'test staged', keepChanges: 1 }, async (write, r) => {
        seen.push((await write(services(['gestuft-5', 'gestuft-6']))).map((c) => `${c.id} ${c.result}`));
        read = (await r.service(asTenant(COUNTY), 'gestuft-5'))?.id;
        seen.push((await write(services(['gestuft-7']))).map((c) => `${c.id} ${c.result}`));
      });
      assert.deepEqual(seen, [['gestuft-5 created', 'gestuft-6 created'], ['gestuft-7 created']]);
      assert.equal(read, 'gestuft-5');
      assert.deepEqual(
        bounded.changes.map((c) => c.id),
        ['gestuft-5'],
      );
      assert.equal(bounded.changesOmitted, 2);
      assert.equal(bounded.counts.services.created, 3);
      assert.equal((await counts(f)).audit, now.audit + 1, 'one audit entry');
    });

    it('a batched write that fails in its last batch leaves nothing of the earlier ones', async () => {
      const catalog = f.catalog;
      const actor = systemPrincipal('cli');
      const service = (await catalog.readRecord('service', asTenant(COUNTY), 'anmeldung'))!;
      const unit = (await catalog.readRecord('authority', asTenant(COUNTY), 'nord-kreisverwaltung'))!;
      const batch = (id: string, name: string) => {
        const set = emptyChangeSet();
        set.services.push({ label: id, value: serviceFromDoc(id, COUNTY, { ...service.doc, name }) });
        return set;
      };
      const trace = await counts(f);
      const error = await catalog
        .writeStaged({ actor, source: 'test staged' }, async (write) => {
          await write(batch('verloren-1', 'Verloren eins'));
          await write(batch('verloren-2', 'Verloren zwei'));
          // A unit assigned to a service that no batch wrote: refused.
          const broken = emptyChangeSet();
          broken.authorities.push({
            label: 'verloren-amt',
            value: authorityFromDoc('verloren-amt', COUNTY, {
              ...unit.doc,
              parentId: null,
              assignments: [
                {
                  serviceId: 'gibt-es-nicht',
                  task: null,
                  areaAgs: COUNTY,
                  role: 'zustaendige_stelle',
                  deepLink: null,
                  note: null,
                },
              ],
            }),
          });
          await write(broken);
        })
        .catch((e: unknown) => e);
      assert.ok(error instanceof ValidationError, String(error));
      assert.ok(codes(error).some((i) => i.record === 'verloren-amt'));
      assert.deepEqual(await counts(f), trace, 'no revision, no audit entry, no generation bump');
      for (const id of ['verloren-1', 'verloren-2'])
        assert.equal(await catalog.readRecord('service', asTenant(COUNTY), id), null, id);

      // A failure of the producer itself (a malformed message found late) rolls back just the same.
      const late = await catalog
        .writeStaged({ actor, source: 'test staged' }, async (write) => {
          await write(batch('verloren-4', 'Verloren vier'));
          throw new Error('malformed at the end');
        })
        .catch((e: unknown) => e);
      assert.equal((late as Error).message, 'malformed at the end');
      assert.deepEqual(await counts(f), trace);
      assert.equal(await catalog.readRecord('service', asTenant(COUNTY), 'verloren-4'), null);
    });
  });
}
