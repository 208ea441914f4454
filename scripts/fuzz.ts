// Fuzzes every route of the app in-process (app.inject, no sockets): each route Fastify knows — the OpenAPI
// document's and every HTML page and form — gets N requests (default 200) with valid and hostile path parameters,
// query strings (repeated keys included), bodies (JSON of the wrong types, forms with repeated fields, broken JSON,
// control and bidi characters, huge numbers) and three kinds of caller (anonymous, API token, session with CSRF
// token). Any 5xx is a finding. On SQLite and on PostgreSQL (own schema, dropped afterwards).
//
//   node --import tsx scripts/fuzz.ts [--dialect sqlite|postgres|both] [--per-route 200] [--seed 1] [--only /editor]
//
// Prints one JSON summary per dialect; exits 1 when any request answered 5xx.
import { parseArgs } from 'node:util';
import { type App, buildApp } from '../src/app/app.ts';
import type { Db, DialectName } from '../src/db/database.ts';
import { createTestDb } from '../src/db/testing.ts';
import { CLI_PRINCIPAL } from '../src/features/auth/auth.service.ts';
import { MINI_BUNDLE } from '../src/features/responsibility/testdata/load.ts';
import { importBundle } from '../src/interop/bundle/bundle-import.ts';

const { values: args } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'both' },
    'per-route': { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string', default: '' },
  },
});
const PER_ROUTE = Math.max(1, Number(args['per-route']));

// ---- deterministic randomness ---------------------------------------------------------------------------------------

let state = Number(args.seed) >>> 0 || 1;
function rand(): number {
  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const chance = (p: number) => rand() < p;

const HOSTILE = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  'a'.repeat(5000),
  '%00',
  '\u0000',
  '\u0007bell',
  'admin\u202Egnp.exe',
  'zero\u200Bwidth',
  '\uD800',
  '../../etc/passwd',
  '..%2F..%2F',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' or 1=1 --",
  '$' + '{7*7}', // template injection probe
  '{{7*7}}',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'Straße ÄÖÜ',
  '😀',
  'http://169.254.169.254/latest/meta-data/',
  'javascript:alert(1)',
  '2026-13-45T25:61:00Z',
  '05974',
  '17001',
  '17001002',
  'struktur',
  '*',
];
const JSON_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  1e308,
  '',
  'x',
  [],
  [1, 'a', null],
  {},
  { $ne: null },
  { nested: { deeper: [{}] } },
  'a'.repeat(3000),
  '\u0000\u202E',
];

// ---- the app ----------------------------------------------------------------------------------------------------------

interface Target {
  app: App;
  db: Db;
  close(): Promise<void>;
}

async function start(dialect: DialectName): Promise<Target> {
  // A fresh, migrated database of its own (own PostgreSQL schema), as every test gets one.
  const db = await createTestDb(dialect);
  const app = await buildApp({ db, trustProxy: ['127.0.0.1'] });
  await importBundle(app.services.catalog, MINI_BUNDLE);
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}

/** Every route Fastify knows, from its route tree: `GET /api/v1/areas/:ags/services`, … */
function routesOf(app: App): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([\s│]*)(?:[├└]── )?(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = line.startsWith('└── ') || line.startsWith('├── ') ? 0 : Math.round((m[1] ?? '').length / 4);
    const path = (depth === 0 ? '' : (stack[depth - 1] ?? '')) + (m[2] ?? '');
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ')) if (method !== 'HEAD') out.push({ method, path });
  }
  return out;
}

interface OpenApiInfo {
  query: string[];
  body: string[];
}

function openApiIndex(doc: {
  paths?: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>>;
}): Map<string, OpenApiInfo> {
  const index = new Map<string, OpenApiInfo>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
      const body = JSON.stringify(op.requestBody ?? {});
      index.set(`${method.toUpperCase()} ${fastifyPath}`, {
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: [...body.matchAll(/"properties":\{"([^"]+)"/g)].map((x) => x[1] ?? '').filter(Boolean),
      });
    }
  }
  return index;
}

/** encodeURIComponent, except that a lone surrogate becomes its (invalid) UTF-8 bytes instead of an exception. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

/** A hostile value a real client could put into a header or cookie (HTTP carries no control or non-Latin-1 characters). */
const headerSafe = (v: string) => v.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

const COMMON_QUERY = ['q', 'ags', 'area', 'ort', 'next', 'action', 'from', 'to', 'limit', 'page', 'lang', 'format'];
const COMMON_FIELDS = ['name', 'email', 'password', 'id', 'active', 'role', 'tenantAgs', 'runAt', 'version', 'text'];

