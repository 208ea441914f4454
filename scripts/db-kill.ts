// Kills the server's database connections under load and reports what the clients saw (issue 16: "killing the
// database connections under load gives 503s, then full recovery with no restart").
//
// The server (scripts/db-kill-server.ts: built as `startServer` builds it, generation listener on, the small test
// bundle) runs on PostgreSQL in a schema of its own, in a child process whose connections carry their own application_name, so that only
// they are terminated (other users of the database are left alone). Clients: N concurrent request loops over a
// portal/API mix. Three phases: baseline, kill (pg_terminate_backend on every connection of the server every
// --every ms), recovery. Per phase: statuses, 503s with and without Retry-After, answers marked stale; afterwards
// the server must still be the same process, /readyz 200 and every answer 200 and unmarked.
//
//   node --import tsx scripts/db-kill.ts [--seconds 10] [--every 500] [--connections 20]
//
// Prints a JSON report; exits 1 when a goal is missed.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startChild } from '../bench/http/child.ts';
import { TEST_POSTGRES_URL } from '../src/db/testing.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    every: { type: 'string', default: '500' },
    connections: { type: 'string', default: '20' },
  },
});
const PHASE_MS = Number(args.seconds) * 1000;
const EVERY_MS = Number(args.every);
const CONNECTIONS = Number(args.connections);

const NEUSTADT = '17001002';
const MIX = [
  `/api/v1/areas/${NEUSTADT}/services`,
  `/api/v1/areas/${NEUSTADT}/services/bauantrag`,
  `/api/v1/search?q=bauantrag&ags=${NEUSTADT}`,
  '/neustadt/',
  '/neustadt/leistungen/bauantrag',
  '/api/v1/areas',
];

type Phase = 'baseline' | 'kill' | 'recovery';
interface Tally {
  requests: number;
  statuses: Record<string, number>;
  unavailableWithRetryAfter: number;
  unavailableWithoutRetryAfter: number;
  otherServerErrors: number;
  staleAnswers: number;
  networkErrors: number;
  maxMs: number;
  serverErrorsByPath: Record<string, number>;
}
const tally = (): Tally => ({
  requests: 0,
  statuses: {},
  unavailableWithRetryAfter: 0,
  unavailableWithoutRetryAfter: 0,
  otherServerErrors: 0,
  staleAnswers: 0,
  networkErrors: 0,
  maxMs: 0,
  serverErrorsByPath: {},
});

const schema = `kill_${randomBytes(5).toString('hex')}`;
const appName = `amtsweg-dbkill-${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);

const dropSchema = async () => {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
};
const server = await startChild<{ port: number; pid: number; description: string }>(
  new URL('./db-kill-server.ts', import.meta.url),
  {
    env: {
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'error',
      LINKCHECK_INTERVAL_MINUTES: '0',
      BENCH_DATABASE_URL: TEST_POSTGRES_URL,
      BENCH_SCHEMA: schema,
      PGAPPNAME: appName, // node-postgres names every connection of the child so
    },
    startTimeoutMs: 180_000,
    quiet: process.env.DB_KILL_LOGS !== '1', // DB_KILL_LOGS=1: the server's error log on stdout
  },
).catch(async (error: unknown) => {
  await dropSchema();
  throw error;
});
const base = `http://127.0.0.1:${server.ready.port}`;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const phases: Record<Phase, Tally> = { baseline: tally(), kill: tally(), recovery: tally() };
let phase: Phase = 'baseline';
let running = true;
let killed = 0;
let killRounds = 0;

async function client(i: number): Promise<void> {
  let n = i;
  while (running) {
    const path = MIX[n++ % MIX.length] as string;
    const t = phases[phase];
    const started = performance.now();
    try {
      const res = await fetch(base + path, { headers: { accept: path.startsWith('/api') ? '*/*' : 'text/html' } });
      await res.arrayBuffer();
      t.requests++;
      t.statuses[res.status] = (t.statuses[res.status] ?? 0) + 1;
      if (res.status === 503) {
        if (res.headers.get('retry-after')) t.unavailableWithRetryAfter++;
        else t.unavailableWithoutRetryAfter++;
      } else if (res.status >= 500) {
        t.otherServerErrors++;
        t.serverErrorsByPath[path] = (t.serverErrorsByPath[path] ?? 0) + 1;
      }
      if (res.headers.get('x-amtsweg-stale')) t.staleAnswers++;
    } catch {
      t.requests++;
      t.networkErrors++;
    }
    t.maxMs = Math.max(t.maxMs, Math.round(performance.now() - started));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const clients = Array.from({ length: CONNECTIONS }, (_, i) => client(i));
await sleep(PHASE_MS);
phase = 'kill';
const killUntil = Date.now() + PHASE_MS;
while (Date.now() < killUntil) {
  const r = await admin.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 or application_name = $2',
    [appName, `amtsweg-listen:${schema}`],
  );
  killed += r.rowCount ?? 0;
  killRounds++;
  await sleep(EVERY_MS);
}
phase = 'recovery';
const recoveryStarted = Date.now();
await sleep(PHASE_MS);
running = false;
await Promise.all(clients);

// After: the same process, ready, and clean answers.
const ready = await fetch(`${base}/readyz`);
const after = await Promise.all(
  MIX.map(async (path) => {
    const res = await fetch(base + path, { headers: { accept: path.startsWith('/api') ? '*/*' : 'text/html' } });
    await res.arrayBuffer();
    return { path, status: res.status, stale: res.headers.get('x-amtsweg-stale') };
  }),
);
const serverAlive = alive(server.pid);
await server.stop();
await dropSchema();

const report = {
  database: server.ready.description,
  connections: CONNECTIONS,
  phaseSeconds: PHASE_MS / 1000,
  killEveryMs: EVERY_MS,
  killRounds,
  connectionsTerminated: killed,
  phases,
  recoveryObservedAfterMs: Date.now() - recoveryStarted,
  after: { readyz: ready.status, answers: after, serverProcessAlive: serverAlive },
  goals: {
    noServerErrorButRetryable503: Object.values(phases).every(
      (p) => p.otherServerErrors === 0 && p.unavailableWithoutRetryAfter === 0 && p.networkErrors === 0,
    ),
    baselineClean: phases.baseline.requests > 0 && phases.baseline.requests === (phases.baseline.statuses[200] ?? 0),
    fullRecovery: ready.status === 200 && after.every((a) => a.status === 200 && !a.stale),
    noRestart: serverAlive,
  },
};
console.log(JSON.stringify(report, null, 2));
process.exit(Object.values(report.goals).every(Boolean) ? 0 : 1);
