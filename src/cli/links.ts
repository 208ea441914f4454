// `amtsweg links …`: the link checker from the command line.

import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { CheckerOptions } from '../features/links/links.checker.ts';
import { LINK_STATE_LABELS, LINK_STATES, type LinkState, OUTCOME_LABELS } from '../features/links/links.ts';
import { printJson, reportError, withServices } from './context.ts';

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
};

export function registerLinksCommands(program: Command): void {
  const links = program
    .command('links')
    .description('check the external links of the catalog (online services, forms, authority websites, deep links)');

  links
    .command('check')
    .description(
      'check every link once (politely: bounded concurrency, per-host limits, timeouts); records status, redirects, last success',
    )
    .option('-a, --area <ags...>', "only the links shown in these areas' views")
    .option('--broken', 'only re-check links that are broken or failing')
    .option('-c, --concurrency <n>', 'requests at once (default $LINKCHECK_CONCURRENCY or 8)', int('concurrency'))
    .option('--per-host <n>', 'requests at once per host (default 2)', int('per-host'))
    .option('--timeout <ms>', 'timeout per request in ms (default 10000)', int('timeout'))
    .option('--allow-private', 'also check loopback/private addresses (off by default)')
    .option('--json', 'print the summary as JSON')
    .action(
      (opts: {
        area?: string[];
        broken?: boolean;
        concurrency?: number;
        perHost?: number;
        timeout?: number;
        allowPrivate?: boolean;
        json?: boolean;
      }) =>
        withServices(async (services) => {
          const checker: Partial<CheckerOptions> = {
            ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
            ...(opts.perHost ? { perHostConcurrency: opts.perHost } : {}),
            ...(opts.timeout ? { timeoutMs: opts.timeout } : {}),
            ...(opts.allowPrivate ? { allowPrivateHosts: true } : {}),
          };
          const tty = process.stderr.isTTY && !opts.json;
          const bar = new SingleBar(
            {
              format: 'checking links [{bar}] {value}/{total}  working {working}  broken {broken}',
              stream: process.stderr,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          let working = 0;
          let broken = 0;
          const controller = new AbortController();
          const stop = () => controller.abort();
          process.once('SIGINT', stop);
          try {
            const result = await services.links.check({
              trigger: 'cli',
              ...(opts.area ? { areas: opts.area } : {}),
              ...(opts.broken ? { onlyStates: ['broken', 'failing'] as LinkState[] } : {}),
              checker,
              signal: controller.signal,
              onStart: (total) => {
                if (tty) bar.start(total, 0, { working: 0, broken: 0 });
                else if (!opts.json) console.error(`checking ${total} links …`);
              },
              onResult: (status, event) => {
                if (status.state === 'ok' || status.state === 'moved') working++;
                if (status.state === 'broken') broken++;
                if (tty) bar.increment({ working, broken });
                if (event === 'broke' && !tty && !opts.json) console.error(`broke: ${status.url}`);
              },
            });
            if (tty) bar.stop();
            if (opts.json) return printJson(result);
            const s = result.summary;
            if (s.verdict === 'could_not_check') {
              // Nothing answered: saying "0 broken" would be a lie; the states were left as they were.
              console.log(
                `could not check: none of the ${result.total} links' servers answered (no internet or DNS?); no link was changed`,
              );
              process.exitCode = 2;
              return;
            }
            console.log(
              `checked ${s.checked} of ${result.total} links: ${s.working} working, ${s.failing} failing, ${s.broken} broken, ${s.skipped} skipped`,
            );
            if (s.newlyBroken.length) {
              console.log(`\nbroke since the last run (${s.newlyBroken.length}):`);
              for (const url of s.newlyBroken) console.log(`  ${url}`);
            }
            if (s.recovered.length) console.log(`\nworking again: ${s.recovered.length}`);
            if (controller.signal.aborted) console.log('\n(stopped early by Ctrl-C; what was checked is saved)');
          } finally {
            if (tty) bar.stop();
            process.off('SIGINT', stop);
          }
        }).catch(reportError),
    );

  links
    .command('list')
    .description('list links by state, with where they appear (default: broken and failing)')
    .option('-s, --state <state...>', `states: ${LINK_STATES.join(', ')}`)
    .option('-a, --area <ags>', "only links shown in this area's view")
    .option('--json', 'print as JSON')
    .action((opts: { state?: string[]; area?: string; json?: boolean }) =>
      withServices(
        async (services) => {
          const wanted = (opts.state ?? ['broken', 'failing']) as LinkState[];
          for (const s of wanted)
            if (!(LINK_STATES as readonly string[]).includes(s))
              throw new Error(`unknown state "${s}" (${LINK_STATES.join(', ')})`);
          const sources = await services.links.sources(opts.area ? [opts.area] : undefined);
          const statuses = await services.links.statuses(sources.map((s) => s.url));
          const rows = [...new Set(sources.map((s) => s.url))]
            .map((url) => ({ status: statuses.get(url), sources: sources.filter((s) => s.url === url) }))
            .filter((r) => r.status && wanted.includes(r.status.state));
          if (opts.json) return printJson(rows);
          if (rows.length === 0) return console.log(`no links in state ${wanted.join(' or ')}`);
          for (const r of rows) {
            const st = r.status!;
            const why = st.lastOutcome
              ? `${OUTCOME_LABELS[st.lastOutcome]}${st.lastHttpStatus ? ` (HTTP ${st.lastHttpStatus})` : ''}`
              : '';
            console.log(
              `${LINK_STATE_LABELS[st.state].padEnd(12)} ${st.url}  ${why}; last success ${st.lastSuccessAt?.slice(0, 10) ?? 'never'}`,
            );
            for (const s of r.sources.slice(0, 5))
              console.log(`             ${s.areaAgs} ${s.serviceId ?? ''} ${s.kind}: ${s.label}`);
            if (r.sources.length > 5) console.log(`             … ${r.sources.length - 5} more`);
          }
        },
        { access: 'read' },
      ).catch(reportError),
    );

  links
    .command('runs')
    .description('the last runs of the checker')
    .option('-n, --limit <n>', 'how many', int('limit'), 10)
    .action((opts: { limit: number }) =>
      withServices(
        async (services) => {
          for (const r of await services.links.recentRuns(opts.limit)) {
            const s = r.summary;
            console.log(
              `${r.startedAt}  ${r.trigger.padEnd(8)} ${r.finishedAt ? (s.verdict === 'could_not_check' ? 'could not check' : 'done   ') : 'running'} ${s.checked}/${r.total} checked, ${s.broken} broken, ${s.newlyBroken.length} newly broken${r.error ? `  (${r.error})` : ''}`,
            );
          }
        },
        { access: 'read' },
      ).catch(reportError),
    );
}
