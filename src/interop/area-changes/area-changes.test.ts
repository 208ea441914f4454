import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../shared/errors.ts';
import { readAreaChanges } from './area-changes.ts';

const read = (text: string) => readAreaChanges(text, { text: true });

describe('changes file of area successions', () => {
  it('reads one succession per line (CRLF, BOM, blank lines and column order do not matter)', async () => {
    const rows = await read(
      '\uFEFFfrom;old;new\r\n2026-01-01;05974004;05974016\r\n\r\n2027-01-01; 073375001 ;071375008\r\n',
    );
    assert.deepEqual(rows, [
      { line: 2, oldKey: '05974004', newKey: '05974016', from: '2026-01-01' },
      { line: 4, oldKey: '073375001', newKey: '071375008', from: '2027-01-01' },
    ]);
  });

  it('names every bad line and field, and what is allowed', async () => {
    await assert.rejects(read('old;new;from\n5974004;05974016;1.1.2026\n05974008;Soest;2026-01-01\n'), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(
        e.issues.map((i) => [i.record, i.field]),
        [
          ['line 2', 'from'],
          ['line 3', 'new'],
        ],
      );
      assert.match(e.issues[0]?.message ?? '', /expected YYYY-MM-DD/);
      assert.match(e.issues[1]?.message ?? '', /expected 2 to 12 digits/);
      return true;
    });
  });

  it('refuses a file without the header, or an empty one', async () => {
    await assert.rejects(read('05974004;05974016;2026-01-01\n'), /columns missing/);
    await assert.rejects(read(''), /empty/);
  });
});
