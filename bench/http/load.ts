// The load generator, always in a process of its own so that it never shares an event loop with a server under
// test: wrk (Debian: `apt-get install -y wrk`) when installed, else autocannon's CLI in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export type LoadTool = 'wrk' | 'autocannon';

export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** wrk when installed (unless `prefer` says autocannon), with a line saying which one and why. */
export function pickLoadTool(prefer?: LoadTool): { tool: LoadTool; note: string } {
  if (prefer === 'autocannon')
    return { tool: 'autocannon', note: 'autocannon CLI in a child process (--load autocannon)' };
  if (wrkInstalled()) return { tool: 'wrk', note: 'wrk in its own process' };
  if (prefer === 'wrk') throw new Error('--load wrk: wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)');
  return {
    tool: 'autocannon',
    note: 'wrk not installed (apt-get install -y wrk), fell back to the autocannon CLI in a child process',
  };
}

export async function runLoad(tool: LoadTool, options: LoadOptions): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(options) : runAutocannon(options);
}

async function runWrk(o: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '10s', '--latency'];
  for (const [k, v] of Object.entries(o.headers)) args.push('-H', `${k}: ${v}`);
  args.push(o.url);
  return parseWrkOutput(await runChild('wrk', args, o.seconds), o.url);
}

async function runAutocannon(o: LoadOptions): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [cli, '-c', String(o.connections), '-d', String(o.seconds), '-j'];
  for (const [k, v] of Object.entries(o.headers)) args.push('-H', `${k}=${v}`);
  args.push(o.url);
  return parseAutocannonJson(await runChild(process.execPath, args, o.seconds), o.url);
}

/** Runs the generator; killed if it overruns its duration by 30 s, so a hung round cannot hang the bench. */
function runChild(command: string, args: string[], seconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} exited with ${code ?? signal}: ${err.trim() || out.trim()}`));
    });
  });
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function wrkDuration(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(value);
  if (!m) throw new Error(`wrk: unreadable latency "${value}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Reads `wrk --latency` output; any non-2xx/3xx answer or socket error fails the round (a fast error is no win). */
export function parseWrkOutput(text: string, url = ''): LoadResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m|h)/.exec(text);
  const p50 = /^\s*50(?:\.000)?%\s+(\S+)/m.exec(text);
  const p99 = /^\s*99(?:\.000)?%\s+(\S+)/m.exec(text);
  if (!total || !p50 || !p99) throw new Error(`wrk ${url}: unexpected output:\n${text}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  if (non2xx) throw new Error(`wrk ${url}: ${non2xx[1]} answers were not 2xx/3xx`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  if (socket?.slice(1).some((n) => Number(n) > 0)) throw new Error(`wrk ${url}: ${socket[0]}`);
  const requests = Number(total[1]);
  const seconds = (Number(total[2]) * UNIT_MS[total[3]!]!) / 1000;
  return { requests, seconds, reqPerSec: requests / seconds, p50Ms: wrkDuration(p50[1]!), p99Ms: wrkDuration(p99[1]!) };
}

interface AutocannonJson {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function parseAutocannonJson(text: string, url = ''): LoadResult {
  const r = JSON.parse(text.slice(text.indexOf('{'))) as AutocannonJson;
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(`autocannon ${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    reqPerSec: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
  };
}
