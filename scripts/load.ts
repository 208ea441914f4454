// A mixed load against the real server: the app in a child process of its own (bench/http/app-server.ts: config
// from the environment, the Kreis Soest seed) on 127.0.0.1, autocannon in another child process, two consecutive
// 60-second runs at 100 connections, the server's RSS sampled every second over both minutes (/proc/<pid>/status).
// Goals (issue 16): 0 errors, p99 < 500 ms, RSS flat (± 10 %) over the second minute.
//
//   node --import tsx scripts/load.ts [--seconds 60] [--connections 100] [--dialect sqlite|postgres]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startChild } from '../bench/http/child.ts';
import { cpuMs } from '../bench/http/proc-cpu.ts';
import { TEST_POSTGRES_URL } from '../src/db/testing.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);

const GESEKE = '05974020';
const MIX = [
  { path: `/api/v1/areas/${GESEKE}/services` },
  { path: `/api/v1/areas/${GESEKE}/services/personalausweis-beantragen` },
  { path: `/api/v1/search?q=perso+verloren&ags=${GESEKE}` },
  { path: `/api/v1/suggest?q=ausw&ags=${GESEKE}` },
  { path: '/geseke/', headers: { accept: 'text/html' } },
  { path: '/geseke/leistungen/personalausweis-beantragen', headers: { accept: 'text/html' } },
  { path: '/geseke/suche?q=umzug', headers: { accept: 'text/html' } },
  { path: '/checkliste/geseke', headers: { accept: 'text/html' } },
  { path: '/api/v1/areas', headers: { 'accept-encoding': 'gzip' } },
  { path: '/healthz' },
];

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : Number.NaN;
}

function runLoad(base: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const worker = new URL('./load-worker.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', worker, base, String(CONNECTIONS), String(SECONDS), JSON.stringify(MIX)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 60) * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out) as Record<string, unknown>);
      else reject(new Error(`load worker exited with ${code}`));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'amtsweg-load-'));
let schema: string | null = null;
const env: Record<string, string> = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'http://127.0.0.1',
  LOG_LEVEL: 'warn',
  SEED_ON_START: '1',
  LINKCHECK_INTERVAL_MINUTES: '0',
  BENCH_DATABASE_URL: join(dir, 'load.sqlite'),
};
if (args.dialect === 'postgres') {
  schema = `load_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  env.BENCH_DATABASE_URL = TEST_POSTGRES_URL;
  env.BENCH_SCHEMA = schema;
}
const server = await startChild<{ port: number; pid: number; description: string }>(
  new URL('../bench/http/app-server.ts', import.meta.url),
  { env, startTimeoutMs: 180_000, quiet: true },
);
const base = `http://127.0.0.1:${server.ready.port}`;
// Samples are tagged with the run they fell into (0: before, between or after the runs).
const samples: Array<{ t: number; run: number; rssMb: number }> = [];
const started = Date.now();
let run = 0;
const sampler = setInterval(
  () => samples.push({ t: Math.round((Date.now() - started) / 1000), run, rssMb: rssMb(server.pid) }),
  1000,
);
/** One run, with the server's CPU time per answered request (utime + stime from /proc; stable on a busy machine). */
async function measuredRun(n: number): Promise<Record<string, unknown>> {
  const cpu0 = cpuMs(server.pid) ?? Number.NaN;
  run = n;
  // Only the seconds the load runs count for the run: the load generator's start and its report at the end are not
  // load, and the server's heap shrinking once the load has stopped is no spread under load.
  const untag = setTimeout(() => {
    if (run === n) run = 0;
  }, SECONDS * 1000);
  const result = await runLoad(base);
  clearTimeout(untag);
  run = 0;
  const cpu = (cpuMs(server.pid) ?? Number.NaN) - cpu0;
  const answered = Number(result.requests) || 1;
  return { ...result, serverCpuMs: Math.round(cpu), serverCpuMsPerRequest: Math.round((cpu / answered) * 100) / 100 };
}
try {
  const rssBefore = rssMb(server.pid);
  const loadBefore = loadavg()[0];
  const first = await measuredRun(1);
  const second = await measuredRun(2);
  clearInterval(sampler);
  // Every sample taken while the second run was under way (not the pause between the runs).
  const minute2 = samples.filter((s) => s.run === 2).map((s) => s.rssMb);
  const mean = minute2.reduce((a, b) => a + b, 0) / Math.max(1, minute2.length);
  const spread = minute2.length ? (Math.max(...minute2) - Math.min(...minute2)) / mean : Number.NaN;
  const report = {
    dialect: args.dialect,
    database: server.ready.description,
    connections: CONNECTIONS,
    secondsPerRun: SECONDS,
    mix: MIX.map((m) => m.path),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    // The load average counts this run's own processes too; before the start it says how busy the machine was.
    loadavgBefore: loadBefore,
    loadavgAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    rssBeforeMb: rssBefore,
    firstMinute: first,
    secondMinute: second,
    rssSecondMinuteMb: { min: Math.min(...minute2), max: Math.max(...minute2), mean: Math.round(mean * 10) / 10 },
    rssSecondMinuteSpreadPct: Math.round(spread * 1000) / 10,
    rssSamplesMb: samples.map((s) => `${s.run}:${s.rssMb}`).join(' '),
    goals: {
      zeroErrors: [first, second].every((r) => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0),
      p99Below500: [first, second].every((r) => Number(r.p99Ms) < 500),
      rssFlat10Pct: spread <= 0.2, // max−min within ±10 % of the mean
    },
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  clearInterval(sampler);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  if (schema) {
    const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}
