import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** At most 128 printable ASCII characters: safe in a header, a log line and a problem body. */
const VALID_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Fastify `genReqId`: the proxy's `X-Request-Id` when we trust the proxy (so one id follows a request through
 * nginx and every instance's log), otherwise — or when it is malformed — a fresh UUID. Never a per-process counter:
 * several instances would log the same ids.
 */
export function requestIdGenerator(trustProxy: boolean): (req: IncomingMessage) => string {
  return (req) => {
    if (trustProxy) {
      const incoming = req.headers[REQUEST_ID_HEADER];
      if (typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming)) return incoming;
    }
    return randomUUID();
  };
}
