// The feedback loops' housekeeping on both dialects: catalog notices left by a write inside a caller's transaction
// reach the inbox on the next tick; closed reports and read inbox items past their retention period are deleted,
// open reports and unread items stay however old; the purge runs at most hourly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../db/testing.ts';
import { CLI_PRINCIPAL } from '../features/auth/auth.service.ts';
import { serviceFromDoc } from '../features/catalog/catalog.documents.ts';
import { GESEKE, KREIS, SERVICE, staleFixture } from '../features/catalog/catalog.stale.testing.ts';
import { asTenant } from '../features/catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../features/catalog/catalog.ts';
import { loadFeedbackConfig } from '../features/feedback/index.ts';
import { loadMailConfig } from '../features/notifications/index.ts';
import { seedDatabase } from './seed.ts';
import { createServices, type Services } from './services.ts';

const DAY = 86_400_000;

for (const dialect of await testDialects()) {
  describe(`maintenance of the feedback loops on ${dialect}`, () => {
    let db: TestDb;
    let s: Services;
    before(async () => {
      db = await createTestDb(dialect);
      s = createServices(db, {
        mail: loadMailConfig({ NODE_ENV: 'test', INBOX_RETENTION_DAYS: '30' }),
        feedback: loadFeedbackConfig({ REPORT_RETENTION_DAYS: '90' }),
      });
      await seedDatabase(s, staleFixture());
    });
    after(async () => db.cleanup());

    it('deletes closed reports and read items past retention; open reports and unread items stay', async () => {
      const now = new Date('2026-11-30T12:00:00Z');
      const file = async (message: string) => {
        const r = await s.feedback.submit(
          {
            areaAgs: GESEKE,
            serviceId: SERVICE,
            pageUrl: `/geseke/leistungen/${SERVICE}`,
            clientIp: `192.0.2.${message.length}`,
            category: 'outdated_text',
            message,
            email: '',
            website: '',
          },
          new Date(now.getTime() - 200 * DAY),
        );
        assert.ok(r);
        return r;
      };
      const oldClosed = await file('Der Text ist veraltet, schon lange.');
      const recentClosed = await file('Der Text ist veraltet, seit kurzem.');
      const open = await file('Der Text ist veraltet und noch offen.');
      await s.feedback.close(CLI_PRINCIPAL, oldClosed.id, null, new Date(now.getTime() - 91 * DAY));
      await s.feedback.close(CLI_PRINCIPAL, recentClosed.id, null, new Date(now.getTime() - 89 * DAY));

      const items = await s.notifications.inbox(CLI_PRINCIPAL);
      assert.equal(items.length, 3, 'each report in the inbox');
      await s.notifications.markRead(CLI_PRINCIPAL, items[0]!.id, new Date(now.getTime() - 31 * DAY));
      await s.notifications.markRead(CLI_PRINCIPAL, items[1]!.id, new Date(now.getTime() - 29 * DAY));

      assert.deepEqual(await s.maintenance(now), { notices: 0, reports: 1, inboxItems: 1 });
      const left = (await s.feedback.list(CLI_PRINCIPAL, ['open', 'answered', 'closed'])).map((r) => r.id).sort();
      assert.deepEqual(left, [recentClosed.id, open.id].sort());
      const inbox = (await s.notifications.inbox(CLI_PRINCIPAL)).map((n) => n.id).sort();
      assert.deepEqual(inbox, [items[1]!.id, items[2]!.id].sort());
      // A minute later (the scheduler's next tick) nothing is purged; a day later the next ones are due.
      assert.deepEqual(await s.maintenance(new Date(now.getTime() + 60_000)), {
        notices: 0,
        reports: 0,
        inboxItems: 0,
      });
      assert.deepEqual(await s.maintenance(new Date(now.getTime() + 2 * DAY)), {
        notices: 0,
        reports: 1,
        inboxItems: 1,
      });
    });

    it('notices of a write inside a caller’s transaction reach the inbox on the next tick', async () => {
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
      await s.catalog.write(local, { actor: CLI_PRINCIPAL, source: 'editor' });
      const current = await s.catalog.readRecord('service', asTenant(KREIS), SERVICE);
      const set = emptyChangeSet();
      set.services.push({ label: 'Kreis', value: { ...serviceFromDoc(SERVICE, KREIS, current!.doc), fees: 'Neu' } });
      await db.kysely
        .transaction()
        .execute((trx) => s.catalog.write(set, { actor: CLI_PRINCIPAL, source: 'editor', transaction: trx }));
      const stale = async () =>
        (await s.notifications.inbox(CLI_PRINCIPAL)).filter((n) => n.kind === 'stale_text').length;
      assert.equal(await stale(), 0, 'not yet: the caller owns the transaction');
      assert.equal((await s.maintenance()).notices, 1);
      assert.equal(await stale(), 1);
      assert.equal((await s.maintenance()).notices, 0, 'handed on once');
    });
  });
}
