// Pure rules of the link checker: what counts as a link, how one check is classified, how a link's state moves
// from check to check, and when a link "broke". No I/O here (see links.checker.ts for HTTP, links.repository.ts
// for SQL). Decision record: docs/decisions/0040-checklist-and-link-checker.md.

import type { ResolvedService } from '../responsibility/responsibility.ts';

// ---- link sources -------------------------------------------------------------------------------------------------

export const LINK_KINDS = ['online_service', 'form', 'deep_link', 'authority_website', 'area_website'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  online_service: 'Onlinedienst',
  form: 'Formular',
  deep_link: 'Deep Link der Stelle',
  authority_website: 'Website der Stelle',
  area_website: 'Website der Kommune',
};

/** Where a link appears: which area's view, which service (if any), which field. */
export interface LinkSource {
  url: string;
  kind: LinkKind;
  /** The area whose view shows the link (a town, or the Kreis). */
  areaAgs: string;
  serviceId: string | null;
  /** What the link is called where it appears ("Online-Anmeldung", "Stadt Geseke – Bürgerbüro"). */
  label: string;
}

/** Every external link a citizen can follow from one resolved service: online services, forms, units' pages. */
export function linksOfResolvedService(service: ResolvedService): LinkSource[] {
  const out: LinkSource[] = [];
  const add = (url: string | null | undefined, kind: LinkKind, label: string) => {
    if (url && url.trim() !== '')
      out.push({ url: url.trim(), kind, areaAgs: service.forAgs, serviceId: service.id, label });
  };
  for (const o of service.onlineServices) add(o.url, 'online_service', o.title);
  for (const f of service.forms) add(f.url, 'form', f.title);
  for (const unit of [service.responsible.contactPoint, service.responsible.authority]) {
    if (!unit) continue;
    add(unit.deepLink, 'deep_link', unit.name);
    add(unit.website, 'authority_website', unit.name);
  }
  return dedupeSources(out);
}

/** One entry per (url, area, service, kind): the same unit may be both contact point and deciding authority. */
export function dedupeSources(sources: readonly LinkSource[]): LinkSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.url}\u0000${s.areaAgs}\u0000${s.serviceId ?? ''}\u0000${s.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- URLs -----------------------------------------------------------------------------------------------------------

/** The URL as it is checked and stored: trimmed, fragment removed (a fragment is never sent to the server). */
export function normalizeUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.toString();
}

/** The politeness key: requests to the same host (and port) share one budget. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * Whether a host names a loopback, private, link-local or otherwise internal address literally. The scheduled
 * checker refuses those by default so that a link typed into the catalog cannot make the server probe its own
 * network; tests (which serve on 127.0.0.1) switch the guard off. Names are not resolved: DNS answers can change
 * between this check and the request, so this guard is a courtesy, not a security boundary.
 */
export function isPrivateHost(host: string): boolean {
  const h = host
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (h.includes(':')) {
    return (
      h === '::1' ||
      h === '::' ||
      h.startsWith('fc') ||
      h.startsWith('fd') ||
      h.startsWith('fe80') ||
      h.startsWith('::ffff:')
    );
  }
  return false;
}

// ---- one check ----------------------------------------------------------------------------------------------------

