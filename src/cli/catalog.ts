import { writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { migrateDatabase } from '../app/runtime.ts';
import { KREIS_SOEST_SEED, seedDatabase } from '../app/seed.ts';
import type { ImportSummary } from '../features/catalog/catalog.service.ts';
import { systemPrincipal, systemScope, tenantsScope } from '../features/catalog/catalog.tenant.ts';
import { bundleToYaml, exportBundle } from '../interop/bundle/bundle-export.ts';
import { importBundle } from '../interop/bundle/bundle-import.ts';
import { printJson, reportError, withServices } from './context.ts';
import { describeResolution } from './format.ts';

/** A progress bar on a terminal; silent when output goes to a file or another program. */
function progress(label: string): { onProgress?: (done: number, total: number) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} records`, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

function printSummary(summary: ImportSummary): void {
  const { removals, ...sections } = summary.counts;
  const rows = Object.entries(sections).filter(([, c]) => c.created + c.updated + c.unchanged > 0);
  for (const [section, c] of rows) {
    console.log(
      `  ${section.padEnd(12)} ${String(c.created).padStart(4)} new  ${String(c.updated).padStart(4)} changed  ${String(c.unchanged).padStart(4)} unchanged`,
    );
  }
  if (removals.removed + removals.unchanged > 0)
    console.log(
      `  ${'removals'.padEnd(12)} ${String(removals.removed).padStart(4)} removed ${String(removals.unchanged).padStart(4)} already gone`,
    );
  if (summary.dryRun) console.log('dry run: nothing was written');
  else if (summary.changes.length === 0) console.log('nothing changed: no revision, no audit entry');
}

export function registerCatalogCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(() =>
      migrateDatabase()
        .then((ran) => console.log(ran.length ? `applied: ${ran.join(', ')}` : 'schema is up to date'))
        .catch(reportError),
    );

  program
    .command('seed')
    .description('import the bundled example data (data/seed, a sample county; idempotent)')
    .option('--json', 'print the summary as JSON')
    .action((opts: { json?: boolean }) =>
      withServices(async (services) => {
        const bar = progress('seeding');
        const summary = await seedDatabase(services, undefined, bar).finally(() => bar.stop());
        if (opts.json) printJson(summary);
        else {
          console.log(`seeded from ${KREIS_SOEST_SEED}`);
          printSummary(summary);
        }
      }).catch(reportError),
    );

  program
    .command('import')
    .description('import a bundle file or folder (amtsweg-bundle/1, YAML or JSON) in one transaction: all or nothing')
    .argument('<path>', 'bundle file or folder')
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the summary as JSON')
    .action((path: string, opts: { dryRun?: boolean; json?: boolean }) =>
      withServices(async (services) => {
        // The slugs before the import: an area the bundle renames keeps its old URLs as redirects.
        if (!opts.dryRun) await services.areas.rememberSlugs();
        const bar = progress(opts.dryRun ? 'checking' : 'importing');
        const summary = await importBundle(services.catalog, path, {
          dryRun: !!opts.dryRun,
          actor: systemPrincipal('cli'),
          source: `cli import ${path}`,
          ...bar,
        }).finally(() => bar.stop());
        if (opts.json) printJson(summary);
        else {
          console.log(`${opts.dryRun ? 'checked' : 'imported'} ${path}`);
          printSummary(summary);
        }
      }).catch(reportError),
    );

  program
    .command('export')
    .description('export the catalog (or some tenants) as a bundle')
    .option('-t, --tenant <ags...>', 'only records owned by these tenants (AGS)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--json', 'JSON instead of YAML')
    .action((opts: { tenant?: string[]; out?: string; json?: boolean }) =>
      withServices(async (services) => {
        // The CLI is the system: it may export every tenant; named tenants narrow the scope.
        const scope = tenantsScope(opts.tenant ?? []) ?? systemScope(systemPrincipal('cli'));
        const bundle = await exportBundle(services.catalog, scope);
        const text = opts.json ? `${JSON.stringify(bundle, null, 2)}\n` : bundleToYaml(bundle);
        if (opts.out) {
          writeFileSync(opts.out, text);
          console.error(
            `wrote ${opts.out} (${bundle.services?.length ?? 0} services, ${bundle.authorities?.length ?? 0} units)`,
          );
        } else process.stdout.write(text);
      }).catch(reportError),
    );

  program
    .command('areas')
    .description('list areas with AGS, ARS and kind')
    .option('--json', 'JSON output')
    .action((opts: { json?: boolean }) =>
      withServices(async ({ catalog }) => {
        const areas = await catalog.listAreas();
        if (opts.json) return printJson(areas);
        for (const a of areas) console.log(`${a.ags.padEnd(8)}  ${a.ars}  ${a.name.padEnd(28)} ${a.kind}`);
      }).catch(reportError),
    );

  program
    .command('resolve')
    .description('who is responsible for a service in an area, and why')
    .argument('<ags>', 'the area (AGS), e.g. 05974044')
    .argument('<service>', 'the service id, e.g. baugenehmigung-beantragen')
    .option('--json', "JSON output (the API's ResolvedService)")
    .action((ags: string, service: string, opts: { json?: boolean }) =>
      withServices(async ({ catalog }) => {
        const resolved = await catalog.getAreaService(ags, service);
        if (opts.json) printJson(resolved);
        else console.log(describeResolution(resolved));
      }).catch(reportError),
    );
}
