// The HTTP side of the link checker: checks one URL (HEAD, GET when HEAD is refused; redirects followed by hand so
// that each hop is recorded) and runs many checks with bounded concurrency and per-host politeness.
import type { LookupFunction } from 'node:net';
import {
  type CheckResult,
  hostOf,
  isPrivateHost,
  normalizeUrl,
  type Outcome,
  outcomeForStatus,
  type RedirectHop,
  retryAfterMs,
} from './links.ts';
import { guardedLookup, safeRequest } from './safe-fetch.ts';

const defaultLookup = guardedLookup();

export interface CheckerOptions {
  /** Checks running at once, over all hosts. */
  concurrency: number;
  /** Checks running at once against one host. */
  perHostConcurrency: number;
  /** Minimum time between two request starts against one host (ms). */
  perHostIntervalMs: number;
  /** Timeout of one HTTP request (ms); a URL with redirects may take one timeout per hop. */
  timeoutMs: number;
  maxRedirects: number;
  /** Longest pause a host's Retry-After can impose on the run (ms); a longer one is cut to this. */
  maxHostPauseMs: number;
  userAgent: string;
  /**
   * Check loopback/private addresses too — tests with local servers only. Off by default: host names are resolved
   * and refused at connect time when they point inside (safe-fetch.ts), on every redirect.
   */
  allowPrivateHosts: boolean;
  /** The connect-time address check (tests pass one with their own resolver); default: the system's DNS. */
  lookup?: LookupFunction;
}

export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = {
  concurrency: 8,
  perHostConcurrency: 2,
  perHostIntervalMs: 500,
  timeoutMs: 10_000,
  maxRedirects: 5,
  maxHostPauseMs: 60_000,
  userAgent: 'amtsweg-linkcheck/1.0 (Linkprüfung des Leistungskatalogs; +https://github.com/amtsweg)',
  allowPrivateHosts: false,
};

/** A check result plus what the scheduler needs to be polite. */
export interface CheckOutput extends CheckResult {
  /** From a 429/503 Retry-After header: pause the host this long. */
  retryAfterMs: number | null;
}

const TLS_CODES =
  /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME_INVALID)/;

/** Maps a fetch failure (undici wraps the socket error in `cause`) to an outcome. */
export function classifyError(error: unknown): { outcome: Outcome; detail: string } {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string; name?: string };
  };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return { outcome: 'timeout', detail: 'timeout' };
  const code = e?.cause?.code ?? e?.code ?? '';
  if (code === 'EPRIVATEADDRESS') return { outcome: 'skipped_private', detail: 'private address' };
  const detail = code || e?.cause?.message || e?.message || String(error);
  if (code === 'ENOTFOUND') return { outcome: 'dns', detail };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ETIMEDOUT')
    return { outcome: 'timeout', detail };
  if (TLS_CODES.test(code)) return { outcome: 'tls', detail };
  return { outcome: 'network', detail };
}

interface Hop {
  status: number;
  location: string | null;
  retryAfter: string | null;
}

