import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import {
  applyCheck,
  type CheckResult,
  hostOf,
  IMMEDIATE_BREAK_POLICY,
  isPrivateHost,
  type LinkStatus,
  linksOfResolvedService,
  normalizeUrl,
  outcomeForStatus,
  retryAfterMs,
  runVerdict,
  unreachableReason,
} from './links.ts';

const at = (iso: string) => iso;
function result(outcome: CheckResult['outcome'], checkedAt: string, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    url: 'https://www.geseke.de/a',
    outcome,
    httpStatus: null,
    finalUrl: 'https://www.geseke.de/a',
    redirects: [],
    error: null,
    method: 'HEAD',
    checkedAt,
    durationMs: 12,
    ...extra,
  };
}

test('HTTP status → outcome', () => {
  assert.equal(outcomeForStatus(200), 'ok');
  assert.equal(outcomeForStatus(204), 'ok');
  assert.equal(outcomeForStatus(401), 'restricted');
  assert.equal(outcomeForStatus(403), 'restricted');
  assert.equal(outcomeForStatus(404), 'not_found');
  assert.equal(outcomeForStatus(410), 'not_found');
  assert.equal(outcomeForStatus(400), 'client_error');
  assert.equal(outcomeForStatus(429), 'rate_limited');
  assert.equal(outcomeForStatus(408), 'server_error');
  assert.equal(outcomeForStatus(503), 'server_error');
});

test('URLs are normalised and non-web schemes refused', () => {
  assert.equal(normalizeUrl(' https://www.Geseke.de/rathaus#top '), 'https://www.geseke.de/rathaus');
  assert.equal(normalizeUrl('mailto:info@geseke.de'), null);
  assert.equal(normalizeUrl('javascript:alert(1)'), null);
  assert.equal(normalizeUrl('not a url'), null);
  assert.equal(hostOf('http://127.0.0.1:8080/x'), '127.0.0.1:8080');
});

test('private hosts are recognised literally', () => {
  for (const h of [
    'localhost',
    '127.0.0.1:3000',
    '10.1.2.3',
    '192.168.0.1',
    '172.20.0.1',
    '169.254.169.254',
    '[::1]:80',
    'printer.local',
  ])
    assert.equal(isPrivateHost(h), true, h);
  for (const h of ['www.kreis-soest.de', '8.8.8.8', '172.32.0.1', 'service.nrw.de:443'])
    assert.equal(isPrivateHost(h), false, h);
});

test('a definitive failure breaks a link only when it repeats a day later, and says so once', () => {
  const first = applyCheck(null, result('ok', at('2025-01-01T00:00:00Z')));
  assert.equal(first.status.state, 'ok');
  assert.equal(first.status.lastSuccessAt, '2025-01-01T00:00:00Z');
  const once = applyCheck(first.status, result('not_found', at('2025-01-02T00:00:00Z'), { httpStatus: 404 }));
  assert.equal(once.status.state, 'failing', 'one 404 is not yet broken');
  assert.equal(once.event, null);
  // A second failure an hour later is repeated, but not over time.
  const soon = applyCheck(once.status, result('not_found', at('2025-01-02T01:00:00Z'), { httpStatus: 404 }));
  assert.equal(soon.status.state, 'failing');
  const broke = applyCheck(soon.status, result('not_found', at('2025-01-03T00:00:00Z'), { httpStatus: 404 }));
  assert.equal(broke.status.state, 'broken');
  assert.equal(broke.event, 'broke');
  assert.equal(broke.status.brokeAt, '2025-01-03T00:00:00Z');
  assert.equal(broke.status.failingSince, '2025-01-02T00:00:00Z');
  assert.equal(broke.status.lastSuccessAt, '2025-01-01T00:00:00Z', 'last success is kept');
  const still = applyCheck(broke.status, result('not_found', at('2025-01-04T00:00:00Z')));
  assert.equal(still.event, null);
  assert.equal(still.status.brokeAt, '2025-01-03T00:00:00Z');
  const back = applyCheck(still.status, result('ok', at('2025-01-05T00:00:00Z')));
  assert.equal(back.event, 'recovered');
  assert.equal(back.status.state, 'ok');
  assert.equal(back.status.brokeAt, null);
  assert.equal(back.status.consecutiveFailures, 0);
});

test('the immediate policy (tests, manual checks) breaks at the first definitive failure', () => {
  const broke = applyCheck(null, result('not_found', at('2025-01-02T00:00:00Z')), IMMEDIATE_BREAK_POLICY);
  assert.equal(broke.status.state, 'broken');
  assert.equal(broke.event, 'broke');
});

