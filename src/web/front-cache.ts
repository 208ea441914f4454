// A node:http request listener in front of Fastify that replays what Fastify answered before for the same anonymous
// request while it is still valid (docs/decisions/0295). A kept answer is already bytes (ADR 0180, 0220); what it still
// cost was Fastify's per-request machinery (request and reply objects, routing, hooks, validation, onSend, headers):
// about half of a kept service's CPU (issue 17). Here a repeated request costs a map lookup and a socket write.
// Nothing here knows a feature: what may be replayed is what `sendCached` marked as kept for everyone, and whether it
// is still good is a token the app passes in (the catalog's generations, read synchronously).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import { pickEncoding } from './accept-encoding.ts';

/** What the app gives the front cache once it is built. */
export interface FrontCacheDeps {
  /**
   * A number that changes whenever anything a kept answer is made from changes, while no read is due; undefined
   * sends the request to Fastify (which reads). Synchronous: it runs for every request.
   */
  token(): number | undefined;
  /** True while answers must come from Fastify: shutting down, or the database away (stale answers are marked). */
  bypass(): boolean;
  /** The request id, made as Fastify makes it (`genReqId`), and the header that echoes it. */
  requestId(req: IncomingMessage): string;
  requestIdHeader: string;
  /** Called for every answer given here (metrics, access log). */
  answered(answer: FrontAnswer): void;
}

export interface FrontAnswer {
  method: string;
  url: string;
  status: number;
  /** The route pattern Fastify matched when the answer was kept (metrics label). */
  route: string;
  ms: number;
  requestId: string;
}

interface Entry {
  token: number;
  until: number;
  /** Name, value, name, value … exactly as Fastify wrote them (the request id's value replaced per answer). */
  headers: string[];
  /** The same for a 304 (Fastify sends `content-length: 0` there); null when not answerable (no ETag). */
  notModified: string[] | null;
  /** Index of the request id's value in both lists; -1 when the answer carries none. */
  idAt: number;
  etag: string | undefined;
  body: Buffer;
  route: string;
}

interface Pending {
  cache: FrontCache;
  key: string;
  token: number;
  method: string;
}

const PENDING = Symbol('amtsweg.front.pending');
type FrontResponse = ServerResponse & { [PENDING]?: Pending };

/** An answer is made again by Fastify at least every hour: the Berlin day (part of every version) turns on an hour. */
const HOUR_MS = 3_600_000;

/**
 * For `sendCached`: this answer is kept for everyone until `until` (epoch ms) and its bytes are `payload`. When the
 * request came through the front cache as a candidate, the answer Fastify writes is stored once it is sent.
 */
export function markKept(reply: FastifyReply, until: number, payload: Buffer): void {
  const pending = (reply.raw as FrontResponse)[PENDING];
  if (pending === undefined) return;
  reply.raw.once('finish', () => pending.cache.store(pending, reply, until, payload));
}

export class FrontCache {
  private readonly lru: LRUCache<string, Entry>;
  private deps: FrontCacheDeps | undefined;
  private closing = false;
  /** Answers given here (tests, diagnostics). */
  hits = 0;

