// `npm run bench`: every bench of the project in one run, each next to a baseline measured in the same run.
// Usage: npm run bench [-- <part> ...] [--seconds N] [--rounds N] [--dialect sqlite|postgres|both] [--load wrk|autocannon]
//        [--only <case name part>] [--log-level <level>]
// Parts: catalog, search, http (the default set), and inject, xzufi, germany-parse, germany (only when named).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type BenchResult, machine, printResults } from './support.ts';

process.env.TZ ??= 'Europe/Berlin';
process.env.LOG_LEVEL ??= 'silent';

const VALUE_FLAGS = ['--seconds', '--rounds', '--dialect', '--load', '--only', '--log-level'] as const;
const DEFAULT_PARTS = ['catalog', 'search', 'http'];
/** Modules with a `run()` that run only when named. */
const EXTRA_PARTS = ['inject'];
/** Scripts that run at import and print for themselves: started as a child process, as `node --import tsx <file>`. */
const SCRIPT_PARTS: Record<string, string> = {
  xzufi: 'xzufi.ts',
  'germany-parse': 'germany-parse.ts',
  germany: 'germany.ts',
};

const args = process.argv.slice(2);
const flags = new Map<string, string>();
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if ((VALUE_FLAGS as readonly string[]).includes(a)) {
    const value = args[++i];
    if (value === undefined) throw new Error(`${a} needs a value`);
    flags.set(a, value);
  } else if (a.startsWith('--')) {
    throw new Error(`unknown option ${a}; allowed: ${VALUE_FLAGS.join(', ')}`);
  } else names.push(a);
}
const known = [...DEFAULT_PARTS, ...EXTRA_PARTS, ...Object.keys(SCRIPT_PARTS)];
for (const n of names) if (!known.includes(n)) throw new Error(`unknown bench part "${n}"; parts: ${known.join(', ')}`);
const number = (flag: string) => {
  const raw = flags.get(flag);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(n > 0) || n > 600) throw new Error(`${flag} must be a number between 0 and 600, got "${raw}"`);
  return n;
};
const DIALECTS = ['sqlite', 'postgres', 'both'] as const;
const dialectFlag = flags.get('--dialect') ?? 'sqlite';
if (!(DIALECTS as readonly string[]).includes(dialectFlag))
  throw new Error(`--dialect must be sqlite, postgres or both, got "${dialectFlag}"`);
const dialect = dialectFlag as (typeof DIALECTS)[number];
const load = flags.get('--load');
if (load !== undefined && load !== 'wrk' && load !== 'autocannon')
  throw new Error(`--load must be wrk or autocannon, got "${load}"`);
const seconds = number('--seconds');
const rounds = number('--rounds');
const options = {
  ...(seconds ? { seconds } : {}),
  ...(rounds ? { rounds: Math.round(rounds) } : {}),
  ...(load ? { load } : {}),
  ...(flags.has('--only') ? { only: flags.get('--only') } : {}),
  ...(flags.has('--log-level') ? { logLevel: flags.get('--log-level') } : {}),
};

console.log(`# amtsweg benchmarks — ${new Date().toISOString()} — ${machine()}`);
for (const name of names.length ? names : DEFAULT_PARTS) {
  const script = SCRIPT_PARTS[name];
  if (script) {
    console.log(`\n## ${name} (bench/${script}, own process)`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(`./${script}`, import.meta.url).pathname], {
      stdio: 'inherit',
    });
    if (r.status !== 0) console.log(`(${name} ended with ${r.status ?? r.signal})`);
    continue;
  }
  const file = new URL(`./${name}.bench.ts`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`\n## ${name}: no bench/${name}.bench.ts`);
    continue;
  }
  const mod = (await import(file.href)) as {
    run: (o: typeof options & { dialect: 'sqlite' | 'postgres' }) => Promise<BenchResult[]>;
  };
  // Only the http part has a database of its own to choose; catalog and search run on SQLite in memory.
  const dialects =
    name !== 'http' ? (['sqlite'] as const) : dialect === 'both' ? (['sqlite', 'postgres'] as const) : [dialect];
  for (const d of dialects)
    printResults(name === 'http' ? `http (${d})` : name, await mod.run({ ...options, dialect: d }));
}
