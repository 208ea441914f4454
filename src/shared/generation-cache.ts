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

export interface GenerationClockOptions {
  /** Reads the generation from the database. */
  read: () => Promise<number>;
  /** How long a read stays good while `throttled()` says so; 0 reads before every answer. */
  maxAgeMs: number;
  /**
   * Whether a read may be reused for `maxAgeMs` right now: while changes are pushed to this instance (PostgreSQL
   * LISTEN/NOTIFY), or always where a late read is bounded by `maxAgeMs` anyway (SQLite: this process's writes are
   * known by `localWrites`, another process's are learnt by the next read). False reads before every answer.
   */
  throttled: () => boolean;
  /**
   * A counter of the generation bumps this process made (any scope). When it moved since the last call, the clock
   * reads on every call for `localWriteWindowMs`: the bump is seen at the next answer, not after `maxAgeMs`.
   */
  localWrites?: () => number;
  /** After a write in this process, read on every call for this long (its commit follows the bump). */
  localWriteWindowMs?: number;
  now?: () => number;
}

/**
 * The cache generation as this instance knows it: the one place that decides whether an answer needs a fresh read.
 * While throttled a read is reused for `maxAgeMs` (a request costs no query): on PostgreSQL a push moves the known
 * generation forward at once, so another instance's write is seen within the push's latency (milliseconds) — and
 * within `maxAgeMs` even if a push were lost; on SQLite another process's write (a CLI import) is seen within
 * `maxAgeMs`. This process's own writes are seen at once either way (`touch`, `localWrites`). Unthrottled (a broken
 * listener, `maxAgeMs` 0) it reads every time.
 */
export class GenerationClock {
  private known: number | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private freshUntil = Number.NEGATIVE_INFINITY;
  private pushedAt = Number.NEGATIVE_INFINITY;
  private seenLocalWrites: number;
  private inflight: { startedAt: number; promise: Promise<number> } | null = null;
  private readonly now: () => number;
  /** How often the known generation moved (a read or push that brought another one): compared, never shown. */
  changes = 0;

  constructor(private readonly options: GenerationClockOptions) {
    this.now = options.now ?? (() => performance.now());
    this.seenLocalWrites = options.localWrites?.() ?? 0;
  }

  /**
   * The known generation when no read is due now, else undefined (then `current()` reads). Synchronous, so that the
   * common case of a kept answer costs no promise.
   */
  fresh(): number | undefined {
    const writes = this.options.localWrites?.();
    if (writes !== undefined && writes !== this.seenLocalWrites) {
      this.seenLocalWrites = writes;
      this.touch();
    }
    const now = this.now();
    if (!this.throttledAt(now) || this.known === undefined) return undefined;
    return now - this.readAt < this.options.maxAgeMs ? this.known : undefined;
  }

  /** The generation to answer with: the known one while it is fresh enough, else a read (shared while it runs). */
  current(): Promise<number> {
    const known = this.fresh();
    if (known !== undefined) return Promise.resolve(known);
    const now = this.now();
    if (this.throttledAt(now) && this.inflight && this.inflight.startedAt >= this.readAt) return this.inflight.promise;
    return this.fetch(now);
  }

  /**
   * Starts a read ahead of time (from half of `maxAgeMs` on) while throttled and none runs: for a caller
   * that answers only while the generation is fresh (the front cache). Without it, the moment a read falls due every
   * request of that event-loop turn would go the long way; with it, the known generation is renewed before it expires
   * and no answer uses a read older than `maxAgeMs`. Unthrottled it does nothing: there every answer reads anyway.
   */
  refreshAhead(): void {
    const now = this.now();
    if (!this.throttledAt(now) || (this.inflight && this.inflight.startedAt >= this.readAt)) return;
    if (this.known !== undefined && now - this.readAt < this.options.maxAgeMs * 0.5) return;
    this.fetch(now).catch(() => {});
  }

  private throttledAt(now: number): boolean {
    return this.options.maxAgeMs > 0 && now >= this.freshUntil && this.options.throttled();
  }

  /** The last generation seen (read or pushed); undefined before the first. */
  get last(): number | undefined {
    return this.known;
  }

  /** A pushed generation; NaN means pushes may have been missed (reconnect): the next call reads. */
  observe(generation: number): void {
    if (Number.isNaN(generation)) {
      this.readAt = Number.NEGATIVE_INFINITY;
      return;
    }
    if (this.known === undefined || generation > this.known) {
      this.known = generation;
      this.changes++;
      this.readAt = this.pushedAt = this.now();
    }
  }

  /** This process is writing: read on every call for a while, so its own next answer shows the write. */
  touch(): void {
    this.freshUntil = this.now() + (this.options.localWriteWindowMs ?? 2000);
  }

  private fetch(startedAt: number): Promise<number> {
    const promise = this.options.read().then((generation) => {
      // The read is the truth (a restored database may go back), unless a push brought a newer one while it ran.
      const newerPush = this.pushedAt > startedAt && this.known !== undefined && this.known > generation;
      if (!newerPush && this.known !== generation) {
        this.known = generation;
        this.changes++;
      }
      if (startedAt > this.readAt) this.readAt = startedAt;
      return this.known as number;
    });
    this.inflight = { startedAt, promise };
    const clear = () => {
      if (this.inflight?.promise === promise) this.inflight = null;
    };
    promise.then(clear, clear);
    return promise;
  }
}