/** What one check found. `transient` outcomes are retried on later runs before a link counts as broken. */
export const OUTCOMES = [
  'ok', // 2xx
  'restricted', // 401/403: the server answers but wants a login or refuses robots; the page exists
  'not_found', // 404, 410
  'client_error', // other 4xx
  'rate_limited', // 429
  'server_error', // 5xx, 408
  'timeout',
  'network', // connection refused/reset, DNS failure that may be temporary
  'dns', // the host name does not exist
  'tls', // certificate invalid or expired: a citizen's browser would warn, too
  'too_many_redirects',
  'invalid_url',
  'skipped_private', // refused by the private-address guard: not checked
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const WORKING: ReadonlySet<Outcome> = new Set(['ok', 'restricted']);
const TRANSIENT: ReadonlySet<Outcome> = new Set(['rate_limited', 'server_error', 'timeout', 'network']);

export const OUTCOME_LABELS: Record<Outcome, string> = {
  ok: 'erreichbar',
  restricted: 'erreichbar (Anmeldung nötig oder Zugriff verweigert)',
  not_found: 'Seite nicht gefunden',
  client_error: 'Fehler der Anfrage',
  rate_limited: 'zu viele Anfragen (Server bremst)',
  server_error: 'Serverfehler',
  timeout: 'Zeitüberschreitung',
  network: 'keine Verbindung',
  dns: 'Adresse (Domain) existiert nicht',
  tls: 'Zertifikatsfehler',
  too_many_redirects: 'zu viele Weiterleitungen',
  invalid_url: 'ungültige Adresse',
  skipped_private: 'nicht geprüft (interne Adresse)',
};

export function isWorking(outcome: Outcome): boolean {
  return WORKING.has(outcome);
}

export function isTransient(outcome: Outcome): boolean {
  return TRANSIENT.has(outcome);
}

/**
 * Outcomes where no server answered: the host name did not resolve, no route, refused, timed out. One of these on a
 * single host says little; all hosts failing this way says that the checker itself is cut off.
 */
const UNREACHABLE: ReadonlySet<Outcome> = new Set(['dns', 'network', 'timeout']);

export function isUnreachable(outcome: Outcome): boolean {
  return UNREACHABLE.has(outcome);
}

/** Whether a check went over the network at all (invalid and private addresses are decided without a request). */
export function wentOut(outcome: Outcome): boolean {
  return outcome !== 'invalid_url' && outcome !== 'skipped_private';
}

/** Whether a check proves that the checker can reach the internet: some server answered (even with an error). */
export function provesReach(result: Pick<CheckResult, 'outcome' | 'httpStatus'>): boolean {
  return result.httpStatus !== null || result.outcome === 'tls';
}

export type RunVerdict = 'checked' | 'could_not_check';

/**
 * A run's verdict: when checks went out and not one server answered — every host failed with DNS, no route, a
 * refused connection or a timeout — the fault is almost certainly ours (no internet, broken resolver), so the run
 * "could not check" and must change no link's state.
 */
export function runVerdict(results: ReadonlyArray<Pick<CheckResult, 'outcome' | 'httpStatus'>>): RunVerdict {
  const out = results.filter((r) => wentOut(r.outcome));
  if (out.length === 0) return 'checked';
  if (out.some(provesReach)) return 'checked';
  return out.every((r) => isUnreachable(r.outcome)) ? 'could_not_check' : 'checked';
}

/** Why a run could not check, in words: the most common failure. */
export function unreachableReason(results: ReadonlyArray<Pick<CheckResult, 'outcome' | 'error'>>): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (!isUnreachable(r.outcome)) continue;
    const key = `${OUTCOME_LABELS[r.outcome]}${r.error ? ` (${r.error})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top ? `kein Server erreichbar: ${top[0]}` : 'kein Server erreichbar';
}

export function outcomeForStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'restricted';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'server_error';
  return 'client_error';
}

export interface RedirectHop {
  status: number;
  /** The absolute URL the server sent us to. */
  location: string;
}

/** The result of checking one URL once. */
export interface CheckResult {
  url: string;
  outcome: Outcome;
  httpStatus: number | null;
  /** Where the last request went (after redirects); equals `url` when there were none. */
  finalUrl: string;
  redirects: RedirectHop[];
  /** Technical detail for failures (error code or message). */
  error: string | null;
  /** Which method produced the answer (HEAD, or GET when HEAD was refused). */
  method: 'HEAD' | 'GET' | null;
  checkedAt: string;
  durationMs: number;
}

/** Whether the redirects are permanent (301/308): the catalog should then carry the new address. */
export function hasPermanentRedirect(redirects: readonly RedirectHop[]): boolean {
  return redirects.some((r) => r.status === 301 || r.status === 308);
}

// ---- state across checks --------------------------------------------------------------------------------------------

/**
 * A link's state, as the checklist shows it:
 * - `unchecked`: never checked;
 * - `ok`: works (maybe through temporary redirects);
 * - `moved`: works, but through a permanent redirect: update the address;
 * - `failing`: the last check failed in a way that may pass (timeout, 5xx, 429); not yet counted as broken;
 * - `broken`: failed repeatedly over time (see BreakPolicy): a definitive failure twice a day apart, a transient one longer.
 */
