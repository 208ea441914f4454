import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GenerationCache, GenerationClock } from './generation-cache.ts';

describe('GenerationCache', () => {
  it('misses once the generation moves on', () => {
    const cache = new GenerationCache<string, string>({ max: 4 });
    cache.set('a', 1, 'one');
    assert.equal(cache.get('a', 1), 'one');
    assert.equal(cache.get('a', 2), undefined);
  });

  it('evicts the least recently used entry beyond max', () => {
    const cache = new GenerationCache<string, number>({ max: 2 });
    cache.set('a', 1, 1);
    cache.set('b', 1, 2);
    cache.get('a', 1);
    cache.set('c', 1, 3);
    assert.equal(cache.get('b', 1), undefined);
    assert.equal(cache.get('a', 1), 1);
    assert.equal(cache.get('c', 1), 3);
  });

  it('computes once for concurrent callers and not again after', async () => {
    const cache = new GenerationCache<string, number>({ max: 2 });
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    const [x, y] = await Promise.all([cache.getOrCompute('k', 7, compute), cache.getOrCompute('k', 7, compute)]);
    assert.deepEqual([x, y, await cache.getOrCompute('k', 7, compute), calls], [42, 42, 42, 1]);
    await cache.getOrCompute('k', 8, compute);
    assert.equal(calls, 2);
  });

  it('does not keep a failed computation', async () => {
    const cache = new GenerationCache<string, number>({ max: 2 });
    await assert.rejects(
      cache.getOrCompute('k', 1, () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await cache.getOrCompute('k', 1, () => 5), 5);
  });
});

describe('GenerationClock', () => {
  function setup(maxAgeMs: number, pushed = true) {
    let t = 0;
    let generation = 1;
    let reads = 0;
    const live = { pushed, localWrites: 0 };
    const clock = new GenerationClock({
      read: async () => {
        reads++;
        return generation;
      },
      maxAgeMs,
      throttled: () => live.pushed,
      localWrites: () => live.localWrites,
      now: () => t,
    });
    return {
      clock,
      live,
      advance: (ms: number) => {
        t += ms;
      },
      set: (g: number) => {
        generation = g;
      },
      reads: () => reads,
    };
  }

  it('counts changes of the known generation, and refreshAhead reads only late in the window and throttled', async () => {
    const x = setup(200);
    x.clock.refreshAhead(); // nothing known yet: the first read
    assert.equal(x.reads(), 1);
    await x.clock.current();
    assert.equal(x.clock.changes, 1);
    x.advance(80);
    x.clock.refreshAhead(); // fresh, early in its window: no read
    assert.equal(x.reads(), 1);
    x.advance(40);
    assert.equal(x.clock.fresh(), 1, 'still fresh');
    x.clock.refreshAhead(); // past half of it: one read, and not a second while it runs
    x.clock.refreshAhead();
    assert.equal(x.reads(), 2);
    assert.equal(await x.clock.current(), 1);
    assert.equal(x.clock.changes, 1, 'the same generation read again is no change');
    x.set(2);
    x.clock.observe(2);
    assert.equal(x.clock.changes, 2);
    const unthrottled = setup(200, false);
    unthrottled.clock.refreshAhead();
    assert.equal(unthrottled.reads(), 0, 'unthrottled every answer reads anyway');
  });

  it('reads before every answer while not throttled (listener down)', async () => {
    const x = setup(200, false);
    await x.clock.current();
    await x.clock.current();
    x.set(2);
    assert.equal(await x.clock.current(), 2);
    assert.equal(x.reads(), 3);
  });

  it('reuses a read for maxAgeMs while pushes are live, then reads again', async () => {
    const x = setup(200);
    assert.equal(await x.clock.current(), 1);
    x.set(2);
    x.advance(150);
    assert.equal(await x.clock.current(), 1, 'within the window: no read');
    assert.equal(x.reads(), 1);
    x.advance(60);
    assert.equal(await x.clock.current(), 2, 'after the window: read');
    assert.equal(x.reads(), 2);
  });

  it('a push moves the generation at once, without a read; NaN (reconnect) forces the next read', async () => {
    const x = setup(60_000);
    await x.clock.current();
    x.clock.observe(5);
    assert.equal(await x.clock.current(), 5);
    x.clock.observe(3); // late, older push
    assert.equal(await x.clock.current(), 5);
    assert.equal(x.reads(), 1);
    x.set(7);
    x.clock.observe(Number.NaN);
    assert.equal(await x.clock.current(), 7);
    assert.equal(x.reads(), 2);
  });

  it('a read may go back (restored database), and a local write reads on every call for a while', async () => {
    const x = setup(60_000);
    x.set(9);
    await x.clock.current();
    x.set(4);
    x.clock.touch();
    assert.equal(await x.clock.current(), 4);
    assert.equal(await x.clock.current(), 4);
    assert.equal(x.reads(), 3);
    x.advance(2500);
    await x.clock.current();
    await x.clock.current();
    assert.equal(x.reads(), 3, 'window over: throttled again, the last read is fresh');
  });

  it('stops throttling when pushes stop', async () => {
    const x = setup(60_000);
    await x.clock.current();
    x.live.pushed = false;
    x.set(2);
    assert.equal(await x.clock.current(), 2);
  });

  it('a bump counted in this process reads at once and for a while, however long the window (SQLite)', async () => {
    const x = setup(60_000);
    assert.equal(await x.clock.current(), 1);
    x.set(2);
    assert.equal(await x.clock.current(), 1, 'another process wrote: not seen within the window');
    x.live.localWrites++;
    x.set(3);
    assert.equal(await x.clock.current(), 3, 'this process wrote: seen at the next answer');
    x.set(4);
    x.advance(1000);
    assert.equal(await x.clock.current(), 4, 'still reading: the commit may follow the bump');
    x.advance(1500);
    await x.clock.current();
    x.set(5);
    assert.equal(await x.clock.current(), 4, 'window over: throttled again');
  });
});
