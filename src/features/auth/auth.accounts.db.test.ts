// Accounts' SQL on SQLite and PostgreSQL (issue #13, finding 7): sign-in throttling per (e-mail, client address) with
// growing delays instead of an account lock; the last admin stays; reset links work once; a TOTP code works once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { type AuthService, CLI_PRINCIPAL, createAuthService, principalOf } from './auth.service.ts';
import { totpCode } from './auth.totp.ts';
import { LastAdminError, LoginError, LoginThrottledError, loginDelayMs, SecondFactorRequiredError } from './auth.ts';

const PASSWORD = 'korrekt-pferd-batterie';

for (const dialect of await testDialects()) {
  describe(`accounts on ${dialect}`, () => {
    let db: TestDb;
    let auth: AuthService;
    let clock = new Date('2026-11-30T10:00:00Z');
    const tick = (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    };
    const ids: Record<string, string> = {};

    before(async () => {
      db = await createTestDb(dialect);
      auth = createAuthService(db, { now: () => clock });
      for (const [name, email, role] of [
        ['admin', 'admin@kreis.example', 'admin'],
        ['editor', 'redaktion@kreis.example', 'admin'],
      ] as const) {
        const u = await auth.createUser(
          { email, password: PASSWORD, grants: [{ role, tenantAgs: '*' }] },
          CLI_PRINCIPAL,
        );
        ids[name] = u.id;
      }
    });
    after(async () => db.cleanup());

    const login = (email: string, password: string, ip: string, code?: string) =>
      auth.login({ email, password, ip, ...(code ? { code } : {}) });

    it('slows down only the guessing address, with growing delays, and never locks the account', async () => {
      const attacker = '203.0.113.9';
      const waits: number[] = [];
      for (let i = 0; i < 8; i++) {
        try {
          await login('redaktion@kreis.example', `falsch-${i}-falsch`, attacker);
          assert.fail('a wrong password signed in');
        } catch (error) {
          if (error instanceof LoginThrottledError) {
            waits.push(error.retryAfterSeconds);
            tick(error.retryAfterSeconds * 1000);
            i--;
            continue;
          }
          assert.ok(error instanceof LoginError, String(error));
        }
      }
      // Three free failures, then 5 s, 10 s, 20 s, 40 s before the next attempt (and 80 s after the eighth).
      assert.deepEqual(waits, [5, 10, 20, 40]);
      // The real editor at another address signs in at once, however often the attacker failed.
      const ok = await login('redaktion@kreis.example', PASSWORD, '10.0.0.5');
      assert.equal(ok.session.principal.label, 'redaktion@kreis.example');
      // The attacker's address still waits — even with the right password, which is not even checked then.
      await assert.rejects(login('redaktion@kreis.example', PASSWORD, attacker), { retryAfterSeconds: 80 });
      tick(loginDelayMs(8));
      await login('redaktion@kreis.example', PASSWORD, attacker);
      // A success clears that pair: the next typo is free again.
      await assert.rejects(login('redaktion@kreis.example', 'noch-ein-tippfehler', attacker), LoginError);
      await login('redaktion@kreis.example', PASSWORD, attacker);
    });

    it('throttles unknown e-mails like real ones, so the answers reveal nobody', async () => {
      const errors: string[] = [];
      for (let i = 0; i < 5; i++)
        errors.push(
          await login('niemand@kreis.example', 'falsch-falsch', '203.0.113.10').catch((e) => e.constructor.name),
        );
      assert.deepEqual(errors, ['LoginError', 'LoginError', 'LoginError', 'LoginError', 'LoginThrottledError']);
    });

    it('keeps the last active admin, and no admin can disable or demote themselves', async () => {
      const admin = principalOf({ id: ids.admin!, email: 'admin@kreis.example', name: null }, [], 'web');
      admin.grants = [{ role: 'admin', tenantAgs: '*' }];
      await assert.rejects(auth.setActive(ids.admin!, false, admin), LastAdminError);
      await assert.rejects(auth.setGrants(ids.admin!, [], admin), LastAdminError);
      // Another admin may disable one of two admins …
      await auth.setActive(ids.editor!, false, admin);
      // … but not the last one, not even from the command line.
      await assert.rejects(auth.setActive(ids.admin!, false, CLI_PRINCIPAL), LastAdminError);
      await assert.rejects(auth.setGrants(ids.admin!, [], CLI_PRINCIPAL), LastAdminError);
      assert.equal((await auth.getUser(ids.admin!)).active, true);
      assert.deepEqual((await auth.getUser(ids.admin!)).grants, [{ role: 'admin', tenantAgs: '*' }]);
      await auth.setActive(ids.editor!, true, admin);
      // With a second active admin, the CLI may take the role away.
      await auth.setGrants(ids.editor!, [], CLI_PRINCIPAL);
      await auth.setGrants(ids.editor!, [{ role: 'admin', tenantAgs: '*' }], CLI_PRINCIPAL);
    });

    it('a reset link sets a password once, ends the sessions and withdraws older links', async () => {
      const first = await auth.issuePasswordReset(ids.editor!, CLI_PRINCIPAL, 'https://amtsweg.example');
      const second = await auth.issuePasswordReset(ids.editor!, CLI_PRINCIPAL, 'https://amtsweg.example');
      assert.equal(first.mailed, false);
      assert.match(second.link, /^https:\/\/amtsweg\.example\/editor\/passwort\/[A-Za-z0-9_-]{43}$/);
      const secretOf = (link: string) => link.split('/').pop()!;
      await assert.rejects(auth.passwordResetFor(secretOf(first.link)), { status: 404 });
      await login('redaktion@kreis.example', PASSWORD, '10.0.0.6');
      assert.ok((await auth.countSessions(ids.editor!)) > 0);
      await auth.resetPassword(secretOf(second.link), 'ein-ganz-neues-passwort');
      assert.equal(await auth.countSessions(ids.editor!), 0);
      await assert.rejects(auth.resetPassword(secretOf(second.link), 'noch-ein-neues-passwort'), { status: 404 });
      await login('redaktion@kreis.example', 'ein-ganz-neues-passwort', '10.0.0.6');
      // Expired links do not work.
      const third = await auth.issuePasswordReset(ids.editor!, CLI_PRINCIPAL, 'https://amtsweg.example');
      tick(25 * 60 * 60 * 1000);
      await assert.rejects(auth.passwordResetFor(secretOf(third.link)), { status: 404 });
    });

    it('TOTP: enrol with a code, then sign-in needs a code, and each code works once', async () => {
      const admin = (await login('admin@kreis.example', PASSWORD, '10.0.0.7')).session.principal;
      const { secret, uri } = await auth.startTotp(admin);
      assert.match(uri, /^otpauth:\/\/totp\/amtsweg:admin%40kreis\.example\?.*secret=/);
      await assert.rejects(auth.confirmTotp(admin, '000000'), { status: 400 });
      await auth.confirmTotp(admin, totpCode(secret, clock));
      assert.equal((await auth.getUser(ids.admin!)).secondFactor, true);
      await assert.rejects(login('admin@kreis.example', PASSWORD, '10.0.0.7'), SecondFactorRequiredError);
      // The code used for enrolment cannot be used again.
      await assert.rejects(login('admin@kreis.example', PASSWORD, '10.0.0.7', totpCode(secret, clock)), LoginError);
      tick(30_000);
      const code = totpCode(secret, clock);
      await login('admin@kreis.example', PASSWORD, '10.0.0.7', code);
      await assert.rejects(login('admin@kreis.example', PASSWORD, '10.0.0.8', code), LoginError);
      await auth.disableTotp(ids.admin!, CLI_PRINCIPAL);
      await login('admin@kreis.example', PASSWORD, '10.0.0.7');
    });
  });
}