export const LINK_STATES = ['unchecked', 'ok', 'moved', 'failing', 'broken', 'skipped'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const LINK_STATE_LABELS: Record<LinkState, string> = {
  unchecked: 'noch nicht geprüft',
  ok: 'funktioniert',
  moved: 'funktioniert, Adresse hat sich geändert',
  failing: 'gestört',
  broken: 'defekt',
  skipped: 'nicht geprüft',
};

/** A working state (for coverage: the link can be followed today). */
export function stateWorks(state: LinkState): boolean {
  return state === 'ok' || state === 'moved';
}

export interface LinkStatus {
  url: string;
  host: string;
  state: LinkState;
  lastOutcome: Outcome | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  finalUrl: string | null;
  redirects: RedirectHop[];
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  /** Start of the current run of failures (null while working). */
  failingSince: string | null;
  /** When the link last turned broken (kept until it works again). */
  brokeAt: string | null;
  consecutiveFailures: number;
  checkCount: number;
  durationMs: number | null;
}

/**
 * When a failing link counts as broken. A single failed check never does: the citizen's link may be fine and our
 * side (DNS, route, a server's bad minute) at fault. A link is broken only after repeated failures over time.
 */
export interface BreakPolicy {
  /** A definitive failure (404/410, unknown domain, certificate) counts after this many consecutive failed checks … */
  failuresToBreak: number;
  /** … a transient one (timeout, 5xx, 429, no connection) after this many … */
  transientFailuresToBreak: number;
  /** … and in both cases only once the failures span at least this long (ms) — */
  minFailingMs: number;
  /** — or, with at least two failed checks, once they have lasted this long (ms), however few checks ran. */
  transientMaxMs: number;
}

export const DEFAULT_BREAK_POLICY: BreakPolicy = {
  failuresToBreak: 2,
  transientFailuresToBreak: 3,
  minFailingMs: 20 * 3600 * 1000,
  transientMaxMs: 3 * 24 * 3600 * 1000,
};

/** Breaks at the first failure: for tests and a manual re-check that should say what it sees. */
export const IMMEDIATE_BREAK_POLICY: BreakPolicy = {
  failuresToBreak: 1,
  transientFailuresToBreak: 3,
  minFailingMs: 0,
  transientMaxMs: 3 * 24 * 3600 * 1000,
};

export function uncheckedStatus(url: string): LinkStatus {
  return {
    url,
    host: hostOf(url),
    state: 'unchecked',
    lastOutcome: null,
    lastHttpStatus: null,
    lastError: null,
    finalUrl: null,
    redirects: [],
    lastCheckedAt: null,
    lastSuccessAt: null,
    failingSince: null,
    brokeAt: null,
    consecutiveFailures: 0,
    checkCount: 0,
    durationMs: null,
  };
}

/** What a check changed, for the run summary and the log. */
export type LinkEvent = 'broke' | 'recovered' | null;

/** Folds one check into a link's state. */
export function applyCheck(
  previous: LinkStatus | null,
  result: CheckResult,
  policy: BreakPolicy = DEFAULT_BREAK_POLICY,
): { status: LinkStatus; event: LinkEvent } {
  const prev = previous ?? uncheckedStatus(result.url);
  const base = {
    ...prev,
    host: hostOf(result.url),
    lastOutcome: result.outcome,
    lastHttpStatus: result.httpStatus,
    lastError: result.error,
    finalUrl: result.finalUrl,
    redirects: result.redirects,
    lastCheckedAt: result.checkedAt,
    checkCount: prev.checkCount + 1,
    durationMs: result.durationMs,
  };
  if (result.outcome === 'skipped_private') {
    return { status: { ...base, state: 'skipped' }, event: null };
  }
  if (isWorking(result.outcome)) {
    const state: LinkState = hasPermanentRedirect(result.redirects) ? 'moved' : 'ok';
    const event: LinkEvent = prev.state === 'broken' ? 'recovered' : null;
    return {
      status: {
        ...base,
        state,
        lastSuccessAt: result.checkedAt,
        failingSince: null,
        brokeAt: null,
        consecutiveFailures: 0,
      },
      event,
    };
  }
  const failures = prev.consecutiveFailures + 1;
  const failingSince = prev.failingSince ?? result.checkedAt;
  const lasted = Date.parse(result.checkedAt) - Date.parse(failingSince);
  const needed =
    isTransient(result.outcome) || isUnreachable(result.outcome)
      ? policy.transientFailuresToBreak
      : policy.failuresToBreak;
  const broken =
    (failures >= needed && lasted >= policy.minFailingMs) || (failures >= 2 && lasted >= policy.transientMaxMs);
  if (!broken) {
    return { status: { ...base, state: 'failing', failingSince, consecutiveFailures: failures }, event: null };
  }
  const wasBroken = prev.state === 'broken';
  return {
    status: {
      ...base,
      state: 'broken',
      failingSince,
      consecutiveFailures: failures,
      brokeAt: wasBroken ? prev.brokeAt : result.checkedAt,
    },
    event: wasBroken ? null : 'broke',
  };
}

// ---- run summary ----------------------------------------------------------------------------------------------------

export interface RunSummary {
  /** `could_not_check`: no server answered at all; no link's state was changed (see runVerdict). */
  verdict: RunVerdict;
  checked: number;
  working: number;
  failing: number;
  broken: number;
  skipped: number;
  newlyBroken: string[];
  recovered: string[];
}

export function emptySummary(): RunSummary {
  return {
    verdict: 'checked',
    checked: 0,
    working: 0,
    failing: 0,
    broken: 0,
    skipped: 0,
    newlyBroken: [],
    recovered: [],
  };
}

export function addToSummary(summary: RunSummary, status: LinkStatus, event: LinkEvent): void {
  summary.checked++;
  if (stateWorks(status.state)) summary.working++;
  else if (status.state === 'failing') summary.failing++;
  else if (status.state === 'broken') summary.broken++;
  else if (status.state === 'skipped') summary.skipped++;
  if (event === 'broke') summary.newlyBroken.push(status.url);
  if (event === 'recovered') summary.recovered.push(status.url);
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds from `now`; null when absent or invalid. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** One run of the link checker as stored (the lease fields let several instances share the schedule). */
export interface LinkCheckRun {
  id: string;
  trigger: string;
  owner: string;
  active: boolean;
  startedAt: string;
  leaseUntil: string;
  finishedAt: string | null;
  total: number;
  summary: RunSummary;
  error: string | null;
}

/**
 * The cache generation scope of the link checker's data (link states, runs): bumped with every write, so that what
 * shows link states (the checklist's kept answers, decision 0275) learns of a change without a query per request.
 */
export const LINKS_SCOPE = 'links';