function request(url: string, method: 'HEAD' | 'GET', options: CheckerOptions, signal?: AbortSignal): Promise<Hop> {
  return safeRequest(url, {
    method,
    headers: { 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml,application/pdf,*/*;q=0.8' },
    timeoutMs: options.timeoutMs,
    signal,
    lookup: options.allowPrivateHosts ? null : (options.lookup ?? defaultLookup),
  });
}

/** Follows redirects by hand, recording each hop. */
async function follow(
  start: string,
  method: 'HEAD' | 'GET',
  options: CheckerOptions,
  signal?: AbortSignal,
): Promise<{ hop: Hop; finalUrl: string; redirects: RedirectHop[]; tooMany: boolean; privateTarget: boolean }> {
  const redirects: RedirectHop[] = [];
  let current = start;
  for (;;) {
    const hop = await request(current, method, options, signal);
    if (hop.status < 300 || hop.status >= 400 || hop.status === 304 || !hop.location) {
      return { hop, finalUrl: current, redirects, tooMany: false, privateTarget: false };
    }
    const next = new URL(hop.location, current).toString();
    redirects.push({ status: hop.status, location: next });
    if (
      redirects.length > options.maxRedirects ||
      redirects.some((r, i) => i < redirects.length - 1 && r.location === next)
    ) {
      return { hop, finalUrl: next, redirects, tooMany: true, privateTarget: false };
    }
    if (!options.allowPrivateHosts && isPrivateHost(hostOf(next))) {
      return { hop, finalUrl: next, redirects, tooMany: false, privateTarget: true };
    }
    current = next;
  }
}

/** Checks one URL once. Never throws: every failure becomes an outcome. */
export async function checkUrl(
  rawUrl: string,
  options: CheckerOptions = DEFAULT_CHECKER_OPTIONS,
  signal?: AbortSignal,
): Promise<CheckOutput> {
  const started = Date.now();
  const checkedAt = new Date(started).toISOString();
  const done = (partial: Partial<CheckOutput> & Pick<CheckOutput, 'outcome'>): CheckOutput => ({
    url: rawUrl,
    httpStatus: null,
    finalUrl: rawUrl,
    redirects: [],
    error: null,
    method: null,
    checkedAt,
    durationMs: Date.now() - started,
    retryAfterMs: null,
    ...partial,
  });
  const url = normalizeUrl(rawUrl);
  if (!url) return done({ outcome: 'invalid_url', error: 'not an http(s) URL' });
  if (!options.allowPrivateHosts && isPrivateHost(hostOf(url)))
    return done({ outcome: 'skipped_private', error: 'private address' });

  try {
    let method: 'HEAD' | 'GET' = 'HEAD';
    let result = await follow(url, method, options, signal);
    // Many servers answer HEAD wrongly (405, 403, 404, 501 …): only a GET gives a verdict a browser would see.
    if (!result.tooMany && !result.privateTarget && result.hop.status >= 400 && result.hop.status !== 429) {
      method = 'GET';
      result = await follow(url, method, options, signal);
    }
    const base = { httpStatus: result.hop.status, finalUrl: result.finalUrl, redirects: result.redirects, method };
    if (result.privateTarget)
      return done({ ...base, outcome: 'skipped_private', error: 'redirect to a private address' });
    if (result.tooMany)
      return done({
        ...base,
        outcome: 'too_many_redirects',
        error: `more than ${options.maxRedirects} redirects or a loop`,
      });
    const outcome = outcomeForStatus(result.hop.status);
    const retry = outcome === 'rate_limited' || result.hop.status === 503 ? retryAfterMs(result.hop.retryAfter) : null;
    return done({
      ...base,
      outcome,
      error: outcome === 'ok' ? null : `HTTP ${result.hop.status}`,
      retryAfterMs: retry,
    });
  } catch (error) {
    const { outcome, detail } = classifyError(error);
    return done({ outcome, error: detail });
  }
}

// ---- many checks, politely ------------------------------------------------------------------------------------------

interface Gate {
  active: number;
  nextStartAt: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called after each URL, in completion order. */
  onResult?: (result: CheckOutput) => void | Promise<void>;
  /** The check itself (tests may wrap it); defaults to `checkUrl`. */
  check?: (url: string, options: CheckerOptions, signal?: AbortSignal) => Promise<CheckOutput>;
}

/**
 * Checks every URL once (duplicates are checked once) with at most `concurrency` requests in flight, at most
 * `perHostConcurrency` per host, request starts to one host at least `perHostIntervalMs` apart, and a host paused
 * after a 429/503 with Retry-After. Hosts are served round-robin so that one big host does not starve the others.
 * Resolves with every result once all are done; an aborted signal stops starting new checks.
 */
export async function checkAll(
  urls: readonly string[],
  options: CheckerOptions,
  run: RunOptions = {},
): Promise<CheckOutput[]> {
  const check = run.check ?? checkUrl;
  const queues = new Map<string, string[]>();
  for (const url of new Set(urls)) {
    const host = hostOf(url);
    const q = queues.get(host);
    if (q) q.push(url);
    else queues.set(host, [url]);
  }
  const gates = new Map<string, Gate>();
  const results: CheckOutput[] = [];
  let running = 0;
  let timer: NodeJS.Timeout | null = null;

  return new Promise<CheckOutput[]>((resolve, reject) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      const aborted = run.signal?.aborted ?? false;
      const now = Date.now();
      let wakeAt = Number.POSITIVE_INFINITY;
      if (!aborted) {
        for (const [host, queue] of [...queues]) {
          if (running >= options.concurrency) break;
          const gate = gates.get(host) ?? { active: 0, nextStartAt: 0 };
          gates.set(host, gate);
          if (gate.active >= options.perHostConcurrency) continue;
          if (gate.nextStartAt > now) {
            wakeAt = Math.min(wakeAt, gate.nextStartAt);
            continue;
          }
          const url = queue.shift();
          queues.delete(host);
          if (queue.length > 0) queues.set(host, queue); // round-robin: to the back of the line
          if (url === undefined) continue;
          gate.active++;
          gate.nextStartAt = now + options.perHostIntervalMs;
          running++;
          void check(url, options, run.signal)
            .then(async (result) => {
              if (result.retryAfterMs !== null) {
                gate.nextStartAt = Math.max(
                  gate.nextStartAt,
                  Date.now() + Math.min(result.retryAfterMs, options.maxHostPauseMs),
                );
              }
              results.push(result);
              await run.onResult?.(result);
            })
            .catch((error: unknown) => {
              failed = true;
              if (timer) clearTimeout(timer);
              reject(error);
            })
            .finally(() => {
              running--;
              gate.active--;
              pump();
            });
        }
      }
      const waiting = !aborted && queues.size > 0;
      if (!waiting && running === 0) {
        resolve(results);
        return;
      }
      if (waiting && running < options.concurrency && Number.isFinite(wakeAt)) {
        timer = setTimeout(pump, Math.max(1, wakeAt - Date.now()));
      }
    };
    pump();
  });
}
