// Resolve latency in-process. HTTP throughput is measured by bench/http.bench.ts: servers and load generator in
// processes of their own (the autocannon-in-this-event-loop figures this file used to print were not comparable).
import { type BenchResult, seededServices, timeIt } from './support.ts';

export async function run(): Promise<BenchResult[]> {
  const { db, services } = await seededServices();
  const { catalog } = services;
  const towns = (await catalog.listAreas()).filter((a) => a.ags.length === 8);
  const pairs: Array<[string, string]> = [];
  for (const town of towns) for (const s of await catalog.listAreaServices(town.ags)) pairs.push([town.ags, s.id]);

  const results: BenchResult[] = [];
  const one = await timeIt(20_000, (i) => {
    const [ags, id] = pairs[i % pairs.length]!;
    return catalog.getAreaService(ags, id);
  });
  results.push({
    name: `resolve one service (${pairs.length} town×service pairs, cached snapshot)`,
    unit: 'ms',
    ...one,
  });
  const list = await timeIt(500, (i) => catalog.listAreaServices(towns[i % towns.length]!.ags));
  results.push({
    name: `resolve a town's whole list (~${Math.round(pairs.length / towns.length)} services)`,
    unit: 'ms',
    ...list,
  });
  const cold = await timeIt(
    30,
    async () => {
      catalog.clearCaches();
      await catalog.listAreaServices(towns[0]!.ags);
    },
    3,
  );
  results.push({ name: 'resolve after cache invalidation (snapshot rebuilt from SQLite)', unit: 'ms', ...cold });

  await db.destroy();
  return results;
}
