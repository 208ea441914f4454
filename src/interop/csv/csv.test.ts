import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes separators, quotes and line breaks', () => {
    assert.equal(csvField('a;b'), '"a;b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(true), 'ja');
    assert.equal(csvField(3), '3');
  });

  it('defuses formulas at the start of a text field', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('+49 2921 30-0'), "'+49 2921 30-0");
    assert.equal(csvField(-3), '-3', 'numbers stay numbers');
  });

  it('writes BOM, semicolons and CRLF', () => {
    assert.equal(
      toCsv([
        ['a', 'b'],
        ['c', null],
      ]),
      '\uFEFFa;b\r\nc;\r\n',
    );
  });
});
