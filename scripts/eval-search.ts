// Measures search quality on data/search/eval.yaml: recall@1, recall@5 and MRR for the area the set names.
// Exits non-zero when recall@5 is below 0.95, or recall@1 below `--min-recall1 <x>` (CI passes its threshold).
// `--engine fts5` measures the FTS5 baseline instead; `--verbose` lists every miss with what came back.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Fts5Baseline } from '../bench/search-fts5-baseline.ts';
import type { ScoredId } from '../src/features/search/search.ts';
import { SearchIndex } from '../src/features/search/search-index.ts';
import { loadSeedDocuments, loadSynonymSeed } from './search-seed-documents.ts';

interface EvalCase {
  q: string;
  expect: string[];
}

const args = process.argv.slice(2);
const engine = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : 'amtsweg';
const verbose = args.includes('--verbose');
const minRecall1 = args.includes('--min-recall1') ? Number(args[args.indexOf('--min-recall1') + 1]) : 0;
if (!Number.isFinite(minRecall1) || minRecall1 < 0 || minRecall1 > 1) {
  console.error('--min-recall1 needs a number between 0 and 1, e.g. --min-recall1 0.95');
  process.exit(2);
}
const seedDir = process.env.SEED_DIR ?? 'data/seed/kreis-soest';

const set = parse(readFileSync('data/search/eval.yaml', 'utf8')) as { area: string; cases: EvalCase[] };
const { documents } = loadSeedDocuments(seedDir, set.area);
const known = new Set(documents.map((d) => d.id));

let search: (q: string) => ScoredId[];
if (engine === 'fts5') {
  const fts = new Fts5Baseline(documents);
  search = (q) => fts.search(q, 10);
} else {
  const index = new SearchIndex(documents, loadSynonymSeed('data/search/synonyms.yaml'));
  search = (q) => index.search(q, { limit: 10 }).hits;
}

let at1 = 0;
let at5 = 0;
let rr = 0;
let counted = 0;
const misses: string[] = [];
const skipped: string[] = [];
for (const c of set.cases) {
  const expected = c.expect.filter((id) => known.has(id));
  if (expected.length === 0) {
    skipped.push(c.q);
    continue;
  }
  counted++;
  const ids = search(String(c.q)).map((h) => h.id);
  const rank = ids.findIndex((id) => expected.includes(id)) + 1;
  if (rank === 1) at1++;
  if (rank >= 1 && rank <= 5) at5++;
  if (rank >= 1) rr += 1 / rank;
  if (rank !== 1 && (verbose || rank === 0 || rank > 5)) {
    misses.push(
      `${rank === 0 ? '  -' : String(rank).padStart(3)}  "${c.q}" → want ${expected.join('|')}, got ${ids.slice(0, 3).join(', ') || '(nothing)'}`,
    );
  }
}

const recall1 = counted ? at1 / counted : 0;
const recall5 = counted ? at5 / counted : 0;
const mrr = counted ? rr / counted : 0;
console.log(
  `engine ${engine}, area ${set.area}, ${documents.length} services, ${counted} queries${skipped.length ? ` (${skipped.length} skipped: expected services not in the catalog)` : ''}`,
);
if (misses.length) console.log(`not first (rank  query → expected, got):\n${misses.join('\n')}`);
console.log(`recall@1 ${recall1.toFixed(3)}  recall@5 ${recall5.toFixed(3)}  MRR ${mrr.toFixed(3)}`);
if (recall5 < 0.95) {
  console.error(`recall@5 ${recall5.toFixed(3)} is below 0.95`);
  process.exit(1);
}
if (recall1 < minRecall1) {
  console.error(`recall@1 ${recall1.toFixed(3)} is below ${minRecall1}`);
  process.exit(1);
}
