// Accounts through the pages (issue #13, finding 7): guesses with invented X-Forwarded-For headers lock nobody out;
// admins manage roles and grants; the last admin stays; password reset by a one-time link, mailed through a real SMTP
// server (smtp-server on 127.0.0.1) when configured, else shown once to the admin; TOTP as a second factor.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { type App, buildApp } from '../../app/app.ts';
import type { TrustProxy } from '../../app/config.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';
import { CLI_PRINCIPAL } from './auth.service.ts';
import { totpCode } from './auth.totp.ts';

const PASSWORD = 'korrekt-pferd-batterie';
const ADMIN = 'admin@kreis.example';
const EDITOR = 'redaktion@altdorf.example';
const PUBLIC_URL = 'https://amtsweg.example';

interface Ctx {
  db: TestDb;
  app: App;
  ids: Record<string, string>;
}

async function setUp(options: { trustProxy?: TrustProxy; smtpUrl?: string } = {}): Promise<Ctx> {
  const db = await createTestDb('sqlite');
  const mail = loadMailConfig({ NODE_ENV: 'test', ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}) });
  const app = await buildApp({
    db,
    trustProxy: options.trustProxy ?? false,
    services: createServices(db, { mail, publicUrl: options.smtpUrl ? PUBLIC_URL : null }),
  });
  await importBundle(app.services.catalog, MINI_BUNDLE);
  const ids: Record<string, string> = {};
  for (const [name, email, role, tenantAgs] of [
    ['admin', ADMIN, 'admin', '*'],
    ['editor', EDITOR, 'town_editor', '17001001'],
  ] as const) {
    const u = await app.services.auth.createUser(
      { email, password: PASSWORD, grants: [{ role, tenantAgs }] },
      CLI_PRINCIPAL,
    );
    ids[name] = u.id;
  }
  return { db, app, ids };
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

/** The sign-in form as a browser posts it (CSRF cookie dance included). */
async function signIn(
  app: App,
  input: { email: string; password: string; code?: string; ip: string; xff?: string },
): Promise<{ status: number; body: string; cookie: string; retryAfter: string | undefined }> {
  const headers = input.xff ? { 'x-forwarded-for': input.xff } : {};
  const page = await app.inject({ url: '/editor/login', remoteAddress: input.ip, headers });
  const pre = /amtsweg_login_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const res = await app.inject({
    method: 'POST',
    url: '/editor/login',
    remoteAddress: input.ip,
    cookies: { amtsweg_login_csrf: pre },
    headers: { ...formHeaders, ...headers },
    payload: new URLSearchParams({
      _csrf: csrf,
      email: input.email,
      password: input.password,
      code: input.code ?? '',
      next: '/editor',
    }).toString(),
  });
  return {
    status: res.statusCode,
    body: res.body,
    cookie: /amtsweg_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1] ?? '',
    retryAfter: res.headers['retry-after'] as string | undefined,
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

async function session(app: App, email: string, ip: string, password = PASSWORD, code?: string): Promise<Session> {
  const r = await signIn(app, { email, password, ip, ...(code ? { code } : {}) });
  assert.equal(r.status, 303, `sign-in of ${email}: ${r.body.slice(0, 300)}`);
  const page = await app.inject({ url: '/editor/account', cookies: { amtsweg_session: r.cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { cookie: r.cookie, csrf };
}

const post = (app: App, s: Session, url: string, values: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url,
    cookies: { amtsweg_session: s.cookie },
    headers: formHeaders,
    payload: new URLSearchParams({ _csrf: s.csrf, ...values }).toString(),
  });
const get = (app: App, s: Session, url: string) => app.inject({ url, cookies: { amtsweg_session: s.cookie } });

describe('sign-in throttling cannot be turned against a real editor', () => {
  it('without trustProxy, invented X-Forwarded-For addresses all count as the one real address', async () => {
    const { db, app } = await setUp();
    try {
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++)
        statuses.push(
          (
            await signIn(app, {
              email: EDITOR,
              password: `falsch-${i}-falsch`,
              ip: '203.0.113.9',
              xff: `198.51.100.${i}`,
            })
          ).status,
        );
      // Three free failures, a fourth that sets a short wait, then the wait: no 15-minute lock.
      assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
      const waited = await signIn(app, { email: EDITOR, password: PASSWORD, ip: '203.0.113.9' });
      assert.equal(waited.status, 429);
      assert.match(waited.body, /Bitte warten Sie \d+ Sekunden/);
      assert.ok(Number(waited.retryAfter) > 0 && Number(waited.retryAfter) <= 5, `Retry-After ${waited.retryAfter}`);
      // The real editor, at their own address, signs in at once.
      assert.equal((await signIn(app, { email: EDITOR, password: PASSWORD, ip: '10.0.0.5' })).status, 303);
      const audit = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'ip'])
        .where('action', 'like', 'login%')
        .execute();
      assert.ok(audit.filter((a) => a.action === 'login.failed').every((a) => a.ip === '203.0.113.9'));
      assert.ok(audit.some((a) => a.action === 'login.throttled'));
    } finally {
      await app.close();
      await db.cleanup();
    }
  });

  it('behind a trusted proxy, the forwarded client address is the one counted', async () => {
    const { db, app } = await setUp({ trustProxy: ['127.0.0.1'] });
    try {
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++)
        statuses.push(
          (await signIn(app, { email: EDITOR, password: `falsch-${i}-falsch`, ip: '127.0.0.1', xff: '198.51.100.1' }))
            .status,
        );
      assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
      // Another client behind the same proxy is not affected.
      assert.equal(
        (await signIn(app, { email: EDITOR, password: PASSWORD, ip: '127.0.0.1', xff: '192.0.2.50' })).status,
        303,
      );
    } finally {
      await app.close();
      await db.cleanup();
    }
  });
});

