// `amtsweg checklist …`: import the project group's checklist, show a town's coverage, compare the towns.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Services } from '../app/services.ts';
import { KREIS_SOEST_CHECKLIST } from '../features/checklist/checklist.service.ts';
import {
  CHECK_LABELS,
  CHECK_STATE_LABELS,
  comparisonCsv,
  INTERFACE_KIND_INFO,
  ITEM_STATUS_LABELS,
  townCoverageCsv,
} from '../features/checklist/index.ts';
import { printJson, reportError, withServices } from './context.ts';

async function areaAgs(services: Services, ref: string): Promise<string> {
  return /^\d+$/.test(ref)
    ? (await services.catalog.getArea(ref)).ags
    : (await services.catalog.getAreaBySlug(ref)).ags;
}

function write(out: string | undefined, text: string): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

export function registerChecklistCommands(program: Command): void {
  const cl = program
    .command('checklist')
    .description("the project group's checklist: Lebenslagen, products and interfaces to the county, per town");

  cl.command('import')
    .description("import a checklist file (amtsweg-checklist/1); replaces that tenant's checklist")
    .argument('[path]', 'file (default: the bundled example checklist, data/checklist)', KREIS_SOEST_CHECKLIST)
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the summary as JSON')
    .action((path: string, opts: { dryRun?: boolean; json?: boolean }) =>
      withServices(async (services) => {
        const r = await services.checklist.importFile(path, { dryRun: !!opts.dryRun });
        if (opts.json) return printJson(r);
        console.log(
          `${opts.dryRun ? 'checked' : 'imported'} ${path} for ${r.tenantAgs}: ${r.items} products (${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.deleted} removed)`,
        );
      }).catch(reportError),
    );

  cl.command('show')
    .description("a town's checklist (by AGS or slug)")
    .argument('<town>', 'AGS or slug, e.g. 05974020 or geseke')
    .option('--gaps', 'only products with gaps')
    .option('--csv', 'as CSV (semicolon-separated, UTF-8 with BOM)')
    .option('--json', 'as JSON')
    .option('-o, --out <file>', 'write to a file')
    .action((town: string, opts: { gaps?: boolean; csv?: boolean; json?: boolean; out?: string }) =>
      withServices(
        async (services) => {
          const ags = await areaAgs(services, town);
          const c = await services.checklist.townCoverage(ags);
          if (opts.json) return write(opts.out, `${JSON.stringify(c, null, 2)}\n`);
          if (opts.csv)
            return write(
              opts.out,
              townCoverageCsv(c, (id) => `${services.publicUrl ?? ''}${services.checklist.editUrl(ags, id)}`),
            );
          const lines = [
            `Checkliste ${c.name}: ${c.complete}/${c.total} vollständig (${c.percent} %), ${c.missing} fehlen, ${c.missingContacts} ohne Ansprechpartner, ${c.brokenLinks} defekte Links`,
          ];
          for (const l of c.lebenslagen) {
            lines.push('', `${l.name} (${l.complete}/${l.total})`);
            for (const i of l.items) {
              if (opts.gaps && i.complete) continue;
              const gaps = i.checks
                .filter((k) => k.state === 'fail')
                .map((k) => `${CHECK_LABELS[k.name]}: ${CHECK_STATE_LABELS[k.state]}`);
              const iface = i.interface ? INTERFACE_KIND_INFO[i.interface.kind].label : '–';
              lines.push(
                `  ${i.complete ? '✓' : '✗'} ${i.serviceName} [${ITEM_STATUS_LABELS[i.status]}; ${iface}]${gaps.length ? ` – ${gaps.join(', ')}` : ''}`,
              );
            }
          }
          write(opts.out, `${lines.join('\n')}\n`);
        },
        { access: 'read' },
      ).catch(reportError),
    );

  cl.command('compare')
    .description('compare the towns of a county')
    .option('-k, --county <ags>', 'the county (default: the first that keeps a checklist)')
    .option('--csv', 'as CSV')
    .option('--json', 'as JSON')
    .option('-o, --out <file>', 'write to a file')
    .action((opts: { county?: string; csv?: boolean; json?: boolean; out?: string }) =>
      withServices(
        async (services) => {
          const county = opts.county ?? (await services.checklist.counties())[0]?.ags;
          if (!county) throw new Error('no checklist imported yet (amtsweg checklist import)');
          const cmp = await services.checklist.comparison(county);
          if (opts.json) return write(opts.out, `${JSON.stringify(cmp, null, 2)}\n`);
          if (opts.csv) return write(opts.out, comparisonCsv(cmp));
          const lines = [`${cmp.county.name}: ${cmp.totals.percent} % vollständig über alle Kommunen`, ''];
          for (const t of [...cmp.towns].sort((a, b) => b.percent - a.percent)) {
            lines.push(
              `  ${t.name.padEnd(18)} ${String(t.percent).padStart(3)} %  ${t.missing} fehlen, ${t.missingContacts} ohne Ansprechpartner, ${t.brokenLinks} defekte Links`,
            );
          }
          lines.push('', 'Häufigste Lücken:');
          for (const g of cmp.commonGaps) lines.push(`  ${g.serviceName}: ${g.towns.length} Kommunen`);
          write(opts.out, `${lines.join('\n')}\n`);
        },
        { access: 'read' },
      ).catch(reportError),
    );

  cl.command('review')
    .description('tick a product as reviewed for a town (texts checked today)')
    .argument('<town>', 'AGS or slug')
    .argument('<service>', 'service id')
    .option('--by <name>', 'who reviewed', 'cli')
    .action((town: string, service: string, opts: { by: string }) =>
      withServices(async (services) => {
        const ags = await areaAgs(services, town);
        await services.checklist.review(ags, service, opts.by);
        console.log(`${service} reviewed for ${ags}`);
      }).catch(reportError),
    );
}
