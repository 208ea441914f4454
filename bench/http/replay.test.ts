// The baseline is only fair if it sends what the app sent: record from a stand-in server, replay from the bare
// server child, compare. Run: node --import tsx --test bench/http/*.test.ts
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { RecordedAnswer } from './bare-server.ts';
import { differences, fetchRaw, record } from './capture.ts';
import { type ServerChild, startChild } from './child.ts';

const json = Buffer.from(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: `s-${i}` })) }));
const stand = createServer((req, res) => {
  if (req.url === '/missing') return void res.writeHead(404).end();
  const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
  const headers: [string, string][] = [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['ETag', 'W/"abc"'],
    ['x-request-id', 'req-1'],
  ];
  if (gzip) headers.push(['content-encoding', 'gzip'], ['vary', 'accept-encoding']);
  res.writeHead(200, headers.flat());
  res.end(gzip ? gzipSync(json) : json);
});

describe('record and replay', () => {
  let port = 0;
  let bare: ServerChild<{ port: number }>;
  let recorded: RecordedAnswer[];

  before(async () => {
    await new Promise<void>((r) => stand.listen(0, '127.0.0.1', r));
    port = (stand.address() as AddressInfo).port;
    recorded = [await record(port, '/list', {}), await record(port, '/list', { 'accept-encoding': 'gzip' })];
    bare = await startChild(new URL('./bare-server.ts', import.meta.url), {
      startTimeoutMs: 30_000,
      initial: { cases: recorded },
    });
  });
  after(async () => {
    await bare?.stop();
    stand.close();
  });

  it('replays status, header names in order and body bytes per path and accept-encoding', async () => {
    const identity = await fetchRaw(bare.ready.port, '/list', {});
    const gzip = await fetchRaw(bare.ready.port, '/list', { 'accept-encoding': 'gzip' });
    assert.deepEqual(differences(recorded[0]!, identity), []);
    assert.deepEqual(differences(recorded[1]!, gzip), []);
    assert.ok(identity.body.equals(json));
    assert.equal(gzip.rawHeaders[gzip.rawHeaders.indexOf('content-encoding') + 1], 'gzip');
    assert.deepEqual(
      identity.rawHeaders.filter((_, i) => i % 2 === 0).slice(0, 3),
      ['Content-Type', 'ETag', 'x-request-id'],
      "the app's spelling and order",
    );
  });

  it('notices an answer that differs from the recording', async () => {
    const identity = await fetchRaw(bare.ready.port, '/list', {});
    assert.match(differences(recorded[1]!, identity).join(';'), /headers .*content-encoding/);
  });

  it('refuses to record a non-200 answer', async () => {
    await assert.rejects(record(port, '/missing', {}), /answered 404/);
  });
});
