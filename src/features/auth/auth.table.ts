// Accounts, roles per tenant, sessions and API tokens. Secrets never appear here in clear: passwords are scrypt
// hashes, session ids and token secrets are SHA-256 hashes of high-entropy random values.

export interface UserTable {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  passwordHash: string;
  /** 1 active, 0 disabled (cannot sign in, tokens stop working). */
  active: number;
  failedLogins: number;
  /** ISO timestamp until which sign-in is refused after repeated failures. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Base32 TOTP secret once the second factor is on (admins, optional); null: password only. */
  totpSecret: string | null;
  /** The secret shown while enrolling, until a code proves the app has it. */
  totpPendingSecret: string | null;
  /** The last TOTP time step accepted: a code is good once. */
  totpLastStep: number | null;
}

/** One role in one tenant (an area's AGS; `*` for admins, who act on every tenant). */
export interface UserRoleTable {
  userId: string;
  role: string;
  tenantAgs: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the cookie value: a database leak yields no usable session. */
  id: string;
  userId: string;
  /** Synchronizer token for every form of this session. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface ApiTokenTable {
  /** Public part of the token (`amt_<id>_<secret>`). */
  id: string;
  userId: string;
  name: string;
  /** SHA-256 (hex) of the secret part. */
  secretHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Who did what, when: written by auth (sign-ins, accounts, tokens) and by every catalog write. */
export interface AuditLogTable {
  id: string;
  at: string;
  actorId: string | null;
  /** E-mail, `cli` or `scheduler`. */
  actorLabel: string;
  /** 'web' | 'api' | 'cli' | 'scheduler'. */
  via: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  tenantAgs: string | null;
  summary: string | null;
  ip: string | null;
}

/** Failed sign-ins per (e-mail, client address): the delay grows per pair, so nobody else's guesses lock you out. */
export interface LoginThrottleTable {
  /** Lower-cased, as typed (also for e-mails without an account, so the answer reveals nothing). */
  email: string;
  ip: string;
  failures: number;
  /** ISO; attempts of this pair before it are refused without checking the password. */
  nextAllowedAt: string | null;
  updatedAt: string;
}

/** One-time password reset links; the link carries the secret, the table only its SHA-256. */
export interface PasswordResetTable {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  /** E-mail of the admin (or `cli`) who issued it. */
  createdBy: string;
}
