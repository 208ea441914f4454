// `amtsweg areas import|…`: the official register of areas. Subcommands of the existing `areas` listing command.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { systemPrincipal } from '../features/catalog/index.ts';
import { importGv100ad } from '../interop/gv100ad/index.ts';
import { printJson, reportError, withServices } from './context.ts';

/** A progress bar on a terminal; silent when output goes to a file or another program. */
function progress(label: string): { onProgress?: (done: number, total: number) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} areas`, stream: process.stderr },
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
}
