// The link checker's use cases: which links the catalog shows (from the same resolver the portal uses), their
// stored states, a check run with a lease, and the schedule inside the server.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/database.ts';
import { ConfigError, ConflictError } from '../../shared/errors.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { type CheckerOptions, type CheckOutput, checkAll, DEFAULT_CHECKER_OPTIONS } from './links.checker.ts';
import {
  countLinksByState,
  finishRun,
  readActiveRun,
  readLinkStatuses,
  readLinksByState,
  readRecentRuns,
  saveLinkStatus,
  tryStartRun,
  updateRunProgress,
} from './links.repository.ts';
import {
  addToSummary,
  applyCheck,
  type BreakPolicy,
  DEFAULT_BREAK_POLICY,
  dedupeSources,
  emptySummary,
  LINKS_SCOPE,
  type LinkCheckRun,
  type LinkEvent,
  type LinkSource,
  type LinkStatus,
  linksOfResolvedService,
  normalizeUrl,
  provesReach,
  type RunSummary,
  runVerdict,
  uncheckedStatus,
  unreachableReason,
  wentOut,
} from './links.ts';

/** Another instance holds the link check's lease. */
export class LinkCheckBusyError extends ConflictError {
  override readonly type: string = 'link-check-busy';
}

export interface LinkCheckConfig {
  /** Minutes between scheduled runs inside the server; 0 = off. */
  intervalMinutes: number;
  /** Delay of the first scheduled run after start (ms). */
  initialDelayMs: number;
  checker: CheckerOptions;
  policy: BreakPolicy;
}

/**
 * Reads the link checker's settings from the environment (every knob is in the README's table):
 * LINKCHECK_INTERVAL_MINUTES (default 1440 = daily; 0 = off; always off under NODE_ENV=test unless set),
 * LINKCHECK_INITIAL_DELAY_MS (60000: the first scheduled run, one minute after start),
 * LINKCHECK_CONCURRENCY (8), LINKCHECK_PER_HOST (2), LINKCHECK_HOST_INTERVAL_MS (500), LINKCHECK_TIMEOUT_MS (10000),
 * LINKCHECK_BROKEN_AFTER_FAILURES (2), LINKCHECK_BROKEN_AFTER_HOURS (20),
 * LINKCHECK_ALLOW_PRIVATE=1 to check loopback/private addresses too.
 */
export function loadLinkCheckConfig(env: NodeJS.ProcessEnv = process.env): LinkCheckConfig {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  const defaultInterval = env.NODE_ENV === 'test' ? 0 : 1440;
  return {
    intervalMinutes: num('LINKCHECK_INTERVAL_MINUTES', defaultInterval),
    initialDelayMs: num('LINKCHECK_INITIAL_DELAY_MS', 60_000),
    checker: {
      ...DEFAULT_CHECKER_OPTIONS,
      concurrency: Math.max(1, num('LINKCHECK_CONCURRENCY', DEFAULT_CHECKER_OPTIONS.concurrency)),
      perHostConcurrency: Math.max(1, num('LINKCHECK_PER_HOST', DEFAULT_CHECKER_OPTIONS.perHostConcurrency)),
      perHostIntervalMs: num('LINKCHECK_HOST_INTERVAL_MS', DEFAULT_CHECKER_OPTIONS.perHostIntervalMs),
      timeoutMs: Math.max(100, num('LINKCHECK_TIMEOUT_MS', DEFAULT_CHECKER_OPTIONS.timeoutMs)),
      allowPrivateHosts: env.LINKCHECK_ALLOW_PRIVATE === '1',
    },
    policy: {
      ...DEFAULT_BREAK_POLICY,
      failuresToBreak: Math.max(1, num('LINKCHECK_BROKEN_AFTER_FAILURES', DEFAULT_BREAK_POLICY.failuresToBreak)),
      transientFailuresToBreak: Math.max(
        1,
        num('LINKCHECK_BROKEN_AFTER_FAILURES', DEFAULT_BREAK_POLICY.failuresToBreak) + 1,
      ),
      minFailingMs: num('LINKCHECK_BROKEN_AFTER_HOURS', DEFAULT_BREAK_POLICY.minFailingMs / 3_600_000) * 3_600_000,
    },
  };
}

/** A link that broke or works again in a run, with every place the catalog shows it (for the owners' inboxes). */
export interface LinkChange {
  event: Exclude<LinkEvent, null>;
  status: LinkStatus;
  sources: LinkSource[];
}

export interface CheckRunOptions {
  trigger: 'cli' | 'schedule' | 'api';
  /** Only the links shown in these areas' views (default: every area). */
  areas?: readonly string[];
  /** Only links in these states (e.g. re-check the broken ones). */
  onlyStates?: readonly LinkStatus['state'][];
  signal?: AbortSignal;
  checker?: Partial<CheckerOptions>;
  onStart?: (total: number) => void;
  onResult?: (status: LinkStatus, event: LinkEvent) => void;
}

