// Whole answers (API bodies and portal pages) kept as bytes until the catalog or the clock makes them wrong: a bounded
// `lru-cache` of `CachedBody` (docs/decisions/0180, 0220). An entry is good while the catalog generation (and any other
// generation the answer read) is unchanged, the Berlin day is the same (dated rules, "morgen", the week table) and no
// opening hours shown in it have changed state ("open now"): `until` is the earliest such change.
import { LRUCache } from 'lru-cache';
import { berlinDay } from '../shared/berlin-time.ts';
import type { CachedBody } from './cached-body.ts';

interface Entry {
  version: string;
  until: number;
  body: CachedBody;
}

/** An answer is re-made at least this often, whatever it shows (an hour, as the API lists). */
export const MAX_ANSWER_AGE_MS = 3_600_000;

export interface AnswerVersion {
  /** Compared on every lookup: the generation(s) the answer was made from, and the Berlin day. */
  version: string;
  /** Epoch ms after which the answer may be wrong (an opening-hours change it shows, or the maximum age). */
  until: number;
  /** Names this version among the URL's answers: the ETag is derived from it. */
  tag: string;
}

/**
 * The version of an answer made `now` from `generation` (several generations joined by "."), showing opening hours
 * whose earliest change after `now` is `nextChange` (epoch ms; Infinity when none is shown).
 */
export function answerVersion(generation: number | string, now: number, nextChange: number): AnswerVersion {
  const version = versionOf(generation, now);
  const change = nextChange > now ? nextChange : Number.POSITIVE_INFINITY;
  return {
    version,
    until: Math.min(change, now + MAX_ANSWER_AGE_MS),
    tag: `${version}.${Number.isFinite(change) ? change.toString(36) : '0'}`,
  };
}

// The version strings of today, per generation: every lookup of a kept answer compares one, and making it anew
// (base-36 text, the Berlin day, two joins) was a measurable part of serving one. A new day (or many generations)
// starts over.
let versionDay = '';
const versions = new Map<number | string, string>();

/** What `AnswerVersion.version` is for `generation` at `now`: compared on every lookup. */
function versionOf(generation: number | string, now: number): string {
  const day = berlinDay(new Date(now));
  if (day !== versionDay || versions.size > 64) {
    versionDay = day;
    versions.clear();
  }
  let version = versions.get(generation);
  if (version === undefined) {
    const gen = typeof generation === 'number' ? generation.toString(36) : generation;
    version = `${gen}.${day.replaceAll('-', '')}`;
    versions.set(generation, version);
  }
  return version;
}

/** The earliest of the `nextChange` instants (ISO strings) after `now`; Infinity when none. */
export function earliestChange(nextChanges: Iterable<string | null | undefined>, now: number): number {
  let change = Number.POSITIVE_INFINITY;
  for (const iso of nextChanges) {
    const next = iso ? Date.parse(iso) : Number.NaN;
    if (next > now && next < change) change = next;
  }
  return change;
}

export class AnswerCache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, { generation: string; done: Promise<void> }>();

  /** `maxBytes` bounds the bytes held (identity and compressed variants); `max` the number of answers. */
  constructor(options: { max: number; maxBytes: number }) {
    this.lru = new LRUCache<string, Entry>({
      max: options.max,
      maxSize: options.maxBytes,
      sizeCalculation: (e) => Math.max(1, e.body.size + 64),
    });
  }

  /** The answer stored under `key` if it is still good for `generation` at `now`. */
  get(key: string, generation: number | string, now: number): CachedBody | undefined {
    const hit = this.lru.get(key);
    if (!hit) return undefined;
    if (now < hit.until && hit.version === versionOf(generation, now)) return hit.body;
    this.lru.delete(key);
    return undefined;
  }

  /**
   * Serves the kept answer (`send`), or makes it (`make`, which keeps it with `set` when it may be kept). While one
   * request makes an answer, others asking for the same key and generation wait for it and are served what it kept.
   * Without this, every connection that asks in the moment an answer expires (a generation change, an office
   * opening: all lists and pages at once) makes its own copy: under 100 connections a hundred renders of the same
   * page queue behind each other (issue 16). An answer not kept (or a failed make) lets each waiter make its own.
   */
  async serve<T>(
    key: string,
    generation: number | string,
    now: number,
    send: (body: CachedBody) => T,
    make: () => Promise<T>,
  ): Promise<T> {
    const hit = this.get(key, generation, now);
    if (hit) return send(hit);
    const running = this.inflight.get(key);
    if (running && running.generation === String(generation)) {
      await running.done;
      const made = this.get(key, generation, now);
      if (made) return send(made);
    }
    // Registered before the first await: a request arriving meanwhile finds it.
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const mine = { generation: String(generation), done };
    this.inflight.set(key, mine);
    try {
      return await make();
    } finally {
      if (this.inflight.get(key) === mine) this.inflight.delete(key);
      finish();
    }
  }

  set(key: string, version: AnswerVersion, body: CachedBody): CachedBody {
    this.lru.set(key, { version: version.version, until: version.until, body });
    // The same body under two versions (never now) would be good only as long as the shorter one.
    body.keptUntil = Math.min(body.keptUntil ?? Number.POSITIVE_INFINITY, version.until);
    return body;
  }

  get size(): number {
    return this.lru.size;
  }
}