interface Credentials {
  token: string;
  cookie: string;
  csrf: string;
}

let userCounter = 0;
/** A fresh admin with an API token and a session (fuzzed routes may sign out, revoke or change the password). */
async function credentials(app: App): Promise<Credentials> {
  const { auth } = app.services;
  const email = `fuzz${++userCounter}@kreis.example`;
  const password = 'korrekt-pferd-batterie-fuzz';
  const user = await auth.createUser(
    { email, password, grants: [{ role: 'admin', tenantAgs: '*' }] as never },
    CLI_PRINCIPAL,
  );
  const { token } = await auth.createApiToken(user.id, { name: 'fuzz' }, CLI_PRINCIPAL);
  const login = await auth.login({ email, password, ip: `10.9.${userCounter % 250}.1` });
  return { token, cookie: login.token, csrf: login.session.csrfToken };
}

async function stillValid(app: App, c: Credentials): Promise<boolean> {
  const { auth } = app.services;
  return !!(await auth.resolveApiToken(c.token)) && !!(await auth.resolveSession(c.cookie));
}

function fillPath(path: string, pools: Record<string, string[]>): string {
  return path.replace(/:([A-Za-z0-9_]+)|\*/g, (_all, name?: string) => {
    const pool = (name && pools[name]) || pools.any || [];
    const v = chance(0.6) ? pick(pool) : pick(HOSTILE);
    return enc(v).replace(/%2F/g, chance(0.5) ? '/' : '%2F');
  });
}

function query(names: string[]): string {
  const parts: string[] = [];
  const count = Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const name = pick([...names, ...COMMON_QUERY]);
    parts.push(`${enc(name)}=${enc(pick(HOSTILE))}`);
    if (chance(0.25)) parts.push(`${enc(name)}=${enc(pick(HOSTILE))}`); // repeated
  }
  if (chance(0.05)) parts.push('%zz=%', 'a[b]=c', '__proto__[x]=1');
  return parts.length ? `?${parts.join('&')}` : '';
}

function body(fields: string[], csrf: string | null): { contentType: string; payload: string } | null {
  const names = fields.length ? fields : COMMON_FIELDS;
  const kind = pick(['json', 'json', 'form', 'form', 'broken', 'empty', 'text']);
  if (kind === 'json') {
    const obj: Record<string, unknown> = {};
    for (const n of names) if (chance(0.7)) obj[n] = chance(0.5) ? pick(JSON_VALUES) : pick(HOSTILE);
    if (chance(0.3)) obj.data = Object.fromEntries(COMMON_FIELDS.map((n) => [n, pick(JSON_VALUES)]));
    if (chance(0.1)) return { contentType: 'application/json', payload: JSON.stringify(pick(JSON_VALUES)) };
    return { contentType: 'application/json', payload: JSON.stringify(obj) };
  }
  if (kind === 'form') {
    const p = new URLSearchParams();
    if (csrf && chance(0.8)) p.append('_csrf', csrf);
    for (const n of [...names, ...COMMON_FIELDS]) {
      if (!chance(0.5)) continue;
      p.append(n, pick(HOSTILE));
      if (chance(0.3)) p.append(n, pick(HOSTILE)); // the field again
    }
    if (chance(0.2)) p.append('_csrf', 'again');
    return { contentType: 'application/x-www-form-urlencoded', payload: p.toString() };
  }
  if (kind === 'broken') return { contentType: 'application/json', payload: pick(['{', '{"a":', 'nul', '[1,,2]']) };
  if (kind === 'text') return { contentType: 'text/plain', payload: pick(HOSTILE) };
  return null;
}

interface Finding {
  method: string;
  url: string;
  status: number;
  auth: string;
  contentType: string | null;
  payload: string | null;
  body: string;
}

