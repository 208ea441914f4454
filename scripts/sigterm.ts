// SIGTERM with slow clients connected (issue 16: "exits within 10 s"): starts the real server (`amtsweg serve`, an
// empty SQLite database, production settings), connects slow clients — half-sent headers trickling a byte a second
// (slowloris), uploads that stop after their first bytes, idle keep-alive connections — plus requests in flight,
// then sends SIGTERM and measures until the process has exited. Prints a JSON report; exits 1 when it took ≥ 10 s.
//
//   node --import tsx scripts/sigterm.ts [--slow 50] [--uploads 20] [--idle 20]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    slow: { type: 'string', default: '50' },
    uploads: { type: 'string', default: '20' },
    idle: { type: 'string', default: '20' },
  },
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'amtsweg-sigterm-'));
const port = await freePort();
const bin = new URL('../bin/amtsweg.mjs', import.meta.url).pathname;
const child = spawn(process.execPath, [bin, 'serve'], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PUBLIC_URL: 'http://127.0.0.1',
    DATABASE_URL: join(dir, 'sigterm.sqlite'),
    SEED_ON_START: '0',
    LINKCHECK_INTERVAL_MINUTES: '0',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const logs: Array<{ msg?: string; [k: string]: unknown }> = [];
let buffered = '';
child.stdout.on('data', (d: Buffer) => {
  buffered += d.toString();
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) {
    try {
      logs.push(JSON.parse(line));
    } catch {
      // not a log line
    }
  }
});
const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
  child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
);

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (i > 600) throw new Error('the server did not start within 60 s');
  const ok = await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await sleep(100);
}

const sockets: Socket[] = [];
const closed = new Set<Socket>();
const open = (first: string) =>
  new Promise<Socket>((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(first);
      resolve(s);
    });
    s.on('error', () => {});
    s.on('close', () => closed.add(s));
    s.resume(); // read what the server sends, so that its closing is seen
    sockets.push(s);
  });
for (let i = 0; i < Number(args.slow); i++) await open(`GET /?n=${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
for (let i = 0; i < Number(args.uploads); i++)
  await open(
    'POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":',
  );
for (let i = 0; i < Number(args.idle); i++) await open('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
const trickle = setInterval(() => {
  for (const s of sockets.slice(0, Number(args.slow))) if (!s.destroyed) s.write('a');
}, 1000);
await sleep(1500);
const openBefore = sockets.length - closed.size;
// A few ordinary requests in flight at the moment of the signal.
const inFlight = Array.from({ length: 10 }, () =>
  fetch(`${base}/api/v1/areas`).then(
    (r) => r.status,
    () => 'cut',
  ),
);
await sleep(5);

const signalled = performance.now();
child.kill('SIGTERM');
const { code, signal, at } = await exited;
const tookMs = Math.round(at - signalled);
clearInterval(trickle);
await sleep(50);
const report = {
  slowClients: Number(args.slow),
  stalledUploads: Number(args.uploads),
  idleKeepAlive: Number(args.idle),
  connectionsOpenAtSignal: openBefore,
  inFlightRequests: await Promise.all(inFlight),
  exit: { code, signal },
  tookMs,
  shutdownLog: logs
    .filter((l) => /shut|time is up|forcing/i.test(String(l.msg ?? '')))
    .map((l) => ({ msg: l.msg, ...Object.fromEntries(Object.entries(l).filter(([k]) => /ms|flight|took/i.test(k))) })),
  connectionsClosedByServer: closed.size,
  goal: { exitWithin10s: tookMs < 10_000 && code === 0 },
};
for (const s of sockets) s.destroy();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(report, null, 2));
process.exit(report.goal.exitWithin10s ? 0 : 1);
