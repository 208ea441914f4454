// Outgoing requests of the link checker that cannot reach internal services. Editors type the URLs, so a URL is
// untrusted input: a host name may resolve to a private, loopback, link-local or cloud-metadata address (an editor
// saved `http://vm:5432/`), and a public page may redirect to one. The check happens where the socket is opened —
// in the `lookup` the connection uses — so the address that is checked is the address that is connected to (no
// window for DNS rebinding between a check and the connect). Redirects are new requests and pass the same check.
import { lookup as systemLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Address ranges a link check never connects to. */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: the same, through a translator
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (ULA), including fd00:ec2::254 (metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed in places)
  ['ff00::', 8], // multicast
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/**
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) reaches IPv4 hosts past any IPv6 rule: refused as a whole. Its own list, since
 * Node's BlockList matches IPv4 addresses against IPv6 rules of this range (it would block every IPv4 address).
 */
const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

/** Whether a link check must not connect to `address` (an IPv4 or IPv6 literal; anything else counts as blocked). */
export function isBlockedAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(a);
  if (family === 0) return true;
  if (family === 6 && MAPPED.check(a, 'ipv6')) return true;
  return BLOCKED.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** A connection refused because the host is (or resolves to) an internal address. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to an internal address`);
    this.name = 'PrivateAddressError';
  }
}

type Resolved = Array<{ address: string; family: number }>;

/** Resolves a host name to all its addresses (the system resolver; tests pass their own). */
export type Resolver = (hostname: string) => Promise<Resolved>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    systemLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * A `lookup` for sockets that resolves the name and refuses it when ANY of its addresses is internal (a name that
 * mixes public and private answers is a rebinding attempt, not a web site). `isBlocked` is for tests only.
 */
export function guardedLookup(
  resolver: Resolver = systemResolver,
  isBlocked: (address: string) => boolean = isBlockedAddress,
): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const bad = addresses.find((a) => isBlocked(a.address));
        const first = addresses[0];
        if (bad || !first) {
          callback(
            bad
              ? new PrivateAddressError(hostname, bad.address)
              : Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const fitting = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (options.all) (callback as unknown as (e: null, a: Resolved) => void)(null, fitting);
        else callback(null, (fitting[0] ?? first).address, (fitting[0] ?? first).family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

export interface SafeRequestOptions {
  method: 'HEAD' | 'GET';
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The socket's lookup; `null` connects anywhere (tests with local servers only). */
  lookup: LookupFunction | null;
}

export interface StatusLine {
  status: number;
  location: string | null;
  retryAfter: string | null;
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null));

/**
 * One request, no redirects followed, no body read: resolves with the status and the two headers the checker
 * needs. Errors keep Node's codes (ECONNREFUSED, ENOTFOUND, CERT_…); a timeout rejects with name `TimeoutError`,
 * an internal address with `PrivateAddressError`.
 */
export function safeRequest(url: string, options: SafeRequestOptions): Promise<StatusLine> {
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  // An address literal is connected to without any lookup: check it here.
  if (options.lookup && isIP(hostname) && isBlockedAddress(hostname))
    return Promise.reject(new PrivateAddressError(hostname, hostname));
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<StatusLine>((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method,
        headers: options.headers,
        agent: false, // one connection per request: every connect passes the lookup
        signal,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      (res) => {
        resolve({
          status: res.statusCode ?? 0,
          location: header(res.headers.location),
          retryAfter: header(res.headers['retry-after']),
        });
        // Never download bodies: the status line and headers are all we need.
        res.destroy();
      },
    );
    req.on('error', (error) => {
      if (timeout.aborted)
        reject(Object.assign(new Error(`timeout after ${options.timeoutMs} ms`), { name: 'TimeoutError' }));
      else reject(error);
    });
    req.end();
  });
}
