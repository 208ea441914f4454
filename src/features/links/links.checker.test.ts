// The checker against local HTTP servers on 127.0.0.1 only: never the internet.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type CheckerOptions, checkAll, checkUrl, DEFAULT_CHECKER_OPTIONS } from './links.checker.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

const options: CheckerOptions = {
  ...DEFAULT_CHECKER_OPTIONS,
  allowPrivateHosts: true,
  timeoutMs: 1500, // well below the 2 s "/slow" route, well above a loaded CI machine's latency
  perHostIntervalMs: 0,
  maxHostPauseMs: 300,
};

let site: { server: Server; base: string };
const seen: Array<{ method: string; url: string; ua: string }> = [];

before(async () => {
  site = await serve((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', ua: String(req.headers['user-agent'] ?? '') });
    const path = req.url ?? '/';
    if (path === '/ok') return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
    if (path === '/gone') return res.writeHead(410).end();
    if (path === '/missing') return res.writeHead(404).end();
    if (path === '/moved') return res.writeHead(301, { location: '/ok' }).end();
    if (path === '/temp') return res.writeHead(302, { location: '/moved' }).end();
    if (path === '/loop') return res.writeHead(302, { location: '/loop2' }).end();
    if (path === '/loop2') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/no-head') {
      if (req.method === 'HEAD') return res.writeHead(405).end();
      return res.writeHead(200).end('body that is never read '.repeat(1000));
    }
    if (path === '/login') return res.writeHead(401).end();
    if (path === '/boom') return res.writeHead(500).end();
    if (path === '/slow') return void setTimeout(() => res.writeHead(200).end(), 2000);
    return res.writeHead(404).end();
  });
});

after(async () => {
  site.server.closeAllConnections();
  await new Promise((r) => site.server.close(r));
});