export interface CheckRunResult {
  runId: string;
  total: number;
  summary: RunSummary;
}

export interface BrokenLink extends LinkStatus {
  sources: LinkSource[];
}

export interface LinksService {
  /** Every link the catalog shows in the given areas' views (default: all areas), one entry per place it appears. */
  sources(areas?: readonly string[]): Promise<LinkSource[]>;
  /** Stored states by the URL as given (normalised for the lookup); unknown URLs come back as `unchecked`. */
  statuses(urls: readonly string[]): Promise<Map<string, LinkStatus>>;
  /** Checks the links once, politely; throws LinkCheckBusyError when another run holds the lease. */
  check(options: CheckRunOptions): Promise<CheckRunResult>;
  /** Links that are broken or failing now, with where they appear. */
  problems(areas?: readonly string[]): Promise<BrokenLink[]>;
  counts(): Promise<Record<string, number>>;
  recentRuns(limit?: number): Promise<LinkCheckRun[]>;
  activeRun(): Promise<LinkCheckRun | null>;
  /**
   * The generation of the link data (states, runs): it moves with every write, so a kept answer that shows link
   * states is good while it stays (a generation read, not a query, on PostgreSQL while pushes arrive).
   */
  generation(): Promise<number>;
  readonly config: LinkCheckConfig;
}

export interface LinksServiceHooks {
  /** Called once per run with the links that broke or recovered (not called for a "could not check" run). */
  onChanges?: (changes: LinkChange[]) => Promise<void>;
}

