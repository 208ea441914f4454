import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'amtsweg-cli-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), TZ: 'Europe/Berlin' };

function amtsweg(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/amtsweg.mjs', ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('amtsweg CLI', () => {
  it('imports a bundle and reports what it wrote', () => {
    const r = amtsweg('import', MINI_BUNDLE);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /services\s+4 new/);
  });

  it('resolves a service for an area, as text and as JSON', () => {
    const text = amtsweg('resolve', '17001002', 'bauantrag');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /Zuständig: Stadt\/Gemeinde – Neustadt/);
    assert.match(text.out, /Neustadt ist mittlere Stadt mit eigener Bauaufsicht/);
    const json = amtsweg('resolve', '17001001', 'bauantrag', '--json');
    assert.equal(json.code, 0, json.err);
    const parsed = JSON.parse(json.out) as { responsible: { level: string; authority: { id: string } } };
    assert.equal(parsed.responsible.level, 'kreis');
    assert.equal(parsed.responsible.authority.id, 'nord-bauamt');
  });

  it('fails clearly on an unknown service and on a bad bundle, writing nothing', () => {
    const unknown = amtsweg('resolve', '17001001', 'gibt-es-nicht');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /Unbekannte Leistung "gibt-es-nicht"/);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'areas:\n  - { ags: "1700100X", ars: "1", name: X, kind: nope, slug: x }\n');
    const r = amtsweg('import', bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.yaml: areas\[0\] \(ags "1700100X"\): ags: /);
    const areas = amtsweg('areas', '--json');
    assert.equal((JSON.parse(areas.out) as unknown[]).length, 6, 'nothing was added');
  });

  it('exports a bundle that the import takes back unchanged', () => {
    const out = join(dir, 'export.yaml');
    const e = amtsweg('export', '--out', out);
    assert.equal(e.code, 0, e.err);
    assert.match(readFileSync(out, 'utf8'), /format: amtsweg-bundle\/2/);
    const again = amtsweg('import', out, '--json');
    assert.equal(again.code, 0, again.err);
    const summary = JSON.parse(again.out) as { counts: Record<string, { created: number; updated: number }> };
    for (const [section, c] of Object.entries(summary.counts))
      assert.equal(c.created + c.updated, 0, `${section} unchanged`);
  });
});
