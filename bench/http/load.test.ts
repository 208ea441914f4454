// The parsers of the load generators' output: a misread figure would make every ratio wrong.
// Run: node --import tsx --test bench/http/*.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAutocannonJson, parseWrkOutput } from './load.ts';

const WRK = `Running 5s test @ http://127.0.0.1:40000/api/v1/areas/05974020/services
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms    3.01ms  80.00ms   90.00%
    Req/Sec     4.10k   300.00     4.50k    80.00%
  Latency Distribution
     50%  850.00us
     75%   12.50ms
     90%   15.00ms
     99%    1.20s
  20500 requests in 5.00s, 7.50GB read
Requests/sec:   4100.00
Transfer/sec:      1.50GB
`;

describe('parseWrkOutput', () => {
  it('reads requests, duration and the 50th/99th percentiles in their units', () => {
    const r = parseWrkOutput(WRK);
    assert.equal(r.requests, 20500);
    assert.equal(r.seconds, 5);
    assert.equal(r.reqPerSec, 4100);
    assert.equal(r.p50Ms, 0.85);
    assert.equal(r.p99Ms, 1200);
  });

  it('fails a round with non-2xx answers or socket errors instead of counting them as throughput', () => {
    assert.throws(
      () => parseWrkOutput(WRK.replace('Requests/sec', '  Non-2xx or 3xx responses: 7\nRequests/sec')),
      /7 answers/,
    );
    assert.throws(
      () =>
        parseWrkOutput(
          WRK.replace('Requests/sec', '  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec'),
        ),
      /read 3/,
    );
    assert.doesNotThrow(() =>
      parseWrkOutput(
        WRK.replace('Requests/sec', '  Socket errors: connect 0, read 0, write 0, timeout 0\nRequests/sec'),
      ),
    );
  });

  it('refuses output without a latency distribution', () => {
    assert.throws(() => parseWrkOutput('Running 5s test @ x\n  10 requests in 5.00s, 1MB read\n'), /unexpected output/);
  });
});

describe('parseAutocannonJson', () => {
  const json = (over: object) =>
    JSON.stringify({
      requests: { total: 900 },
      latency: { p50: 4, p99: 30 },
      duration: 3,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      ...over,
    });

  it('reads totals over the real duration (not autocannon’s per-second average)', () => {
    const r = parseAutocannonJson(`Running 3s test\n${json({ duration: 3.6 })}`);
    assert.equal(r.requests, 900);
    assert.equal(r.reqPerSec, 250);
    assert.deepEqual([r.p50Ms, r.p99Ms], [4, 30]);
  });

  it('fails on errors and non-2xx', () => {
    assert.throws(() => parseAutocannonJson(json({ non2xx: 2 })), /2 non-2xx/);
    assert.throws(() => parseAutocannonJson(json({ timeouts: 1 })), /1 timeouts/);
  });
});