describe('accounts for admins in the workspace', () => {
  let ctx: Ctx;
  let admin: Session;
  before(async () => {
    ctx = await setUp();
    admin = await session(ctx.app, ADMIN, '10.0.1.1');
  });
  after(async () => {
    await ctx.app.close();
    await ctx.db.cleanup();
  });

  it('an admin can neither disable their own account nor take their own admin role, the last admin included', async () => {
    const { app, ids } = ctx;
    const page = await get(app, admin, `/editor/admin/users/${ids.admin}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ihr eigenes Konto können Sie nicht sperren/);
    const disable = await post(app, admin, `/editor/admin/users/${ids.admin}/active`, { active: '0' });
    assert.equal(disable.statusCode, 409);
    assert.match(disable.body, /eigenes Konto nicht sperren/);
    const demote = await post(app, admin, `/editor/admin/users/${ids.admin}/grants/remove`, {
      role: 'admin',
      tenant: '*',
    });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.body, /eigene Administrationsrolle nicht nehmen/);
    const me = await app.services.auth.getUser(ids.admin!);
    assert.equal(me.active, true);
    assert.deepEqual(me.grants, [{ role: 'admin', tenantAgs: '*' }]);
    // Still signed in and working.
    assert.equal((await get(app, admin, '/editor/admin/users')).statusCode, 200);
  });

  it('grants and removes roles per tenant, and names what is allowed when a grant does not fit', async () => {
    const { app, ids } = ctx;
    const list = await get(app, admin, '/editor/admin/users');
    assert.ok(list.body.includes(`href="/editor/admin/users/${ids.editor}"`));
    const add = await post(app, admin, `/editor/admin/users/${ids.editor}/grants`, {
      role: 'town_editor',
      tenant: '17001002',
    });
    assert.equal(add.statusCode, 200);
    assert.deepEqual((await app.services.auth.getUser(ids.editor!)).grants.map((g) => g.tenantAgs).sort(), [
      '17001001',
      '17001002',
    ]);
    const bad = await post(app, admin, `/editor/admin/users/${ids.editor}/grants`, {
      role: 'county_editor',
      tenant: '17001002',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Die Redaktion Kreis \(county_editor\) braucht einen Kreis \(Kreis AGS, 5 Ziffern\)/);
    assert.match(bad.body, /<option value="county_editor" selected/);
    const remove = await post(app, admin, `/editor/admin/users/${ids.editor}/grants/remove`, {
      role: 'town_editor',
      tenant: '17001001',
    });
    assert.equal(remove.statusCode, 200);
    assert.deepEqual((await app.services.auth.getUser(ids.editor!)).grants, [
      { role: 'town_editor', tenantAgs: '17001002' },
    ]);
    const audit = await ctx.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'user.roles')
      .execute();
    assert.equal(audit.length, 2);
  });

  it('without SMTP, a reset link is shown once to the admin and sets a new password once', async () => {
    const { app, ids } = ctx;
    const editor = await session(app, EDITOR, '10.0.1.2');
    const issued = await post(app, admin, `/editor/admin/users/${ids.editor}/password-reset`);
    assert.equal(issued.statusCode, 201);
    assert.match(issued.body, /kein E-Mail-Versand eingerichtet/);
    const link = /<code class="ed-token" id="reset-link">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? '';
    const path = new URL(link).pathname;
    assert.match(path, /^\/editor\/passwort\/[A-Za-z0-9_-]{43}$/);
    // Shown once: the account page does not show it again.
    assert.ok(!(await get(app, admin, `/editor/admin/users/${ids.editor}`)).body.includes(path));
    // The editor opens it without a session and sets a new password.
    const form = await app.inject({ url: path, remoteAddress: '10.0.1.3' });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`Neues Passwort für ${EDITOR.replace('.', '\\.')}`));
    const pre = /amtsweg_login_csrf=([^;]+)/.exec(String(form.headers['set-cookie']))?.[1] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const submit = (password: string) =>
      app.inject({
        method: 'POST',
        url: path,
        remoteAddress: '10.0.1.3',
        cookies: { amtsweg_login_csrf: pre },
        headers: formHeaders,
        payload: new URLSearchParams({ _csrf: csrf, password }).toString(),
      });
    const short = await submit('kurz');
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /mindestens 12 Zeichen/);
    const done = await submit('ein-neues-langes-passwort');
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Das neue Passwort gilt/);
    // The old session is over, the old password too; the new one works; the link is spent.
    assert.equal((await get(app, editor, '/editor/account')).statusCode, 401);
    assert.equal((await signIn(app, { email: EDITOR, password: PASSWORD, ip: '10.0.1.4' })).status, 401);
    assert.equal(
      (await signIn(app, { email: EDITOR, password: 'ein-neues-langes-passwort', ip: '10.0.1.4' })).status,
      303,
    );
    assert.equal((await submit('noch-ein-neues-passwort')).statusCode, 404);
    assert.equal((await app.inject({ url: path })).statusCode, 404);
  });

  it('TOTP: an admin enrols with the shown secret, and sign-in then needs the code', async () => {
    const { app } = ctx;
    const other = await app.services.auth.createUser(
      { email: 'zweite@kreis.example', password: PASSWORD, grants: [{ role: 'admin', tenantAgs: '*' }] },
      CLI_PRINCIPAL,
    );
    const s = await session(app, other.email, '10.0.2.1');
    const account = await get(app, s, '/editor/account');
    assert.match(account.body, /Zwei-Faktor-Anmeldung einrichten/);
    const started = await post(app, s, '/editor/account/totp');
    assert.equal(started.statusCode, 303);
    const page = await get(app, s, '/editor/account');
    const secret = (/<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1] ?? '').replace(/ /g, '');
    assert.match(page.body, /otpauth:\/\/totp\/amtsweg:zweite%40kreis\.example\?/);
    assert.equal(secret.length, 32);
    const wrong = await post(app, s, '/editor/account/totp/confirm', { code: '123456' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Der Code stimmt nicht/);
    assert.ok(wrong.body.includes('id="totp-secret"'), 'the secret stays on the page after a wrong code');
    const ok = await post(app, s, '/editor/account/totp/confirm', { code: totpCode(secret, new Date()) });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /Zwei-Faktor-Anmeldung eingeschaltet/);
    const noCode = await signIn(app, { email: other.email, password: PASSWORD, ip: '10.0.2.2' });
    assert.equal(noCode.status, 401);
    assert.match(noCode.body, /sechsstellige Code aus Ihrer Authenticator-App/);
    // The next time step's code (the current one was spent on enrolment).
    const code = totpCode(secret, new Date(Date.now() + 30_000));
    assert.equal((await signIn(app, { email: other.email, password: PASSWORD, code, ip: '10.0.2.2' })).status, 303);
    // Another admin can remove it (lost phone).
    const removed = await post(app, admin, `/editor/admin/users/${other.id}/totp/disable`);
    assert.equal(removed.statusCode, 200);
    assert.equal((await signIn(app, { email: other.email, password: PASSWORD, ip: '10.0.2.3' })).status, 303);
  });
});

describe('a reset link mailed through a real SMTP server', () => {
  let smtp: SMTPServer;
  const inbox: Array<{ to: string[]; raw: string }> = [];
  let ctx: Ctx;
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, s, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          inbox.push({ to: s.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    ctx = await setUp({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
  });
  after(async () => {
    await ctx.app.close();
    await ctx.db.cleanup();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('goes to the account only, with a link on PUBLIC_URL, and is not shown to the admin', async () => {
    const { app, ids } = ctx;
    const admin = await session(app, ADMIN, '10.0.3.1');
    const issued = await post(app, admin, `/editor/admin/users/${ids.editor}/password-reset`);
    assert.equal(issued.statusCode, 201);
    assert.match(issued.body, /ging per E-Mail an redaktion@altdorf\.example/);
    assert.ok(!issued.body.includes('/editor/passwort/'), 'the admin does not see the link');
    assert.equal(inbox.length, 1);
    assert.deepEqual(inbox[0]!.to, [EDITOR]);
    const body = inbox[0]!.raw.replace(/=\r\n/g, '');
    const link = /https:\/\/amtsweg\.example\/editor\/passwort\/[A-Za-z0-9_-]{43}/.exec(body)?.[0] ?? '';
    assert.ok(link, `link in the mail: ${body.slice(-600)}`);
    const form = await app.inject({ url: new URL(link).pathname });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Passwort festlegen/);
  });
});
