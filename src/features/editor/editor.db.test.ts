import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../db/testing.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import { readCacheGeneration, readServiceDoc as readServiceRecord } from '../catalog/catalog.repository.ts';
import { asTenant } from '../catalog/catalog.tenant.ts';
import { ALTDORF, COUNTY, createEditorFixture, type EditorFixture, NEUSTADT, PASSWORD } from './editor.testing.ts';
import { EditConflictError } from './editor.ts';

for (const dialect of await testDialects()) {
  describe(`editor workspace on ${dialect}`, () => {
    let f: EditorFixture;
    before(async () => {
      f = await createEditorFixture(dialect);
    });
    after(async () => f.db.cleanup());

    it('saves a draft, publishes it through the catalog write path and keeps the history', async () => {
      const { editor, principals } = f;
      const view = await editor.get(principals.county, 'service', COUNTY, 'anmeldung');
      assert.ok(view.published);
      const gen = await readCacheGeneration(f.db.kysely);
      const draft = await editor.saveDraft(
        principals.county,
        'service',
        COUNTY,
        'anmeldung',
        { ...view.published.doc, fees: '12 Euro' },
        { baseVersion: view.published.version },
      );
      assert.equal(draft.draft?.version, 1);
      // Not public yet.
      assert.equal((await readServiceRecord(f.db.kysely, asTenant(COUNTY), 'anmeldung'))?.doc.fees, null);
      const published = await editor.publish(principals.county, 'service', COUNTY, 'anmeldung', { draftVersion: 1 });
      assert.equal((published.published!.doc as { fees: string }).fees, '12 Euro');
      assert.equal(published.published?.version, view.published.version + 1);
      assert.equal(published.draft, null);
      assert.ok((await readCacheGeneration(f.db.kysely)) > gen);
      const { revisions } = await editor.history(principals.county, 'service', COUNTY, 'anmeldung');
      assert.deepEqual(
        revisions.map((r) => r.action),
        ['publish', 'import'],
      );
      assert.deepEqual(
        revisions[0]?.changes.map((c) => c.field),
        ['fees'],
      );
      // One-click restore of the imported state: a new version with the old text.
      const restored = await editor.restore(principals.county, 'service', COUNTY, 'anmeldung', revisions[1]!.id, {
        version: published.published!.version,
      });
      assert.equal((restored.published!.doc as { fees: string | null }).fees, null);
      assert.equal(restored.published?.version, view.published.version + 2);
    });

    it('refuses the second of two concurrent edits and overwrites nothing', async () => {
      const { editor, principals } = f;
      const view = await editor.get(principals.county, 'service', COUNTY, 'bauantrag');
      const base = view.published!.version;
      const doc = view.published!.doc;
      // Two editors open the same record (no draft yet) and both save.
      await editor.saveDraft(
        principals.county,
        'service',
        COUNTY,
        'bauantrag',
        { ...doc, hints: 'Erste' },
        { baseVersion: base, draftVersion: 0 },
      );
      await assert.rejects(
        editor.saveDraft(
          principals.admin,
          'service',
          COUNTY,
          'bauantrag',
          { ...doc, hints: 'Zweite' },
          { baseVersion: base, draftVersion: 0 },
        ),
        (e: unknown) => e instanceof EditConflictError && /inzwischen gespeichert/.test(e.message),
      );
      assert.equal((await editor.get(principals.county, 'service', COUNTY, 'bauantrag')).draft?.doc.hints, 'Erste');
      // A direct publish based on the old version, after the first was published, is refused too.
      await editor.publish(principals.county, 'service', COUNTY, 'bauantrag', { draftVersion: 1 });
      await assert.rejects(
        editor.saveAndPublish(
          principals.admin,
          'service',
          COUNTY,
          'bauantrag',
          { ...doc, hints: 'Zweite' },
          { baseVersion: base },
        ),
        EditConflictError,
      );
      assert.equal((await readServiceRecord(f.db.kysely, asTenant(COUNTY), 'bauantrag'))?.doc.hints, 'Erste');
      // Truly concurrent publishes of two drafts of the same record: exactly one wins.
      const now = (await editor.get(principals.county, 'service', COUNTY, 'bauantrag')).published!;
      await editor.saveDraft(
        principals.county,
        'service',
        COUNTY,
        'bauantrag',
        { ...now.doc, hints: 'Dritte' },
        { baseVersion: now.version },
      );
      const results = await Promise.allSettled([
        editor.publish(principals.county, 'service', COUNTY, 'bauantrag', { draftVersion: 1 }),
        editor.publish(principals.admin, 'service', COUNTY, 'bauantrag', { draftVersion: 1 }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.equal((await readServiceRecord(f.db.kysely, asTenant(COUNTY), 'bauantrag'))?.version, now.version + 1);
    });

    it('keeps every tenant to its own records', async () => {
      const { editor, principals } = f;
      // A town editor cannot touch the county's service, nor another town's settings.
      await assert.rejects(editor.get(principals.altdorf, 'service', COUNTY, 'anmeldung'), ForbiddenError);
      await assert.rejects(
        editor.saveDraft(principals.altdorf, 'area_service', NEUSTADT, `${NEUSTADT}:anmeldung`, { offered: true }),
        ForbiddenError,
      );
      // Naming its own tenant for another's record does not help.
      await assert.rejects(editor.get(principals.altdorf, 'authority', ALTDORF, 'neustadt-rathaus'), ForbiddenError);
      await assert.rejects(editor.get(principals.altdorf, 'service', ALTDORF, 'anmeldung'), ForbiddenError);
      // A contact of Altdorf cannot hang under a Neustadt unit.
      await assert.rejects(
        editor.saveDraft(principals.altdorf, 'contact', ALTDORF, 'altdorf-neu', {
          authorityId: 'neustadt-rathaus',
          name: 'X',
        }),
        (e: unknown) => (e as Error).name === 'ValidationError',
      );
      assert.equal((await editor.drafts(principals.neustadt)).length, 0);
    });

    it('lets a town mark a county service as not offered, with a reason and where to go', async () => {
      const { editor, principals } = f;
      assert.deepEqual(await editor.serviceKind(principals.altdorf, ALTDORF, 'bauantrag'), {
        type: 'area_service',
        id: `${ALTDORF}:bauantrag`,
      });
      const view = await editor.saveAndPublish(principals.altdorf, 'area_service', ALTDORF, `${ALTDORF}:bauantrag`, {
        offered: 'false',
        reason: 'Bauanträge nimmt der Kreis entgegen.',
        alternativeUrl: 'https://kreis-nord.example/bauantrag',
      });
      assert.equal(view.published?.doc.offered, false);
      const row = await f.db.kysely
        .selectFrom('areaServiceSettings')
        .selectAll()
        .where('areaAgs', '=', ALTDORF)
        .executeTakeFirstOrThrow();
      assert.equal(row.offered, 0);
      assert.equal(row.tenantAgs, ALTDORF);
      const settings = await f.catalog.localSettingsOf(asTenant(ALTDORF));
      assert.equal(settings.get('bauantrag')?.offered, false);
      assert.equal(settings.get('bauantrag')?.alternativeUrl, 'https://kreis-nord.example/bauantrag');
      assert.equal((await f.catalog.localSettingsOf(asTenant(NEUSTADT))).size, 0);
    });

    it('publishes and unpublishes on schedule', async () => {
      const { editor, principals } = f;
      await editor.saveDraft(principals.altdorf, 'contact', ALTDORF, 'altdorf-fest-team', {
        authorityId: 'altdorf-rathaus',
        role: 'Festorganisation',
        serviceIds: 'altdorf-fest',
      });
      const runAt = new Date(Date.now() + 60_000).toISOString();
      await editor.schedule(principals.altdorf, 'contact', ALTDORF, 'altdorf-fest-team', 'publish', runAt);
      assert.deepEqual(await editor.runDueSchedules(new Date()), []);
      const ran = await editor.runDueSchedules(new Date(Date.now() + 120_000));
      assert.deepEqual(
        ran.map((r) => [r.action, r.ok]),
        [['publish', true]],
      );
      const view = await editor.get(principals.altdorf, 'contact', ALTDORF, 'altdorf-fest-team');
      assert.equal(view.published?.doc.role, 'Festorganisation');
      await editor.schedule(principals.altdorf, 'contact', ALTDORF, 'altdorf-fest-team', 'unpublish', runAt);
      await editor.runDueSchedules(new Date(Date.now() + 120_000));
      assert.equal((await editor.get(principals.altdorf, 'contact', ALTDORF, 'altdorf-fest-team')).published, null);
    });

    it('signs in, throttles repeated failures of one address (never the account) and never stores secrets in clear', async () => {
      const { auth } = f;
      const ok = await auth.login({ email: 'Redaktion@Altdorf.example', password: PASSWORD });
      assert.ok(await auth.resolveSession(ok.token));
      const rows = await f.db.kysely.selectFrom('sessions').selectAll().execute();
      assert.ok(rows.every((r) => r.id !== ok.token));
      const users = await f.db.kysely.selectFrom('users').select('passwordHash').execute();
      assert.ok(users.every((u) => u.passwordHash.startsWith('scrypt$') && !u.passwordHash.includes(PASSWORD)));
      const ip = '203.0.113.5';
      for (let i = 0; i < 4; i++)
        await assert.rejects(
          auth.login({ email: 'redaktion@neustadt.example', password: 'falsch-falsch-falsch', ip }),
          { type: 'login-failed' },
        );
      await assert.rejects(auth.login({ email: 'redaktion@neustadt.example', password: PASSWORD, ip }), {
        type: 'login-throttled',
      });
      // Another address is not affected (decision 0200: no account lock).
      assert.ok(await auth.login({ email: 'redaktion@neustadt.example', password: PASSWORD, ip: '10.9.9.9' }));
      const { token } = await auth.createApiToken(f.userIds.county, { name: 'Import' }, f.principals.county);
      assert.equal((await auth.resolveApiToken(token))?.label, 'redaktion@kreis.example');
      const stored = await f.db.kysely.selectFrom('apiTokens').selectAll().execute();
      assert.ok(stored.every((t) => !token.includes(t.secretHash)));
      await auth.logoutEverywhere(f.principals.altdorf);
      assert.equal(await auth.resolveSession(ok.token), null);
    });
  });
}
