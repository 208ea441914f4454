// HTTP throughput and CPU per request of the real app against a bare node:http server replaying the app's exact
// answers. Each server runs in a child process of its own, the load generator (wrk, else autocannon) in another;
// rounds alternate bare, app, bare, app, … and the medians are compared. CPU per request comes from
// /proc/<pid>/stat of each server (and, on PostgreSQL, of the app's database backends): it stays comparable on a
// busy machine, where req/s of both servers drops with whatever else runs.
// Usage: npm run bench -- http [--dialect sqlite|postgres] [--seconds 5] [--rounds 3] [--load wrk|autocannon]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedAnswer } from './http/bare-server.ts';
import { differences, fetchRaw, record } from './http/capture.ts';
import { type ServerChild, startChild } from './http/child.ts';
import { type LoadResult, type LoadTool, pickLoadTool, runLoad } from './http/load.ts';
import { type BenchPostgres, benchPostgres } from './http/postgres.ts';
import { cpuDelta, cpuMsOf } from './http/proc-cpu.ts';
import { type BenchResult, median } from './support.ts';

const AGS = '05974020'; // Geseke

export interface HttpCase {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** The issue's goals: app req/s ≥ minRatio × bare, app CPU/request ≤ maxCpu × bare. */
  goal: { minRatio: number; maxCpu: number };
}

export const HTTP_CASES: HttpCase[] = [
  { name: "a town's list", path: `/api/v1/areas/${AGS}/services`, headers: {}, goal: { minRatio: 0.8, maxCpu: 2 } },
  {
    name: "a town's list, gzip",
    path: `/api/v1/areas/${AGS}/services`,
    headers: { 'accept-encoding': 'gzip' },
    goal: { minRatio: 0.8, maxCpu: 2 },
  },
  {
    name: 'one service',
    path: `/api/v1/areas/${AGS}/services/personalausweis-beantragen`,
    headers: {},
    goal: { minRatio: 0.5, maxCpu: 4 },
  },
  {
    name: 'search "perso verloren"',
    path: `/api/v1/search?q=perso+verloren&ags=${AGS}`,
    headers: {},
    goal: { minRatio: 0.4, maxCpu: 6 },
  },
  {
    name: 'HTML service page',
    path: '/geseke/leistungen/personalausweis-beantragen',
    headers: { accept: 'text/html' },
    goal: { minRatio: 0.25, maxCpu: 8 },
  },
];

export interface HttpOptions {
  seconds?: number;
  rounds?: number;
  dialect?: 'sqlite' | 'postgres';
  load?: LoadTool;
  connections?: number;
  /** The app's LOG_LEVEL (default warn: production's info writes two log lines per request). */
  logLevel?: string;
  /** Only the cases whose name contains this. */
  only?: string;
}

interface Round extends LoadResult {
  /** Server CPU ms per request; database backends' separately (PostgreSQL). */
  cpuPerReq: number;
  dbCpuPerReq?: number;
}

interface CaseResult {
  c: HttpCase;
  bytes: number;
  /** The app's content-encoding for this case ('' when it answered uncompressed). */
  encoding: string;
  bare: Round[];
  app: Round[];
  dbLost: number;
}

