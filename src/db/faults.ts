// Which database errors mean "the database is away for a moment" (answer 503 + Retry-After, recover on their own)
// rather than "this query is wrong" (a bug: 500). Pure, so it can be tested without a database.
import { ServiceUnavailableError } from '../shared/errors.ts';

export interface DatabaseFault {
  kind: 'unavailable';
  /** A short, credential-free reason for logs and the problem detail. */
  reason: string;
  retryAfterSeconds: number;
}

/** Socket errors of node-postgres when the server is not there (refused, reset, unreachable, DNS). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01 admin shutdown (pg_terminate_backend, restart),
 * 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovery), 53300 too many connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** Messages node-postgres and its pool throw without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i, // "Connection terminated unexpectedly", "… due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg.Pool connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i,
  /Connection refused/i,
];

/** The fault behind `err` (or its `cause` chain) when it means the database is unavailable; otherwise null. */
export function classifyDatabaseError(err: unknown): DatabaseFault | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    if (typeof code === 'string') {
      // better-sqlite3: SQLITE_BUSY (and _SNAPSHOT, _RECOVERY, _TIMEOUT) after busy_timeout ran out.
      if (code.startsWith('SQLITE_BUSY'))
        return { kind: 'unavailable', reason: 'database is busy', retryAfterSeconds: 2 };
      if (NETWORK_CODES.has(code))
        return { kind: 'unavailable', reason: `database connection failed (${code})`, retryAfterSeconds: 5 };
      if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code))
        return { kind: 'unavailable', reason: `database unavailable (SQLSTATE ${code})`, retryAfterSeconds: 5 };
    }
    // AggregateError (several addresses refused, e.g. ::1 and 127.0.0.1) carries the codes in `errors`.
    if (e instanceof AggregateError && e.errors.some((x) => classifyDatabaseError(x)))
      return { kind: 'unavailable', reason: 'database connection failed', retryAfterSeconds: 5 };
    if (UNAVAILABLE_MESSAGES.some((re) => re.test(message)))
      return { kind: 'unavailable', reason: 'database connection lost', retryAfterSeconds: 5 };
  }
  return null;
}

/** `err` as a ServiceUnavailableError when it is a database outage (already one: itself); otherwise undefined. */
export function asServiceUnavailable(err: unknown): ServiceUnavailableError | undefined {
  if (err instanceof ServiceUnavailableError) return err;
  const fault = classifyDatabaseError(err);
  if (!fault) return undefined;
  return new ServiceUnavailableError(
    'Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in wenigen Sekunden erneut.',
    fault.retryAfterSeconds,
    { reason: fault.reason },
  );
}
