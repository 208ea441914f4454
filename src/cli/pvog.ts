// `amtsweg pvog import`: the PVOG's CSV export and JSON service descriptions → the Bund level of the catalog.
import type { Command } from 'commander';
import { printJson, reportError, withCatalog } from './context.ts';
import { phasedProgress } from './progress.ts';

export function registerPvogCommands(program: Command): void {
  const pvog = program
    .command('pvog')
    .description('the national portal network (PVOG): Bund Leistungen and their texts');

  pvog
    .command('import')
    .description('import PVOG CSV exports and JSON service descriptions for the Bund (00), matched by LeiKa key')
    .argument('<files...>', 'file.csv (the PVOG export) and/or file.json (service descriptions)')
    .option('--dry-run', 'check everything and show what would change, write nothing')
    .option('--json', 'print the result as JSON')
    .action((files: string[], opts: { dryRun?: boolean; json?: boolean }) =>
      // Only the catalog is wired, and the import's modules are loaded when it runs (decision 0290).
      withCatalog(async ({ catalog }) => {
        const [{ systemPrincipal }, { importPvogFiles }] = await Promise.all([
          import('../features/catalog/index.ts'),
          import('../interop/pvog/pvog-import.ts'),
        ]);
        const bar = phasedProgress();
        const result = await importPvogFiles(catalog, files, {
          dryRun: !!opts.dryRun,
          actor: systemPrincipal('cli'),
          onProgress: (done, total) => bar.update('writing records', done, total),
        }).finally(() => bar.stop());
        if (opts.json) return printJson(result);
        const { write } = result;
        const c = write.counts;
        console.log(`${opts.dryRun ? 'checked' : 'imported'} ${files.join(', ')} for the Bund (00)`);
        if (result.createdBund) console.log('  created the Bund area (00)');
        console.log(
          `  services ${String(c.services.created).padStart(4)} new  ${String(c.services.updated).padStart(4)} changed  ${String(c.services.unchanged).padStart(4)} unchanged`,
        );
        for (const ch of write.changes.filter((x) => x.type === 'service').slice(0, 50))
          console.log(`  ${ch.result.padEnd(8)} ${ch.id}`);
        for (const u of result.unmatchedLebenslagen)
          console.log(`  Lebenslage not found: "${u.name}" (${u.file}, ${u.serviceId}); not linked`);
        for (const w of result.warnings) console.log(`  warning: ${w}`);
        if (write.dryRun) console.log('dry run: nothing was written');
        else if (write.changes.length === 0) console.log('nothing changed: no revision, no audit entry');
        else console.log("recorded in the history and the audit log with source 'pvog'");
      }).catch(reportError),
    );
}