test('transient and unreachable failures break a link only after three checks over a day, or after days', () => {
  let s: LinkStatus = applyCheck(null, result('ok', '2025-01-01T00:00:00Z')).status;
  s = applyCheck(s, result('timeout', '2025-01-02T00:00:00Z')).status;
  assert.equal(s.state, 'failing');
  s = applyCheck(s, result('server_error', '2025-01-02T06:00:00Z')).status;
  assert.equal(s.state, 'failing');
  s = applyCheck(s, result('timeout', '2025-01-02T12:00:00Z')).status;
  assert.equal(s.state, 'failing', 'three failures within twelve hours are not yet "over time"');
  const fourth = applyCheck(s, result('dns', '2025-01-03T00:00:00Z'));
  assert.equal(fourth.status.state, 'broken');
  assert.equal(fourth.event, 'broke');
  assert.equal(fourth.status.failingSince, '2025-01-02T00:00:00Z');

  // Lasting longer than the policy allows breaks it on the second failure already.
  let t: LinkStatus = applyCheck(null, result('network', '2025-01-01T00:00:00Z')).status;
  assert.equal(t.state, 'failing');
  t = applyCheck(t, result('network', '2025-01-05T00:00:00Z')).status;
  assert.equal(t.state, 'broken');
});

test('a run where no server answered and every host failed alike could not check', () => {
  const dns = { outcome: 'dns' as const, httpStatus: null };
  const net = { outcome: 'network' as const, httpStatus: null };
  assert.equal(runVerdict([dns, dns, net, { outcome: 'timeout', httpStatus: null }]), 'could_not_check');
  assert.equal(runVerdict([dns, dns, { outcome: 'not_found', httpStatus: 404 }]), 'checked', 'one server answered');
  assert.equal(runVerdict([dns, { outcome: 'tls', httpStatus: null }]), 'checked', 'a TLS handshake reached a server');
  assert.equal(runVerdict([]), 'checked');
  assert.equal(runVerdict([{ outcome: 'skipped_private', httpStatus: null }]), 'checked', 'nothing went out');
  assert.equal(
    runVerdict([dns, { outcome: 'invalid_url', httpStatus: null }]),
    'could_not_check',
    'addresses decided without a request do not count',
  );
  assert.match(
    unreachableReason([
      { outcome: 'dns', error: 'EAI_AGAIN' },
      { outcome: 'dns', error: 'EAI_AGAIN' },
      { outcome: 'network', error: 'ENETUNREACH' },
    ]),
    /EAI_AGAIN/,
  );
});

test('a permanent redirect marks the link as moved, a temporary one does not', () => {
  const moved = applyCheck(
    null,
    result('ok', '2025-01-01T00:00:00Z', { redirects: [{ status: 301, location: 'https://new.example/' }] }),
  );
  assert.equal(moved.status.state, 'moved');
  const temp = applyCheck(
    null,
    result('ok', '2025-01-01T00:00:00Z', { redirects: [{ status: 302, location: 'https://x.example/login' }] }),
  );
  assert.equal(temp.status.state, 'ok');
});

test('Retry-After in seconds and as a date', () => {
  assert.equal(retryAfterMs('5'), 5000);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs('soon'), null);
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', now), 10_000);
});

test('links of a resolved service: online services, forms, deep links and websites, once each', () => {
  const unit = {
    id: 'geseke-buergerbuero',
    name: 'Bürgerbüro',
    areaAgs: '05974020',
    phone: null,
    email: null,
    website: 'https://www.geseke.de',
    address: { street: null, postcode: null, city: null },
    openingHours: null,
    openingHoursNote: null,
    openNow: null,
    nextChange: null,
    accessibility: null,
    sample: false,
    deepLink: 'https://www.geseke.de/anmelden',
  };
  const service = {
    id: 'wohnsitz-anmelden',
    forAgs: '05974020',
    onlineServices: [{ title: 'Online-Anmeldung', url: 'https://portal.example/anmelden', type: 'antrag' }],
    forms: [{ title: 'Wohnungsgeberbestätigung', url: 'https://forms.example/wgb.pdf' }],
    responsible: { authority: unit, contactPoint: null, contacts: [] },
  } as unknown as ResolvedService;
  const links = linksOfResolvedService(service);
  assert.deepEqual(
    links.map((l) => [l.kind, l.url]),
    [
      ['online_service', 'https://portal.example/anmelden'],
      ['form', 'https://forms.example/wgb.pdf'],
      ['deep_link', 'https://www.geseke.de/anmelden'],
      ['authority_website', 'https://www.geseke.de'],
    ],
  );
});