export function createLinksService(
  db: Db,
  catalog: CatalogService,
  config: LinkCheckConfig = loadLinkCheckConfig(),
  hooks: LinksServiceHooks = {},
): LinksService {
  const q = db.kysely;
  const owner = `${hostname()}:${process.pid}`;
  const leaseMs = 10 * 60_000;

  async function sources(areas?: readonly string[]): Promise<LinkSource[]> {
    const all = await catalog.listAreas();
    const wanted = areas ? all.filter((a) => areas.includes(a.ags)) : all;
    const out: LinkSource[] = [];
    for (const area of wanted) {
      if (area.website)
        out.push({ url: area.website, kind: 'area_website', areaAgs: area.ags, serviceId: null, label: area.name });
      for (const service of await catalog.listAreaServices(area.ags)) out.push(...linksOfResolvedService(service));
    }
    return dedupeSources(out);
  }

  async function statuses(urls: readonly string[]): Promise<Map<string, LinkStatus>> {
    const normalized = new Map<string, string>();
    for (const u of urls) normalized.set(u, normalizeUrl(u) ?? u);
    const stored = await readLinkStatuses(q, [...new Set(normalized.values())]);
    const out = new Map<string, LinkStatus>();
    for (const [raw, norm] of normalized) out.set(raw, stored.get(norm) ?? uncheckedStatus(norm));
    return out;
  }

  async function check(options: CheckRunOptions): Promise<CheckRunResult> {
    const found = await sources(options.areas);
    let urls = [...new Set(found.map((s) => normalizeUrl(s.url) ?? s.url))];
    const before = await readLinkStatuses(q, urls);
    if (options.onlyStates) {
      const states = new Set(options.onlyStates);
      urls = urls.filter((u) => states.has(before.get(u)?.state ?? 'unchecked'));
    }
    const runId = randomUUID();
    const startedAt = new Date();
    const leased = await tryStartRun(q, {
      id: runId,
      trigger: options.trigger,
      owner,
      total: urls.length,
      startedAt: startedAt.toISOString(),
      leaseUntil: new Date(startedAt.getTime() + leaseMs).toISOString(),
    });
    if (!leased) {
      const active = await readActiveRun(q);
      throw new LinkCheckBusyError(
        `Eine Linkprüfung läuft bereits${active ? ` (seit ${active.startedAt}, ${active.owner})` : ''}.`,
        active ? { runId: active.id, startedAt: active.startedAt } : undefined,
      );
    }
    options.onStart?.(urls.length);
    const summary = emptySummary();
    const changes: Array<{ event: Exclude<LinkEvent, null>; status: LinkStatus }> = [];
    let lastLease = Date.now();
    // Results are written one by one (a crash keeps what was checked); writes are serialised so that SQLite's
    // single writer and PostgreSQL see them in order. Until some server has answered, network failures are held
    // back: if none ever answers, the checker is cut off (no DNS, no route) and the run must change no link.
    let reached = false;
    const heldBack: CheckOutput[] = [];
    const unreached: CheckOutput[] = [];
    let writes = Promise.resolve();
    const save = async (result: CheckOutput) => {
      const { status, event } = applyCheck(before.get(result.url) ?? null, result, config.policy);
      await saveLinkStatus(q, status, new Date().toISOString());
      addToSummary(summary, status, event);
      if (event) changes.push({ event, status });
      options.onResult?.(status, event);
    };
    const record = (result: CheckOutput) => {
      writes = writes.then(async () => {
        if (!reached && provesReach(result)) {
          reached = true;
          for (const held of heldBack.splice(0)) await save(held);
        }
        if (reached || !wentOut(result.outcome)) await save(result);
        else {
          heldBack.push(result);
          unreached.push(result);
        }
        if (Date.now() - lastLease > 30_000) {
          lastLease = Date.now();
          await updateRunProgress(q, runId, summary, new Date(Date.now() + leaseMs).toISOString());
        }
      });
      return writes;
    };
    let error: string | null = null;
    try {
      await checkAll(urls, { ...config.checker, ...options.checker }, { signal: options.signal, onResult: record });
      await writes;
      if (!reached && runVerdict(unreached) === 'could_not_check') {
        summary.verdict = 'could_not_check';
        error = `Linkprüfung nicht möglich: ${unreachableReason(unreached)}. Kein Link wurde verändert.`;
      } else {
        // Some checks went out, none reached a server, but not all failed alike: judge them as usual.
        for (const held of heldBack.splice(0)) await save(held);
      }
      if (options.signal?.aborted) error = 'aborted';
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      await writes.catch(() => {});
      await finishRun(q, runId, summary, new Date().toISOString(), error);
    }
    if (hooks.onChanges && changes.length > 0) {
      const found = await sourcesByUrl(options.areas);
      await hooks.onChanges(
        changes.map((c) => ({ ...c, sources: found.get(normalizeUrl(c.status.url) ?? c.status.url) ?? [] })),
      );
    }
    return { runId, total: urls.length, summary };
  }

  async function sourcesByUrl(areas?: readonly string[]): Promise<Map<string, LinkSource[]>> {
    const byUrl = new Map<string, LinkSource[]>();
    for (const s of await sources(areas)) {
      const key = normalizeUrl(s.url) ?? s.url;
      const list = byUrl.get(key);
      if (list) list.push(s);
      else byUrl.set(key, [s]);
    }
    return byUrl;
  }

  async function problems(areas?: readonly string[]): Promise<BrokenLink[]> {
    const bad = await readLinksByState(q, ['broken', 'failing']);
    if (bad.length === 0) return [];
    const byUrl = await sourcesByUrl(areas);
    // Only links the catalog still shows: a link removed from the catalog is no one's problem any more.
    const key = (url: string) => normalizeUrl(url) ?? url;
    return bad.filter((l) => byUrl.has(key(l.url))).map((l) => ({ ...l, sources: byUrl.get(key(l.url)) ?? [] }));
  }

  return {
    sources,
    statuses,
    check,
    problems,
    counts: () => countLinksByState(q),
    recentRuns: (limit = 10) => readRecentRuns(q, limit),
    activeRun: () => readActiveRun(q),
    generation: () => catalog.cacheGeneration(LINKS_SCOPE),
    config,
  };
}

// ---- the schedule ---------------------------------------------------------------------------------------------------

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs the checker every `intervalMinutes` inside the server (off when 0). Skips a turn while another instance
 * holds the lease. Returns a stop function that also aborts a running check.
 */
export function startLinkSchedule(
  links: LinksService,
  log: SchedulerLog,
  config: LinkCheckConfig = links.config,
): () => Promise<void> {
  if (config.intervalMinutes <= 0) return async () => {};
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    running = (async () => {
      try {
        const { summary, total } = await links.check({ trigger: 'schedule', signal: controller.signal });
        if (summary.verdict === 'could_not_check') {
          log.warn({ total }, 'link check could not check: no server answered (no internet or DNS?); no link changed');
          return;
        }
        log.info(
          { total, ...summary, newlyBroken: summary.newlyBroken.length, recovered: summary.recovered.length },
          'link check finished',
        );
        for (const url of summary.newlyBroken) log.warn({ url }, 'link broke');
      } catch (error) {
        if (error instanceof LinkCheckBusyError) log.info({}, 'link check skipped: another run holds the lease');
        else log.error({ err: error }, 'link check failed');
      } finally {
        running = null;
        if (!controller.signal.aborted) {
          timer = setTimeout(tick, config.intervalMinutes * 60_000);
          timer.unref();
        }
      }
    })();
  };
  timer = setTimeout(tick, config.initialDelayMs);
  timer.unref();
  return async () => {
    controller.abort();
    if (timer) clearTimeout(timer);
    await running;
  };
}
