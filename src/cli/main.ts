// The `amtsweg` command. Each command group lives in its own module; this file only wires them. A process loads only
// the group its command belongs to (a module of a group loads what its commands need): loading every group and the
// whole app cost ~230 MB for any command, and a 200 MB XZuFi import must peak below 300 MB (decision 0290).
process.env.TZ ??= 'Europe/Berlin';

import { Command } from 'commander';
import { reportError } from './context.ts';

type Register = (program: Command) => void;

/**
 * The command groups in the order they are registered (help lists them so), with the top-level commands each adds.
 * `areas` is in two groups: the catalog's listing adds it, the register of areas its subcommands (so it comes after).
 * src/cli/main.test.ts checks these names against what each group really registers.
 */
export const COMMAND_GROUPS: readonly { module: string; commands: readonly string[]; load: () => Promise<Register> }[] =
  [
    {
      module: 'catalog',
      commands: ['migrate', 'seed', 'import', 'export', 'areas', 'resolve'],
      load: async () => (await import('./catalog.ts')).registerCatalogCommands,
    },
    {
      module: 'links',
      commands: ['links'],
      load: async () => (await import('./links.ts')).registerLinksCommands,
    },
    {
      module: 'checklist',
      commands: ['checklist'],
      load: async () => (await import('./checklist.ts')).registerChecklistCommands,
    },
    {
      module: 'search',
      commands: ['search', 'search-synonyms'],
      load: async () => (await import('./search.ts')).registerSearchCommands,
    },
    {
      module: 'user', // accounts, tokens, schedules, audit (#5)
      commands: ['user', 'token', 'editor', 'audit'],
      load: async () => (await import('./user.ts')).registerUserCommands,
    },
    {
      module: 'backup', // backup and restore (operations)
      commands: ['backup', 'restore'],
      load: async () => (await import('./backup.ts')).registerBackupCommands,
    },
    {
      module: 'xzufi', // exchange with the national network
      commands: ['xzufi'],
      load: async () => (await import('./xzufi.ts')).registerXzufiCommands,
    },
    {
      module: 'pvog',
      commands: ['pvog'],
      load: async () => (await import('./pvog.ts')).registerPvogCommands,
    },
    {
      module: 'areas', // the official register of areas (after `areas` from the catalog commands)
      commands: ['areas'],
      load: async () => (await import('./areas.ts')).registerAreasCommands,
    },
    {
      module: 'data', // the catalog's data quality (issue #15)
      commands: ['data'],
      load: async () => (await import('./data.ts')).registerDataCommands,
    },
  ];

function createProgram(): Command {
  const program = new Command()
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
        const { startServer } = await import('../app/server.ts');
        await startServer(opts.port ? { port: Number(opts.port) } : {});
      } catch (error) {
        reportError(error);
      }
    });
  return program;
}

/**
 * The program with the groups `argv` needs: the group(s) of its command, or all of them when it names none we know
 * (no command, `help`, `--help`, a typo: commander then lists or suggests from every command).
 */
export async function programFor(argv: readonly string[] = process.argv): Promise<Command> {
  const program = createProgram();
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  const known = name !== undefined && (name === 'serve' || COMMAND_GROUPS.some((g) => g.commands.includes(name)));
  if (name === 'serve') return program;
  for (const group of COMMAND_GROUPS) if (!known || group.commands.includes(name)) (await group.load())(program);
  return program;
}

/** Parses and runs the command line. */
export async function run(argv: readonly string[] = process.argv): Promise<void> {
  await (await programFor(argv)).parseAsync(argv as string[]);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '')) {
  await run();
}
