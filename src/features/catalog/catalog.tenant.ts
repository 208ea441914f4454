// Tenants as types. A `Tenant` is the AGS of an area that owns records; a `TenantScope` is what a read or write may
// touch: one tenant, a list, or every tenant. "Every tenant" cannot be written down by a caller: it is handed out
// only for a system actor (CLI, scheduler, seed) or an admin, and checked again at run time where it is used.
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import { agsProblem } from './catalog.ts';

declare const tenantBrand: unique symbol;
/** The AGS of an area that owns records (validated on construction). */
export type Tenant = string & { readonly [tenantBrand]: true };

declare const allBrand: unique symbol;
declare const systemBrand: unique symbol;

/** Who writes: a user (through the web or the API), a token, or the system itself (CLI, scheduler, seed). */
export interface Actor {
  userId: string | null;
  /** E-mail of the user, or `cli` / `scheduler` / `system`. */
  label: string;
  via: 'web' | 'api' | 'cli' | 'scheduler' | 'system';
}

/** A principal that is the program itself, not a person: only code paths without a request obtain one. */
export interface SystemPrincipal extends Actor {
  readonly [systemBrand]: true;
}

export interface AllTenantsScope {
  readonly kind: 'all';
  /** Who obtained the scope (for the audit trail). */
  readonly grantedTo: string;
  readonly [allBrand]: true;
}
export interface TenantListScope {
  readonly kind: 'tenants';
  readonly tenants: readonly [Tenant, ...Tenant[]];
}
export type TenantScope = TenantListScope | AllTenantsScope;

const SYSTEM_LABELS = ['cli', 'scheduler', 'system', 'seed'] as const;
const issuedSystemPrincipals = new WeakSet<object>();
const issuedAllScopes = new WeakSet<object>();

/** Parses an AGS into a `Tenant`; a malformed one is a validation error naming the allowed format. */
export function asTenant(ags: string): Tenant {
  if (ags !== '00') {
    const problem = agsProblem(ags);
    if (problem) {
      throw new ValidationError(`tenant "${ags}" ${problem}`, [
        { field: 'tenant', message: `"${ags}" ${problem} (Land 2, Regierungsbezirk 3, Kreis 5, Gemeinde 8)` },
      ]);
    }
  }
  return ags as Tenant;
}

export function tenantScope(first: Tenant, ...more: Tenant[]): TenantListScope {
  return { kind: 'tenants', tenants: [first, ...more] };
}

/** A scope over the given AGS list; null when the list is empty (an empty scope would mean "nothing", say so). */
export function tenantsScope(agsList: readonly string[]): TenantListScope | null {
  const [first, ...rest] = [...new Set(agsList)].map(asTenant);
  return first ? tenantScope(first, ...rest) : null;
}

export function systemPrincipal(label: (typeof SYSTEM_LABELS)[number]): SystemPrincipal {
  const via: Actor['via'] = label === 'cli' ? 'cli' : label === 'scheduler' ? 'scheduler' : 'system';
  const p = { userId: null, label, via } as SystemPrincipal;
  issuedSystemPrincipals.add(p);
  return p;
}

export function isSystemPrincipal(actor: object): actor is SystemPrincipal {
  return issuedSystemPrincipals.has(actor);
}

function allScope(grantedTo: string): AllTenantsScope {
  const scope = { kind: 'all', grantedTo } as AllTenantsScope;
  issuedAllScopes.add(scope);
  return scope;
}

/** Every tenant, for the program itself. Throws for anything that is not a system principal (checked at run time too). */
export function systemScope(principal: SystemPrincipal): AllTenantsScope {
  if (!isSystemPrincipal(principal)) throw new ForbiddenError('only a system principal may act on every tenant');
  return allScope(principal.label);
}

/** The grants of an authenticated user, as the auth feature stores them. */
export interface GrantHolder {
  label: string;
  grants: ReadonlyArray<{ role: string; tenantAgs: string }>;
}

/** The scope an authenticated user works in: every tenant for an admin, else the tenants of their grants (null: none). */
export function scopeOfGrants(p: GrantHolder): TenantScope | null {
  if (p.grants.some((g) => g.role === 'admin')) return allScope(p.label);
  return tenantsScope(p.grants.map((g) => g.tenantAgs));
}

/** Throws unless `scope` is an all-tenants scope that this module handed out (a forged object is refused). */
export function isAllTenants(scope: TenantScope): scope is AllTenantsScope {
  if (scope.kind !== 'all') return false;
  if (!issuedAllScopes.has(scope)) throw new ForbiddenError('an all-tenants scope must come from systemScope()');
  return true;
}

/** The tenants of a list scope, or null for every tenant. Repositories filter with this; nobody else needs it. */
export function scopeTenants(scope: TenantScope): Tenant[] | null {
  return isAllTenants(scope) ? null : [...scope.tenants];
}

export function scopeIncludes(scope: TenantScope, ags: string): boolean {
  const list = scopeTenants(scope);
  return list === null || (list as string[]).includes(ags);
}
