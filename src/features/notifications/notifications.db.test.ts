// The inbox's SQL on SQLite and PostgreSQL: "once" per (tenant, kind, key) by the unique key, tenants' views, marking
// read, and the digest's claim that a second sender cannot take again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import type { Principal } from '../auth/auth.ts';
import { createCatalogService } from '../catalog/catalog.service.ts';
import { ALTDORF, importMiniKreis, NEUSTADT } from '../checklist/testdata/load.ts';
import type { Mailer, OutgoingMail } from './notifications.mailer.ts';
import { createNotificationsService, type NotificationsService } from './notifications.service.ts';

const editorOf = (tenantAgs: string): Principal => ({
  userId: 'u',
  label: `redaktion@${tenantAgs}.example`,
  name: null,
  grants: [{ role: 'town_editor', tenantAgs }],
  via: 'web',
});

for (const dialect of await testDialects()) {
  describe(`notifications on ${dialect}`, () => {
    let db: TestDb;
    let notifications: NotificationsService;
    const sent: OutgoingMail[] = [];
    // A recording transport: what the SQL claims is what goes out (the SMTP path itself is tested against a real
    // server in notifications.digest.http.test.ts).
    const mailer: Mailer = { send: async (m) => void sent.push(m), close: () => {} };

    before(async () => {
      db = await createTestDb(dialect);
      await importMiniKreis(createCatalogService(db));
      notifications = createNotificationsService(db, {
        editorEmails: async (t) => [`redaktion@${t}.example`],
        tenantName: async (t) => t,
        mailer,
        mail: { digestIntervalHours: 24 },
        publicUrl: null,
      });
    });
    after(async () => db.cleanup());

    it('the same event lands once; other tenants do not see it', async () => {
      assert.equal(await notifications.notify(ALTDORF, 'link_broken', 'Link defekt: x', '', '/altdorf/', 'x@1'), true);
      assert.equal(await notifications.notify(ALTDORF, 'link_broken', 'Link defekt: x', '', '/altdorf/', 'x@1'), false);
      assert.equal(await notifications.notify(ALTDORF, 'link_recovered', 'Link ok: x', '', '/altdorf/', 'x@1'), true);
      assert.equal(await notifications.notify(NEUSTADT, 'link_broken', 'Link defekt: x', '', null, 'x@1'), true);
      assert.equal((await notifications.inbox(editorOf(ALTDORF))).length, 2);
      assert.equal((await notifications.inbox(editorOf(NEUSTADT))).length, 1);
      assert.equal((await notifications.inbox(CLI_PRINCIPAL)).length, 3);
      const [first] = await notifications.inbox(editorOf(ALTDORF));
      assert.ok(first);
      await assert.rejects(notifications.markRead(editorOf(NEUSTADT), first.id), /anderen Kommune/);
      await notifications.markRead(editorOf(ALTDORF), first.id);
      assert.equal(await notifications.unreadCount(editorOf(ALTDORF)), 1);
    });

    it('a digest claims each item once', async () => {
      const now = new Date('2026-12-01T08:00:00Z');
      const [a, b] = await Promise.all([notifications.sendDigests(now), notifications.sendDigests(now)]);
      const items = [...a.sent, ...b.sent].filter((s) => s.tenantAgs === ALTDORF).reduce((n, s) => n + s.items, 0);
      assert.equal(items, 2, 'both Altdorf items went out exactly once');
      assert.equal(sent.filter((m) => m.to.includes(`redaktion@${ALTDORF}.example`)).length, 1);
      assert.deepEqual((await notifications.sendDigests(new Date('2026-12-03T08:00:00Z'))).sent, []);
    });
  });
}
