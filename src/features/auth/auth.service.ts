// Use cases of accounts, sessions and API tokens. Returns domain objects, never rows with secrets.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { type CatalogService, createCatalogService } from '../catalog/index.ts';
import * as repo from './auth.repository.ts';
import {
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  newApiToken,
  parseApiToken,
  randomToken,
  safeEqual,
  sha256,
  verifyPassword,
} from './auth.secrets.ts';
import { newTotpSecret, totpUri, verifyTotp } from './auth.totp.ts';
import {
  ALL_TENANTS,
  emailProblem,
  type Grant,
  grantProblem,
  isAdmin,
  LastAdminError,
  LoginError,
  LoginThrottledError,
  loginDelayMs,
  MAX_LOGIN_DELAY_MS,
  normalizeEmail,
  PASSWORD_RESET_MS,
  type Principal,
  passwordProblem,
  ROLE_LABELS,
  type Role,
  SecondFactorRequiredError,
  sessionExpiry,
} from './auth.ts';

export interface User {
  id: string;
  email: string;
  name: string | null;
  active: boolean;
  grants: Grant[];
  lockedUntil: string | null;
  createdAt: string;
  /** Sign-in also needs a TOTP code. */
  secondFactor: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface SessionInfo {
  principal: Principal;
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
}

export interface AuditInput {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  tenantAgs?: string | null;
  summary?: string | null;
  ip?: string | null;
}

/** How account mails leave (the notifications' SMTP mailer fits); null: links are shown to the admin instead. */
export interface AccountMailer {
  send(mail: { to: readonly string[]; subject: string; text: string }): Promise<void>;
}

export interface AuthServiceOptions {
  now?: () => Date;
  mailer?: AccountMailer | null;
  /** Absolute base of links in mails (PUBLIC_URL); else the admin's request's own origin. */
  publicUrl?: string | null;
  /**
   * The catalog that knows the areas a grant may name (the areas table is the catalog's, ADR 0051). The app passes
   * its own, so that there is one structure cache; without one, a catalog service of this database is made on use.
   */
  catalog?: Pick<CatalogService, 'structure'>;
}

/** A password reset link as issued: mailed to the account, or (no SMTP, or it failed) shown once to the admin. */
export interface IssuedReset {
  email: string;
  link: string;
  expiresAt: string;
  mailed: boolean;
  /** Why the mail did not go out although SMTP is configured. */
  mailError: string | null;
}

const toUser = (r: repo.UserRow, grants: Grant[]): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  active: r.active === 1,
  grants,
  lockedUntil: r.lockedUntil,
  createdAt: r.createdAt,
  secondFactor: r.totpSecret !== null,
});

const toToken = (r: repo.ApiTokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt,
  expiresAt: r.expiresAt,
  revokedAt: r.revokedAt,
});

export function principalOf(
  user: { id: string; email: string; name: string | null },
  grants: Grant[],
  via: Principal['via'],
): Principal {
  return { userId: user.id, label: user.email, name: user.name, grants, via };
}

export const CLI_PRINCIPAL: Principal = {
  userId: null,
  label: 'cli',
  name: 'Kommandozeile',
  grants: [{ role: 'admin', tenantAgs: ALL_TENANTS }],
  via: 'cli',
};
export const SCHEDULER_PRINCIPAL: Principal = {
  userId: null,
  label: 'scheduler',
  name: 'Zeitplan',
  grants: [{ role: 'admin', tenantAgs: ALL_TENANTS }],
  via: 'scheduler',
};

