import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readServiceDoc as readServiceRecord } from '../catalog/catalog.repository.ts';
import { asTenant } from '../catalog/catalog.tenant.ts';
import { ACCOUNTS, createHttpFixture, form, type HttpFixture, PASSWORD } from './editor.testing.ts';

describe('editor pages and API', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  it('sets the security headers on every kind of response', async () => {
    for (const url of ['/editor/login', '/api/v1/areas', '/api/v1/editor/me', '/gibt-es-nicht', '/editor/17001']) {
      const res = await f.app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.doesNotMatch(csp, /unsafe-inline/, url);
      assert.match(csp, /frame-ancestors 'self'/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
      assert.equal(res.headers['strict-transport-security'], undefined, `${url}: no HSTS over plain HTTP`);
    }
    const tls = await f.app.inject({ url: '/editor/login', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(tls.headers['strict-transport-security']), /max-age=\d+/);
    const embed = await f.app.inject({ url: '/embed/altdorf' });
    assert.match(String(embed.headers['content-security-policy']), /frame-ancestors \*/);
    assert.equal(embed.headers['x-frame-options'], undefined);
  });

  it('signs in with HttpOnly SameSite cookies (Secure behind TLS), refuses wrong passwords alike, and rate-limits sign-in', async () => {
    const page = await f.app.inject({ url: '/editor/login', headers: { 'x-forwarded-proto': 'https' } });
    const setCookie = String(page.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Secure/);
    const pre = /amtsweg_login_csrf=([^;]+)/.exec(setCookie)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const attempt = (email: string, password: string, ip: string, token = csrf) =>
      f.app.inject({
        method: 'POST',
        url: '/editor/login',
        remoteAddress: ip,
        cookies: { amtsweg_login_csrf: pre },
        headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, email, password }).toString(),
      });
    const ok = await attempt(ACCOUNTS.admin.email, PASSWORD, '192.0.2.1');
    assert.equal(ok.statusCode, 303);
    assert.match(
      String(ok.headers['set-cookie']),
      /amtsweg_session=[^;]+;.*HttpOnly.*SameSite=Lax|amtsweg_session=[^;]+;.*Secure/,
    );
    const wrong = await attempt(ACCOUNTS.admin.email, 'falsch-falsch-falsch', '192.0.2.1');
    const unknown = await attempt('niemand@example.org', 'falsch-falsch-falsch', '192.0.2.1');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.ok(
      wrong.body.includes('E-Mail-Adresse oder Passwort ist falsch.') &&
        unknown.body.includes('E-Mail-Adresse oder Passwort ist falsch.'),
    );
    assert.equal((await attempt(ACCOUNTS.admin.email, PASSWORD, '192.0.2.1', 'forged')).statusCode, 403, 'login CSRF');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt('niemand@example.org', 'x', '198.51.100.7')).statusCode);
    assert.ok(statuses.includes(429), `rate limited: ${statuses.join(',')}`);
  });

  it('refuses the second of two concurrent edits with a clear message and keeps its input', async () => {
    const a = await f.login('county');
    const b = await f.login('admin');
    const url = '/editor/17001/services/zeugnis';
    const open = async (s: typeof a) => {
      const res = await f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
      return {
        base: /name="baseVersion" value="(\d*)"/.exec(res.body)![1]!,
        draft: /name="draftVersion" value="(\d*)"/.exec(res.body)![1]!,
      };
    };
    const va = await open(a);
    const vb = await open(b);
    const save = (s: typeof a, v: typeof va, hints: string, intent = 'publish') =>
      f.app.inject({
        method: 'POST',
        url,
        cookies: { amtsweg_session: s.cookie },
        ...form({
          _csrf: s.csrf,
          intent,
          baseVersion: v.base,
          draftVersion: v.draft,
          name: 'Führungszeugnis',
          defaultLevel: 'land',
          hints,
        }),
      });
    const first = await save(a, va, 'Erster Stand');
    assert.equal(first.statusCode, 303);
    const second = await save(b, vb, 'Zweiter Stand – bleibt im Formular');
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /inzwischen geändert/);
    assert.match(second.body, /Zweiter Stand – bleibt im Formular/, 'input kept');
    assert.equal((await readServiceRecord(f.db.kysely, asTenant('17001'), 'zeugnis'))?.doc.hints, 'Erster Stand');
  });

  it('keeps input and names each wrong field in an error summary', async () => {
    const s = await f.login('altdorf');
    const res = await f.app.inject({
      method: 'POST',
      url: '/editor/17001001/authorities/altdorf-rathaus',
      cookies: { amtsweg_session: s.cookie },
      ...form({
        _csrf: s.csrf,
        intent: 'save',
        baseVersion: '1',
        draftVersion: '0',
        name: 'Gemeinde Altdorf',
        areaAgs: '17001001',
        email: 'kein-mail',
        ohMode: 'grid',
        oh_Mo_1_from: '09:00',
        oh_Mo_1_to: '08:00',
      }),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Fehler: /);
    assert.match(res.body, /href="#f-email"/);
    assert.match(res.body, /href="#f-oh_Mo_1_from"/);
    assert.match(res.body, /value="kein-mail"/);
  });

  it('previews opening hours on the server without saving', async () => {
    const s = await f.login('altdorf');
    const res = await f.app.inject({
      method: 'POST',
      url: '/editor/17001001/authorities/altdorf-rathaus',
      cookies: { amtsweg_session: s.cookie },
      ...form({
        _csrf: s.csrf,
        intent: 'check',
        baseVersion: '1',
        draftVersion: '0',
        name: 'Gemeinde Altdorf',
        areaAgs: '17001001',
        ohMode: 'grid',
        oh_Mo_1_from: '08:00',
        oh_Mo_1_to: '12:00',
        oh_Th_1_from: '14:00',
        oh_Th_1_to: '18:00',
        oh_ph_closed: 'on',
      }),
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Mo 08:00-12:00; Th 14:00-18:00; PH off/);
    assert.match(res.body, /Die nächsten sieben Tage/);
    assert.equal(
      (await f.db.kysely.selectFrom('drafts').selectAll().where('entityId', '=', 'altdorf-rathaus').execute()).length,
      0,
    );
  });

  it('escapes user content everywhere', async () => {
    const s = await f.login('altdorf');
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const saved = await f.app.inject({
      method: 'POST',
      url: '/editor/17001001/contacts/altdorf-melde',
      cookies: { amtsweg_session: s.cookie },
      ...form({
        _csrf: s.csrf,
        intent: 'save',
        baseVersion: '1',
        draftVersion: '0',
        authorityId: 'altdorf-rathaus',
        name: evil,
      }),
    });
    assert.equal(saved.statusCode, 303);
    for (const url of ['/editor/17001001/contacts/altdorf-melde', '/editor/17001001/contacts/altdorf-melde/preview']) {
      const res = await f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
      assert.ok(!res.body.includes('<script>alert'), url);
      assert.ok(!res.body.includes('<img src=x'), url);
      assert.ok(res.body.includes('&lt;script'), url);
    }
  });

  it('writes through the API with a personal token, scoped by its roles, and documents it', async () => {
    const { auth } = f.app.services;
    const user = await auth.getUser(f.userIds.neustadt);
    const { token } = await auth.createApiToken(
      user.id,
      { name: 'test' },
      { userId: user.id, label: user.email, name: null, grants: user.grants, via: 'api' },
    );
    const h = { authorization: `Bearer ${token}` };
    const me = await f.app.inject({ url: '/api/v1/editor/me', headers: h });
    assert.deepEqual(me.json().grants, [{ role: 'town_editor', tenantAgs: '17001002' }]);
    const put = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/editor/17001002/service-settings/bauantrag',
      headers: h,
      payload: { data: { offered: true, localText: 'Bitte vorher anrufen.' }, baseVersion: null },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().published.data.localText, 'Bitte vorher anrufen.');
    const conflict = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/editor/17001002/service-settings/bauantrag',
      headers: h,
      payload: { data: { offered: true }, baseVersion: null },
    });
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.headers['content-type'], 'application/problem+json; charset=utf-8');
    const bad = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/editor/17001002/service-settings/bauantrag',
      headers: h,
      payload: { data: { offered: false }, baseVersion: 1 },
    });
    assert.equal(bad.statusCode, 400);
    const doc = (await f.app.inject('/api/v1/openapi.json')).json();
    const op = doc.paths['/api/v1/editor/{tenant}/services/{id}/draft']?.put;
    assert.ok(op, 'documented');
    assert.deepEqual(op.security, [{ bearerAuth: [] }]);
    assert.ok(doc.components.securitySchemes.bearerAuth);
  });

  it('lets admins filter the audit log and export it as CSV', async () => {
    const s = await f.login('admin');
    const page = await f.app.inject({
      url: '/editor/admin/audit?action=publish',
      cookies: { amtsweg_session: s.cookie },
    });
    assert.equal(page.statusCode, 200);
    const csv = await f.app.inject({
      url: '/editor/admin/audit.csv?action=login',
      cookies: { amtsweg_session: s.cookie },
    });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.match(lines[0]!, /at;actor;via;action/);
    assert.ok(lines.length > 2);
    assert.ok(lines.slice(1).every((l) => l.split(';')[3] === 'login'));
  });

  it('schedules publishing from the form in Berlin wall-clock time, and runs it when due', async () => {
    const s = await f.login('county');
    const url = '/editor/17001/contacts/nord-bau-team';
    const page = await f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
    const base = /name="baseVersion" value="(\d*)"/.exec(page.body)![1]!;
    const saved = await f.app.inject({
      method: 'POST',
      url,
      cookies: { amtsweg_session: s.cookie },
      ...form({
        _csrf: s.csrf,
        intent: 'save',
        baseVersion: base,
        draftVersion: '0',
        authorityId: 'nord-bauamt',
        role: 'Bauberatung (ab Juli)',
      }),
    });
    assert.equal(saved.statusCode, 303);
    const scheduled = await f.app.inject({
      method: 'POST',
      url: `${url}/schedule`,
      cookies: { amtsweg_session: s.cookie },
      ...form({ _csrf: s.csrf, action: 'publish', runAt: '2099-07-01T08:00' }),
    });
    assert.equal(scheduled.statusCode, 303);
    const row = await f.db.kysely
      .selectFrom('scheduledActions')
      .selectAll()
      .where('entityId', '=', 'nord-bau-team')
      .executeTakeFirstOrThrow();
    assert.equal(row.runAt, '2099-07-01T06:00:00.000Z');
    const form2 = await f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
    assert.match(form2.body, /Geplant: Veröffentlichen am/);
    await f.app.services.editor.runDueSchedules(new Date('2099-07-01T06:00:01Z'));
    const after = await f.app.services.editor.get(null as never, 'contact', '17001', 'nord-bau-team').catch(() => null);
    assert.equal(after, null, 'reading needs a principal');
    const doc = await f.db.kysely
      .selectFrom('contacts')
      .select('role')
      .where('id', '=', 'nord-bau-team')
      .executeTakeFirstOrThrow();
    assert.equal(doc.role, 'Bauberatung (ab Juli)');
  });

  it('signs out everywhere', async () => {
    const one = await f.login('neustadt');
    const two = await f.login('neustadt');
    const res = await f.app.inject({
      method: 'POST',
      url: '/editor/logout-everywhere',
      cookies: { amtsweg_session: one.cookie },
      ...form({ _csrf: one.csrf }),
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await f.app.inject({ url: '/editor', cookies: { amtsweg_session: two.cookie } })).statusCode, 401);
  });
});
