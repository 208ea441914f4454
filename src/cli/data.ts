// `amtsweg data report`: how much of the catalog is real, per tenant and record kind. Only reads.
import type { Command } from 'commander';
import { dataReportTable } from '../features/catalog/index.ts';
import { printJson, reportError, withServices } from './context.ts';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description("the catalog's data quality");

  data
    .command('report')
    .description(
      'real against sample data per tenant and record kind (units, contacts), and the share of services with LeiKa key, online procedure, booking link, form …',
    )
    .option('-t, --tenant <ags...>', 'only these tenants (AGS)')
    .option('--json', 'print the report as JSON')
    .action((opts: { tenant?: string[]; json?: boolean }) =>
      withServices(
        async (services) => {
          const report = await services.catalog.dataReport();
          const only = opts.tenant ? new Set(opts.tenant) : null;
          const shown = only ? { ...report, rows: report.rows.filter((r) => only.has(r.tenant)) } : report;
          if (opts.json) return printJson(shown);
          process.stdout.write(dataReportTable(shown));
        },
        { access: 'read' },
      ).catch(reportError),
    );
}
