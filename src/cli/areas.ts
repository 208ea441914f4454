// `amtsweg areas import|…`: the official register of areas. Subcommands of the existing `areas` listing command.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { systemPrincipal } from '../features/catalog/index.ts';
import { importAreaChanges } from '../interop/area-changes/index.ts';
import { importAdministrationAddresses } from '../interop/destatis-addresses/index.ts';
import { importGv100ad } from '../interop/gv100ad/index.ts';
import { importOsmPostcodes } from '../interop/osm-postcodes/index.ts';
import { printJson, reportError, withServices } from './context.ts';

/** A progress bar on a terminal; silent when output goes to a file or another program. */
function progress(label: string, unit = 'areas'): { onProgress?: (done: number, total: number) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} ${unit}`, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

export function registerAreasCommands(program: Command): void {
  const areas = program.commands.find((c) => c.name() === 'areas') ?? program.command('areas');

  areas
    .command('import')
    .description(
      "import Destatis' Gemeindeverzeichnis (GV100AD, fixed width) into the area tree: all or nothing, idempotent",
    )
    .argument('<file>', 'GV100AD_<date>.txt')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withServices(async (services) => {
        const bar = progress('importing');
        const result = await importGv100ad(services, file, {
          actor: systemPrincipal('cli'),
          source: `cli areas import ${file}`,
          onProgress: bar.onProgress,
        }).finally(() => bar.stop());
        if (opts.json) return printJson({ ...result, changes: result.changes.length });
        const c = result.counts;
        console.log(`imported ${file} (Gebietsstand ${result.gebietsstand})`);
        console.log(
          `  areas       ${c.areas.created} new, ${c.areas.updated} changed, ${c.areas.unchanged} unchanged; ${result.ended.length} no longer in the register (end date set)`,
        );
        console.log(`  area kinds  ${c.areaKinds.created} new; aliases ${result.aliases} new or repointed`);
        if (result.changes.length === 0 && result.aliases === 0) console.log('nothing changed');
      }).catch(reportError),
    );

  areas
    .command('addresses')
    .description(
      "Destatis' addresses of every Kreis, Gemeindeverband and Gemeinde administration as each area's main unit (postal address only): all or nothing, idempotent",
    )
    .argument('<file>', 'the address sheet as CSV (;-separated, UTF-8)')
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { dryRun?: boolean; json?: boolean }) =>
      withServices(async (services) => {
        const bar = progress(opts.dryRun ? 'checking' : 'writing', 'records');
        const result = await importAdministrationAddresses(services, file, {
          actor: systemPrincipal('cli'),
          source: `cli areas addresses ${file}`,
          dryRun: !!opts.dryRun,
          onProgress: bar.onProgress,
        }).finally(() => bar.stop());
        if (opts.json) return printJson({ ...result, changes: result.changes.length });
        const c = result.counts;
        console.log(`${opts.dryRun ? 'checked' : 'imported'} ${file}: ${result.rows} rows`);
        console.log(
          `  units       ${c.authorities.created} new, ${c.authorities.updated} changed, ${c.authorities.unchanged} unchanged (address only: phone, e-mail and hours stay empty)`,
        );
        console.log(`  kept        ${result.kept.length} areas keep the main unit their deployment gave them`);
        if (result.unknownKeys.length > 0)
          console.log(
            `  unknown     ${result.unknownKeys.length} keys no area answers to (import the register first?): ${result.unknownKeys.slice(0, 10).join(', ')}${result.unknownKeys.length > 10 ? ' …' : ''}`,
          );
        if (result.changes.length === 0) console.log('nothing changed');
      }).catch(reportError),
    );

  areas
    .command('postcodes')
    .description(
      "OpenStreetMap's postcode ↔ Gemeinde table (ODbL) onto the Gemeinden: all or nothing, idempotent, existing postcodes stay",
    )
    .argument('<file>', 'zuordnung_plz_ort.csv (osm_id,ags,ort,plz,landkreis,bundesland)')
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { dryRun?: boolean; json?: boolean }) =>
      withServices(async (services) => {
        const bar = progress(opts.dryRun ? 'checking' : 'writing');
        const result = await importOsmPostcodes(services, file, {
          actor: systemPrincipal('cli'),
          source: `cli areas postcodes ${file}`,
          dryRun: !!opts.dryRun,
          onProgress: bar.onProgress,
        }).finally(() => bar.stop());
        if (opts.json) return printJson({ ...result, changes: result.changes.length });
        console.log(`${opts.dryRun ? 'checked' : 'imported'} ${file}: ${result.rows} rows`);
        console.log(`  areas       ${result.areasChanged} gained ${result.postcodesAdded} postcodes`);
        if (result.unknownKeys.length > 0)
          console.log(
            `  unknown     ${result.unknownKeys.length} AGS no area answers to (import the register first?): ${result.unknownKeys.slice(0, 10).join(', ')}${result.unknownKeys.length > 10 ? ' …' : ''}`,
          );
        if (result.changes.length === 0) console.log('nothing changed');
      }).catch(reportError),
    );

  areas
    .command('succeed')
    .description(
      "OLD ends the day before DATE and NEW takes it over: from DATE, OLD's key, slug, portal and API URLs and embeds redirect (301) to NEW",
    )
    .argument('<old>', 'key of the former area (AGS, Verband key or ARS)')
    .argument('<new>', 'key of the successor')
    .requiredOption('--from <date>', 'the first day of the successor (YYYY-MM-DD)')
    .option('--json', 'print the summary as JSON')
    .action((oldKey: string, newKey: string, opts: { from: string; json?: boolean }) =>
      withServices(async (services) => {
        const r = await services.areas.succeed(oldKey, newKey, opts.from, {
          actor: systemPrincipal('cli'),
          source: `cli areas succeed ${oldKey} ${newKey}`,
        });
        if (opts.json)
          return printJson({
            old: r.old.ags,
            successor: r.successor.ags,
            validUntil: r.validUntil,
            changes: r.result.changes.length,
          });
        console.log(
          `${r.old.name} (${r.old.ags}) ends on ${r.validUntil}; ${r.successor.name} (${r.successor.ags}) takes over from ${opts.from}`,
        );
        if (r.result.changes.length === 0) console.log('nothing changed');
      }).catch(reportError),
    );

  areas
    .command('successions')
    .description(
      'a changes file (old;new;from, docs/data-format.md): each OLD ends the day before its date and NEW takes it over, with the same redirects as `areas succeed`; all or nothing, idempotent',
    )
    .argument('<file>', 'CSV, ;-separated, UTF-8, header old;new;from')
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { dryRun?: boolean; json?: boolean }) =>
      withServices(async (services) => {
        const r = await importAreaChanges(services, file, {
          actor: systemPrincipal('cli'),
          source: `cli areas successions ${file}`,
          dryRun: !!opts.dryRun,
        });
        if (opts.json)
          return printJson({
            rows: r.rows,
            successions: r.successions.map((x) => ({
              old: x.old.ags,
              successor: x.successor.ags,
              validUntil: x.validUntil,
            })),
            counts: r.counts.areas,
            dryRun: r.dryRun,
          });
        for (const x of r.successions)
          console.log(
            `${x.old.name} (${x.old.ags}) ends on ${x.validUntil}; ${x.successor.name} (${x.successor.ags}) takes over`,
          );
        const c = r.counts.areas;
        console.log(
          `${opts.dryRun ? 'checked' : 'imported'} ${file}: ${r.rows} lines; areas ${c.updated} ${opts.dryRun ? 'would change' : 'changed'}, ${c.unchanged} unchanged`,
        );
        if (c.updated === 0) console.log('nothing changed');
      }).catch(reportError),
    );
}
