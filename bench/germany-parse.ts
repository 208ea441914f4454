// Standalone: parse the whole Gemeindeverzeichnis (and the postcode table), build the area tree and the place
// matcher over every Gemeinde, and time lookups as citizens type them. Not wired into `npm run bench` yet.
// Usage: node --import tsx bench/germany-parse.ts   (data from AMTSWEG_SHARED_DATA, default ../shared/data)
import { existsSync } from 'node:fs';
import { buildPlaceMatcher, type PlaceMatcher } from '../src/features/areas/place-matcher.ts';
import { registerKind } from '../src/features/areas/register-kinds.ts';
import { buildAreaTree, loadGv100ad, placesFromTree } from '../src/interop/gv100ad/index.ts';
import { postcodesByGemeinde, readOsmPostcodes } from '../src/interop/osm-postcodes/index.ts';
import { sharedDataPath } from '../src/interop/shared-data.ts';

const gv100Path = sharedDataPath('de-areas', 'GV100AD_30112025.txt');
const plzPath = sharedDataPath('de-areas', 'zuordnung_plz_ort_2022.csv');
if (!existsSync(gv100Path) || !existsSync(plzPath)) {
  console.error(`missing ${gv100Path} or ${plzPath}; set AMTSWEG_SHARED_DATA`);
  process.exit(1);
}

const ms = (from: number) => performance.now() - from;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

let t = performance.now();
const register = await loadGv100ad(gv100Path);
const parseMs = ms(t);
t = performance.now();
const tree = buildAreaTree(register);
const treeMs = ms(t);
t = performance.now();
const osm = await readOsmPostcodes(plzPath);
const osmMs = ms(t);

console.log(`GV100AD Gebietsstand ${register.gebietsstand}`);
console.log(`  parse ${parseMs.toFixed(0)} ms (target well under 10,000), tree ${treeMs.toFixed(0)} ms`);
const counts: Array<[string, number]> = [
  ['10 Land', register.laender.length],
  ['20 Regierungsbezirk', register.regierungsbezirke.length],
  ['30 Region', register.regionen.length],
  ['40 Kreis', register.kreise.length],
  ['50 Gemeindeverband', register.gemeindeverbaende.length],
  ['60 Gemeinde', register.gemeinden.length],
];
for (const [name, count] of counts) console.log(`  Satzart ${name.padEnd(22)} ${String(count).padStart(6)}`);
const byCode = new Map<string, number>();
for (const r of [...register.kreise, ...register.gemeindeverbaende, ...register.gemeinden]) {
  byCode.set(r.textkennzeichen, (byCode.get(r.textkennzeichen) ?? 0) + 1);
}
for (const [code, count] of [...byCode].sort()) {
  const kind = registerKind(code as Parameters<typeof registerKind>[0]);
  console.log(`  kind ${code} ${`${kind.level}/${kind.slug}`.padEnd(44)} ${String(count).padStart(6)}`);
}
console.log(`OSM postcodes: ${osm.length} rows in ${osmMs.toFixed(0)} ms`);

t = performance.now();
const places = placesFromTree(tree, postcodesByGemeinde(osm));
const placesMs = ms(t);
t = performance.now();
const matcher: PlaceMatcher = buildPlaceMatcher(places);
const buildMs = ms(t);
console.log(
  `place matcher: ${matcher.size} Gemeinden, places ${placesMs.toFixed(0)} ms, build ${buildMs.toFixed(0)} ms`,
);

// Queries as citizens type them: every postcode, every name, and each name with a typo or a title.
const queries: string[] = [];
for (const p of places) {
  queries.push(p.name);
  if (p.postcodes[0]) queries.push(p.postcodes[0]);
}
const typo = (s: string) => (s.length > 4 ? s.slice(0, 2) + s.slice(3) : `${s}x`);
for (let i = 0; i < places.length; i += 3) queries.push(typo(places[i]!.name), `Stadt ${places[i]!.name}`);

for (const q of queries.slice(0, 500)) matcher.match(q); // warm-up
const times: number[] = [];
let found = 0;
let slowest = { query: '', ms: 0 };
for (const q of queries) {
  const start = performance.now();
  const result = matcher.match(q);
  const took = performance.now() - start;
  times.push(took);
  if (took > slowest.ms) slowest = { query: q, ms: took };
  if (result.candidates.length > 0) found++;
}
times.sort((a, b) => a - b);
console.log(
  `lookups: ${times.length}, answered ${found}; p50 ${percentile(times, 0.5).toFixed(3)} ms, p99 ${percentile(times, 0.99).toFixed(3)} ms (target < 2), max ${times.at(-1)!.toFixed(3)} ms ("${slowest.query}")`,
);
