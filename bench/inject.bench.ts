// The app's own CPU per request, in-process through `app.inject` (no sockets, no load generator): what routing,
// hooks, caches, serialisation, compression and rendering cost for each case of the HTTP bench. On a machine shared
// with other work, req/s of a socket bench swings with the load; CPU time of this process per request barely does.
// Rounds of N requests per case, median of ≥ 3 rounds (process.cpuUsage, user + system).
// Usage: npm run bench -- inject [--rounds N] [--only <case name part>]
import { buildApp } from '../src/app/app.ts';
import { HTTP_CASES } from './http.bench.ts';
import { type BenchResult, median, seededServices } from './support.ts';

const CASES = [
  ...HTTP_CASES,
  { name: 'all areas', path: '/api/v1/areas', headers: {} as Record<string, string> },
  {
    name: 'HTML service page, br',
    path: '/geseke/leistungen/personalausweis-beantragen',
    headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' },
  },
  { name: "a town's page", path: '/geseke/', headers: { accept: 'text/html' } as Record<string, string> },
  { name: 'search page "umzug"', path: '/geseke/suche?q=umzug', headers: { accept: 'text/html' } },
  { name: 'suggest "ausw"', path: '/api/v1/suggest?q=ausw&ags=05974020', headers: {} },
  { name: "a town's checklist", path: '/checkliste/geseke', headers: { accept: 'text/html' } },
  {
    name: "a town's checklist, br",
    path: '/checkliste/geseke',
    headers: { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' },
  },
  {
    name: "a town's list, br",
    path: '/api/v1/areas/05974020/services',
    headers: { 'accept-encoding': 'gzip, deflate, br' } as Record<string, string>,
  },
];

export async function run(options: { rounds?: number; only?: string } = {}): Promise<BenchResult[]> {
  const rounds = Math.max(3, options.rounds ?? 3);
  process.env.PUBLIC_URL ??= 'http://127.0.0.1';
  const { db, services } = await seededServices();
  await services.checklist.seedIfEmpty(); // the checklist page's case
  const app = await buildApp({ db, services, publicUrl: 'http://127.0.0.1', logger: false });
  await app.ready();
  const results: BenchResult[] = [];
  try {
    for (const c of CASES.filter((x) => !options.only || x.name.includes(options.only))) {
      const request = { method: 'GET' as const, url: c.path, headers: c.headers };
      const first = await app.inject(request);
      if (first.statusCode !== 200) throw new Error(`${c.name}: ${first.statusCode} ${first.body.slice(0, 200)}`);
      // About one second of work per round, whatever the case costs.
      const t0 = process.cpuUsage();
      for (let i = 0; i < 5; i++) await app.inject(request);
      const probe = (process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 5;
      const n = Math.max(20, Math.min(20_000, Math.round(1_000_000 / Math.max(probe, 1))));
      for (let i = 0; i < Math.min(n, 200); i++) await app.inject(request); // warm-up
      const perRequest: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const start = process.cpuUsage();
        for (let i = 0; i < n; i++) await app.inject(request);
        const used = process.cpuUsage(start);
        perRequest.push((used.user + used.system) / n);
      }
      const encoding = first.headers['content-encoding'] ?? 'identity';
      results.push({
        name: `${c.name} (${first.rawPayload.length.toLocaleString('en-US')} bytes ${encoding}), CPU per request`,
        unit: 'µs',
        value: median(perRequest),
        note: `${rounds} rounds × ${n}: ${perRequest.map((v) => v.toFixed(0)).join(' / ')} µs`,
      });
    }
  } finally {
    await app.close();
    await db.destroy();
  }
  return results;
}
