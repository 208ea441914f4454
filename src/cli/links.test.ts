// `amtsweg links check` when no server answers (no internet, DNS down): it says "could not check", exits 2, changes
// no link, and `links runs` shows the run as such. Every link of the fixture points at a closed local port.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MINI_KREIS } from '../features/checklist/testdata/load.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('amtsweg links check', () => {
  it('prints "could not check" and exits 2 when no server answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-links-cli-'));
    const bundle = join(dir, 'mini-kreis.yaml');
    writeFileSync(bundle, readFileSync(MINI_KREIS, 'utf8').replaceAll('{{BASE}}', 'http://127.0.0.1:1'));
    const env = {
      ...process.env,
      DATABASE_URL: join(dir, 'links.sqlite'),
      LINKCHECK_ALLOW_PRIVATE: '1',
      LINKCHECK_HOST_INTERVAL_MS: '0',
      LINKCHECK_TIMEOUT_MS: '2000',
    };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/amtsweg.mjs', ...args], { cwd: root, env, encoding: 'utf8' });
    assert.equal(run('migrate').status, 0);
    const imported = run('import', bundle);
    assert.equal(imported.status, 0, imported.stderr);

    const check = run('links', 'check');
    assert.equal(check.status, 2, check.stderr);
    assert.match(check.stdout, /could not check: none of the \d+ links' servers answered .*no link was changed/);
    assert.doesNotMatch(check.stdout, /0 broken/);
    const runs = run('links', 'runs');
    assert.equal(runs.status, 0, runs.stderr);
    assert.match(runs.stdout, /could not check/);
  });
});
