// Stale local data (issue #13 finding 3, decision 0140) on both dialects: Geseke sets its own fees for the Kreis's
// "Wohnsitz anmelden"; the Kreis then publishes new fees. Geseke's setting is flagged with since when and the
// Kreis's old → new value, its inbox gets one `stale_text` item, its own fees stay what citizens see, and confirming
// (or changing its own value) lifts the flag. An import that changes the text tells the town `upstream_change`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDatabase } from '../../app/seed.ts';
import { createServices, type Services } from '../../app/services.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { serviceFromDoc } from './catalog.documents.ts';
import { GESEKE, KREIS, SERVICE, staleFixture } from './catalog.stale.testing.ts';
import { type Actor, asTenant, systemPrincipal } from './catalog.tenant.ts';
import { emptyChangeSet, type LocalServiceSetting } from './catalog.ts';

const geseke: Actor = { userId: null, label: 'redaktion@geseke.example', via: 'web' };
const kreis: Actor = { userId: null, label: 'redaktion@kreis-soest.example', via: 'web' };

const setting = (over: Partial<LocalServiceSetting> = {}): LocalServiceSetting => ({
  areaAgs: GESEKE,
  serviceId: SERVICE,
  offered: true,
  reason: null,
  alternativeUrl: null,
  alternativeServiceId: null,
  localText: null,
  localFees: 'Geseke: 12 Euro für die Meldebescheinigung',
  localDocuments: null,
  localOnlineServices: [],
  ...over,
});

