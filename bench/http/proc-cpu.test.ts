// CPU per request comes from these readings; a field off by one would read a different counter.
// Run: node --import tsx --test bench/http/*.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuDelta, cpuMs, parseStatTicks } from './proc-cpu.ts';

describe('parseStatTicks', () => {
  it('adds utime and stime (fields 14 and 15), even when the command name holds spaces and parentheses', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 111 222 13 14 20 0 1 0 100 1000 50';
    assert.equal(parseStatTicks(`42 (node) ${rest}`), 333);
    assert.equal(parseStatTicks(`42 (a (b) c) ${rest}`), 333);
  });

  it('refuses text that is not a stat line', () => {
    assert.throws(() => parseStatTicks('hello'), /not a \/proc/);
  });
});

describe('cpuMs', () => {
  it('grows while this process computes', () => {
    const before = cpuMs(process.pid);
    assert.ok(before !== undefined);
    const end = Date.now() + 120;
    let x = 0;
    while (Date.now() < end) x += Math.sqrt(x + 1);
    assert.ok(x > 0);
    assert.ok(cpuMs(process.pid)! - before >= 50, 'a 120 ms busy loop shows at least 50 ms CPU');
  });

  it('is undefined for a process that does not exist', () => {
    assert.equal(cpuMs(2 ** 22 + 1), undefined);
  });
});

describe('cpuDelta', () => {
  it('counts processes that appeared whole and reports those that vanished', () => {
    const before = new Map([
      [1, 100],
      [2, 50],
    ]);
    const after = new Map([
      [1, 130],
      [3, 20],
    ]);
    assert.deepEqual(cpuDelta(before, after), { ms: 50, lost: 1 });
  });
});