export function createAuthService(db: Db, options: AuthServiceOptions = {}) {
  const k = db.kysely;
  const now = options.now ?? (() => new Date());
  const iso = () => now().toISOString();
  let catalog = options.catalog;
  /** Whether the catalog knows the area a grant names: a Kreis, a Gemeindeverband, a town (any current key). */
  async function areaExists(key: string): Promise<boolean> {
    catalog ??= createCatalogService(db);
    return (await catalog.structure()).areasByAgs.has(key);
  }

  async function audit(actor: Principal, entry: AuditInput): Promise<void> {
    await repo.insertAudit(k, {
      id: randomUUID(),
      at: iso(),
      actorId: actor.userId,
      actorLabel: actor.label,
      via: actor.via,
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      tenantAgs: entry.tenantAgs ?? null,
      summary: entry.summary ?? null,
      ip: entry.ip ?? null,
    });
  }

  async function checkGrants(grants: Grant[]): Promise<void> {
    const issues = [];
    for (const [i, g] of grants.entries()) {
      const problem = grantProblem(g);
      if (problem) issues.push({ field: `grants[${i}]`, message: problem });
      else if (g.tenantAgs !== ALL_TENANTS && !(await areaExists(g.tenantAgs))) {
        issues.push({ field: `grants[${i}].tenant`, message: `Gebiet ${g.tenantAgs} ist nicht im Katalog.` });
      }
    }
    if (issues.length) throw new ValidationError(issues.map((x) => x.message).join(' '), issues);
  }

  return {
    audit,

    async countUsers(): Promise<number> {
      return repo.countUsers(k);
    },

    async createUser(
      input: { email: string; name?: string | null; password: string; grants: Grant[] },
      actor: Principal,
    ): Promise<User> {
      const email = normalizeEmail(input.email);
      const issues = [];
      const ep = emailProblem(email);
      if (ep) issues.push({ field: 'email', message: ep });
      const pp = passwordProblem(input.password, email);
      if (pp) issues.push({ field: 'password', message: pp });
      if (!input.grants.length) issues.push({ field: 'role', message: 'Bitte eine Rolle wählen.' });
      if (issues.length) throw new ValidationError(issues.map((x) => x.message).join(' '), issues);
      await checkGrants(input.grants);
      if (await repo.findUserByEmail(k, email)) {
        throw new ConflictError(`Ein Konto mit der E-Mail-Adresse ${email} gibt es schon.`);
      }
      const id = randomUUID();
      const at = iso();
      const passwordHash = await hashPassword(input.password);
      await k.transaction().execute(async (trx) => {
        await repo.insertUser(trx, {
          id,
          email,
          name: input.name?.trim() || null,
          passwordHash,
          active: 1,
          createdAt: at,
          updatedAt: at,
        });
        for (const g of input.grants) await repo.addGrant(trx, id, g);
      });
      await audit(actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: email,
        summary: input.grants.map((g) => `${ROLE_LABELS[g.role]} ${g.tenantAgs}`).join(', '),
      });
      return this.getUser(id);
    },

    async getUser(id: string): Promise<User> {
      const row = await repo.findUserById(k, id);
      if (!row) throw new NotFoundError('Konto nicht gefunden.');
      return toUser(row, await repo.grantsOf(k, id));
    },

    async findUserByEmail(email: string): Promise<User | null> {
      const row = await repo.findUserByEmail(k, normalizeEmail(email));
      return row ? toUser(row, await repo.grantsOf(k, row.id)) : null;
    },

    async listUsers(): Promise<User[]> {
      const rows = await repo.listUsers(k);
      const grants = await repo.grantsOfMany(
        k,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toUser(r, grants.get(r.id) ?? []));
    },

    async setGrants(userId: string, grants: Grant[], actor: Principal): Promise<User> {
      await checkGrants(grants);
      const user = await this.getUser(userId);
      const keepsAdmin = grants.some((g) => g.role === 'admin');
      if (!keepsAdmin && isAdmin({ ...actor, grants: user.grants }) && actor.userId === userId) {
        throw new LastAdminError(
          'Sie können sich Ihre eigene Administrationsrolle nicht nehmen. Das muss eine andere Administratorin oder ein anderer Administrator tun.',
        );
      }
      await k.transaction().execute(async (trx) => {
        for (const g of user.grants) await repo.removeGrant(trx, userId, g);
        for (const g of grants) await repo.addGrant(trx, userId, g);
        if (!keepsAdmin && (await repo.lockAndCountActiveAdmins(trx)) === 0) {
          throw new LastAdminError(
            `${user.email} ist das letzte aktive Administrationskonto: Bitte zuerst einem anderen Konto die Administration geben.`,
          );
        }
      });
      await audit(actor, {
        action: 'user.roles',
        entityType: 'user',
        entityId: user.email,
        summary: grants.map((g) => `${g.role} ${g.tenantAgs}`).join(', '),
      });
      return this.getUser(userId);
    },

    /** Adds one grant (the admins' page adds them one at a time). */
    async addGrant(userId: string, grant: Grant, actor: Principal): Promise<User> {
      const user = await this.getUser(userId);
      if (user.grants.some((g) => g.role === grant.role && g.tenantAgs === grant.tenantAgs)) return user;
      return this.setGrants(userId, [...user.grants, grant], actor);
    },

    async removeGrant(userId: string, grant: Grant, actor: Principal): Promise<User> {
      const user = await this.getUser(userId);
      const rest = user.grants.filter((g) => !(g.role === grant.role && g.tenantAgs === grant.tenantAgs));
      if (rest.length === user.grants.length) throw new NotFoundError('Diese Rolle hat das Konto nicht.');
      return this.setGrants(userId, rest, actor);
    },

    async setActive(userId: string, active: boolean, actor: Principal): Promise<void> {
      const user = await this.getUser(userId);
      if (user.active === active) return;
      if (!active && actor.userId === userId) {
        throw new LastAdminError('Sie können Ihr eigenes Konto nicht sperren.');
      }
      await k.transaction().execute(async (trx) => {
        await repo.updateUser(trx, userId, { active: active ? 1 : 0, failedLogins: 0, lockedUntil: null }, iso());
        if (!active && user.grants.some((g) => g.role === 'admin') && (await repo.lockAndCountActiveAdmins(trx)) === 0)
          throw new LastAdminError(
            `${user.email} ist das letzte aktive Administrationskonto und kann nicht gesperrt werden.`,
          );
        if (!active) await repo.deleteSessionsOf(trx, userId);
      });
      await audit(actor, { action: active ? 'user.enable' : 'user.disable', entityType: 'user', entityId: user.email });
    },

    async setPassword(userId: string, password: string, actor: Principal): Promise<void> {
      const user = await this.getUser(userId);
      const pp = passwordProblem(password, user.email);
      if (pp) throw new ValidationError(pp, [{ field: 'password', message: pp }]);
      const at = iso();
      await repo.updateUser(
        k,
        userId,
        { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null },
        at,
      );
      // A new password ends every other session and every open reset link: whoever knew the old one is out.
      await repo.deleteSessionsOf(k, userId);
      await repo.withdrawPasswordResets(k, userId, at);
      await audit(actor, { action: 'user.password', entityType: 'user', entityId: user.email });
    },

    // ---- password reset by one-time link ----

    /**
     * Issues a one-time link that lets the account set a new password (24 h, once). Mailed to the account when SMTP is
     * configured; otherwise — or when the mail fails — the caller shows it once to the admin. A newer link withdraws
     * older ones. Nothing of the link is stored but the SHA-256 of its secret.
     */
    async issuePasswordReset(userId: string, actor: Principal, origin: string): Promise<IssuedReset> {
      const user = await this.getUser(userId);
      const secret = randomToken(32);
      const at = now();
      const expiresAt = new Date(at.getTime() + PASSWORD_RESET_MS).toISOString();
      await k.transaction().execute(async (trx) => {
        await repo.withdrawPasswordResets(trx, userId, at.toISOString());
        await repo.insertPasswordReset(trx, {
          id: sha256(secret),
          userId,
          createdAt: at.toISOString(),
          expiresAt,
          usedAt: null,
          createdBy: actor.label,
        });
      });
      const base = (options.publicUrl ?? origin).replace(/\/+$/, '');
      const link = `${base}/editor/passwort/${secret}`;
      let mailed = false;
      let mailError: string | null = null;
      if (options.mailer) {
        try {
          await options.mailer.send({
            to: [user.email],
            subject: 'amtsweg: Neues Passwort festlegen',
            text: [
              'Guten Tag,',
              '',
              `für Ihr Konto ${user.email} in der Redaktion von amtsweg wurde ein Link zum Festlegen eines neuen Passworts erstellt.`,
              'Er gilt 24 Stunden und nur einmal:',
              '',
              link,
              '',
              'Wenn Sie das nicht erwartet haben, wenden Sie sich bitte an Ihre Administration.',
            ].join('\n'),
          });
          mailed = true;
        } catch (error) {
          mailError = (error as Error).message;
        }
      }
      await audit(actor, {
        action: 'user.password-reset',
        entityType: 'user',
        entityId: user.email,
        summary: mailed ? 'Link per E-Mail gesendet' : 'Link der Administration angezeigt',
      });
      return { email: user.email, link, expiresAt, mailed, mailError };
    },

    /** The account a reset link is for; NotFound when unknown, used, withdrawn or expired (one message for all). */
    async passwordResetFor(secret: string): Promise<{ email: string }> {
      const row = /^[A-Za-z0-9_-]{20,100}$/.test(secret) ? await repo.findPasswordReset(k, sha256(secret)) : undefined;
      if (!row || row.usedAt || row.expiresAt <= iso())
        throw new NotFoundError(
          'Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt. Bitte lassen Sie sich von der Administration einen neuen geben.',
        );
      const user = await this.getUser(row.userId);
      return { email: user.email };
    },

    /** Sets the password through a reset link; the link is spent even if two tabs submit at once. */
    async resetPassword(secret: string, password: string, ip?: string | null): Promise<{ email: string }> {
      const { email } = await this.passwordResetFor(secret);
      const user = await repo.findUserByEmail(k, email);
      if (!user) throw new NotFoundError('Konto nicht gefunden.');
      const pp = passwordProblem(password, email);
      if (pp) throw new ValidationError(pp, [{ field: 'password', message: pp }]);
      if (!(await repo.usePasswordReset(k, sha256(secret), iso())))
        throw new NotFoundError('Dieser Link wurde gerade schon benutzt.');
      const self = principalOf(user, [], 'web');
      await this.setPassword(user.id, password, self);
      await audit(self, { action: 'user.password-reset.used', entityType: 'user', entityId: email, ip: ip ?? null });
      return { email };
    },

    // ---- second factor (TOTP), admins ----

    /** Starts (or restarts) enrolment: a new pending secret, shown as text and otpauth:// URI until confirmed. */
    async startTotp(principal: Principal): Promise<{ secret: string; uri: string }> {
      if (!principal.userId || !isAdmin(principal))
        throw new ForbiddenError('Die Zwei-Faktor-Anmeldung ist für Administrationskonten vorgesehen.');
      const secret = newTotpSecret();
      await repo.updateUser(k, principal.userId, { totpPendingSecret: secret }, iso());
      return { secret, uri: totpUri(secret, principal.label) };
    },

    /** The pending enrolment, if any (to show it again after a wrong code). */
    async pendingTotp(principal: Principal): Promise<{ secret: string; uri: string } | null> {
      const row = principal.userId ? await repo.findUserById(k, principal.userId) : undefined;
      return row?.totpPendingSecret
        ? { secret: row.totpPendingSecret, uri: totpUri(row.totpPendingSecret, row.email) }
        : null;
    },

    /** Confirms enrolment with a code from the app; from then on sign-in needs a code. */
    async confirmTotp(principal: Principal, code: string, ip?: string | null): Promise<void> {
      const row = principal.userId ? await repo.findUserById(k, principal.userId) : undefined;
      if (!row?.totpPendingSecret)
        throw new ConflictError('Bitte zuerst die Einrichtung starten (der Schlüssel ist nicht mehr aktuell).');
      const step = verifyTotp(row.totpPendingSecret, code, now());
      if (step === null)
        throw new ValidationError('Der Code stimmt nicht. Bitte den aktuellen sechsstelligen Code der App eingeben.', [
          { field: 'code', message: 'Der Code stimmt nicht.' },
        ]);
      await repo.updateUser(
        k,
        row.id,
        { totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpLastStep: step },
        iso(),
      );
      await audit(principal, { action: 'user.totp.enable', entityType: 'user', entityId: row.email, ip: ip ?? null });
    },

    /** Turns the second factor off: the account itself, or an admin for someone who lost the device. */
    async disableTotp(userId: string, actor: Principal): Promise<void> {
      const user = await this.getUser(userId);
      if (actor.userId !== userId && !isAdmin(actor)) throw new ForbiddenError('Nur für die Administration.');
      await repo.updateUser(k, userId, { totpSecret: null, totpPendingSecret: null, totpLastStep: null }, iso());
      await audit(actor, { action: 'user.totp.disable', entityType: 'user', entityId: user.email });
    },

    /**
     * Checks the credentials (and the TOTP code when the account has one) and opens a session. Throws LoginError (one
     * message for every failure), SecondFactorRequiredError, or LoginThrottledError while this e-mail has to wait at
     * this client address. Unknown e-mails are throttled like real ones, so the answers reveal nobody's account.
     */
    async login(input: {
      email: string;
      password: string;
      code?: string | null;
      ip?: string | null;
      userAgent?: string | null;
    }): Promise<{ token: string; session: SessionInfo }> {
      const email = normalizeEmail(input.email).slice(0, 254);
      const ip = input.ip || '-';
      const at = now();
      const actorOf = (row: repo.UserRow | undefined): Principal => ({
        userId: row?.id ?? null,
        label: email.slice(0, 200),
        name: null,
        grants: [],
        via: 'web',
      });
      const throttle = await repo.findThrottle(k, email, ip);
      if (throttle?.nextAllowedAt && throttle.nextAllowedAt > at.toISOString()) {
        const row = await repo.findUserByEmail(k, email);
        await audit(actorOf(row), { action: 'login.throttled', summary: `${throttle.failures} Fehlversuche`, ip });
        throw new LoginThrottledError(Math.ceil((Date.parse(throttle.nextAllowedAt) - at.getTime()) / 1000));
      }
      const row = await repo.findUserByEmail(k, email);
      const fail = async (summary: string, message = 'E-Mail-Adresse oder Passwort ist falsch.') => {
        // A pair whose last failure is older than the longest delay starts afresh: a typo next month costs nothing.
        const stale = throttle && Date.parse(throttle.updatedAt) < at.getTime() - 2 * MAX_LOGIN_DELAY_MS;
        const failures = (throttle && !stale ? throttle.failures : 0) + 1;
        const delay = loginDelayMs(failures);
        await repo.saveThrottle(k, {
          email,
          ip,
          failures,
          nextAllowedAt: delay ? new Date(at.getTime() + delay).toISOString() : null,
          updatedAt: at.toISOString(),
        });
        await audit(actorOf(row), { action: 'login.failed', summary: `${summary} (${failures}.)`, ip });
        return new LoginError(message);
      };
      // Unknown e-mails cost a hash like real ones, so timing tells nothing.
      const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummyPasswordHash()));
      if (!row) throw await fail('unknown account');
      if (!ok) throw await fail('wrong password');
      if (row.active !== 1) throw await fail('account disabled');
      if (row.totpSecret) {
        const code = (input.code ?? '').trim();
        if (!code)
          throw new SecondFactorRequiredError(
            'Für dieses Konto ist zusätzlich der sechsstellige Code aus Ihrer Authenticator-App nötig. Bitte Passwort und Code eingeben.',
          );
        const step = verifyTotp(row.totpSecret, code, at);
        if (step === null || !(await repo.claimTotpStep(k, row.id, step)))
          throw await fail('wrong second factor', 'E-Mail-Adresse, Passwort oder Code ist falsch.');
      }
      if (throttle) await repo.clearThrottle(k, email, ip);
      if (row.failedLogins > 0 || row.lockedUntil || needsRehash(row.passwordHash)) {
        const rehash = needsRehash(row.passwordHash) ? { passwordHash: await hashPassword(input.password) } : {};
        await repo.updateUser(k, row.id, { failedLogins: 0, lockedUntil: null, ...rehash }, at.toISOString());
      }
      const token = randomToken(32);
      const csrfToken = randomToken(32);
      const expiresAt = sessionExpiry(at, at).toISOString();
      await repo.insertSession(k, {
        id: sha256(token),
        userId: row.id,
        csrfToken,
        createdAt: at.toISOString(),
        lastSeenAt: at.toISOString(),
        expiresAt,
        ip: input.ip ?? null,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      const grants = await repo.grantsOf(k, row.id);
      const principal = principalOf(row, grants, 'web');
      await audit(principal, { action: 'login', ip: input.ip ?? null });
      return { token, session: { principal, sessionId: sha256(token), csrfToken, expiresAt } };
    },

    /** The session behind a cookie value; null when unknown, expired or the account is disabled. Slides the idle timeout. */
    async resolveSession(token: string | undefined): Promise<SessionInfo | null> {
      if (!token || token.length > 100) return null;
      const id = sha256(token);
      const s = await repo.findSession(k, id);
      if (!s) return null;
      const at = now();
      if (s.expiresAt <= at.toISOString()) {
        await repo.deleteSession(k, id);
        return null;
      }
      const user = await repo.findUserById(k, s.userId);
      if (!user || user.active !== 1) return null;
      let expiresAt = s.expiresAt;
      // Write at most every five minutes: sliding expiry without a write per request.
      if (at.getTime() - Date.parse(s.lastSeenAt) > 5 * 60 * 1000) {
        expiresAt = sessionExpiry(new Date(s.createdAt), at).toISOString();
        await repo.touchSession(k, id, at.toISOString(), expiresAt);
      }
      return {
        principal: principalOf(user, await repo.grantsOf(k, user.id), 'web'),
        sessionId: id,
        csrfToken: s.csrfToken,
        expiresAt,
      };
    },

    async logout(session: SessionInfo, ip?: string | null): Promise<void> {
      await repo.deleteSession(k, session.sessionId);
      await audit(session.principal, { action: 'logout', ip: ip ?? null });
    },

    /** Ends every session of the user, on every device. */
    async logoutEverywhere(principal: Principal, ip?: string | null): Promise<number> {
      if (!principal.userId) return 0;
      const n = await repo.deleteSessionsOf(k, principal.userId);
      await audit(principal, { action: 'logout.everywhere', summary: `${n} Sitzung(en) beendet`, ip: ip ?? null });
      return n;
    },

    async countSessions(userId: string): Promise<number> {
      return repo.countSessionsOf(k, userId);
    },

    /** Housekeeping of the scheduler: expired sessions, and throttle pairs idle for a day. */
    async purgeExpiredSessions(): Promise<number> {
      await repo.purgeThrottle(k, new Date(now().getTime() - 24 * 60 * 60 * 1000).toISOString());
      return repo.deleteExpiredSessions(k, iso());
    },

    checkCsrf(session: SessionInfo, submitted: unknown): boolean {
      return typeof submitted === 'string' && safeEqual(submitted, session.csrfToken);
    },

    // ---- API tokens ----

    /** Creates a personal token; the clear value is returned once and never stored. */
    async createApiToken(
      userId: string,
      input: { name: string; expiresAt?: string | null },
      actor: Principal,
    ): Promise<{ token: string; info: ApiToken }> {
      const user = await this.getUser(userId);
      const name = input.name.trim();
      if (!name || name.length > 100)
        throw new ValidationError('Bitte einen Namen (bis 100 Zeichen) angeben.', [
          { field: 'name', message: 'Pflichtfeld' },
        ]);
      if (input.expiresAt && Number.isNaN(Date.parse(input.expiresAt))) {
        throw new ValidationError('Ablaufdatum ungültig.', [{ field: 'expiresAt', message: 'ISO-Datum erwartet' }]);
      }
      const t = newApiToken();
      const row: repo.ApiTokenRow = {
        id: t.id,
        userId,
        name,
        secretHash: sha256(t.secret),
        createdAt: iso(),
        lastUsedAt: null,
        expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        revokedAt: null,
      };
      await repo.insertApiToken(k, row);
      await audit(actor, {
        action: 'token.create',
        entityType: 'token',
        entityId: t.id,
        summary: `${name} für ${user.email}`,
      });
      return { token: t.token, info: toToken(row) };
    },

    async listApiTokens(userId: string): Promise<ApiToken[]> {
      return (await repo.listApiTokens(k, userId)).map(toToken);
    },

    async revokeApiToken(userId: string, id: string, actor: Principal): Promise<void> {
      if (!(await repo.revokeApiToken(k, userId, id, iso()))) throw new NotFoundError('Token nicht gefunden.');
      await audit(actor, { action: 'token.revoke', entityType: 'token', entityId: id });
    },

    /** The principal behind `Authorization: Bearer amt_…`; null when unknown, revoked, expired or the account is disabled. */
    async resolveApiToken(token: string): Promise<Principal | null> {
      const parsed = parseApiToken(token);
      if (!parsed) return null;
      const row = await repo.findApiToken(k, parsed.id);
      if (!row || row.revokedAt || !safeEqual(row.secretHash, sha256(parsed.secret))) return null;
      const at = iso();
      if (row.expiresAt && row.expiresAt <= at) return null;
      const user = await repo.findUserById(k, row.userId);
      if (!user || user.active !== 1) return null;
      if (!row.lastUsedAt || Date.parse(at) - Date.parse(row.lastUsedAt) > 60_000)
        await repo.touchApiToken(k, row.id, at);
      return principalOf(user, await repo.grantsOf(k, user.id), 'api');
    },

    async queryAudit(q: repo.AuditQuery) {
      return repo.queryAudit(k, q);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
export type { Role };