const fmt = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(options: HttpOptions = {}): Promise<BenchResult[]> {
  const seconds = options.seconds ?? 5;
  const rounds = Math.max(3, options.rounds ?? 3);
  const connections = options.connections ?? 50;
  const dialect = options.dialect ?? 'sqlite';
  const cases = HTTP_CASES.filter((c) => !options.only || c.name.includes(options.only));
  if (cases.length === 0)
    throw new Error(`--only "${options.only}" matches no case; cases: ${HTTP_CASES.map((c) => c.name).join(', ')}`);
  const { tool, note } = pickLoadTool(options.load);
  const load0 = loadavg();

  let postgres: BenchPostgres | undefined;
  let tmp: string | undefined;
  const children: ServerChild<{ port: number; pid: number; description?: string }>[] = [];
  try {
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL: options.logLevel ?? 'warn',
      SEED_ON_START: '1',
      LINKCHECK_INTERVAL_MINUTES: '0', // no outgoing link checks during the bench
    };
    if (dialect === 'postgres') {
      postgres = await benchPostgres();
      Object.assign(env, { BENCH_DATABASE_URL: postgres.url, BENCH_SCHEMA: postgres.schema });
    } else {
      tmp = mkdtempSync(join(tmpdir(), 'amtsweg-bench-'));
      env.BENCH_DATABASE_URL = join(tmp, 'amtsweg.sqlite');
    }
    const app = await startChild<{ port: number; pid: number; description: string }>(
      new URL('./http/app-server.ts', import.meta.url),
      { env, startTimeoutMs: 300_000, quiet: true },
    );
    children.push(app);

    // One request per case, recorded for the replay; the bare server's answers are checked against it.
    const recorded: RecordedAnswer[] = [];
    for (const c of cases) recorded.push(await record(app.ready.port, c.path, c.headers));
    const bare = await startChild<{ port: number; pid: number }>(new URL('./http/bare-server.ts', import.meta.url), {
      startTimeoutMs: 60_000,
      initial: { cases: recorded },
    });
    children.push(bare);
    for (const [i, c] of cases.entries()) {
      const diff = differences(recorded[i]!, await fetchRaw(bare.ready.port, c.path, c.headers));
      if (diff.length) throw new Error(`bare server does not replay ${c.name} exactly: ${diff.join('; ')}`);
    }

    console.log(
      `\n### HTTP, ${dialect} (${app.ready.description}): ${tool}, ${connections} connections, ${rounds} rounds × ${seconds} s per server and case, alternating bare/app`,
    );
    console.log(
      `load generator: ${note}; app LOG_LEVEL=${env.LOG_LEVEL}; load average at start ${load0.map((l) => l.toFixed(2)).join(' ')}`,
    );

    const appPids = async () => [app.pid, ...((await postgres?.backendPids()) ?? [])];
    const results: CaseResult[] = [];
    for (const [i, c] of cases.entries()) {
      const bytes = Buffer.from(recorded[i]!.body, 'base64').length;
      const headers = recorded[i]!.rawHeaders;
      const at = headers.findIndex((h, k) => k % 2 === 0 && h.toLowerCase() === 'content-encoding');
      const encoding = at >= 0 ? (headers[at + 1] ?? '') : '';
      const url = (port: number) => `http://127.0.0.1:${port}${c.path}`;
      const once = (port: number, s: number) =>
        runLoad(tool, { url: url(port), headers: c.headers, connections, seconds: s });
      // Warm-up, not counted: JIT, caches, and (PostgreSQL) the pool's connections.
      await once(bare.ready.port, Math.min(2, seconds));
      // At least 5 s for the app: after 2 s its CPU per request was still ~1.6× the settled figure (JIT, heap growth).
      await once(app.ready.port, Math.max(5, seconds));
      const r: CaseResult = { c, bytes, encoding, bare: [], app: [], dbLost: 0 };
      for (let k = 0; k < rounds; k++) {
        r.bare.push(await measured(() => once(bare.ready.port, seconds), [bare.pid]));
        const before = await appPids();
        const cpuBefore = cpuMsOf(before);
        const result = await once(app.ready.port, seconds);
        const after = await appPids();
        const cpuAfter = cpuMsOf(new Set([...before, ...after]));
        const server = (cpuAfter.get(app.pid) ?? Number.NaN) - (cpuBefore.get(app.pid) ?? Number.NaN);
        const round: Round = { ...result, cpuPerReq: server / result.requests };
        if (postgres) {
          cpuBefore.delete(app.pid);
          cpuAfter.delete(app.pid);
          const db = cpuDelta(cpuBefore, cpuAfter);
          round.dbCpuPerReq = cpuAfter.size ? db.ms / result.requests : Number.NaN;
          r.dbLost += db.lost;
        }
        r.app.push(round);
      }
      results.push(r);
      printCase(r);
    }
    const load1 = loadavg();
    console.log(`load average at end ${load1.map((l) => l.toFixed(2)).join(' ')}`);
    printTable(results, dialect);
    return results.flatMap((r) => summary(r));
  } finally {
    for (const child of children.reverse()) await child.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await postgres?.close();
  }
}

async function measured(fn: () => Promise<LoadResult>, pids: number[]): Promise<Round> {
  const before = cpuMsOf(pids);
  const result = await fn();
  const after = cpuMsOf(pids);
  return { ...result, cpuPerReq: cpuDelta(before, after).ms / result.requests };
}

function med(rounds: Round[], pick: (r: Round) => number | undefined): number {
  return median(rounds.map(pick).filter((v): v is number => v !== undefined));
}

