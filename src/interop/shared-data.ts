/**
 * Where the real public data sets live (../shared/data, next to the repository, overridable by
 * `AMTSWEG_SHARED_DATA`). They are never copied into the repository, so tests on them skip loudly when the folder is
 * absent, and fail instead under `REQUIRE_SHARED_DATA=1` (CI).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.AMTSWEG_SHARED_DATA;
  return override && override.trim() !== '' ? resolve(override) : resolve(REPO_ROOT, '..', 'shared', 'data');
}

export function sharedDataPath(...parts: string[]): string {
  return join(sharedDataDir(), ...parts);
}

/**
 * For tests: the paths of the files a suite needs, or `false` (to pass as `skip`) after a loud warning when one is
 * missing. Throws when `REQUIRE_SHARED_DATA=1`, so CI cannot pass by skipping.
 */
export function sharedDataOrSkip(...relativePaths: string[]): string[] | false {
  const paths = relativePaths.map((p) => sharedDataPath(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return paths;
  const message = `shared data missing: ${missing.join(', ')} (set AMTSWEG_SHARED_DATA to the folder holding de-areas/)`;
  if (process.env.REQUIRE_SHARED_DATA === '1') throw new Error(`${message}; REQUIRE_SHARED_DATA=1 forbids skipping`);
  console.warn(`\n⚠️  SKIPPING tests on real data: ${message}\n`);
  return false;
}
