// XZuFi import end to end through the catalog's write path, and the export of the seeded catalog.
// `npm run bench -- xzufi` (or `node --import tsx bench/xzufi.ts [--mb 200] [--keep]`).
//
// Seeds the Kreis Soest catalog into a SQLite file, exports it and repeats its Leistungen and Organisationseinheiten
// under new ids (`<id>~r<n>`, responsibilities pointing at the copies) until the message reaches the given size, then
// runs each phase in a child process of its own, so that each peak RSS (VmHWM from /proc/self/status) is that phase's
// alone, on a fresh copy of the seeded database:
//   base     loading the import's modules and opening the database, nothing read (the floor of every peak below)
//   parse    the bare saxes parse of the same file (the baseline: no tree, no records)
//   read     the streaming reader (records, no change set)
//   dry-run  `importXzufiIntoCatalog --dry-run`: read, map, validate, write in a transaction that is rolled back
//   import   the same, committed
//   import-default-heap  the same, without telling V8 to favour memory (what the CLI does; decision 0260)
//   cli-dry-run, cli-import  the real `amtsweg xzufi import FILE --tenant 05974 [--dry-run]` (bin/amtsweg.mjs, the
//            whole command as a user runs it), measured by `/usr/bin/time -v` (peak RSS, CPU) — decision 0290
// `--phases a,b`: only these phases (the message and the seeded database are made all the same).
// Targets (issue 12): ≥ 5 MB/s and peak RSS < 300 MB for the import; the export of the seeded catalog < 2 s.
// `--catalog`: only the export of the seeded catalog.
import { spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { AuthorityWithAssignments, Service } from '../src/features/catalog/catalog.ts';

const TENANT = '05974'; // Kreis Soest: the seed's county, whose tenant the generated records are imported for
const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The process's peak resident set so far (VmHWM), in MB; the sampled RSS where /proc is missing. */
function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Number(m[1]) / 1024;
  } catch {}
  return process.memoryUsage().rss / 1024 / 1024;
}

const phase = value('--phase');
if (phase) {
  // A child: one phase on its own, result as one JSON line. It loads the import's modules only (static imports of
  // the parent's seeding would load the whole app into every child and count it in each peak).
  const file = value('--file') as string;
  const dbPath = value('--db') as string;
  // The modules are loaded before the clock starts (as the static imports were); `base` is their peak alone.
  const [
    { SaxesParser },
    { readXzufiRecords },
    { openDatabase },
    { createCatalogService },
    { importXzufiIntoCatalog },
  ] = await Promise.all([
    import('saxes'),
    import('../src/interop/xzufi/xzufi-reader.ts'),
    import('../src/db/database.ts'),
    import('../src/features/catalog/index.ts'),
    import('../src/interop/xzufi/xzufi-catalog.ts'),
  ]);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let detail = '';
  if (phase === 'base') {
    // What an import costs before it reads a byte: Node, tsx and the modules of the import, the database open.
    const db = openDatabase(dbPath);
    createCatalogService(db);
    await db.destroy();
    detail = 'modules of the import loaded, database opened';
  } else if (phase === 'parse') {
    const parser = new SaxesParser({ xmlns: true, position: true });
    let elements = 0;
    parser.on('opentag', () => {
      elements++;
    });
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024, encoding: 'utf8' }))
      parser.write(chunk as string);
    parser.close();
    detail = `${elements} elements`;
  } else if (phase === 'read') {
    let records = 0;
    for await (const _ of readXzufiRecords(createReadStream(file, { highWaterMark: 256 * 1024 }))) records++;
    detail = `${records} records`;
  } else {
    // As `amtsweg xzufi import` runs it: V8 told to favour memory (decision 0260); `import-default-heap` without.
    if (phase !== 'import-default-heap') (await import('../src/shared/small-heap.ts')).preferSmallHeap();
    const db = openDatabase(dbPath);
    const catalog = createCatalogService(db);
    const result = await importXzufiIntoCatalog(catalog, createReadStream(file, { highWaterMark: 256 * 1024 }), {
      tenantAgs: TENANT,
      dryRun: phase === 'dry-run',
      source: 'bench xzufi',
      totalBytes: statSync(file).size,
    });
    const c = result.write.counts;
    detail = `${c.services.created + c.services.updated} services and ${c.authorities.created + c.authorities.updated} units written${phase === 'dry-run' ? ' (rolled back)' : ''}, ${result.preview.length} preview lines`;
    await db.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(JSON.stringify({ phase, seconds, cpuSeconds, peakMb: peakRssMb(), detail }));
  process.exit(0);
}

