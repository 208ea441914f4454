// Use cases of accounts, sessions and API tokens. Returns domain objects, never rows with secrets.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
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
import {
  AccountLockedError,
  ALL_TENANTS,
  emailProblem,
  type Grant,
  grantProblem,
  LOCK_MS,
  LoginError,
  MAX_FAILED_LOGINS,
  normalizeEmail,
  type Principal,
  passwordProblem,
  ROLE_LABELS,
  type Role,
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

export interface AuthServiceOptions {
  now?: () => Date;
}

const toUser = (r: repo.UserRow, grants: Grant[]): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  active: r.active === 1,
  grants,
  lockedUntil: r.lockedUntil,
  createdAt: r.createdAt,
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
  /** Failed sign-ins of e-mails without an account (in memory, bounded). */
  const ghostFailures = new Map<string, { count: number; until: number }>();
  const now = options.now ?? (() => new Date());
  const iso = () => now().toISOString();

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
      else if (g.tenantAgs !== ALL_TENANTS && !(await repo.areaExists(k, g.tenantAgs))) {
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
      await k.transaction().execute(async (trx) => {
        for (const g of user.grants) await repo.removeGrant(trx, userId, g);
        for (const g of grants) await repo.addGrant(trx, userId, g);
      });
      await audit(actor, {
        action: 'user.roles',
        entityType: 'user',
        entityId: user.email,
        summary: grants.map((g) => `${g.role} ${g.tenantAgs}`).join(', '),
      });
      return this.getUser(userId);
    },

    async setActive(userId: string, active: boolean, actor: Principal): Promise<void> {
      const user = await this.getUser(userId);
      await repo.updateUser(k, userId, { active: active ? 1 : 0, failedLogins: 0, lockedUntil: null }, iso());
      if (!active) await repo.deleteSessionsOf(k, userId);
      await audit(actor, { action: active ? 'user.enable' : 'user.disable', entityType: 'user', entityId: user.email });
    },

    async setPassword(userId: string, password: string, actor: Principal): Promise<void> {
      const user = await this.getUser(userId);
      const pp = passwordProblem(password, user.email);
      if (pp) throw new ValidationError(pp, [{ field: 'password', message: pp }]);
      await repo.updateUser(
        k,
        userId,
        { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null },
        iso(),
      );
      // A new password ends every other session: whoever knew the old one is out.
      await repo.deleteSessionsOf(k, userId);
      await audit(actor, { action: 'user.password', entityType: 'user', entityId: user.email });
    },

    /** Checks the credentials and opens a session. Throws LoginError (one message for every failure) or AccountLockedError. */
    async login(input: {
      email: string;
      password: string;
      ip?: string | null;
      userAgent?: string | null;
    }): Promise<{ token: string; session: SessionInfo }> {
      const email = normalizeEmail(input.email);
      const row = await repo.findUserByEmail(k, email);
      const at = now();
      const fail = async (summary: string) => {
        await audit(
          { userId: row?.id ?? null, label: email.slice(0, 200), name: null, grants: [], via: 'web' },
          { action: 'login.failed', summary, ip: input.ip ?? null },
        );
        return new LoginError('E-Mail-Adresse oder Passwort ist falsch.');
      };
      if (!row) {
        // Unknown e-mails lock like real accounts do, so the lock message reveals nothing about who has an account.
        const ghost = ghostFailures.get(email);
        if (ghost && ghost.until > at.getTime()) {
          throw new AccountLockedError(
            'Zu viele Fehlversuche: Das Konto ist vorübergehend gesperrt. Bitte später erneut versuchen.',
          );
        }
        await verifyPassword(input.password, await dummyPasswordHash());
        const count = (ghost && ghost.until === 0 ? ghost.count : 0) + 1;
        if (ghostFailures.size > 10_000) ghostFailures.clear();
        ghostFailures.set(email, { count, until: count >= MAX_FAILED_LOGINS ? at.getTime() + LOCK_MS : 0 });
        throw await fail('unknown account');
      }
      if (row.lockedUntil && row.lockedUntil > at.toISOString()) {
        await audit(principalOf(row, [], 'web'), { action: 'login.locked', ip: input.ip ?? null });
        throw new AccountLockedError(
          'Zu viele Fehlversuche: Das Konto ist vorübergehend gesperrt. Bitte später erneut versuchen.',
        );
      }
      const ok = await verifyPassword(input.password, row.passwordHash);
      if (!ok || row.active !== 1) {
        if (!ok) {
          const lock =
            row.failedLogins + 1 >= MAX_FAILED_LOGINS ? new Date(at.getTime() + LOCK_MS).toISOString() : null;
          await repo.recordFailedLogin(k, row.id, lock, at.toISOString());
        }
        throw await fail(ok ? 'account disabled' : 'wrong password');
      }
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

    async purgeExpiredSessions(): Promise<number> {
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
