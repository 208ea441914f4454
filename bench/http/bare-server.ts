// Child process: the baseline. A bare node:http server that answers each case with the exact status, headers (in
// the app's order and spelling) and body bytes the app sent for it — no routing, no validation, no database, no
// serialisation — so that app/bare isolates what the app adds on top of Node's HTTP stack.
// Receives the recorded answers over IPC (`{ cases }`), answers `{ port, pid }`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedAnswer {
  /** Request path and query. */
  path: string;
  /** The request's accept-encoding (the same path may have an identity and a gzip answer). */
  acceptEncoding: string;
  status: number;
  /** Flat [name, value, name, value, …] as the app sent them, without the per-connection ones Node adds itself. */
  rawHeaders: string[];
  /** Body as base64 (IPC carries JSON). */
  body: string;
}

/** The key both sides agree on: a request is answered by the recording with the same path and accept-encoding. */
export function answerKey(path: string, acceptEncoding: string | undefined): string {
  return `${acceptEncoding ?? ''} ${path}`;
}

// The bench gone (crashed, killed) means nobody will stop this server: leave with it instead of lingering.
process.once('disconnect', () => process.exit(0));
process.once('message', (message) => {
  const { cases } = message as { cases: RecordedAnswer[] };
  const answers = new Map(
    cases.map((c) => [
      answerKey(c.path, c.acceptEncoding),
      { status: c.status, headers: c.rawHeaders, body: Buffer.from(c.body, 'base64') },
    ]),
  );
  const server = createServer((req, res) => {
    const a = answers.get(answerKey(req.url ?? '', req.headers['accept-encoding']));
    if (!a) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(a.status, a.headers);
    res.end(a.body);
  });
  // Node's defaults, except keep-alive as long as the app's (75 s), so neither side closes connections mid-round.
  server.keepAliveTimeout = 75_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port, pid: process.pid });
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
});
