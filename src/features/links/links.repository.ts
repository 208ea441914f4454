// All SQL of the link checker. Links are keyed by URL and are not tenant data (see links.table.ts); which tenant
// shows a link is decided from the catalog by the service.
import type { Kysely, Selectable } from 'kysely';
import { bumpCacheGeneration } from '../../db/cache-generations.ts';
import type { Database } from '../../db/schema.ts';
import type { LinkCheckRunTable, LinkTable } from './links.table.ts';
import {
  LINK_STATES,
  LINKS_SCOPE,
  type LinkCheckRun,
  type LinkState,
  type LinkStatus,
  OUTCOMES,
  type Outcome,
  type RedirectHop,
  type RunSummary,
} from './links.ts';

type Q = Kysely<Database>;

const CHUNK = 500;

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const toStatus = (r: Selectable<LinkTable>): LinkStatus => ({
  url: r.url,
  host: r.host,
  state: (LINK_STATES as readonly string[]).includes(r.state) ? (r.state as LinkState) : 'unchecked',
  lastOutcome:
    r.lastOutcome && (OUTCOMES as readonly string[]).includes(r.lastOutcome) ? (r.lastOutcome as Outcome) : null,
  lastHttpStatus: r.lastHttpStatus,
  lastError: r.lastError,
  finalUrl: r.finalUrl,
  redirects: parseJson<RedirectHop[]>(r.redirects, []),
  lastCheckedAt: r.lastCheckedAt,
  lastSuccessAt: r.lastSuccessAt,
  failingSince: r.failingSince,
  brokeAt: r.brokeAt,
  consecutiveFailures: r.consecutiveFailures,
  checkCount: r.checkCount,
  durationMs: r.durationMs,
});

/** The stored states of the given URLs (missing ones are simply absent). */
export async function readLinkStatuses(q: Q, urls: readonly string[]): Promise<Map<string, LinkStatus>> {
  const out = new Map<string, LinkStatus>();
  const unique = [...new Set(urls)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await q
      .selectFrom('links')
      .selectAll()
      .where('url', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.url, toStatus(r));
  }
  return out;
}

export async function readLinksByState(q: Q, states: readonly LinkState[]): Promise<LinkStatus[]> {
  if (states.length === 0) return [];
  const rows = await q
    .selectFrom('links')
    .selectAll()
    .where('state', 'in', [...states])
    .orderBy('url')
    .execute();
  return rows.map(toStatus);
}

export async function countLinksByState(q: Q): Promise<Record<string, number>> {
  const rows = await q
    .selectFrom('links')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Writes a link's state (insert or replace). */
export async function saveLinkStatus(q: Q, status: LinkStatus, now: string): Promise<void> {
  const values = {
    host: status.host,
    state: status.state,
    lastOutcome: status.lastOutcome,
    lastHttpStatus: status.lastHttpStatus,
    lastError: status.lastError,
    finalUrl: status.finalUrl,
    redirects: JSON.stringify(status.redirects),
    lastCheckedAt: status.lastCheckedAt,
    lastSuccessAt: status.lastSuccessAt,
    failingSince: status.failingSince,
    brokeAt: status.brokeAt,
    consecutiveFailures: status.consecutiveFailures,
    checkCount: status.checkCount,
    durationMs: status.durationMs,
    updatedAt: now,
  };
  await q.transaction().execute(async (trx) => {
    await trx
      .insertInto('links')
      .values({ url: status.url, firstSeenAt: now, ...values })
      .onConflict((oc) => oc.column('url').doUpdateSet(values))
      .execute();
    await bumpCacheGeneration(trx, LINKS_SCOPE);
  });
}

// ---- runs and the lease -----------------------------------------------------------------------------------------------

const toRun = (r: Selectable<LinkCheckRunTable>): LinkCheckRun => ({
  id: r.id,
  trigger: r.trigger,
  owner: r.owner,
  active: r.active === 1,
  startedAt: r.startedAt,
  leaseUntil: r.leaseUntil,
  finishedAt: r.finishedAt,
  total: r.total,
  summary: {
    verdict: r.verdict === 'could_not_check' ? 'could_not_check' : 'checked',
    checked: r.checked,
    working: r.working,
    failing: r.failing,
    broken: r.broken,
    skipped: r.skipped,
    newlyBroken: parseJson<string[]>(r.newlyBroken, []),
    recovered: parseJson<string[]>(r.recovered, []),
  },
  error: r.error,
});

/**
 * Takes the lease for a new run: first ends runs whose lease ran out (a crashed process), then inserts the new run
 * as the active one. The unique index on `active` makes a concurrent second insert fail: returns false then.
 */
export async function tryStartRun(
  q: Q,
  run: { id: string; trigger: string; owner: string; total: number; startedAt: string; leaseUntil: string },
): Promise<boolean> {
  await q.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('linkCheckRuns')
      .set({ active: null, finishedAt: run.startedAt, error: 'lease expired (process ended during the run)' })
      .where('active', '=', 1)
      .where('leaseUntil', '<', run.startedAt)
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) > 0) await bumpCacheGeneration(trx, LINKS_SCOPE);
  });
  try {
    await q.transaction().execute(async (trx) => {
      await trx
        .insertInto('linkCheckRuns')
        .values({
          ...run,
          active: 1,
          finishedAt: null,
          checked: 0,
          working: 0,
          failing: 0,
          broken: 0,
          skipped: 0,
          newlyBroken: '[]',
          recovered: '[]',
          error: null,
          verdict: null,
        })
        .execute();
      await bumpCacheGeneration(trx, LINKS_SCOPE);
    });
    return true;
  } catch (error) {
    const text =
      String((error as { code?: string; message?: string }).code ?? '') + String((error as Error).message ?? '');
    if (/unique|23505|SQLITE_CONSTRAINT/i.test(text)) return false;
    throw error;
  }
}

export async function readActiveRun(q: Q): Promise<LinkCheckRun | null> {
  const r = await q.selectFrom('linkCheckRuns').selectAll().where('active', '=', 1).executeTakeFirst();
  return r ? toRun(r) : null;
}

export async function updateRunProgress(q: Q, id: string, summary: RunSummary, leaseUntil: string): Promise<void> {
  await q.transaction().execute(async (trx) => {
    await trx
      .updateTable('linkCheckRuns')
      .set({
        leaseUntil,
        checked: summary.checked,
        working: summary.working,
        failing: summary.failing,
        broken: summary.broken,
        skipped: summary.skipped,
      })
      .where('id', '=', id)
      .execute();
    await bumpCacheGeneration(trx, LINKS_SCOPE);
  });
}

export async function finishRun(
  q: Q,
  id: string,
  summary: RunSummary,
  finishedAt: string,
  error: string | null,
): Promise<void> {
  await q.transaction().execute(async (trx) => {
    await trx
      .updateTable('linkCheckRuns')
      .set({
        active: null,
        finishedAt,
        checked: summary.checked,
        working: summary.working,
        failing: summary.failing,
        broken: summary.broken,
        skipped: summary.skipped,
        newlyBroken: JSON.stringify(summary.newlyBroken),
        recovered: JSON.stringify(summary.recovered),
        error,
        verdict: summary.verdict,
      })
      .where('id', '=', id)
      .execute();
    await bumpCacheGeneration(trx, LINKS_SCOPE);
  });
}

export async function readRecentRuns(q: Q, limit: number): Promise<LinkCheckRun[]> {
  const rows = await q.selectFrom('linkCheckRuns').selectAll().orderBy('startedAt', 'desc').limit(limit).execute();
  return rows.map(toRun);
}