for (const dialect of await testDialects()) {
  describe(`stale local data on ${dialect}`, () => {
    let db: TestDb;
    let s: Services;
    let kreisFeesBefore: string | null = null;

    /** The Kreis (or an importer) publishes the service with some fields changed. */
    async function kreisWrites(change: Record<string, string>, source = 'editor', actor: Actor = kreis) {
      const current = await s.catalog.readRecord('service', asTenant(KREIS), SERVICE);
      assert.ok(current);
      const service = { ...serviceFromDoc(SERVICE, KREIS, current.doc), ...change };
      const set = emptyChangeSet();
      set.services.push({ label: 'test', value: service, expectedVersion: current.version });
      return s.catalog.write(set, { actor, source });
    }
    async function gesekeWrites(value: LocalServiceSetting) {
      const set = emptyChangeSet();
      set.localSettings?.push({ label: 'test', value });
      return s.catalog.write(set, { actor: geseke, source: 'editor' });
    }
    const inbox = (kind: string) =>
      db.kysely
        .selectFrom('notifications')
        .select(['title', 'body', 'link'])
        .where('tenantAgs', '=', GESEKE)
        .where('kind', '=', kind)
        .execute();

    before(async () => {
      db = await createTestDb(dialect);
      s = createServices(db, { mail: loadMailConfig({ NODE_ENV: 'test' }) });
      await seedDatabase(s, staleFixture());
      kreisFeesBefore = (await s.catalog.readRecord('service', asTenant(KREIS), SERVICE))?.doc.fees ?? null;
      await gesekeWrites(setting());
    });
    after(async () => db.cleanup());

    it('the Kreis publishing new fees flags Geseke’s own fees, with since when and the Kreis’s old → new value', async () => {
      assert.deepEqual(await s.catalog.staleOf(asTenant(GESEKE)), [], 'nothing stale before the Kreis changes');
      const startedAt = new Date().toISOString();
      await kreisWrites({ fees: 'Neu: 15 Euro' });
      const marks = await s.catalog.staleOf(asTenant(GESEKE));
      assert.equal(marks.length, 1);
      const mark = marks[0]!;
      assert.equal(mark.serviceId, SERVICE);
      assert.equal(mark.field, 'fees');
      assert.equal(mark.ownerAgs, KREIS);
      assert.equal(mark.ownerOld, kreisFeesBefore);
      assert.equal(mark.ownerNew, 'Neu: 15 Euro');
      assert.ok(mark.since >= startedAt);
      // The portal keeps showing Geseke's own fees meanwhile; the Kreis's page shows the Kreis's.
      assert.equal(
        (await s.catalog.getAreaService(GESEKE, SERVICE)).fees,
        'Geseke: 12 Euro für die Meldebescheinigung',
      );
      assert.equal((await s.catalog.getAreaService(KREIS, SERVICE)).fees, 'Neu: 15 Euro');
      // No other town with an own value for it: nobody else is flagged.
      assert.equal((await s.catalog.staleOf(asTenant('05974016'))).length, 0);
    });

    it('lands in Geseke’s inbox once, linking to its setting; a second change of the Kreis adds nothing', async () => {
      const first = await inbox('stale_text');
      assert.equal(first.length, 1);
      assert.match(first[0]!.title, /Eigene Angaben prüfen: „.+“ \(Kosten\)/);
      assert.equal(first[0]!.link, `/editor/${GESEKE}/services/${SERVICE}`);
      assert.equal((await inbox('upstream_change')).length, 0, 'an editor’s change is no upstream import');

      const since = (await s.catalog.staleOf(asTenant(GESEKE)))[0]!.since;
      await kreisWrites({ fees: 'Neu: 16 Euro' });
      const [mark] = await s.catalog.staleOf(asTenant(GESEKE));
      assert.equal(mark?.since, since, 'since when: the first change the town has not looked at');
      assert.equal(mark?.ownerOld, kreisFeesBefore, 'the value the town last saw');
      assert.equal(mark?.ownerNew, 'Neu: 16 Euro');
      assert.equal((await inbox('stale_text')).length, 1);
      // A change of a field Geseke does not override flags nothing.
      await kreisWrites({ deadlines: 'Innerhalb von zwei Wochen nach dem Einzug' });
      assert.equal((await s.catalog.staleOf(asTenant(GESEKE))).length, 1);
    });

    it('confirming ("Meine Angaben bleiben") lifts the flag with an audit entry; Geseke’s fees stay', async () => {
      assert.equal(await s.catalog.confirmLocalSetting(asTenant(GESEKE), SERVICE, geseke, { ip: '192.0.2.1' }), 1);
      assert.deepEqual(await s.catalog.staleOf(asTenant(GESEKE)), []);
      const entry = await db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'local.confirm')
        .executeTakeFirstOrThrow();
      assert.equal(entry.entityId, `${GESEKE}:${SERVICE}`);
      assert.equal(entry.actorLabel, geseke.label);
      assert.equal(
        (await s.catalog.getAreaService(GESEKE, SERVICE)).fees,
        'Geseke: 12 Euro für die Meldebescheinigung',
      );
      assert.equal(await s.catalog.confirmLocalSetting(asTenant(GESEKE), SERVICE, geseke), 0, 'nothing left');
    });

    it('the next change of the Kreis flags again and tells again; Geseke changing its own fees lifts it', async () => {
      await kreisWrites({ fees: 'Neu: 20 Euro' });
      assert.equal((await s.catalog.staleOf(asTenant(GESEKE))).length, 1);
      assert.equal((await inbox('stale_text')).length, 2, 'a new change after the town looked is a new item');
      // Geseke changes something else: the flag stays.
      await gesekeWrites(setting({ localText: 'Termine im Bürgerbüro Geseke' }));
      assert.equal((await s.catalog.staleOf(asTenant(GESEKE))).length, 1);
      await gesekeWrites(setting({ localText: 'Termine im Bürgerbüro Geseke', localFees: 'Geseke: 20 Euro' }));
      assert.deepEqual(await s.catalog.staleOf(asTenant(GESEKE)), []);
    });

    it('an import that changes the text tells Geseke `upstream_change` once, naming what changed', async () => {
      const pvog = systemPrincipal('cli');
      await kreisWrites({ teaser: 'Neuer Kurztext aus dem PVOG', fees: 'Neu: 22 Euro' }, 'pvog', pvog);
      const upstream = await inbox('upstream_change');
      assert.equal(upstream.length, 1);
      assert.match(upstream[0]!.title, /Änderung im Katalog: „.+“ \(Kurztext, Kosten\)/);
      assert.match(upstream[0]!.body, /Import \(pvog\)/);
      assert.equal((await s.catalog.staleOf(asTenant(GESEKE)))[0]?.field, 'fees', 'imports flag stale fields too');
      // The same import again changes nothing and tells nothing.
      await kreisWrites({ teaser: 'Neuer Kurztext aus dem PVOG', fees: 'Neu: 22 Euro' }, 'pvog', pvog);
      assert.equal((await inbox('upstream_change')).length, 1);
      // Nothing waits in the outbox: every notice was handed on after its commit.
      assert.equal((await db.kysely.selectFrom('catalogNotices').selectAll().execute()).length, 0);
    });

    it('a dry run flags nothing, and a town that drops its setting has nothing left to be stale', async () => {
      await gesekeWrites(setting({ localFees: 'Geseke: 22 Euro' }));
      const current = await s.catalog.readRecord('service', asTenant(KREIS), SERVICE);
      const set = emptyChangeSet();
      set.services.push({ label: 'dry', value: { ...serviceFromDoc(SERVICE, KREIS, current!.doc), fees: 'Probe' } });
      await s.catalog.write(set, { actor: kreis, source: 'editor', dryRun: true });
      assert.deepEqual(await s.catalog.staleOf(asTenant(GESEKE)), []);

      await kreisWrites({ fees: 'Neu: 25 Euro' });
      assert.equal((await s.catalog.staleOf(asTenant(GESEKE))).length, 1);
      const removal = emptyChangeSet();
      removal.removals?.push({ label: 'drop', value: { type: 'area_service', id: SERVICE, tenantAgs: GESEKE } });
      await s.catalog.write(removal, { actor: geseke, source: 'editor' });
      assert.deepEqual(await s.catalog.staleOf(asTenant(GESEKE)), []);
    });
  });
}
