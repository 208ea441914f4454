// `npm run bench`: every bench of the project in one run, each next to a baseline measured in the same run.
// Usage: npm run bench [-- <name> ...] [-- --seconds N]   (names: catalog, search)
import { existsSync } from 'node:fs';
import { type BenchResult, machine, printResults } from './support.ts';

process.env.TZ ??= 'Europe/Berlin';
process.env.LOG_LEVEL ??= 'silent';
const args = process.argv.slice(2);
const secondsIndex = args.indexOf('--seconds');
const seconds = secondsIndex >= 0 ? Number(args[secondsIndex + 1]) : undefined;
const names = args.filter((a, i) => !a.startsWith('--') && (secondsIndex < 0 || i !== secondsIndex + 1));
const all = ['catalog', 'search'];
const selected = names.length ? names : all;

console.log(`# amtsweg benchmarks — ${new Date().toISOString()} — ${machine()}`);
for (const name of selected) {
  const file = new URL(`./${name}.bench.ts`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`\n## ${name}: no bench/${name}.bench.ts`);
    continue;
  }
  const mod = (await import(file.href)) as { run: (o: { seconds?: number }) => Promise<BenchResult[]> };
  printResults(name, await mod.run(seconds ? { seconds } : {}));
}
