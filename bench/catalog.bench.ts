// Resolve latency in-process and API throughput against a bare node:http server sending the same bytes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { buildApp } from '../src/app/app.ts';
import { type BenchResult, seededServices, timeIt } from './support.ts';

async function cannon(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

export async function run(options: { seconds?: number } = {}): Promise<BenchResult[]> {
  const seconds = options.seconds ?? 5;
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

  // Throughput: the real API route vs a bare server that answers the identical bytes without any work.
  const app = await buildApp({ db, services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const path = `/api/v1/areas/${towns[0]!.ags}/services/${pairs[0]![1]}`;
  const sample = await app.inject(path);
  const bytes = sample.rawPayload;
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as AddressInfo).port;
  const bareRps = await cannon(`http://127.0.0.1:${barePort}${path}`, seconds);
  const apiRps = await cannon(`http://127.0.0.1:${port}${path}`, seconds);
  results.push({
    name: `GET ${path} (${bytes.length} bytes)`,
    unit: 'req/s',
    value: apiRps,
    baseline: { name: 'bare node:http, same bytes', value: bareRps },
    ratio: apiRps / bareRps,
  });
  const listPath = `/api/v1/areas/${towns[0]!.ags}/services`;
  const listBytes = (await app.inject(listPath)).rawPayload;
  const bareList = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': listBytes.length });
    res.end(listBytes);
  });
  await new Promise<void>((r) => bareList.listen(0, '127.0.0.1', r));
  const bareListRps = await cannon(`http://127.0.0.1:${(bareList.address() as AddressInfo).port}${listPath}`, seconds);
  const apiListRps = await cannon(`http://127.0.0.1:${port}${listPath}`, seconds);
  results.push({
    name: `GET ${listPath} (${Math.round(listBytes.length / 1024)} KiB)`,
    unit: 'req/s',
    value: apiListRps,
    baseline: { name: 'bare node:http, same bytes', value: bareListRps },
    ratio: apiListRps / bareListRps,
  });
  await new Promise((r) => bare.close(r));
  await new Promise((r) => bareList.close(r));
  await app.close();
  await db.destroy();
  return results;
}
