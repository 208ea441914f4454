// Search latency in-process and over HTTP, on the Kreis Soest catalog and on a synthetic catalog 20× its size,
// next to SQLite FTS5 (unicode61 remove_diacritics 2) over the same texts measured in the same run.
// Runnable alone: `tsx bench/search.bench.ts`.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { loadSeedDocuments, loadSynonymSeed } from '../scripts/search-seed-documents.ts';
import { buildApp } from '../src/app/app.ts';
import type { SearchDocument } from '../src/features/search/search.ts';
import { SearchIndex } from '../src/features/search/search-index.ts';
import { Fts5Baseline } from './search-fts5-baseline.ts';
import { type BenchResult, machine, printResults, seededServices, timeIt } from './support.ts';

const AREA = '05974040';

/** Deterministic pseudo-random words, so that the synthetic catalog has a vocabulary 20× as large too. */
function synthetic(docs: SearchDocument[], factor: number): SearchDocument[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const word = () =>
    Array.from({ length: 5 + Math.floor(rnd() * 8) }, () => 'abdeghiklmnorstuwz'[Math.floor(rnd() * 18)]).join('');
  const out: SearchDocument[] = [];
  for (let k = 0; k < factor; k++) {
    for (const d of docs) {
      const extra = () => Array.from({ length: 3 }, word).join(' ');
      out.push(
        k === 0
          ? d
          : {
              ...d,
              id: `${d.id}-${k}`,
              name: `${d.name} ${word()}`,
              teaser: `${d.teaser ?? ''} ${extra()}`,
              fullText: `${d.fullText ?? ''} ${extra()} ${extra()}`,
            },
      );
    }
  }
  return out;
}

export async function run(options: { seconds?: number } = {}): Promise<BenchResult[]> {
  const n = Math.max(500, Math.round((options.seconds ?? 5) * 400));
  const queries = (parse(readFileSync('data/search/eval.yaml', 'utf8')) as { cases: { q: string }[] }).cases.map((c) =>
    String(c.q),
  );
  const synonyms = loadSynonymSeed('data/search/synonyms.yaml');
  const { documents } = loadSeedDocuments('data/seed/kreis-soest', AREA);
  const results: BenchResult[] = [];

  for (const [label, docs] of [
    ['Kreis Soest', documents],
    ['synthetic 20×', synthetic(documents, 20)],
  ] as const) {
    let t = performance.now();
    const index = new SearchIndex(docs, synonyms);
    const buildMs = performance.now() - t;
    t = performance.now();
    const fts = new Fts5Baseline(docs);
    const ftsBuildMs = performance.now() - t;
    const ours = await timeIt(n, (i) => index.search(queries[i % queries.length] as string));
    const base = await timeIt(n, (i) => fts.search(queries[i % queries.length] as string));
    results.push({
      name: `search in-process, ${label} (${docs.length} services), eval queries`,
      unit: 'ms',
      ...ours,
      baseline: { name: 'FTS5 p99', value: base.p99 },
      ratio: ours.p99 / base.p99,
      note: `FTS5 p50 ${base.p50.toFixed(3)} ms`,
    });
    const sugg = await timeIt(n, (i) => index.suggest((queries[i % queries.length] as string).slice(0, 5)));
    results.push({ name: `suggest in-process, ${label} (first 5 letters)`, unit: 'ms', ...sugg });
    results.push({
      name: `index build, ${label}`,
      unit: 'ms',
      value: buildMs,
      baseline: { name: 'FTS5 build', value: ftsBuildMs },
      ratio: buildMs / ftsBuildMs,
    });
    fts.close();
  }

  try {
    results.push(await overHttp(n, queries));
  } catch (error) {
    // The in-process numbers stand on their own; say why the HTTP one is missing instead of losing them all.
    results.push({
      name: 'GET /api/v1/search over HTTP',
      unit: 'ms',
      note: `not measured: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return results;
}

/** The real API on the seeded database (index warm), keep-alive client, next to a plain catalog read. */
async function overHttp(n: number, queries: string[]): Promise<BenchResult> {
  const { db, services } = await seededServices();
  const app = await buildApp({ db, services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const url = (q: string) => `http://127.0.0.1:${port}/api/v1/search?ags=${AREA}&limit=10&q=${encodeURIComponent(q)}`;
  const http = await timeIt(Math.min(n, 1500), async (i) => {
    const res = await fetch(url(queries[i % queries.length] as string));
    await res.arrayBuffer();
  });
  const areasUrl = `http://127.0.0.1:${port}/api/v1/areas/${AREA}`;
  const httpBase = await timeIt(Math.min(n, 1500), async () => {
    const res = await fetch(areasUrl);
    await res.arrayBuffer();
  });
  const result: BenchResult = {
    name: 'GET /api/v1/search over HTTP, Kreis Soest (limit 10)',
    unit: 'ms',
    ...http,
    baseline: { name: 'GET /api/v1/areas/:ags p99', value: httpBase.p99 },
    ratio: http.p99 / httpBase.p99,
  };
  await app.close();
  await db.destroy();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`# search bench — ${machine()}`);
  printResults('search', await run({ seconds: Number(process.env.BENCH_SECONDS ?? 5) }));
}
