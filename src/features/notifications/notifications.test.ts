// Pure rules of the inbox: which tenant hears about a link, the keys that make "once" hold, links that stay inside
// the app, and the digest's text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LinkChange } from '../links/index.ts';
import { uncheckedStatus } from '../links/links.ts';
import { linkChangeNotices, scheduleNotice } from './notifications.events.ts';
import { composeDigest, type Notification, safeLink } from './notifications.ts';

const URL_A = 'https://example.org/form.pdf';

function change(event: 'broke' | 'recovered', brokeAt: string | null, sources: LinkChange['sources']): LinkChange {
  return {
    event,
    status: { ...uncheckedStatus(URL_A), state: event === 'broke' ? 'broken' : 'ok', brokeAt, lastHttpStatus: 404 },
    sources,
  };
}

const source = (areaAgs: string, serviceId: string | null) => ({
  url: URL_A,
  kind: 'form' as const,
  areaAgs,
  serviceId,
  label: 'SEPA-Mandat',
});

describe('notifications', () => {
  it('a broken link goes to each tenant whose view shows it, once per break', () => {
    const slugs = new Map([
      ['17001001', 'altdorf'],
      ['17001', 'kreis-nord'],
    ]);
    const notices = linkChangeNotices(
      [
        change('broke', '2026-11-01T10:00:00Z', [
          source('17001001', 'zulassung'),
          source('17001', 'zulassung'),
          source('17001001', null),
        ]),
      ],
      (ags) => slugs.get(ags) ?? null,
    );
    assert.deepEqual(
      notices.map((n) => [n.tenantAgs, n.kind, n.link]),
      [
        ['17001001', 'link_broken', '/altdorf/leistungen/zulassung'],
        ['17001', 'link_broken', '/kreis-nord/leistungen/zulassung'],
      ],
    );
    assert.match(
      notices[0]?.body ?? '',
      /^HTTP 404\. Zu sehen bei: Formular „SEPA-Mandat“ \(zulassung\); Formular „SEPA-Mandat“\./,
    );
    const again = linkChangeNotices(
      [change('broke', '2026-11-01T10:00:00Z', [source('17001001', 'zulassung')])],
      () => null,
    );
    assert.equal(again[0]?.key, notices[0]?.key, 'the same break has the same key');
    const later = linkChangeNotices(
      [change('broke', '2026-12-01T10:00:00Z', [source('17001001', 'zulassung')])],
      () => null,
    );
    assert.notEqual(later[0]?.key, notices[0]?.key, 'a new break is a new event');
  });

  it('links stay inside the app', () => {
    assert.equal(safeLink('/editor/reports/1'), '/editor/reports/1');
    assert.equal(safeLink('//evil.example/x'), null);
    assert.equal(safeLink('https://evil.example/'), null);
    assert.equal(safeLink(null), null);
  });

  it('the digest groups items by kind with absolute links', () => {
    const item = (kind: Notification['kind'], title: string, link: string | null): Notification => ({
      id: title,
      tenantAgs: '17001001',
      kind,
      title,
      body: 'Text\nüber zwei Zeilen',
      link,
      createdAt: '2026-11-30T10:00:00Z',
      readAt: null,
      emailedAt: null,
    });
    const digest = composeDigest(
      'Altdorf',
      [item('citizen_report', 'Meldung A', '/editor/reports/a'), item('link_broken', 'Link B', null)],
      { publicUrl: 'https://amtsweg.example/', intervalHours: 168 },
    );
    assert.equal(digest.subject, 'amtsweg Wochenübersicht Altdorf: 2 neue Nachrichten');
    assert.ok(digest.text.indexOf('Link defekt (1)') < digest.text.indexOf('Fehlermeldung (1)'));
    assert.match(
      digest.text,
      /- Meldung A\n {2}Text über zwei Zeilen\n {2}https:\/\/amtsweg\.example\/editor\/reports\/a\n/,
    );
    assert.match(digest.text, /Alle Nachrichten: https:\/\/amtsweg\.example\/editor\/inbox/);
  });
});

describe('scheduled publications in the inbox', () => {
  it('tell the owning tenant once per run, with the record’s page, whether it ran or failed', () => {
    const base = {
      tenantAgs: '05974020',
      type: 'service',
      id: 'hundesteuer',
      action: 'publish',
      at: '2027-01-01T00:00:00.000Z',
      link: '/editor/05974020/services/hundesteuer',
    };
    const ran = scheduleNotice({ ...base, ok: true });
    const failed = scheduleNotice({ ...base, ok: false, message: 'inzwischen geändert' });
    assert.equal(ran.kind, 'schedule_ran');
    assert.equal(failed.kind, 'schedule_failed');
    assert.equal(ran.tenantAgs, '05974020');
    assert.equal(ran.link, '/editor/05974020/services/hundesteuer');
    assert.equal(failed.body, 'inzwischen geändert');
    assert.notEqual(scheduleNotice({ ...base, ok: true, at: '2027-02-01T00:00:00.000Z' }).key, ran.key);
  });
});
