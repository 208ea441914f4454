// `amtsweg search …`: search an area's services from the terminal, and edit the synonym list.
import type { Command } from 'commander';
import { printJson, reportError, withServices } from './context.ts';

export function registerSearchCommands(program: Command): void {
  const search = program
    .command('search')
    .description('search the services of an area as citizens would (typos, no umlauts, everyday words)')
    .argument('[ags]', 'AGS of the town or county')
    .argument('[query...]', 'what a citizen would type')
    .option('-n, --limit <n>', 'number of results', '10')
    .option('--json', 'print the full results as JSON')
    .action(async (ags: string | undefined, words: string[], opts: { limit: string; json?: boolean }) => {
      if (!ags) return void search.help();
      try {
        await withServices(
          async (services) => {
            const result = await services.search.search(ags, words.join(' '), { limit: Number(opts.limit) || 10 });
            if (opts.json) return printJson(result);
            if (result.didYouMean) console.log(`Meinten Sie: ${result.didYouMean}?`);
            if (result.items.length === 0) console.log('keine Treffer');
            for (const s of result.items)
              console.log(`${s.score.toFixed(1).padStart(8)}  ${s.id.padEnd(45)} ${s.name}  [${s.responsible.level}]`);
          },
          { access: 'read' },
        );
      } catch (error) {
        reportError(error);
      }
    });

  const synonyms = program
    .command('search-synonyms')
    .description('the everyday words search understands (Perso → Personalausweis)');
  synonyms
    .command('list')
    .action(() =>
      withServices(async (s) => printJson(await s.search.listSynonyms()), { access: 'read' }).catch(reportError),
    );
  synonyms
    .command('add')
    .argument('<term>', 'what citizens type')
    .argument('<expansions...>', 'catalog words it stands for')
    .action((term: string, expansions: string[]) =>
      withServices(async (s) => printJson(await s.search.addSynonym({ term, expansions }))).catch(reportError),
    );
  synonyms
    .command('remove')
    .argument('<term>')
    .action((term: string) => withServices(async (s) => s.search.removeSynonym(term)).catch(reportError));
  synonyms
    .command('seed')
    .description('load data/search/synonyms.yaml into an empty synonym table')
    .action(() =>
      withServices(async (s) => console.log(`${await s.search.seedSynonyms()} entries added`)).catch(reportError),
    );
}
