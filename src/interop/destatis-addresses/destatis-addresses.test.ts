import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../shared/errors.ts';
import { readAdministrationAddresses, readDelimited, unwrapDoubleQuoting } from './index.ts';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

async function rows(source: Parameters<typeof readDelimited>[0], text = true) {
  const out: Array<[number, string[]]> = [];
  for await (const row of readDelimited(source, { separator: ';', text })) out.push([row.line, row.fields]);
  return out;
}

describe('delimited reader', () => {
  it('handles quotes, doubled quotes, separators and line breaks inside quotes, CRLF and a BOM', async () => {
    assert.deepEqual(await rows('\uFEFFa;"b;c";"say ""hi"""\r\n"two\r\nlines";;x\r\n\r\nlast'), [
      [1, ['a', 'b;c', 'say "hi"']],
      [2, ['two\r\nlines', '', 'x']],
      [5, ['last']],
    ]);
  });

  it('reads the same rows when chunks split a CRLF or a doubled quote', async () => {
    const chunks = ['a;"x"', '"y"\r', '\nb;c\r', '\n'];
    assert.deepEqual(await rows(Readable.from(chunks)), [
      [1, ['a', 'x"y']],
      [2, ['b', 'c']],
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote', async () => {
    await assert.rejects(rows('a;"open\n'), /line 1: a quote is not closed/);
    await assert.rejects(rows('a;"x"y\n'), /line 1: "y" after a closing quote/);
  });
});

describe('Destatis administration addresses', () => {
  it('reads typed records with padded keys and undoes the double quoting of some names', async () => {
    const list = await readAdministrationAddresses(join(testdata, 'anschriften-sample.csv'));
    assert.equal(list.length, 5);
    const [land, kreis, geseke, samtgemeinde, stadtstaat] = list;
    assert.deepEqual(land && [land.satzart, land.key, land.ars, land.textkennzeichen, land.street], [
      '10',
      '05',
      '050000000000',
      null,
      'Musterallee 1',
    ]);
    assert.deepEqual(kreis && [kreis.key, kreis.ars, kreis.administration], ['05974', '059740000000', 'Kreis Soest']);
    assert.deepEqual(
      geseke && [geseke.key, geseke.ars, geseke.postcode, geseke.areaKm2, geseke.population, geseke.line],
      ['05974020', '059740020020', '59590', 65.23, 21000, 4],
    );
    assert.equal(samtgemeinde?.name, 'Samtgemeinde "Am Musterbach"');
    assert.equal(samtgemeinde?.key, '032519901');
    assert.equal(samtgemeinde?.street, 'Haupt;straße 1');
    assert.equal(stadtstaat?.street, null, 'an empty street is null');
    assert.equal(stadtstaat?.kindLabel, 'Kreisfreie Stadt');
  });

  it('names every bad row and field, and returns nothing', async () => {
    const error = await readAdministrationAddresses(join(testdata, 'anschriften-malformed.csv')).then(
      () => assert.fail('must be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(
      error.issues.map((i) => `${i.record} ${i.field}`),
      ['line 2 ags', 'line 2 plz', 'line 2 flaeche_km2', 'line 3 satzart'],
    );
    assert.match(error.issues[3]?.message ?? '', /allowed: 10, 20, 30, 40, 50, 60/);
  });

  it('names missing columns', async () => {
    await assert.rejects(
      readAdministrationAddresses('land_code;ars\n05;05\n', { text: true }),
      (e: unknown) => e instanceof ValidationError && /missing satzart/.test(e.issues[0]?.message ?? ''),
    );
  });

  it('undoes double quoting only where it is whole', () => {
    assert.equal(unwrapDoubleQuoting('"Amt ""X"""'), 'Amt "X"');
    assert.equal(unwrapDoubleQuoting('Plain'), 'Plain');
    assert.equal(unwrapDoubleQuoting('"a" und "b"'), '"a" und "b"');
  });
});
