import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMAND_GROUPS, programFor } from './main.ts';

const names = (program: Command) => program.commands.map((c) => c.name());

describe('amtsweg: one command group per process', () => {
  it('names, for every group, exactly the top-level commands it registers', async () => {
    const program = new Command();
    for (const group of COMMAND_GROUPS) {
      const before = new Set(names(program));
      (await group.load())(program);
      const added = names(program).filter((n) => !before.has(n));
      // `areas` is added by the catalog group and extended by the register's group.
      const extended = group.commands.filter((n) => before.has(n));
      assert.deepEqual([...added, ...extended].sort(), [...group.commands].sort(), group.module);
    }
  });

  it('loads only the groups of the command named, and every group for help or an unknown command', async () => {
    assert.deepEqual(names(await programFor(['node', 'amtsweg', 'xzufi', 'import', 'f.xml', '--dry-run'])), [
      'serve',
      'xzufi',
    ]);
    assert.deepEqual(names(await programFor(['node', 'amtsweg', 'serve'])), ['serve']);
    const areas = await programFor(['node', 'amtsweg', 'areas', 'import', 'x']);
    assert.deepEqual(names(areas), ['serve', 'migrate', 'seed', 'import', 'export', 'areas', 'resolve']);
    assert.ok(areas.commands.find((c) => c.name() === 'areas')?.commands.some((c) => c.name() === 'succeed'));
    const all = new Set(['serve', ...COMMAND_GROUPS.flatMap((g) => g.commands)]);
    for (const argv of [['--help'], [], ['xzufy']])
      assert.deepEqual(new Set(names(await programFor(['node', 'amtsweg', ...argv]))), all, argv.join(' '));
  });
});
