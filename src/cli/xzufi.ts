// `amtsweg xzufi export|import`: the catalog as XZuFi 2.2 transfer messages, for the national portal network.

// Only the catalog is wired (`withCatalog`), and the XZuFi modules are loaded when a command runs: a 200 MB import
// must stay below 300 MB peak RSS, and every module loaded is in that peak (decision 0290).
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { Area, AreaKind } from '../features/catalog/index.ts';
import { ValidationError } from '../shared/errors.ts';
import { preferSmallHeap } from '../shared/small-heap.ts';
import { printJson, reportError, withCatalog } from './context.ts';
import { phasedProgress } from './progress.ts';

/** " (message <id> of <time>)" with what the header gives; real dumps may leave either out. */
function messageLabel(header: { messageId: string | null; createdAt: string | null } | null): string {
  const parts = [header?.messageId, header?.createdAt ? `of ${header.createdAt}` : null].filter(Boolean);
  return parts.length ? ` (message ${parts.join(' ')})` : '';
}

/** The tenant an import writes for when none is named: the one county of the catalog, if there is exactly one. */
function defaultTenant(areas: Area[], kinds: AreaKind[]): string {
  const county = new Set(
    kinds.filter((k) => k.tiers.includes('kreis') && !k.tiers.includes('gemeinde')).map((k) => k.code),
  );
  const counties = areas.filter((a) => county.has(a.kind));
  if (counties.length === 1 && counties[0]) return counties[0].ags;
  throw new ValidationError('name the tenant the records belong to: --tenant AGS', [
    {
      field: 'tenant',
      message: `allowed: the AGS of an area${counties.length ? `, e.g. ${counties.map((c) => c.ags).join(', ')}` : ''}`,
    },
  ]);
}

export function registerXzufiCommands(program: Command): void {
  const xzufi = program
    .command('xzufi')
    .description('exchange with the national network (XZuFi 2.2 transfer messages)');

  xzufi
    .command('export')
    .description('write the catalog (or some tenants) as an XZuFi 2.2 message')
    .option('-t, --tenant <ags...>', 'only records owned by these tenants (AGS)')
    .option('--since <date>', 'only records changed since (YYYY-MM-DD or ISO date-time), and loesche for removed ones')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action((opts: { tenant?: string[]; since?: string; out?: string }) =>
      withCatalog(
        async ({ catalog }) => {
          const [{ systemPrincipal, systemScope, tenantsScope }, { parseSince, xzufiExportInput }, { writeXzufiTo }] =
            await Promise.all([
              import('../features/catalog/index.ts'),
              import('../interop/xzufi/xzufi-catalog.ts'),
              import('../interop/xzufi/xzufi-writer.ts'),
            ]);
          const since = parseSince(opts.since);
          const scope = tenantsScope(opts.tenant ?? []) ?? systemScope(systemPrincipal('cli'));
          const input = await xzufiExportInput(catalog, { scope, ...(since ? { since } : {}) });
          const target = opts.out ? createWriteStream(opts.out) : process.stdout;
          const bytes = await writeXzufiTo(input, target);
          if (opts.out) {
            target.end();
            await once(target, 'finish');
            const removals = input.removals ? [...input.removals].length : 0;
            console.error(
              `wrote ${opts.out} (${(input.services as unknown[]).length} Leistungen, ${(input.authorities as unknown[]).length} Organisationseinheiten, ${removals} loesche, ${bytes} bytes)`,
            );
          }
        },
        { access: 'read' },
      ).catch(reportError),
    );

  xzufi
    .command('import')
    .description('import an XZuFi 2.2 message for one tenant in one transaction: all or nothing')
    .argument('<file>', 'the XML file')
    .option(
      '--tenant <ags>',
      "the tenant the records belong to (default: the deployment's county, when there is exactly one)",
    )
    .option('--dry-run', 'check everything and show what would change, write nothing')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { tenant?: string; dryRun?: boolean; json?: boolean }) => {
      // A one-shot process reading hundreds of MB: memory over speed (decision 0260).
      preferSmallHeap();
      return withCatalog(async ({ catalog }) => {
        const [{ systemPrincipal }, { importXzufiIntoCatalog }] = await Promise.all([
          import('../features/catalog/index.ts'),
          import('../interop/xzufi/xzufi-catalog.ts'),
        ]);
        const tenantAgs = opts.tenant ?? defaultTenant(await catalog.listAreas(), await catalog.listAreaKinds());
        const bar = phasedProgress();
        const result = await importXzufiIntoCatalog(catalog, createReadStream(file), {
          tenantAgs,
          dryRun: !!opts.dryRun,
          actor: systemPrincipal('cli'),
          source: `cli xzufi import ${file}`,
          totalBytes: statSync(file).size,
          onProgress: (phase, done, total) =>
            bar.update(phase === 'read' ? 'reading bytes' : 'writing records', done, total),
        }).finally(() => bar.stop());
        if (opts.json) return printJson({ tenant: tenantAgs, dryRun: !!opts.dryRun, ...result });

        const { report, write, preview, totals } = result;
        console.log(
          `${opts.dryRun ? 'checked' : 'imported'} ${file} for tenant ${tenantAgs}` + messageLabel(report.header),
        );
        const c = report.counts;
        console.log(
          `  read: ${c.leistung} leistung, ${c.organisationseinheit} organisationseinheit, ${c.zustaendigkeit} zustaendigkeit, ${c.onlinedienst} onlinedienst, ${c.loesche} loesche, ${c.other} not mapped`,
        );
        for (const w of report.warnings)
          console.log(`  warning: line ${w.line}, column ${w.column}: ${w.klasse} "${w.objectId ?? ''}": ${w.message}`);
        if (report.warningsOmitted > 0) console.log(`  … and ${report.warningsOmitted} more warnings`);
        const tally = Object.entries(totals).filter(([, n]) => n > 0);
        console.log(`  ${tally.map(([r, n]) => `${n} ${r}`).join(', ') || 'nothing in the message'}`);
        // The preview holds the first changes per kind; the totals count them all.
        for (const p of preview.slice(0, 200))
          console.log(`  ${p.result.padEnd(12)} ${p.kind.padEnd(20)} ${p.id}  (${p.label})`);
        const more = totals.new + totals.changed + totals.removed + totals['already gone'] + totals['not applied'];
        if (more > Math.min(preview.length, 200)) console.log(`  … and ${more - Math.min(preview.length, 200)} more`);
        if (write.dryRun) console.log('dry run: nothing was written');
        else if (write.changes.length === 0) console.log('nothing changed: no revision, no audit entry');
      }).catch(reportError);
    });
}
