// The link checker never connects to internal addresses, whatever name leads there: tested with a local server on
// 127.0.0.1 and a resolver that maps made-up names onto it (never the internet, never the system's DNS for them).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type CheckerOptions, checkUrl, DEFAULT_CHECKER_OPTIONS } from './links.checker.ts';
import { guardedLookup, isBlockedAddress, type Resolver } from './safe-fetch.ts';

let server: Server;
let port = 0;
const hits: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.headers.host} ${req.url}`);
    if (req.url === '/to-vm') return res.writeHead(302, { location: `http://vm:${port}/secret` }).end();
    if (req.url === '/to-literal') return res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/` }).end();
    if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
    return res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/**
 * `vm` and the others lead inside; `public.example` is the test server, whose 127.0.0.1 the `publicLoopback` options
 * treat as public. `vm` is 127.0.0.2, where nothing listens: reaching it would be a network error, not a refusal.
 */
const names: Record<string, Array<{ address: string; family: number }>> = {
  vm: [{ address: '127.0.0.2', family: 4 }],
  'rebind.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.5', family: 4 },
  ],
  'v6.example': [{ address: 'fd00:ec2::254', family: 6 }],
  'public.example': [{ address: '127.0.0.1', family: 4 }],
};
const resolver: Resolver = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

const guarded: CheckerOptions = {
  ...DEFAULT_CHECKER_OPTIONS,
  allowPrivateHosts: false,
  timeoutMs: 1500,
  perHostIntervalMs: 0,
  lookup: guardedLookup(resolver),
};
/** Like production, except that the test server's 127.0.0.1 counts as public — to get a first hop through. */
const publicLoopback: CheckerOptions = {
  ...guarded,
  lookup: guardedLookup(resolver, (a) => a !== '127.0.0.1' && isBlockedAddress(a)),
};

test('internal, loopback, link-local, metadata, CGNAT, ULA and IPv4-mapped addresses are blocked', () => {
  for (const a of [
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '[::1]',
    'not-an-address',
  ])
    assert.equal(isBlockedAddress(a), true, a);
  for (const a of ['93.184.215.14', '172.32.0.1', '100.128.0.1', '2a00:1450:4001:80b::200e', '8.8.8.8'])
    assert.equal(isBlockedAddress(a), false, a);
});

test('a host name that resolves to loopback is refused at connect time: no request goes out', async () => {
  const before = hits.length;
  const r = await checkUrl(`http://vm:${port}/`, guarded);
  assert.equal(r.outcome, 'skipped_private');
  assert.equal(r.httpStatus, null);
  // The test server's own name, refused the same way.
  assert.equal((await checkUrl(`http://public.example:${port}/`, guarded)).outcome, 'skipped_private');
  assert.equal(hits.length, before, 'the server saw nothing');
});

test('a name with one private answer among public ones is refused, and so is a ULA (IPv6 metadata)', async () => {
  assert.equal((await checkUrl('http://rebind.example/', guarded)).outcome, 'skipped_private');
  assert.equal((await checkUrl('http://v6.example/', guarded)).outcome, 'skipped_private');
});

test('address literals (IPv4-mapped too) and localhost are refused without a lookup', async () => {
  const before = hits.length;
  for (const url of [
    `http://127.0.0.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://localhost:${port}/`,
    'http://169.254.169.254/latest/meta-data/',
  ])
    assert.equal((await checkUrl(url, guarded)).outcome, 'skipped_private', url);
  assert.equal(hits.length, before);
});

test('every redirect is checked again: a public page cannot send the checker inside', async () => {
  for (const path of ['/to-vm', '/to-literal', '/to-metadata']) {
    const before = hits.length;
    const r = await checkUrl(`http://public.example:${port}${path}`, publicLoopback);
    assert.equal(r.outcome, 'skipped_private', path);
    assert.deepEqual(
      hits.slice(before).map((h) => h.split(' ')[2]),
      [path],
      `${path}: only the first hop reached a server`,
    );
  }
  // The same first hop without a redirect inside is checked normally (the test's public stand-in works).
  assert.equal((await checkUrl(`http://public.example:${port}/ok`, publicLoopback)).outcome, 'ok');
});

test('an unknown name stays a DNS failure', async () => {
  assert.equal((await checkUrl('http://nowhere.example/', guarded)).outcome, 'dns');
});
