import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pvogData = (name: string) => fileURLToPath(new URL(`../interop/pvog/testdata/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'amtsweg-xzufi-cli-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), TZ: 'Europe/Berlin' };

function amtsweg(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/amtsweg.mjs', ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The message without its header (fresh id and time on every export). */
const body = (xml: string) => xml.replace(/<xzufi:nachrichtenkopf>[\s\S]*?<\/xzufi:nachrichtenkopf>/, '');

describe('amtsweg xzufi and pvog', () => {
  before(() => {
    const r = amtsweg('import', MINI_BUNDLE);
    assert.equal(r.code, 0, r.err);
  });

  it('exports, and a dry-run import previews per record and writes nothing', () => {
    const file = join(dir, 'kreis.xml');
    const e = amtsweg('xzufi', 'export', '-t', '17001', '-o', file);
    assert.equal(e.code, 0, e.err);
    assert.match(e.err, /wrote .*kreis\.xml \(3 Leistungen, /);
    const original = readFileSync(file, 'utf8');
    const edited = join(dir, 'edited.xml');
    writeFileSync(edited, original.replaceAll('>Führungszeugnis<', '>Führungszeugnis (neu)<'));

    const dry = amtsweg('xzufi', 'import', edited, '--dry-run'); // the one county is the default tenant
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /for tenant 17001/);
    assert.match(dry.out, /changed\s+leistung\s+zeugnis/);
    assert.match(dry.out, /dry run: nothing was written/);
    const after = join(dir, 'after.xml');
    assert.equal(amtsweg('xzufi', 'export', '-t', '17001', '-o', after).code, 0);
    assert.equal(body(readFileSync(after, 'utf8')), body(original), 'nothing was written');

    const json = amtsweg('xzufi', 'import', edited, '--tenant', '17001', '--json');
    assert.equal(json.code, 0, json.err);
    const result = JSON.parse(json.out) as { write: { changes: { id: string; result: string }[] } };
    assert.deepEqual(
      result.write.changes.map((c) => [c.id, c.result]),
      [['zeugnis', 'updated']],
    );
  });

  it('refuses malformed XML with exit 1, naming line and column, and writes nothing', () => {
    const bad = join(dir, 'bad.xml');
    writeFileSync(
      bad,
      '<?xml version="1.0"?>\n<xzufi:transfer xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0" xzufiVersion="2.2.0">\n  <xzufi:schreibe><xzufi:leistung><xzufi:id>x</xzufi:id>\n</xzufi:transfer>\n',
    );
    const r = amtsweg('xzufi', 'import', bad, '--tenant', '17001');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /nothing was imported/);
    assert.match(r.err, /line 4, column \d+/);
  });

  it('imports a PVOG CSV for the Bund; the second import changes nothing', () => {
    const first = amtsweg('pvog', 'import', pvogData('pvog-sample.csv'));
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /created the Bund area \(00\)/);
    assert.match(first.out, /services\s+3 new/);
    const second = amtsweg('pvog', 'import', pvogData('pvog-sample.csv'), '--json');
    assert.equal(second.code, 0, second.err);
    const result = JSON.parse(second.out) as {
      write: { changes: unknown[]; counts: { services: { unchanged: number } } };
    };
    assert.deepEqual(result.write.changes, []);
    assert.equal(result.write.counts.services.unchanged, 3);
    const areas = JSON.parse(amtsweg('areas', '--json').out) as { ags: string }[];
    assert.ok(areas.some((a) => a.ags === '00'));
  });
});