function printCase(r: CaseResult): void {
  const line = (who: string, rounds: Round[]) =>
    `  ${who}: ${rounds.map((x) => `${fmt(x.reqPerSec)} req/s ${fmt(x.cpuPerReq * 1000)} µs`).join(' | ')}`;
  const asked = r.c.headers['accept-encoding'];
  // A case that asks for gzip and gets identity measures the uncompressed answer: say so rather than hide it.
  const got = asked ? `, asked ${asked}, ${r.encoding ? `got ${r.encoding}` : 'got it UNCOMPRESSED'}` : '';
  console.log(`- ${r.c.name} (${r.c.path}${got}, ${fmt(r.bytes)} bytes)`);
  console.log(line('bare', r.bare));
  console.log(line('app ', r.app));
}

/** The medians of a case, and app against bare. CPU of the app includes its database backends (PostgreSQL). */
function figures(r: CaseResult) {
  const bareRps = med(r.bare, (x) => x.reqPerSec);
  const appRps = med(r.app, (x) => x.reqPerSec);
  const bareCpu = med(r.bare, (x) => x.cpuPerReq);
  const serverCpu = med(r.app, (x) => x.cpuPerReq);
  const dbCpu = med(r.app, (x) => x.dbCpuPerReq);
  const appCpu = Number.isNaN(dbCpu) ? serverCpu : serverCpu + dbCpu;
  const ratio = appRps / bareRps;
  const cpuX = appCpu / bareCpu;
  return {
    bareRps,
    appRps,
    bareCpu,
    serverCpu,
    dbCpu,
    appCpu,
    ratio,
    cpuX,
    ratioMet: ratio >= r.c.goal.minRatio,
    cpuMet: cpuX <= r.c.goal.maxCpu,
  };
}

function printTable(results: CaseResult[], dialect: string): void {
  const ms = (rounds: Round[]) =>
    `${fmt(
      med(rounds, (x) => x.p50Ms),
      2,
    )} / ${fmt(
      med(rounds, (x) => x.p99Ms),
      2,
    )}`;
  const us = (v: number) => fmt(v * 1000);
  const ok = (good: boolean) => (good ? 'met' : 'not met');
  console.log(
    `\n| case (${dialect}) | bytes | bare req/s | app req/s | ratio (goal) | bare p50 / p99 ms | app p50 / p99 ms | bare CPU µs/req | app CPU µs/req | CPU × bare (goal) |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  let met = 0;
  for (const r of results) {
    const f = figures(r);
    if (f.ratioMet && f.cpuMet) met++;
    const name = `${r.c.name}${r.c.headers['accept-encoding'] && !r.encoding ? ' (answered uncompressed)' : ''}`;
    const appCpu = Number.isNaN(f.dbCpu)
      ? us(f.appCpu)
      : `${us(f.appCpu)} (server ${us(f.serverCpu)} + db ${us(f.dbCpu)})`;
    const ratio = `**${fmt(f.ratio, 3)}** (≥ ${r.c.goal.minRatio}: ${ok(f.ratioMet)})`;
    const cpuX = `**${fmt(f.cpuX, 1)}×** (≤ ${r.c.goal.maxCpu}×: ${ok(f.cpuMet)})`;
    console.log(
      `| ${name} | ${fmt(r.bytes)} | ${fmt(f.bareRps)} | ${fmt(f.appRps)} | ${ratio} | ${ms(r.bare)} | ${ms(r.app)} | ${us(f.bareCpu)} | ${appCpu} | ${cpuX} |`,
    );
  }
  console.log(`\ncases meeting both goals: ${met} of ${results.length}`);
  const lost = results.reduce((n, r) => n + r.dbLost, 0);
  if (lost) console.log(`(${lost} database backends ended during a round; their CPU in that round is missing)`);
}

function summary(r: CaseResult): BenchResult[] {
  const f = figures(r);
  const baseline = 'bare node:http, same bytes';
  return [
    {
      name: `${r.c.name} req/s`,
      unit: 'req/s',
      value: f.appRps,
      baseline: { name: baseline, value: f.bareRps },
      ratio: f.ratio,
    },
    {
      name: `${r.c.name} CPU/request`,
      unit: 'µs',
      value: f.appCpu * 1000,
      baseline: { name: baseline, value: f.bareCpu * 1000 },
      ratio: f.cpuX,
    },
  ];
}
