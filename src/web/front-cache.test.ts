// The front cache's rules on a bare node:http server, with a stand-in for Fastify that marks its answers as
// `sendCached` does: when it replays, and when every request must go to Fastify (src/app/front-cache.http.test.ts
// checks the bytes against the real app).
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyReply } from 'fastify';
import { FrontCache, markKept } from './front-cache.ts';

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('FrontCache', () => {
  const state = {
    token: 1 as number | undefined,
    bypass: false,
    until: Number.POSITIVE_INFINITY,
    extra: {} as Record<string, string>,
    made: 0,
    answered: 0,
  };
  const cache = new FrontCache({ maxBytes: 1024 * 1024 });
  let server: Server;
  let port = 0;

  before(async () => {
    cache.attach({
      token: () => state.token,
      bypass: () => state.bypass,
      requestId: () => 'id',
      requestIdHeader: 'x-request-id',
      answered: () => {
        state.answered++;
      },
    });
    // Fastify's part: a new body each time it is asked, marked as kept.
    server = createServer(
      cache.listener((_req, res) => {
        state.made++;
        const body = Buffer.from(`made ${state.made}`);
        const headers = {
          'x-request-id': 'id',
          vary: 'accept-encoding',
          etag: `W/"${state.made}"`,
          ...state.extra,
          'content-length': String(body.length),
        };
        const reply = {
          raw: res,
          statusCode: 200,
          getHeaders: () => headers,
          request: { routeOptions: { url: '/x' } },
        } as unknown as FastifyReply;
        markKept(reply, state.until, body);
        res.writeHead(200, headers);
        res.end(body);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    Object.assign(state, { token: (state.token ?? 0) + 1, bypass: false, until: Number.POSITIVE_INFINITY, extra: {} });
  });

  it('replays the kept answer while the token holds, and asks again when it moves', async () => {
    assert.equal((await get(port, '/a')).body, `made ${state.made}`);
    const made = state.made;
    const answered = state.answered;
    assert.equal((await get(port, '/a')).body, `made ${made}`);
    assert.equal((await get(port, '/a')).body, `made ${made}`);
    assert.equal(state.made, made);
    assert.equal(state.answered, answered + 2);
    state.token = (state.token ?? 0) + 1;
    assert.equal((await get(port, '/a')).body, `made ${made + 1}`);
  });

  it('goes to Fastify while no token is known, while bypassed, and with a cookie', async () => {
    await get(port, '/b');
    const made = state.made;
    state.bypass = true;
    await get(port, '/b');
    state.bypass = false;
    await get(port, '/b', { cookie: 'a=b' });
    await get(port, '/b', { authorization: 'Bearer x' });
    const token = state.token;
    state.token = undefined;
    await get(port, '/b');
    state.token = token;
    assert.equal(state.made, made + 4);
    await get(port, '/b');
    assert.equal(state.made, made + 4, 'the first answer is still good');
  });

  it('keeps nothing past its until, with a cookie set, or with a stale marking', async () => {
    state.until = Date.now() - 1;
    await get(port, '/c');
    const made = state.made;
    await get(port, '/c');
    assert.equal(state.made, made + 1);
    const unkept: Record<string, string>[] = [
      { 'set-cookie': 'x=y' },
      { 'x-amtsweg-stale': 'since' },
      { vary: 'accept-encoding, cookie' },
    ];
    for (const extra of unkept) {
      state.until = Number.POSITIVE_INFINITY;
      state.extra = extra;
      const path = `/d${Object.keys(extra)[0]}`;
      await get(port, path);
      const before = state.made;
      await get(port, path);
      assert.equal(state.made, before + 1, JSON.stringify(extra));
    }
  });

  it('keys by the encoding the app would choose', async () => {
    await get(port, '/e', { 'accept-encoding': 'gzip' });
    const made = state.made;
    await get(port, '/e', { 'accept-encoding': 'gzip, deflate' });
    assert.equal(state.made, made, 'gzip either way');
    await get(port, '/e', { 'accept-encoding': 'br' });
    await get(port, '/e');
    assert.equal(state.made, made + 2);
  });
});
