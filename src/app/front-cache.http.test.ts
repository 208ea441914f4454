// The front cache (src/web/front-cache.ts, docs/decisions/0295) on a real listening server: `app.inject` does not pass
// the server's listener. Two apps on one seeded database, one with the front cache and one without: what the front
// answers is what Fastify answers, byte for byte (status, header names, order and values but Date and the request id,
// body), and a write, a cookie, HEAD, 304 and the encodings behave as in Fastify.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../db/testing.ts';
import type { Tenant } from '../features/catalog/catalog.tenant.ts';
import { tenantScope } from '../features/catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../features/catalog/index.ts';
import { type App, buildApp } from './app.ts';
import { seedDatabase } from './seed.ts';
import { createServices, type Services } from './services.ts';

interface Raw {
  status: number;
  /** Name, value, … as received, without Date and the request id's value. */
  headers: string[];
  get(name: string): string | undefined;
  body: Buffer;
}

function fetchRaw(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<Raw>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        // One Host for both servers: pages link to their origin, which would otherwise differ by the port.
        headers: { host: 'amtsweg.test', ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i] as string;
            if (name.toLowerCase() === 'date') continue;
            headers.push(name, name.toLowerCase() === 'x-request-id' ? 'ID' : (res.rawHeaders[i + 1] as string));
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            get: (n) => {
              const v = res.headers[n];
              return Array.isArray(v) ? v.join(', ') : v;
            },
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('front cache in front of Fastify', () => {
  let db: TestDb;
  let front: App;
  let plain: App;
  let services: Services;
  let frontPort = 0;
  let plainPort = 0;
  let town = '';
  let townSlug = '';
  let serviceId = '';

  before(async () => {
    db = await createTestDb('sqlite');
    // A generation read is reused for a minute: every replay below is then decided by the code, not by how long a
    // request took on a busy machine (a read due sends one request to Fastify). This process's writes count at once.
    services = createServices(db, { publicUrl: null, listen: false, generationCheckMs: 60_000 });
    front = await buildApp({ db, services, frontCache: true });
    await seedDatabase(front.services);
    plain = await buildApp({ db, frontCache: false });
    await front.listen({ port: 0, host: '127.0.0.1' });
    await plain.listen({ port: 0, host: '127.0.0.1' });
    frontPort = (front.server.address() as AddressInfo).port;
    plainPort = (plain.server.address() as AddressInfo).port;
    const areas = await front.services.catalog.listAreas();
    const geseke = areas.find((a) => a.slug === 'geseke');
    assert.ok(geseke, 'the seed has Geseke');
    town = geseke.ags;
    townSlug = geseke.slug;
    const first = (await front.services.catalog.listAreaServices(town))[0];
    assert.ok(first, 'Geseke has services');
    serviceId = first.id;
    // Each URL once: the first search writes the synonyms' generation, and a scope's first read moves the token.
    for (const path of urls()) await fetchRaw(frontPort, path);
    // After a write this process reads the generation on every answer for 2 s (ADR 0265): no replay meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 2100));
  });
  after(async () => {
    await front.close();
    await plain.close();
    await services.close();
    await db.cleanup();
  });

  const urls = () => [
    `/api/v1/areas/${town}/services`,
    `/api/v1/areas/${town}/services/${serviceId}`,
    `/api/v1/search?q=perso+verloren&ags=${town}`,
    `/${townSlug}/leistungen/${serviceId}`,
  ];

  /** The front app's answer twice (Fastify, then the front cache), and the plain app's. */
  async function threeWays(path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
    const hits = front.frontCache?.hits ?? 0;
    const made = await fetchRaw(frontPort, path, options);
    const replayed = await fetchRaw(frontPort, path, options);
    const fastify = await fetchRaw(plainPort, path, options);
    return { made, replayed, fastify, replays: (front.frontCache?.hits ?? 0) - hits };
  }

  for (const encoding of ['br', 'gzip', 'identity'] as const) {
    it(`answers a town list, a service, a search and a service page byte for byte as Fastify (${encoding})`, async () => {
      const headers = { 'accept-encoding': encoding === 'identity' ? 'identity' : `${encoding}, deflate` };
      for (const path of urls()) {
        const { made, replayed, fastify, replays } = await threeWays(path, { headers });
        assert.equal(made.status, 200, path);
        assert.equal(replays, 1, `${path}: the second answer comes from the front cache`);
        assert.deepEqual(replayed.headers, fastify.headers, path);
        assert.deepEqual(replayed.headers, made.headers, path);
        assert.ok(replayed.body.equals(fastify.body), `${path}: same body`);
        if (encoding !== 'identity' && made.body.length >= 1024)
          assert.equal(replayed.get('content-encoding'), encoding, path);
      }
    });
  }

  it('answers HEAD and If-None-Match (304) as Fastify does', async () => {
    for (const path of urls()) {
      const head = await threeWays(path, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(head.replays, 1, path);
      assert.deepEqual(head.replayed.headers, head.fastify.headers, path);
      assert.equal(head.replayed.body.length, 0);
      const etag = head.made.get('etag');
      assert.ok(etag, path);
      const hits = front.frontCache?.hits ?? 0;
      const notModified = await fetchRaw(frontPort, path, {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
      });
      assert.equal((front.frontCache?.hits ?? 0) - hits, 1, `${path}: the 304 from the front cache`);
      const fastify = await fetchRaw(plainPort, path, {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
      });
      assert.equal(notModified.status, 304, path);
      assert.deepEqual(notModified.headers, fastify.headers, path);
      assert.equal(notModified.body.length, 0);
    }
  });

  it('gives every answer its own request id', async () => {
    const path = urls()[1] as string;
    await fetchRaw(frontPort, path);
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const hits = front.frontCache?.hits ?? 0;
      const res = await fetchRaw(frontPort, path);
      assert.equal((front.frontCache?.hits ?? 0) - hits, 1);
      ids.add(String(res.get('x-request-id')));
    }
    assert.equal(ids.size, 3);
  });

  it('leaves requests with a cookie or credentials to Fastify', async () => {
    const path = urls()[0] as string;
    await fetchRaw(frontPort, path);
    const hits = front.frontCache?.hits ?? 0;
    const withCookie = await fetchRaw(frontPort, path, { headers: { cookie: 'aw_lang=de' } });
    const withAuth = await fetchRaw(frontPort, path, { headers: { authorization: 'Bearer amt_x' } });
    assert.equal(front.frontCache?.hits, hits);
    assert.equal(withCookie.status, 200);
    assert.ok(withAuth.status > 0);
  });

  it('counts front answers in the request metrics', async () => {
    const path = urls()[1] as string;
    const count = async () => {
      const text = (await front.inject('/metrics')).body;
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('amtsweg_http_requests_total{') &&
            l.includes('method="GET"') &&
            l.includes('route="/api/v1/areas/:ags/services/:serviceId"') &&
            l.includes('status_class="2xx"'),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    await fetchRaw(frontPort, path);
    const was = await count();
    const hits = front.frontCache?.hits ?? 0;
    await fetchRaw(frontPort, path);
    await fetchRaw(frontPort, path);
    assert.equal((front.frontCache?.hits ?? 0) - hits, 2);
    assert.equal(await count(), was + 2);
  });
  it('answers anew after a write (no stale replay)', async () => {
    const path = `/api/v1/areas/${town}/services/${serviceId}`;
    await fetchRaw(frontPort, path);
    const before = await fetchRaw(frontPort, path);
    const catalog = front.services.catalog;
    const owner = await catalog.ownerOf('service', serviceId);
    assert.ok(owner);
    const service = (await catalog.readTenants(tenantScope(owner as Tenant))).services.find((s) => s.id === serviceId);
    assert.ok(service);
    const set = emptyChangeSet();
    set.services = [{ label: 'renamed', value: { ...service, name: `${service.name} (neu)` } }];
    await catalog.applyChangeSet(set);
    const hits = front.frontCache?.hits ?? 0;
    const after = await fetchRaw(frontPort, path);
    assert.equal(front.frontCache?.hits, hits, 'the write sends the next request to Fastify');
    assert.notEqual(after.get('etag'), before.get('etag'));
    assert.match(after.body.toString(), /\(neu\)/);
  });
});
