import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import {
  type AllTenantsScope,
  asTenant,
  isAllTenants,
  type SystemPrincipal,
  scopeOfGrants,
  scopeTenants,
  systemPrincipal,
  systemScope,
  tenantScope,
} from './catalog.tenant.ts';

describe('tenant scopes', () => {
  it('gives every tenant to a system principal and to an admin, never to a tenant editor', () => {
    assert.equal(scopeTenants(systemScope(systemPrincipal('cli'))), null);
    const admin = scopeOfGrants({ label: 'a@x.de', grants: [{ role: 'admin', tenantAgs: '*' }] });
    assert.ok(admin && isAllTenants(admin));
    const editor = scopeOfGrants({ label: 'e@x.de', grants: [{ role: 'town_editor', tenantAgs: '17001001' }] });
    assert.deepEqual(editor && scopeTenants(editor), ['17001001']);
  });

  it('refuses forged principals and forged all-tenants scopes at run time', () => {
    // @ts-expect-error a plain actor is not a SystemPrincipal
    assert.throws(() => systemScope({ userId: 'u1', label: 'e@x.de', via: 'web' }), ForbiddenError);
    const forgedPrincipal = { userId: null, label: 'cli', via: 'cli' } as unknown as SystemPrincipal;
    assert.throws(() => systemScope(forgedPrincipal), ForbiddenError);
    const forgedScope = { kind: 'all', grantedTo: 'me' } as unknown as AllTenantsScope;
    assert.throws(() => scopeTenants(forgedScope), ForbiddenError);
  });

  it('makes a tenant only of a well-formed AGS', () => {
    assert.equal(scopeTenants(tenantScope(asTenant('17001'), asTenant('17001001')))?.length, 2);
    assert.throws(() => asTenant('17x01'), ValidationError);
    assert.throws(
      () => asTenant('1700'),
      /2 \(Land\), 3 \(Regierungsbezirk\), 5 \(Kreis\), 8 \(Gemeinde\), 9 \(Gemeindeverband/,
    );
    // @ts-expect-error a plain string is not a Tenant
    tenantScope('17001');
  });
});
