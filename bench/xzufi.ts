// XZuFi reader throughput and memory, writer time. Standalone: `npx tsx bench/xzufi.ts [--mb 200]`.
// `--catalog`: instead, the export of the whole seeded Kreis Soest catalog (SQLite in memory), against < 2 s.
// Generates a message of about the given size in the temp folder by repeating the test catalog's records under new
// ids, reads it back through the streaming reader (records only, no change set: that is what bounds memory), and
// prints MB/s and peak RSS against the targets (≥ 5 MB/s, < 300 MB).
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { seedDatabase } from '../src/app/seed.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { AuthorityWithAssignments, Service } from '../src/features/catalog/catalog.ts';
import { createCatalogService, systemPrincipal, systemScope } from '../src/features/catalog/index.ts';
import { readXzufiRecords, writeXzufi, writeXzufiTo } from '../src/interop/xzufi/index.ts';
import { collect, loadFixture } from '../src/interop/xzufi/testdata/fixture.ts';
import { xzufiExportInput } from '../src/interop/xzufi/xzufi-catalog.ts';

const args = process.argv.slice(2);
const mbIndex = args.indexOf('--mb');
const targetMb = mbIndex >= 0 ? Number(args[mbIndex + 1]) : 200;

if (args.includes('--catalog')) {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const catalog = createCatalogService(db);
  await seedDatabase({ catalog });
  const out = join(tmpdir(), `amtsweg-bench-catalog-${process.pid}.xml`);
  const start = performance.now();
  const input = await xzufiExportInput(catalog, { scope: systemScope(systemPrincipal('cli')) });
  const target = createWriteStream(out);
  const bytes = await writeXzufiTo(input, target);
  target.end();
  await finished(target);
  const ms = performance.now() - start;
  console.log(
    `export of the seeded catalog: ${(input.services as unknown[]).length} services, ${(input.authorities as unknown[]).length} units, ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (target < 2000 ms)`,
  );
  rmSync(out, { force: true });
  await db.destroy();
  process.exit(0);
}
const f = loadFixture();
const [svc] = f.services as [Service];
const [unit] = f.authorities as [AuthorityWithAssignments];

function* services(n: number): Generator<Service> {
  for (let i = 0; i < n; i++) yield { ...svc, id: `s-${i}`, leikaKey: null };
}
function* units(n: number, perUnit: number): Generator<AuthorityWithAssignments> {
  for (let i = 0; i < n; i++) {
    const assignments = Array.from({ length: perUnit }, (_, k) => ({
      ...(unit.assignments[0] as AuthorityWithAssignments['assignments'][0]),
      id: `a-${i}-${k}`,
      serviceId: `s-${(i * perUnit + k) % 1000}`,
      authorityId: `u-${i}`,
    }));
    yield { ...unit, id: `u-${i}`, assignments };
  }
}

// writer: 1,000 services and 200 units with 5 responsibilities each, into memory
let t = performance.now();
const small = await collect(writeXzufi({ ...f, services: services(1000), authorities: units(200, 5) }));
const writerMs = performance.now() - t;
const perService = Buffer.byteLength(small) / 1000;

// a big file: as many services as reach the target size
const path = join(tmpdir(), `amtsweg-xzufi-bench-${process.pid}.xml`);
const count = Math.ceil((targetMb * 1024 * 1024) / perService);
t = performance.now();
const out = createWriteStream(path);
await writeXzufiTo({ ...f, services: services(count), authorities: units(Math.ceil(count / 5), 5) }, out);
out.end();
await finished(out);
const genMs = performance.now() - t;
const size = statSync(path).size;

let peak = process.memoryUsage().rss;
let records = 0;
t = performance.now();
for await (const _ of readXzufiRecords(createReadStream(path, { highWaterMark: 256 * 1024 }), {
  totalBytes: size,
  onProgress: () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  },
})) {
  records++;
}
const readS = (performance.now() - t) / 1000;
rmSync(path);
const mb = size / 1024 / 1024;
const rate = mb / readS;
const peakMb = peak / 1024 / 1024;

console.log('# XZuFi bench');
console.log(
  `writer: 1,000 services + 1,000 responsibilities in ${writerMs.toFixed(0)} ms (${(Buffer.byteLength(small) / 1024 / 1024).toFixed(1)} MB)`,
);
console.log(`generated ${mb.toFixed(1)} MB (${count} services) in ${(genMs / 1000).toFixed(1)} s`);
console.log(
  `reader: ${records} records in ${readS.toFixed(1)} s = ${rate.toFixed(1)} MB/s (target ≥ 5) ${rate >= 5 ? 'OK' : 'BELOW TARGET'}`,
);
console.log(`peak RSS while reading: ${peakMb.toFixed(0)} MB (target < 300) ${peakMb < 300 ? 'OK' : 'ABOVE TARGET'}`);
