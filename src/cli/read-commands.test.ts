import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('read commands', () => {
  it('never create a database: they fail naming what to do, and leave no file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-read-'));
    const databaseUrl = join(dir, 'nothing-here.sqlite');
    for (const args of [
      ['links', 'runs'],
      ['checklist', 'compare'],
      ['search-synonyms', 'list'],
      ['data', 'report'],
      ['data', 'report', '--json'],
    ]) {
      const r = spawnSync(process.execPath, ['bin/amtsweg.mjs', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        encoding: 'utf8',
      });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /no database at .*nothing-here\.sqlite: this command only reads; create one with "amtsweg migrate"/,
      );
      assert.equal(existsSync(databaseUrl), false, `${args.join(' ')} created ${databaseUrl}`);
    }
  });
});
