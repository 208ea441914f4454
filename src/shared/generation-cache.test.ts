import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GenerationCache } from './generation-cache.ts';

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
