// Starting the servers under test as child processes of their own (`node --import tsx`, one process each, so that
// /proc/<pid>/stat of the child is exactly the server's CPU) and talking to them over the IPC channel.
import { type ChildProcess, fork } from 'node:child_process';

export interface ServerChild<Ready> {
  pid: number;
  ready: Ready;
  /** Sends a message and waits for the child's answer (one at a time). */
  ask<T>(message: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks `file` and sends it `initial` (if any); resolves with the first message the child sends back (its
 * "listening on" report), or fails when that does not come within `startTimeoutMs`.
 */
export function startChild<Ready>(
  file: URL,
  options: { env?: Record<string, string>; startTimeoutMs: number; initial?: object; quiet?: boolean },
): Promise<ServerChild<Ready>> {
  const { env = {}, startTimeoutMs, initial, quiet = false } = options;
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    // `quiet`: the app's request log (LOG_LEVEL=info) would flood the report; it still costs its CPU.
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  if (initial) child.send(initial);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file.pathname}: not ready within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${file.pathname} exited before it was ready (${code ?? signal})`));
    });
    child.once('message', (message) => {
      clearTimeout(timer);
      const m = message as { error?: string };
      if (m.error) {
        child.kill('SIGKILL');
        reject(new Error(`${file.pathname}: ${m.error}`));
        return;
      }
      resolve(wrap(child, message as Ready));
    });
  });
}

function wrap<Ready>(child: ChildProcess, ready: Ready): ServerChild<Ready> {
  child.removeAllListeners('exit');
  return {
    pid: child.pid!,
    ready,
    ask<T>(message: unknown, timeoutMs = 30_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('child did not answer in time')), timeoutMs);
        child.once('message', (answer) => {
          clearTimeout(timer);
          const a = answer as { error?: string };
          if (a.error) reject(new Error(a.error));
          else resolve(answer as T);
        });
        child.send(message as object);
      });
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A bounded stop: SIGTERM, and SIGKILL if the child is still there after 10 s.
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
