import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'amtsweg-user-cli-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), TZ: 'Europe/Berlin', AMTSWEG_PASSWORD: '' };

function amtsweg(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/amtsweg.mjs', ...args], { cwd: root, env, encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('amtsweg user / token CLI', () => {
  it('creates the first admin with a generated password, a town editor from stdin, and a token shown once', () => {
    assert.equal(amtsweg(['import', MINI_BUNDLE]).code, 0);
    const admin = amtsweg(['user', 'add', '--email', 'admin@kreis.example', '--role', 'admin']);
    assert.equal(admin.code, 0, admin.err);
    assert.match(admin.out, /initial password \(shown once.*\): \S{20,}/);
    const town = amtsweg(
      [
        'user',
        'add',
        '--email',
        'red@altdorf.example',
        '--role',
        'town_editor',
        '--tenant',
        '17001001',
        '--password-stdin',
      ],
      'korrekt-pferd-batterie\n',
    );
    assert.equal(town.code, 0, town.err);
    assert.doesNotMatch(town.out, /password/);
    const wrong = amtsweg(['user', 'add', '--email', 'x@y.example', '--role', 'town_editor', '--tenant', '17001']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /town AGS/);
    const token = amtsweg(['token', 'create', '--email', 'red@altdorf.example', '--name', 'Import']);
    assert.equal(token.code, 0, token.err);
    assert.match(token.out.trim(), /^amt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const list = amtsweg(['user', 'list']);
    assert.match(list.out, /red@altdorf\.example\s+active\s+town_editor@17001001/);
    const audit = amtsweg(['audit', '--action', 'user.create']);
    assert.equal(audit.out.trim().split('\r\n').length, 3);
  });
});
