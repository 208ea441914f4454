// The public problems list says which links are broken; why (status, error, redirects) only signed-in editors see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { AppError } from '../../shared/errors.ts';
import { CLI_PRINCIPAL, createAuthService } from '../auth/auth.service.ts';
import { linksApi } from './links.api.ts';
import type { BrokenLink } from './links.service.ts';

const BROKEN: BrokenLink = {
  url: 'http://vm:5432/',
  host: 'vm:5432',
  state: 'broken',
  lastOutcome: 'network',
  lastHttpStatus: null,
  lastError: 'ECONNRESET',
  finalUrl: 'http://vm:5432/',
  redirects: [{ status: 302, location: 'http://vm:5432/x' }],
  lastCheckedAt: '2026-11-30T10:00:00.000Z',
  lastSuccessAt: null,
  failingSince: '2026-11-20T10:00:00.000Z',
  brokeAt: '2026-11-27T10:00:00.000Z',
  consecutiveFailures: 4,
  checkCount: 4,
  durationMs: 12,
  sources: [{ url: 'http://vm:5432/', kind: 'authority_website', areaAgs: '17001', serviceId: null, label: 'Kreis' }],
};

describe('GET /api/v1/links/problems', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let token: string;
  before(async () => {
    db = await createTestDb('sqlite');
    const auth = createAuthService(db);
    const user = await auth.createUser(
      { email: 'links@kreis.example', password: 'korrekt-pferd-batterie', grants: [{ role: 'admin', tenantAgs: '*' }] },
      CLI_PRINCIPAL,
    );
    token = (await auth.createApiToken(user.id, { name: 't' }, CLI_PRINCIPAL)).token;
    app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    app.setErrorHandler((error, _req, reply) =>
      reply.code(error instanceof AppError ? error.status : 500).send({ message: String(error) }),
    );
    const links = { problems: async () => [structuredClone(BROKEN)], recentRuns: async () => [] };
    await app.register(linksApi, { prefix: '/api/v1', links, auth });
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('answers the public without status, error text or redirect targets', async () => {
    const res = await app.inject({ url: '/api/v1/links/problems' });
    assert.equal(res.statusCode, 200);
    const [item] = res.json().items;
    assert.equal(item.state, 'broken');
    assert.equal(item.url, BROKEN.url);
    assert.deepEqual(
      [item.lastOutcome, item.lastHttpStatus, item.lastError, item.finalUrl, item.redirects],
      [null, null, null, null, []],
    );
    assert.ok(!res.body.includes('ECONNRESET'));
    assert.match(String(res.headers['cache-control']), /^public/);
  });

  it('shows the details to a signed-in editor, uncached', async () => {
    const res = await app.inject({ url: '/api/v1/links/problems', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200);
    const [item] = res.json().items;
    assert.equal(item.lastError, 'ECONNRESET');
    assert.equal(item.lastOutcome, 'network');
    assert.deepEqual(item.redirects, BROKEN.redirects);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(item.sources[0].url, undefined, 'the sources never repeat the URL');
  });

  it('refuses a wrong token instead of answering as the public', async () => {
    const res = await app.inject({ url: '/api/v1/links/problems', headers: { authorization: 'Bearer amt_wrong' } });
    assert.equal(res.statusCode, 401);
  });
});
