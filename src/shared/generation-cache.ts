import { LRUCache } from 'lru-cache';

interface Entry<V> {
  generation: number;
  value: V;
}

/**
 * Values derived from the catalog at one cache generation (snapshots, search indexes, serialised lists, pages).
 * A lookup with a newer generation misses, so every instance drops what a write on any instance made stale. Built on
 * `lru-cache` rather than a hand-rolled Map so that eviction, size bounds and recency are one kept library's job.
 */
export class GenerationCache<K extends {}, V extends {}> {
  private readonly lru: LRUCache<K, Entry<V>>;
  private readonly pending = new Map<K, { generation: number; promise: Promise<V> }>();

  constructor(options: { max: number; sizeOf?: (value: V) => number; maxSize?: number }) {
    const { sizeOf, maxSize } = options;
    this.lru = new LRUCache<K, Entry<V>>({
      max: options.max,
      ...(sizeOf && maxSize ? { maxSize, sizeCalculation: (e: Entry<V>) => Math.max(1, sizeOf(e.value)) } : {}),
    });
  }

  get(key: K, generation: number): V | undefined {
    const hit = this.lru.get(key);
    return hit && hit.generation === generation ? hit.value : undefined;
  }

  set(key: K, generation: number, value: V): V {
    this.lru.set(key, { generation, value });
    return value;
  }

  /** The cached value, or one computation shared by every concurrent caller of the same key and generation. */
  async getOrCompute(key: K, generation: number, compute: () => V | Promise<V>): Promise<V> {
    const hit = this.get(key, generation);
    if (hit !== undefined) return hit;
    const running = this.pending.get(key);
    if (running && running.generation === generation) return running.promise;
    const promise = (async () => compute())().then(
      (value) => {
        if (this.pending.get(key)?.promise === promise) this.pending.delete(key);
        return this.set(key, generation, value);
      },
      (error: unknown) => {
        if (this.pending.get(key)?.promise === promise) this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, { generation, promise });
    return promise;
  }

  delete(key: K): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
    this.pending.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}
