// Issue 13, finding 5: a CLI import is a write like any other. A bundle that changes one phone number leaves exactly
// one audit entry and one revision, and reports "1 changed"; re-importing a tenant's own export reports nothing and
// leaves neither. Runs the real `amtsweg` binary on its own SQLite file and reads the database afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.ts';
import { MINI_BUNDLE } from '../features/responsibility/testdata/load.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'amtsweg-cli-noise-'));
const file = join(dir, 'cli.sqlite');
const env = { ...process.env, DATABASE_URL: file, TZ: 'Europe/Berlin' };

function amtsweg(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/amtsweg.mjs', ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Summary {
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
  changes: Array<{ type: string; id: string; result: string }>;
}

/** Imports a file with --json and returns the summary. */
function importJson(path: string): Summary {
  const r = amtsweg('import', path, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Summary;
}

/** Sections with created or updated records, e.g. { authorities: 1 }. */
function changed(summary: Summary): Record<string, number> {
  return Object.fromEntries(
    Object.entries(summary.counts)
      .map(([section, c]) => [section, (c.created ?? 0) + (c.updated ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

async function traces(): Promise<{
  audit: Array<{ action: string; via: string; summary: string | null }>;
  revisions: Array<{ entityType: string; entityId: string; action: string }>;
}> {
  const db = openDatabase(file);
  try {
    const audit = await db.kysely.selectFrom('auditLog').select(['action', 'via', 'summary']).orderBy('at').execute();
    const revisions = await db.kysely
      .selectFrom('revisions')
      .select(['entityType', 'entityId', 'action'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    return { audit, revisions };
  } finally {
    await db.kysely.destroy();
  }
}

describe('a CLI import leaves traces only for what it changes (issue 13, finding 5)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the mini bundle, then re-imports a tenant’s own export: 0 changed, no audit entry, no revision', async () => {
    assert.equal(amtsweg('import', MINI_BUNDLE).code, 0);
    const before = await traces();
    // The Kreis's export, read back as JSON; a town's, as the editor would read the CLI's text.
    const county = join(dir, 'export-17001.yaml');
    const town = join(dir, 'export-17001001.yaml');
    for (const [tenant, out] of [
      ['17001', county],
      ['17001001', town],
    ] as const) {
      const e = amtsweg('export', '--tenant', tenant, '--out', out);
      assert.equal(e.code, 0, e.err);
    }
    const summary = importJson(county);
    assert.deepEqual(changed(summary), {}, "re-importing the Kreis's own export changes nothing");
    assert.deepEqual(summary.changes, []);
    const r = amtsweg('import', town);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /[1-9]\d* (new|changed)/, r.out);
    assert.match(r.out, /nothing changed: no revision, no audit entry/);
    assert.deepEqual(await traces(), before);
  });

  it('one changed phone number: "1 changed", one audit entry by the CLI and one revision of that unit', async () => {
    const before = await traces();
    const exported = readFileSync(join(dir, 'export-17001.yaml'), 'utf8');
    assert.match(exported, /\+49 1 2\b/, 'the export carries the unit’s phone number');
    const edited = join(dir, 'edited-17001.yaml');
    writeFileSync(edited, exported.replace(/\+49 1 2\b/, '+49 1 9'));
    const summary = importJson(edited);
    assert.deepEqual(changed(summary), { authorities: 1 });
    assert.deepEqual(
      summary.changes.map((c) => `${c.type} ${c.id} ${c.result}`),
      ['authority nord-bauamt updated'],
    );
    const after = await traces();
    const newAudit = after.audit.slice(before.audit.length);
    assert.equal(newAudit.length, 1, JSON.stringify(newAudit));
    assert.equal(newAudit[0]?.via, 'cli');
    const newRevisions = after.revisions.slice(before.revisions.length);
    assert.deepEqual(
      newRevisions.map((r) => `${r.entityType} ${r.entityId}`),
      ['authority nord-bauamt'],
    );
    // The same file again is no change at all.
    const again = importJson(edited);
    assert.deepEqual(changed(again), {});
    assert.deepEqual(await traces(), after);
  });
});
