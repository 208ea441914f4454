// The walls between layers are Biome rules (biome.json, decision 0052). This test proves that they fail the lint when
// broken: it lays out a tiny project with the real biome.json and one file per forbidden import, runs Biome on it and
// expects exactly those imports to be reported — and the allowed ones not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

const files: Record<string, string> = {
  'src/app/services.ts': 'export const services = 1;\n',
  'src/db/database.ts': 'export interface Db {\n  name: string;\n}\nexport const openDatabase = () => 1;\n',
  'src/features/alpha/alpha.repository.ts': 'export const readAlpha = () => 1;\n',
  'src/features/alpha/components/alpha-card.tsx': 'export const AlphaCard = () => 1;\n',
  'src/features/alpha/alpha.service.ts':
    "import type { Db } from '../../db/database.ts';\nimport { readAlpha } from './alpha.repository.ts';\n\nexport const alpha = (db: Db) => readAlpha() + db.name.length;\n",
  // A feature's service may use its own repository, but not another feature's, nor the composition root.
  'src/features/beta/beta.service.ts':
    "import { services } from '../../app/services.ts';\nimport { readAlpha } from '../alpha/alpha.repository.ts';\n\nexport const beta = () => readAlpha() + services;\n",
  'src/features/beta/beta.repository.ts': 'export const readBeta = () => 2;\n',
  // An api file may import its service and db types only.
  'src/features/beta/beta.api.ts':
    "import type { Db } from '../../db/database.ts';\nimport { openDatabase } from '../../db/database.ts';\nimport { readBeta } from './beta.repository.ts';\nimport { beta } from './beta.service.ts';\n\nexport const api = (db: Db) => beta() + readBeta() + openDatabase() + db.name.length;\n",
  'src/features/beta/beta.pages.tsx':
    "import { AlphaCard } from '../alpha/components/alpha-card.tsx';\n\nexport const page = () => AlphaCard();\n",
  'src/cli/alpha.ts':
    "import { readAlpha } from '../features/alpha/alpha.repository.ts';\n\nexport const cli = readAlpha;\n",
  // A cycle.
  'src/features/gamma/gamma-a.ts': "import { b } from './gamma-b.ts';\n\nexport const a = () => b();\n",
  'src/features/gamma/gamma-b.ts': "import { a } from './gamma-a.ts';\n\nexport const b = () => a();\n",
  // Tests may reach everywhere (they build the whole app).
  'src/features/beta/beta.http.test.ts':
    "import { services } from '../../app/services.ts';\nimport { readBeta } from './beta.repository.ts';\n\nexport const t = services + readBeta();\n",
};

describe('layer rules in biome.json', () => {
  let dir: string;
  let output = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'amtsweg-layers-'));
    writeFileSync(join(dir, 'biome.json'), readFileSync(join(root, 'biome.json')));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const biome = join(root, 'node_modules', '.bin', 'biome');
    const run = spawnSync(biome, ['lint', '--max-diagnostics=200', '--colors=off', 'src'], {
      cwd: dir,
      encoding: 'utf8',
    });
    output = `${run.stdout}\n${run.stderr}`;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const reported = (file: string, line: number, rule: string) =>
    new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+ lint/${rule}`).test(output);

  it('forbid a feature to import src/app/ or another feature’s repository', () => {
    assert.ok(reported('src/features/beta/beta.service.ts', 1, 'style/noRestrictedImports'), output);
    assert.ok(reported('src/features/beta/beta.service.ts', 2, 'style/noRestrictedImports'), output);
    assert.ok(!reported('src/features/alpha/alpha.service.ts', 2, 'style/noRestrictedImports'), output);
  });

  it('let api files import db types but no db values and no repository', () => {
    assert.ok(!reported('src/features/beta/beta.api.ts', 1, 'style/noRestrictedImports'), output);
    assert.ok(reported('src/features/beta/beta.api.ts', 2, 'style/noRestrictedImports'), output);
    assert.ok(reported('src/features/beta/beta.api.ts', 3, 'style/noRestrictedImports'), output);
    assert.ok(!reported('src/features/beta/beta.api.ts', 4, 'style/noRestrictedImports'), output);
  });

  it('forbid pages to import another feature’s components, and the CLI any repository', () => {
    assert.ok(reported('src/features/beta/beta.pages.tsx', 1, 'style/noRestrictedImports'), output);
    assert.ok(reported('src/cli/alpha.ts', 1, 'style/noRestrictedImports'), output);
  });

  it('report import cycles', () => {
    assert.ok(reported('src/features/gamma/gamma-a.ts', 1, 'suspicious/noImportCycles'), output);
  });

  it('leave tests free to build the whole app', () => {
    assert.ok(!reported('src/features/beta/beta.http.test.ts', 1, 'style/noRestrictedImports'), output);
    assert.ok(!reported('src/features/beta/beta.http.test.ts', 2, 'style/noRestrictedImports'), output);
  });
});