const { seedDatabase } = await import('../src/app/seed.ts');
const { openDatabase } = await import('../src/db/database.ts');
const { migrateToLatest } = await import('../src/db/migrate.ts');
const { createCatalogService, systemPrincipal, systemScope } = await import('../src/features/catalog/index.ts');
const { writeXzufiTo } = await import('../src/interop/xzufi/xzufi-writer.ts');
const { xzufiExportInput } = await import('../src/interop/xzufi/xzufi-catalog.ts');

/** A fresh catalog: the Kreis Soest seed in a SQLite file. */
async function seeded(path: string) {
  const db = openDatabase(path);
  await migrateToLatest(db);
  const catalog = createCatalogService(db);
  await seedDatabase({ catalog });
  return { db, catalog };
}

const seedDb = join(tmpdir(), `amtsweg-xzufi-bench-${process.pid}.sqlite`);
const { db, catalog } = await seeded(seedDb);

// the export of the whole seeded catalog, against < 2 s
const catalogXml = join(tmpdir(), `amtsweg-xzufi-bench-catalog-${process.pid}.xml`);
let t = performance.now();
const input = await xzufiExportInput(catalog, { scope: systemScope(systemPrincipal('cli')) });
let target = createWriteStream(catalogXml);
const catalogBytes = await writeXzufiTo(input, target);
target.end();
await finished(target);
const exportMs = performance.now() - t;
rmSync(catalogXml, { force: true });
const seedServices = input.services as Service[];
const seedUnits = input.authorities as AuthorityWithAssignments[];
console.log('# XZuFi bench');
console.log(
  `machine: ${process.versions.node}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min; shared with other work)`,
);
console.log(
  `export of the seeded catalog: ${seedServices.length} services, ${seedUnits.length} units, ${(catalogBytes / 1e6).toFixed(1)} MB in ${exportMs.toFixed(0)} ms (target < 2000 ms) ${exportMs < 2000 ? 'OK' : 'ABOVE TARGET'}`,
);
if (args.includes('--catalog')) {
  await db.destroy();
  rmSync(seedDb, { force: true });
  process.exit(0);
}

