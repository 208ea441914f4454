// Pure rules of the editors' workspace: roles, grants, permissions. No I/O here.
import { AppError, ConflictError, ForbiddenError, UnauthorizedError } from '../../shared/errors.ts';

export const ROLES = ['admin', 'county_editor', 'verband_editor', 'town_editor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administration',
  county_editor: 'Redaktion Kreis',
  verband_editor: 'Redaktion Gemeindeverband',
  town_editor: 'Redaktion Stadt/Gemeinde',
};

/** Admins hold their role for every tenant. */
export const ALL_TENANTS = '*';

export interface Grant {
  role: Role;
  /** AGS of the tenant (the Kreis, a Gemeindeverband's 9-digit key or a town); `*` for admins. */
  tenantAgs: string;
}

/** Who is acting, however they authenticated. */
export interface Principal {
  userId: string | null;
  /** E-mail of the user, or `cli` / `scheduler` for system actors. */
  label: string;
  name: string | null;
  grants: Grant[];
  via: 'web' | 'api' | 'cli' | 'scheduler';
}

/** Everything an editor can change: each kind maps onto one or more catalog tables. */
export const ENTITY_TYPES = ['service', 'area_service', 'authority', 'contact', 'lebenslage'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

/**
 * A Kreis has a 5-digit AGS, a town 8 digits, a Gemeindeverband (Amt, Verbandsgemeinde, Samtgemeinde …) the 9 first
 * digits of its ARS: it runs the offices of its member Gemeinden, so it is a tenant with editors like a town.
 */
export function tenantKind(ags: string): 'county' | 'verband' | 'town' | 'other' {
  if (/^\d{5}$/.test(ags)) return 'county';
  if (/^\d{8}$/.test(ags)) return 'town';
  if (/^\d{9}$/.test(ags)) return 'verband';
  return 'other';
}

/**
 * Areas whose records the workspace opens: Kreise, Gemeindeverbände and Gemeinden, and the Bund (`00`) and the Länder,
 * whose records come from imports (PVOG, XZuFi, bundles) and which only administrators may edit: their history must
 * be reachable like every other record's.
 */
export function isRecordTenant(ags: string): boolean {
  return tenantKind(ags) !== 'other' || /^\d{2}$/.test(ags);
}

/**
 * Towns, Gemeindeverbände and Kreise keep settings for the services of the areas above them (and see those in their
 * list): a Kreis adopts a Land's or the Bund's text with its local part, which reaches its towns (decision 0238).
 */
export function keepsLocalSettings(ags: string): boolean {
  const kind = tenantKind(ags);
  return kind === 'town' || kind === 'verband' || kind === 'county';
}

/** Null when the grant is well-formed, else why not. (Whether the area exists is checked by the service.) */
export function grantProblem(grant: { role: string; tenantAgs: string }): string | null {
  // German for the admins' page; the role names and "town AGS"/"Kreis AGS" stay as the CLI and API spell them.
  if (!isRole(grant.role)) return `Unbekannte Rolle „${grant.role}“. Möglich: ${ROLES.join(', ')}.`;
  if (grant.role === 'admin')
    return grant.tenantAgs === ALL_TENANTS
      ? null
      : 'Die Administration (admin) gilt für alle Gebiete: bitte Gebiet „*“ (alle Gebiete) wählen.';
  if (grant.role === 'county_editor' && tenantKind(grant.tenantAgs) !== 'county')
    return 'Die Redaktion Kreis (county_editor) braucht einen Kreis (Kreis AGS, 5 Ziffern).';
  if (grant.role === 'verband_editor' && tenantKind(grant.tenantAgs) !== 'verband')
    return 'Die Redaktion Gemeindeverband (verband_editor) braucht einen Gemeindeverband (Amt, Verbandsgemeinde, Samtgemeinde …: die ersten 9 Ziffern des ARS).';
  if (grant.role === 'town_editor' && tenantKind(grant.tenantAgs) !== 'town')
    return 'Die Redaktion Stadt/Gemeinde (town_editor) braucht eine Stadt oder Gemeinde (town AGS, 8 Ziffern).';
  return null;
}

export function isAdmin(p: Principal | null): boolean {
  return !!p && p.grants.some((g) => g.role === 'admin');
}

/** Which entity types each role may edit, in its own tenant. Admins: everything everywhere. */
const EDITABLE: Record<Exclude<Role, 'admin'>, readonly EntityType[]> = {
  // A Kreis keeps settings for the Land's and the Bund's services (decision 0238).
  county_editor: ['service', 'area_service', 'authority', 'contact'],
  // A Gemeindeverband runs its members' offices: it edits like a town (its own services, units, contacts, and its
  // settings for the Kreis's services).
  verband_editor: ['service', 'area_service', 'authority', 'contact'],
  town_editor: ['service', 'area_service', 'authority', 'contact'],
};

/**
 * May `p` create, change, publish or delete a record of `type` owned by `tenantAgs` — and read its drafts and
 * history? The tenant is the record's owner as stored in the database (or the URL's tenant for a new record),
 * never a value the client could choose freely for an existing record.
 */
export function canEdit(p: Principal | null, type: EntityType, tenantAgs: string): boolean {
  if (!p) return false;
  return p.grants.some((g) => {
    if (g.role === 'admin') return true;
    if (g.tenantAgs !== tenantAgs) return false;
    return EDITABLE[g.role].includes(type);
  });
}

/** May `p` open the workspace of a tenant at all (lists, drafts)? */
export function canWorkIn(p: Principal | null, tenantAgs: string): boolean {
  if (!p) return false;
  return p.grants.some((g) => g.role === 'admin' || g.tenantAgs === tenantAgs);
}

export function canManageUsers(p: Principal | null): boolean {
  return isAdmin(p);
}

export function canReadAudit(p: Principal | null): boolean {
  return isAdmin(p);
}

// ---- passwords --------------------------------------------------------------------------------------------------

export const MIN_PASSWORD_LENGTH = 12;

/** Null when acceptable. Length over composition rules (NIST SP 800-63B); the e-mail itself is refused. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`;
  if (password.length > 1024) return 'Das Passwort ist zu lang.';
  const local = email?.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) {
    return 'Das Passwort darf die E-Mail-Adresse nicht enthalten.';
  }
  if (/^(.)\1+$/.test(password)) return 'Das Passwort darf nicht aus einem einzigen wiederholten Zeichen bestehen.';
  return null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): string | null {
  // Control, format (bidi overrides, zero-width) and separator characters would let two addresses look alike in the
  // admin list and the audit log, or reorder what an admin reads.
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(email))
    return 'Die E-Mail-Adresse enthält unsichtbare Steuer- oder Richtungszeichen. Bitte nur sichtbare Zeichen verwenden.';
  if (email.length > 254) return 'Eine E-Mail-Adresse hat höchstens 254 Zeichen.';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : 'Bitte eine gültige E-Mail-Adresse angeben.';
}

// ---- errors -------------------------------------------------------------------------------------------------------

/** Wrong e-mail or password, or a disabled account: one message for all, so that nothing is revealed. */
export class LoginError extends UnauthorizedError {
  override readonly type = 'login-failed';
}

/** Too many failed sign-ins from this address for this e-mail: wait, then try again (nobody else is affected). */
export class LoginThrottledError extends AppError {
  override readonly status = 429;
  override readonly type = 'login-throttled';
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Zu viele Fehlversuche von dieser Adresse: Bitte warten Sie ${waitText(retryAfterSeconds)} und versuchen Sie es dann erneut.`,
    );
  }
}

/** The password was right, and the account also needs the code of its authenticator app. */
export class SecondFactorRequiredError extends UnauthorizedError {
  override readonly type = 'second-factor-required';
}

/** Would leave the deployment without an active admin, or an admin without their own admin rights. */
export class LastAdminError extends ConflictError {
  override readonly type = 'last-admin';
}

export class CsrfError extends ForbiddenError {
  override readonly type = 'csrf';
}

export class AuthenticationRequiredError extends UnauthorizedError {
  override readonly type = 'authentication-required';
}

// ---- sessions -----------------------------------------------------------------------------------------------------

/** A session ends after this much inactivity … */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** … and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
// ---- sign-in throttling (decision 0200) ----------------------------------------------------------------------------
// Failures are counted per (e-mail, client address). A few typos cost nothing; after that every further failure of the
// same pair doubles the wait before its next attempt, up to a quarter of an hour. There is no lock of the account: a
// stranger guessing from elsewhere slows down only themselves.

/** Failures of one (e-mail, address) pair that cost no wait. */
export const FREE_LOGIN_FAILURES = 3;
export const FIRST_LOGIN_DELAY_MS = 5_000;
export const MAX_LOGIN_DELAY_MS = 15 * 60 * 1000;

/** The wait after the `failures`-th failure of a pair: 0, 0, 0, 5 s, 10 s, 20 s … at most 15 min. */
export function loginDelayMs(failures: number): number {
  if (failures <= FREE_LOGIN_FAILURES) return 0;
  const exponent = Math.min(failures - FREE_LOGIN_FAILURES - 1, 30);
  return Math.min(MAX_LOGIN_DELAY_MS, FIRST_LOGIN_DELAY_MS * 2 ** exponent);
}

/** "12 Sekunden", "3 Minuten": what the sign-in form says about the wait. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} Sekunden`;
  return `${Math.ceil(seconds / 60)} Minuten`;
}

// ---- one-time password reset links ----------------------------------------------------------------------------------

/** How long an issued reset link works (once). */
export const PASSWORD_RESET_MS = 24 * 60 * 60 * 1000;

export function sessionExpiry(createdAt: Date, lastSeenAt: Date): Date {
  return new Date(Math.min(lastSeenAt.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_ABSOLUTE_MS));
}
