// The child's side of bench/http/child.ts: a server started in a child process listens on a free local port, reports
// `{ port, pid, description }` (or its start failure) to the parent over IPC, and leaves with the parent.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

const send = (message: object) => process.send?.(message);

/** Listens on 127.0.0.1 at a free port and tells the parent where; SIGTERM closes the app, a lost parent exits. */
export async function listenForParent(app: FastifyInstance, description: string): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The bench gone (crashed, killed) means nobody will stop this server: leave with it instead of lingering.
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  send({ port: (app.server.address() as AddressInfo).port, pid: process.pid, description });
}

/** Tells the parent why the server did not start, and exits. */
export function reportStartFailure(error: unknown): never {
  send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
