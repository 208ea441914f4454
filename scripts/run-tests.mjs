#!/usr/bin/env node
// Finds the test files and hands them to node:test explicitly: Node 20 does not discover `.ts` tests by itself.
// Usage: node scripts/run-tests.mjs [unit|db|http|e2e|all] (default: all)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const kind = process.argv[2] ?? 'all';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(relative(root, path));
  }
  return out;
}

const all = [...walk(join(root, 'src')), ...walk(join(root, 'e2e'))].sort();
const isE2e = (f) => f.startsWith('e2e/') && f.endsWith('.spec.ts');
const isDb = (f) => f.endsWith('.db.test.ts');
const isHttp = (f) => f.endsWith('.http.test.ts');
const isUnit = (f) => f.endsWith('.test.ts') && !isDb(f) && !isHttp(f);
const pick = { unit: isUnit, db: isDb, http: isHttp, e2e: isE2e, all: (f) => f.endsWith('.test.ts') || isE2e(f) }[kind];
if (!pick) {
  console.error(`unknown test kind "${kind}" (unit | db | http | e2e | all)`);
  process.exit(2);
}
const files = all.filter(pick);
if (files.length === 0) {
  console.error(`no ${kind} test files found`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  // A test that hangs (a browser waiting for something that never comes) fails after 10 minutes instead of
  // holding CI until its own limit.
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=600000', ...files],
  {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, TZ: 'Europe/Berlin', NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
);
process.exit(result.status ?? 1);