  constructor(options: { maxBytes: number }) {
    this.lru = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      sizeCalculation: (e) => e.body.length + 64 * e.headers.length + 256,
    });
  }

  /** Connects the app; until then every request goes to Fastify. */
  attach(deps: FrontCacheDeps): void {
    this.deps = deps;
  }

  /** From now on every request goes to Fastify (the app is closing). */
  close(): void {
    this.closing = true;
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  /** The request listener to give the HTTP server: replays a stored answer, or hands the request to `next`. */
  listener(
    next: (req: IncomingMessage, res: ServerResponse) => void,
  ): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const deps = this.deps;
      if (deps === undefined || this.closing || !isCandidate(req)) return next(req, res);
      const token = deps.token();
      if (token === undefined || deps.bypass()) return next(req, res);
      const key = keyOf(req);
      const hit = this.lru.get(key);
      if (hit !== undefined) {
        if (hit.token !== token || Date.now() >= hit.until) this.lru.delete(key);
        else if (this.replay(req, res, hit, deps)) return;
      }
      (res as FrontResponse)[PENDING] = { cache: this, key, token, method: req.method as string };
      next(req, res);
    };
  }

  /** Answers from `entry`; false when this request must go to Fastify after all (a HEAD with If-None-Match). */
  private replay(req: IncomingMessage, res: ServerResponse, entry: Entry, deps: FrontCacheDeps): boolean {
    const started = performance.now();
    const inm = req.headers['if-none-match'];
    // Exactly @fastify/etag's comparison, so that the same requests get a 304.
    const notModified =
      inm !== undefined &&
      entry.etag !== undefined &&
      (inm === entry.etag || `W/${inm}` === entry.etag || inm === `W/${entry.etag}`);
    if (notModified && (req.method !== 'GET' || entry.notModified === null)) return false;
    const headers = notModified ? (entry.notModified as string[]) : entry.headers;
    const requestId = deps.requestId(req);
    if (entry.idAt >= 0) headers[entry.idAt] = requestId;
    const status = notModified ? 304 : 200;
    res.writeHead(status, headers);
    if (notModified || req.method === 'HEAD') res.end();
    else res.end(entry.body);
    this.hits++;
    deps.answered({
      method: req.method as string,
      url: req.url as string,
      status,
      route: entry.route,
      ms: performance.now() - started,
      requestId,
    });
    return true;
  }

  /** Keeps what Fastify sent, if it is a plain 200 for everyone with the marked bytes. */
  store(pending: Pending, reply: FastifyReply, until: number, payload: Buffer): void {
    const deps = this.deps;
    if (deps === undefined || this.closing || reply.statusCode !== 200) return;
    const sent = reply.getHeaders();
    const headers: string[] = [];
    let idAt = -1;
    let contentLengthAt = -1;
    for (const [name, value] of Object.entries(sent)) {
      // Several values of one header, a cookie, or a stale marking: left to Fastify every time.
      if (value === undefined || Array.isArray(value)) return;
      const lower = name.toLowerCase();
      if (lower === 'set-cookie' || lower === 'x-amtsweg-stale' || lower === 'warning') return;
      if (lower === 'vary' && String(value).toLowerCase() !== 'accept-encoding') return;
      if (lower === deps.requestIdHeader) idAt = headers.length + 1;
      if (lower === 'content-length') contentLengthAt = headers.length + 1;
      headers.push(name, String(value));
    }
    // An onSend hook changed the bytes (then the length no longer matches the marked payload): not replayable.
    if (contentLengthAt < 0 || headers[contentLengthAt] !== String(payload.length)) return;
    const etag = sent.etag === undefined ? undefined : String(sent.etag);
    let notModified: string[] | null = null;
    if (etag !== undefined && pending.method === 'GET') {
      notModified = headers.slice();
      notModified[contentLengthAt] = '0';
    }
    const hourEnd = Math.ceil((Date.now() + 1) / HOUR_MS) * HOUR_MS;
    this.lru.set(pending.key, {
      token: pending.token,
      until: Math.min(until, hourEnd),
      headers,
      notModified,
      idAt,
      etag,
      body: payload,
      route: reply.request.routeOptions.url ?? '(unmatched)',
    });
  }
}

/** GET or HEAD without a body and without credentials: only such requests can have an answer kept for everyone. */
function isCandidate(req: IncomingMessage): boolean {
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const h = req.headers;
  return (
    h.cookie === undefined &&
    h.authorization === undefined &&
    h['content-length'] === undefined &&
    h['transfer-encoding'] === undefined
  );
}

/**
 * Method, URL, the encoding the app would choose (the only `Vary` stored), and what a page may echo without saying so
 * in `Vary`: the host and forwarded host and protocol (canonical links without PUBLIC_URL) and `Accept`.
 */
function keyOf(req: IncomingMessage): string {
  const h = req.headers;
  return `${req.method} ${pickEncoding(h['accept-encoding'])} ${h.host ?? ''} ${h['x-forwarded-host'] ?? ''} ${h['x-forwarded-proto'] ?? ''} ${h.accept ?? ''} ${req.url}`;
}
