// The generation check on SQLite (ADR 0265): read from the file at most every `generationCheckMs`, not before every
// answer. A write made in this process is seen by the next answer at once (it counts its own bumps); a write by
// another connection on the same file — `amtsweg import` in another process, here a raw connection that this
// process's counter cannot see — is seen after the window, and with 0 at the next answer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { type Db, openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';
import { createCatalogService } from './catalog.service.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the generation check on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-generation-check-'));
  const file = join(dir, 'catalog.sqlite');
  let db: Db;
  let other: SQLite.Database;

  before(async () => {
    db = openDatabase(file);
    await migrateToLatest(db);
    await importBundle(createCatalogService(db), MINI_BUNDLE);
    other = new SQLite(file);
    other.pragma('busy_timeout = 5000');
  });
  after(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Another process's write: the row changes and the generation moves, without this process knowing. */
  function foreignRename(name: string): void {
    other.transaction(() => {
      other.prepare("update services set name = ? where id = 'anmeldung'").run(name);
      other.prepare("update cache_generations set generation = generation + 1 where scope = 'catalog'").run();
    })();
  }

  it('sees a write of another connection after the window, not before', async () => {
    // Long enough for a snapshot build on a busy machine between the read and the asserts within the window.
    const catalog = createCatalogService(db, { generationCheckMs: 1500 });
    const known = await catalog.cacheGeneration();
    assert.equal((await catalog.getAreaService('17001001', 'anmeldung')).name, 'Wohnsitz anmelden');
    foreignRename('Wohnsitz anmelden (Import)');
    assert.equal(await catalog.cacheGeneration(), known, 'within the window the known generation answers');
    assert.equal((await catalog.getAreaService('17001001', 'anmeldung')).name, 'Wohnsitz anmelden');
    await sleep(1600);
    assert.equal(await catalog.cacheGeneration(), known + 1, 'after the window the file is read');
    assert.equal((await catalog.getAreaService('17001001', 'anmeldung')).name, 'Wohnsitz anmelden (Import)');
  });

  it("sees this process's own write at once, however long the window", async () => {
    const reader = createCatalogService(db, { generationCheckMs: 60_000 });
    const writer = createCatalogService(db, { generationCheckMs: 60_000 });
    const known = await reader.cacheGeneration();
    await reader.getAreaService('17001001', 'anmeldung');
    const bundle = join(dir, 'rename.yaml');
    writeFileSync(
      bundle,
      'services:\n  - { id: anmeldung, tenant: "17001", name: Wohnung anmelden, task: melde, lebenslagen: [umzug], responsibility: { default: gemeinde, legalBasis: "§ 17 BMG", reason: "Meldebehörde ist die Gemeinde." } }\n',
    );
    assert.equal((await importBundle(writer, bundle)).counts.services.updated, 1);
    assert.ok((await reader.cacheGeneration()) > known);
    assert.equal((await reader.getAreaService('17001001', 'anmeldung')).name, 'Wohnung anmelden');
  });

  it('with a window of 0 reads before every answer', async () => {
    const catalog = createCatalogService(db, { generationCheckMs: 0 });
    const known = await catalog.cacheGeneration();
    foreignRename('Wohnung anmelden (sofort)');
    assert.equal(await catalog.cacheGeneration(), known + 1);
    assert.equal((await catalog.getAreaService('17001001', 'anmeldung')).name, 'Wohnung anmelden (sofort)');
  });
});
