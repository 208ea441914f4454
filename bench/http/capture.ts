// Records what the app answers to one request of a case — status, raw headers, body bytes — for the bare server to
// replay, and checks afterwards that the bare server really sends the same.
import { request } from 'node:http';
import type { RecordedAnswer } from './bare-server.ts';

/** Headers Node's HTTP server writes per connection/response itself; both servers get them from Node alike. */
const NODE_OWN = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);

interface Fetched {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

export function fetchRaw(port: number, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within 60 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** The app's answer to one request, as the bare server will replay it; anything but 200 is refused. */
export async function record(port: number, path: string, headers: Record<string, string>): Promise<RecordedAnswer> {
  const r = await fetchRaw(port, path, headers);
  if (r.status !== 200) throw new Error(`GET ${path}: the app answered ${r.status}, a benchmark case needs 200`);
  const rawHeaders: string[] = [];
  for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) {
    if (!NODE_OWN.has(r.rawHeaders[i]!.toLowerCase())) rawHeaders.push(r.rawHeaders[i]!, r.rawHeaders[i + 1]!);
  }
  // Had the app streamed (chunked), the bare server's single `end(body)` sends a content-length instead.
  return {
    path,
    acceptEncoding: headers['accept-encoding'] ?? '',
    status: r.status,
    rawHeaders,
    body: r.body.toString('base64'),
  };
}

/** What the bare server's answer lacks against the recording (header names, status, body); empty when nothing. */
export function differences(expected: RecordedAnswer, got: Fetched): string[] {
  const names = (raw: string[]) =>
    raw
      .filter((_, i) => i % 2 === 0)
      .map((n) => n.toLowerCase())
      .filter((n) => !NODE_OWN.has(n) && n !== 'content-length')
      .sort()
      .join(',');
  const out: string[] = [];
  if (expected.status !== got.status) out.push(`status ${expected.status} vs ${got.status}`);
  if (names(expected.rawHeaders) !== names(got.rawHeaders))
    out.push(`headers [${names(expected.rawHeaders)}] vs [${names(got.rawHeaders)}]`);
  const body = Buffer.from(expected.body, 'base64');
  if (!body.equals(got.body)) out.push(`body ${body.length} vs ${got.body.length} bytes`);
  return out;
}
