import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hashPassword,
  needsRehash,
  newApiToken,
  parseApiToken,
  SCRYPT_PARAMS,
  verifyPassword,
} from './auth.secrets.ts';
import {
  canEdit,
  canWorkIn,
  grantProblem,
  type Principal,
  passwordProblem,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionExpiry,
} from './auth.ts';

const p = (role: string, tenantAgs: string): Principal => ({
  userId: 'u',
  label: 'x@y.de',
  name: null,
  grants: [{ role: role as never, tenantAgs }],
  via: 'web',
});

describe('auth rules', () => {
  it('lets each role edit only its own tenant and kinds', () => {
    const admin = p('admin', '*');
    const county = p('county_editor', '05974');
    const geseke = p('town_editor', '05974020');
    assert.ok(canEdit(admin, 'lebenslage', '*'));
    assert.ok(canEdit(admin, 'service', '05974020'));
    assert.ok(canEdit(county, 'service', '05974'));
    assert.ok(!canEdit(county, 'service', '05974020'));
    assert.ok(!canEdit(county, 'lebenslage', '*'));
    // The Kreis's own settings for the Land's and Bund's services (decision 0238), never a town's.
    assert.ok(canEdit(county, 'area_service', '05974'));
    assert.ok(!canEdit(county, 'area_service', '05974020'));
    assert.ok(canEdit(geseke, 'area_service', '05974020'));
    assert.ok(canEdit(geseke, 'authority', '05974020'));
    assert.ok(!canEdit(geseke, 'service', '05974'));
    assert.ok(!canEdit(geseke, 'area_service', '05974028'));
    assert.ok(!canEdit(null, 'service', '05974'));
    assert.ok(canWorkIn(geseke, '05974020') && !canWorkIn(geseke, '05974'));
  });

  it('checks grants and passwords', () => {
    assert.equal(grantProblem({ role: 'admin', tenantAgs: '*' }), null);
    assert.match(grantProblem({ role: 'town_editor', tenantAgs: '05974' }) ?? '', /8 Ziffern/);
    assert.match(grantProblem({ role: 'county_editor', tenantAgs: '05974020' }) ?? '', /5 Ziffern/);
    assert.match(grantProblem({ role: 'root', tenantAgs: '*' }) ?? '', /Unbekannte Rolle/);
    assert.ok(passwordProblem('kurz'));
    assert.ok(passwordProblem('aaaaaaaaaaaaaaaa'));
    assert.ok(passwordProblem('anna.meier-2024!', 'anna.meier@soest.de'));
    assert.equal(passwordProblem('korrekt-pferd-batterie'), null);
  });

  it('ends sessions after idle time and at the absolute limit', () => {
    const t0 = new Date('2025-01-01T08:00:00Z');
    assert.equal(sessionExpiry(t0, t0).getTime(), t0.getTime() + SESSION_IDLE_MS);
    const late = new Date(t0.getTime() + 20 * 3600_000);
    assert.equal(sessionExpiry(t0, late).getTime(), t0.getTime() + SESSION_ABSOLUTE_MS);
  });
});

describe('auth secrets', () => {
  it('hashes passwords with scrypt and verifies them', async () => {
    const hash = await hashPassword('korrekt-pferd-batterie', { N: 1024, r: 8, p: 1 });
    assert.match(hash, /^scrypt\$1024\$8\$1\$/);
    assert.ok(!hash.includes('korrekt'));
    assert.ok(await verifyPassword('korrekt-pferd-batterie', hash));
    assert.ok(!(await verifyPassword('korrekt-pferd-batteriE', hash)));
    assert.ok(!(await verifyPassword('x', 'plain')));
    assert.ok(needsRehash(hash));
    assert.ok(!needsRehash(await hashPassword('x', SCRYPT_PARAMS)));
  });

  it('makes API tokens that parse back', () => {
    const t = newApiToken();
    assert.deepEqual(parseApiToken(t.token), { id: t.id, secret: t.secret });
    assert.equal(parseApiToken('amt_nothex_x'), null);
    assert.equal(parseApiToken(`${t.token}x`), null);
  });
});