// the big message: the seed's records repeated under new ids until the target size is reached
const targetMb = Number(value('--mb') ?? 200);
const rounds = Math.max(1, Math.ceil((targetMb * 1024 * 1024) / catalogBytes));
const copy = (id: string, n: number) => `${id}~r${n}`;
function* services(): Generator<Service> {
  // Copies have no LeiKa key: with one they would all map onto the first (an import never duplicates a Leistung).
  for (let n = 0; n < rounds; n++)
    for (const s of seedServices) yield { ...s, id: copy(s.id, n), leikaKey: null, tenantAgs: TENANT };
}
function* units(): Generator<AuthorityWithAssignments> {
  for (let n = 0; n < rounds; n++)
    for (const u of seedUnits)
      yield {
        ...u,
        id: copy(u.id, n),
        tenantAgs: TENANT,
        parentId: u.parentId ? copy(u.parentId, n) : null,
        assignments: u.assignments.map((a) => ({
          ...a,
          id: copy(a.id, n),
          authorityId: copy(u.id, n),
          serviceId: a.serviceId ? copy(a.serviceId, n) : null,
        })),
      };
}
const file = join(tmpdir(), `amtsweg-xzufi-bench-${process.pid}.xml`);
t = performance.now();
target = createWriteStream(file);
await writeXzufiTo({ ...input, services: services(), authorities: units(), removals: [] }, target);
target.end();
await finished(target);
const size = statSync(file).size;
const mb = size / 1024 / 1024;
console.log(
  `generated ${mb.toFixed(1)} MB: the seed × ${rounds} = ${seedServices.length * rounds} services, ${seedUnits.length * rounds} units, in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
await db.destroy();

const script = fileURLToPath(import.meta.url);
interface Row {
  phase: string;
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  detail: string;
}
const rows: Row[] = [];

function report(p: string, row: Row): void {
  const rate = mb / row.seconds;
  const judged = p !== 'base' && p !== 'parse' && p !== 'read';
  if (p === 'base') {
    console.log(
      `${p.padEnd(19)} ${row.seconds.toFixed(1).padStart(6)} s                peak RSS ${row.peakMb.toFixed(0).padStart(4)} MB         ${row.detail}`,
    );
    return;
  }
  console.log(
    `${p.padEnd(19)} ${row.seconds.toFixed(1).padStart(6)} s  ${rate.toFixed(1).padStart(5)} MB/s${judged ? (rate >= 5 ? ' OK   ' : ' BELOW') : '      '}  CPU ${row.cpuSeconds.toFixed(1).padStart(5)} s (${(mb / row.cpuSeconds).toFixed(1)} MB per CPU s)  peak RSS ${row.peakMb.toFixed(0).padStart(4)} MB${judged ? (row.peakMb < 300 ? ' OK   ' : ' ABOVE') : '      '}  ${row.detail}`,
  );
}

/**
 * The real command, as a user measures it: `/usr/bin/time -v amtsweg xzufi import …` on a copy of the seeded
 * database. Wall time, user + system CPU and the maximum resident set are time's; the clock includes loading the
 * program (tsx, commander, the modules of the command), which the in-process phases leave out.
 */
function runCli(p: string, dbCopy: string): Row | null {
  if (!existsSync('/usr/bin/time')) {
    console.log(`${p}: skipped (no /usr/bin/time)`);
    return null;
  }
  const bin = fileURLToPath(new URL('../bin/amtsweg.mjs', import.meta.url));
  const argv = ['-v', process.execPath, bin, 'xzufi', 'import', file, '--tenant', TENANT, '--json'];
  if (p === 'cli-dry-run') argv.push('--dry-run');
  const child = spawnSync('/usr/bin/time', argv, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, DATABASE_URL: dbCopy },
  });
  const stat = (label: string) => new RegExp(`${label}: (.+)`).exec(child.stderr)?.[1]?.trim() ?? '';
  if (child.status !== 0) {
    console.log(`${p}: failed (exit ${child.status}) ${child.stderr.slice(-2000)}`);
    return null;
  }
  const wall = stat('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((acc, part) => acc * 60 + Number(part), 0);
  const result = JSON.parse(child.stdout) as { write: { counts: Record<string, Record<string, number>> } };
  const counts = result.write.counts;
  const written = (k: string) => (counts[k]?.created ?? 0) + (counts[k]?.updated ?? 0);
  return {
    phase: p,
    seconds: wall,
    cpuSeconds: Number(stat('User time \\(seconds\\)')) + Number(stat('System time \\(seconds\\)')),
    peakMb: Number(stat('Maximum resident set size \\(kbytes\\)')) / 1024,
    detail: `amtsweg xzufi import${p === 'cli-dry-run' ? ' --dry-run' : ''}: ${written('services')} services and ${written('authorities')} units written${p === 'cli-dry-run' ? ' (rolled back)' : ''}, program load included`,
  };
}
const allPhases = ['base', 'parse', 'read', 'dry-run', 'import', 'import-default-heap', 'cli-dry-run', 'cli-import'];
const phases = value('--phases')?.split(',') ?? allPhases;
for (const p of phases.filter((x) => allPhases.includes(x))) {
  const dbCopy = `${seedDb}.${p}`;
  copyFileSync(seedDb, dbCopy);
  if (p.startsWith('cli-')) {
    const row = runCli(p, dbCopy);
    rmSync(dbCopy, { force: true });
    rmSync(`${dbCopy}-wal`, { force: true });
    rmSync(`${dbCopy}-shm`, { force: true });
    if (!row) continue;
    rows.push(row);
    report(p, row);
    continue;
  }
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, script, '--phase', p, '--file', file, '--db', dbCopy],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  rmSync(dbCopy, { force: true });
  rmSync(`${dbCopy}-wal`, { force: true });
  rmSync(`${dbCopy}-shm`, { force: true });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.log(`${p}: failed (exit ${child.status}) ${child.stdout.slice(-2000)}`);
    continue;
  }
  const row = JSON.parse(line) as Row;
  rows.push(row);
  report(p, row);
}
console.log(`load average after: ${loadavg()[0]?.toFixed(1)} (1 min)`);
if (args.includes('--keep')) {
  console.log(`kept ${file} and ${seedDb}`);
  process.exit(0);
}
rmSync(file, { force: true });
rmSync(seedDb, { force: true });
rmSync(`${seedDb}-wal`, { force: true });
rmSync(`${seedDb}-shm`, { force: true });