async function fuzz(dialect: DialectName) {
  const started = Date.now();
  const t = await start(dialect);
  const { app } = t;
  const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  const openapi = openApiIndex(doc);
  const areas = await app.services.catalog.listAreas();
  const ags = areas.map((a) => a.ags);
  const slugs = areas.map((a) => a.slug);
  const ids = ['bauantrag', 'anmeldung', 'zeugnis', 'altdorf-fest', 'nord-bauamt', 'nord-kreisverwaltung', 'bauen'];
  const pools: Record<string, string[]> = {
    ags,
    tenant: [...ags, 'struktur'],
    area: ags,
    slug: slugs,
    town: slugs,
    ort: slugs,
    serviceId: ids,
    id: ids,
    lebenslage: ['bauen', 'umzug'],
    any: [...ids, ...slugs, ...ags],
  };
  let routes = routesOf(app);
  if (args.only) routes = routes.filter((r) => r.path.startsWith(args.only ?? ''));
  const statuses = new Map<number, number>();
  const byCaller = new Map<string, Record<string, number>>();
  const findings: Finding[] = [];
  let requests = 0;
  let creds = await credentials(app);
  for (const route of routes) {
    const info = openapi.get(`${route.method} ${route.path}`);
    for (let i = 0; i < PER_ROUTE; i++) {
      // Fuzzed routes sign out, revoke tokens or change the password: keep a working caller.
      if (i % 20 === 0 && !(await stillValid(app, creds))) creds = await credentials(app);
      const who = pick(['anonymous', 'token', 'session', 'session']);
      const headers: Record<string, string> = {
        accept: chance(0.5) ? 'text/html,application/xhtml+xml' : 'application/json',
      };
      const cookies: Record<string, string> = {};
      if (who === 'token') headers.authorization = `Bearer ${chance(0.9) ? creds.token : headerSafe(pick(HOSTILE))}`;
      if (who === 'session') {
        cookies.amtsweg_session = chance(0.95) ? creds.cookie : headerSafe(pick(HOSTILE));
        if (chance(0.3)) headers.origin = pick(['http://localhost:80', 'https://evil.example', 'null']);
      }
      const url = fillPath(route.path, pools) + query(info?.query ?? []);
      const hasBody = route.method !== 'GET' && route.method !== 'DELETE' ? true : chance(0.2);
      const b = hasBody ? body(info?.body ?? [], who === 'session' ? creds.csrf : null) : null;
      if (b) headers['content-type'] = b.contentType;
      let status: number;
      let text = '';
      try {
        const res = await app.inject({
          method: route.method as 'GET',
          url,
          headers,
          cookies,
          remoteAddress: `10.${1 + (requests % 200)}.0.1`,
          ...(b ? { payload: b.payload } : {}),
        });
        status = res.statusCode;
        if (status >= 500) text = res.body.slice(0, 400);
      } catch (error) {
        status = 599; // inject itself failed (the harness built a request no client could send): reported too
        text = String(error).slice(0, 400);
      }
      requests++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const counts = byCaller.get(who) ?? {};
      counts[status] = (counts[status] ?? 0) + 1;
      byCaller.set(who, counts);
      if (status >= 500)
        findings.push({
          method: route.method,
          url: url.slice(0, 300),
          status,
          auth: who,
          contentType: b?.contentType ?? null,
          payload: b?.payload.slice(0, 300) ?? null,
          body: text,
        });
    }
  }
  await t.close();
  const byRoute = new Map<string, number>();
  for (const f of findings) {
    // The most specific template that matches (the catch-all `/*` last).
    const candidates = routes.filter((r) => r.method === f.method && matches(r.path, f.url));
    const best = candidates.sort((a, b) => Number(a.path.includes('*')) - Number(b.path.includes('*')))[0];
    const key = `${f.method} ${best?.path ?? f.url}`;
    byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
  }
  return {
    dialect,
    routes: routes.length,
    openApiOperations: openapi.size,
    htmlRoutes: routes.filter((r) => !r.path.startsWith('/api/')).length,
    perRoute: PER_ROUTE,
    requests,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
    statusesByCaller: Object.fromEntries(byCaller),
    serverErrors: findings.length,
    serverErrorsByRoute: Object.fromEntries(byRoute),
    examples: findings.slice(0, 15),
  };
}

function matches(template: string, url: string): boolean {
  const re = new RegExp(
    `^${template
      .split(/(:[A-Za-z0-9_]+|\*)/)
      .map((part) => (part.startsWith(':') || part === '*' ? '[^?]*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}(\\?|$)`,
  );
  return re.test(url);
}

const dialects: DialectName[] =
  args.dialect === 'both' ? ['sqlite', 'postgres'] : [args.dialect === 'postgres' ? 'postgres' : 'sqlite'];
let failed = false;
for (const dialect of dialects) {
  const summary = await fuzz(dialect);
  if (summary.serverErrors > 0) failed = true;
  console.log(JSON.stringify(summary, null, 2));
}
process.exit(failed ? 1 : 0);
