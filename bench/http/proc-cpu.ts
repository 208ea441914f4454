// CPU time of a process from /proc/<pid>/stat (utime + stime, all its threads: libuv pool, GC, zlib included).
// Read before and after a round, the difference over the round's requests is the server's CPU per request — a
// figure that stays stable when other work on the machine steals cores and lowers req/s.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** USER_HZ: the unit of utime/stime; 100 on practically every Linux, asked once to be sure. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * utime + stime in clock ticks from the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and
 * may itself contain spaces and parentheses, so the fields are counted from the last ")".
 */
export function parseStatTicks(stat: string): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: "${stat.slice(0, 60)}"`);
  // After ")": field 3 (state) is index 0, so utime (field 14) is index 11 and stime (field 15) index 12.
  const fields = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('utime/stime missing in /proc/<pid>/stat');
  return utime + stime;
}

/** CPU milliseconds the process has used so far, or undefined when it is gone (or /proc is not there). */
export function cpuMs(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return (parseStatTicks(text) * 1000) / clockTicksPerSecond();
}

/** CPU milliseconds of several processes, by pid (missing ones left out). */
export function cpuMsOf(pids: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms !== undefined) out.set(pid, ms);
  }
  return out;
}

/**
 * CPU used between two readings of a changing set of processes (database backends come and go): a process seen
 * only afterwards counts with all its CPU (it started during the round); one that vanished is lost, and counted.
 */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): { ms: number; lost: number } {
  let ms = 0;
  let lost = 0;
  for (const [pid, end] of after) ms += end - (before.get(pid) ?? 0);
  for (const pid of before.keys()) if (!after.has(pid)) lost++;
  return { ms, lost };
}