test('a working page', async () => {
  const r = await checkUrl(`${site.base}/ok`, options);
  assert.equal(r.outcome, 'ok');
  assert.equal(r.httpStatus, 200);
  assert.equal(r.method, 'HEAD');
  assert.deepEqual(r.redirects, []);
  assert.match(seen.at(-1)?.ua ?? '', /^amtsweg-linkcheck\//);
});

test('404 and 410 are not found (after trying GET, since HEAD may lie)', async () => {
  const before = seen.length;
  const r = await checkUrl(`${site.base}/missing`, options);
  assert.equal(r.outcome, 'not_found');
  assert.equal(r.method, 'GET');
  assert.deepEqual(
    seen.slice(before).map((s) => s.method),
    ['HEAD', 'GET'],
  );
  assert.equal((await checkUrl(`${site.base}/gone`, options)).outcome, 'not_found');
});

test('redirects are followed and recorded hop by hop', async () => {
  const r = await checkUrl(`${site.base}/temp`, options);
  assert.equal(r.outcome, 'ok');
  assert.deepEqual(
    r.redirects.map((h) => [h.status, new URL(h.location).pathname]),
    [
      [302, '/moved'],
      [301, '/ok'],
    ],
  );
  assert.equal(new URL(r.finalUrl).pathname, '/ok');
});

test('a redirect loop ends as too many redirects', async () => {
  const r = await checkUrl(`${site.base}/loop`, options);
  assert.equal(r.outcome, 'too_many_redirects');
});

test('HEAD refused → GET decides; the body is not downloaded', async () => {
  const r = await checkUrl(`${site.base}/no-head`, options);
  assert.equal(r.outcome, 'ok');
  assert.equal(r.method, 'GET');
});

test('401 counts as restricted (the page exists), 500 as server error', async () => {
  assert.equal((await checkUrl(`${site.base}/login`, options)).outcome, 'restricted');
  assert.equal((await checkUrl(`${site.base}/boom`, options)).outcome, 'server_error');
});

test('a slow server times out', async () => {
  const r = await checkUrl(`${site.base}/slow`, { ...options, timeoutMs: 400 });
  assert.equal(r.outcome, 'timeout');
  assert.ok(r.durationMs < 1500, `took ${r.durationMs} ms`);
});

test('connection refused is a network failure', async () => {
  const closed = await serve((_q, s) => s.end());
  const base = closed.base;
  await new Promise((r) => closed.server.close(r));
  const r = await checkUrl(`${base}/x`, options);
  assert.equal(r.outcome, 'network');
  assert.match(r.error ?? '', /ECONNREFUSED/);
});

test('invalid and private URLs are not requested', async () => {
  assert.equal((await checkUrl('ftp://example.org/file', options)).outcome, 'invalid_url');
  const guarded = { ...options, allowPrivateHosts: false };
  const before = seen.length;
  assert.equal((await checkUrl(`${site.base}/ok`, guarded)).outcome, 'skipped_private');
  assert.equal(seen.length, before, 'no request went out');
});

test('checkAll: bounded overall and per host, spaced per host, each URL once', async () => {
  let active = 0;
  let maxActive = 0;
  const starts: number[] = [];
  const slowSite = await serve((_req, res) => {
    active++;
    maxActive = Math.max(maxActive, active);
    starts.push(Date.now());
    setTimeout(() => {
      active--;
      res.writeHead(200).end();
    }, 60);
  });
  try {
    const urls = Array.from({ length: 8 }, (_, i) => `${slowSite.base}/p${i}`);
    const results = await checkAll([...urls, ...urls], {
      ...options,
      concurrency: 10,
      perHostConcurrency: 2,
      perHostIntervalMs: 20,
    });
    assert.equal(results.length, 8, 'duplicates are checked once');
    assert.ok(results.every((r) => r.outcome === 'ok'));
    assert.ok(maxActive <= 2, `at most 2 at once against one host, saw ${maxActive}`);
    for (let i = 1; i < starts.length; i++) {
      assert.ok((starts[i] ?? 0) - (starts[i - 1] ?? 0) >= 15, 'request starts to one host are spaced');
    }
  } finally {
    slowSite.server.closeAllConnections();
    await new Promise((r) => slowSite.server.close(r));
  }
});

test('checkAll: the overall limit holds across hosts, hosts are served round-robin', async () => {
  let active = 0;
  let maxActive = 0;
  const order: string[] = [];
  const make = (name: string) =>
    serve((_req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      order.push(name);
      setTimeout(() => {
        active--;
        res.writeHead(200).end();
      }, 40);
    });
  const a = await make('a');
  const b = await make('b');
  const c = await make('c');
  try {
    const urls = [
      ...Array.from({ length: 6 }, (_, i) => `${a.base}/${i}`),
      ...Array.from({ length: 3 }, (_, i) => `${b.base}/${i}`),
      ...Array.from({ length: 3 }, (_, i) => `${c.base}/${i}`),
    ];
    const results = await checkAll(urls, { ...options, concurrency: 3, perHostConcurrency: 3 });
    assert.equal(results.length, 12);
    assert.ok(maxActive <= 3, `at most 3 overall, saw ${maxActive}`);
    assert.deepEqual(new Set(order.slice(0, 3)), new Set(['a', 'b', 'c']), 'the first wave touches every host');
  } finally {
    for (const s of [a, b, c]) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
  }
});

test('checkAll: a 429 with Retry-After pauses that host', async () => {
  const times: number[] = [];
  let first = true;
  const limited = await serve((_req, res) => {
    times.push(Date.now());
    if (first) {
      first = false;
      return res.writeHead(429, { 'retry-after': '1' }).end();
    }
    res.writeHead(200).end();
  });
  try {
    const results = await checkAll([`${limited.base}/a`, `${limited.base}/b`], {
      ...options,
      perHostConcurrency: 1,
      maxHostPauseMs: 250,
    });
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['ok', 'rate_limited']);
    // HEAD 429 → no GET retry; the next URL waits for the (capped) pause.
    const gap = (times.at(-1) ?? 0) - (times[0] ?? 0);
    assert.ok(gap >= 200, `host paused after 429 (gap ${gap} ms)`);
  } finally {
    limited.server.closeAllConnections();
    await new Promise((r) => limited.server.close(r));
  }
});

test('checkAll: an aborted run starts nothing new and still resolves', async () => {
  const controller = new AbortController();
  let count = 0;
  const results = await checkAll(
    Array.from({ length: 20 }, (_, i) => `${site.base}/ok?${i}`),
    { ...options, concurrency: 1, perHostConcurrency: 1 },
    {
      signal: controller.signal,
      onResult: () => {
        count++;
        if (count === 3) controller.abort();
      },
    },
  );
  assert.ok(results.length >= 3 && results.length < 20, `stopped early after ${results.length}`);
});
