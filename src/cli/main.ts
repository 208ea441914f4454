// The `amtsweg` command. Each command group lives in its own module; this file only wires them.
process.env.TZ ??= 'Europe/Berlin';

import { Command } from 'commander';
import { startServer } from '../app/server.ts';
import { registerAreasCommands } from './areas.ts';
import { registerBackupCommands } from './backup.ts';
import { registerCatalogCommands } from './catalog.ts';
import { registerChecklistCommands } from './checklist.ts';
import { reportError } from './context.ts';
import { registerDataCommands } from './data.ts';
import { registerLinksCommands } from './links.ts';
import { registerPvogCommands } from './pvog.ts';
import { registerSearchCommands } from './search.ts';
import { registerUserCommands } from './user.ts';
import { registerXzufiCommands } from './xzufi.ts';

export const program = new Command()
  .name('amtsweg')
  .description(
    'Leistungskatalog für Kreis und Gemeinden: wer ist zuständig? (DATABASE_URL: postgres://… or an SQLite file path)',
  )
  .version('0.1.0');

program
  .command('serve')
  .description('run the portal and API (seeds an empty database with the bundled example data, data/seed)')
  .option('-p, --port <port>', 'port (default: $PORT or 3000)')
  .action(async (opts: { port?: string }) => {
    try {
      // startServer installs the bounded graceful shutdown on SIGINT/SIGTERM (docs/operations.md).
      await startServer(opts.port ? { port: Number(opts.port) } : {});
    } catch (error) {
      reportError(error);
    }
  });

registerCatalogCommands(program);
registerLinksCommands(program);
registerChecklistCommands(program);
registerSearchCommands(program);
registerUserCommands(program); // accounts, tokens, schedules, audit (#5)
registerBackupCommands(program); // backup and restore (operations)
registerXzufiCommands(program);
registerPvogCommands(program); // exchange with the national network
registerAreasCommands(program); // the official register of areas (after `areas` from the catalog commands)
registerDataCommands(program); // the catalog's data quality (issue #15)

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '')) {
  await program.parseAsync(process.argv);
}
