// Shared helpers for `npm run bench`: percentiles, a seeded database, and one result shape for every bench.

import { cpus } from 'node:os';
import { seedDatabase } from '../src/app/seed.ts';
import { createServices, type Services } from '../src/app/services.ts';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

export interface BenchResult {
  name: string;
  /** e.g. "ms" or "req/s" */
  unit: string;
  p50?: number;
  p99?: number;
  value?: number;
  /** The same measure of the baseline made in the same run, and measured / baseline. */
  baseline?: { name: string; value: number };
  ratio?: number;
  note?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `n` times after `warmup` runs; returns p50/p99 in milliseconds. */
export async function timeIt(
  n: number,
  fn: (i: number) => unknown,
  warmup = Math.min(200, n),
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export async function seededServices(): Promise<{ db: Db; services: Services }> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const services = createServices(db);
  await seedDatabase(services);
  return { db, services };
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, Node ${process.version}`;
}

export function printResults(title: string, results: BenchResult[]): void {
  console.log(`\n## ${title}`);
  for (const r of results) {
    const fmt = (v: number | undefined) => (v === undefined ? '' : v < 10 ? v.toFixed(3) : v.toFixed(0));
    const main =
      r.p50 !== undefined ? `p50 ${fmt(r.p50)} ${r.unit}  p99 ${fmt(r.p99)} ${r.unit}` : `${fmt(r.value)} ${r.unit}`;
    const base = r.baseline
      ? `  | baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}  ratio ${r.ratio === undefined ? '' : r.ratio < 0.1 ? r.ratio.toFixed(3) : r.ratio.toFixed(2)}`
      : '';
    console.log(`- ${r.name}: ${main}${base}${r.note ? `  (${r.note})` : ''}`);
  }
}
