import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../shared/errors.ts';
import { buildAreaTree, loadGv100ad, parseGv100adLine, readGv100ad } from './index.ts';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const sample = join(testdata, 'gv100ad-sample.txt');
const malformed = join(testdata, 'gv100ad-malformed.txt');

describe('GV100AD records', () => {
  it('reads every Satzart with keys, kinds and numbers', async () => {
    const register = await loadGv100ad(sample);
    assert.equal(register.gebietsstand, '2025-11-30');
    assert.deepEqual(
      [
        register.laender.length,
        register.regierungsbezirke.length,
        register.regionen.length,
        register.kreise.length,
        register.gemeindeverbaende.length,
        register.gemeinden.length,
      ],
      [3, 3, 1, 3, 5, 7],
    );
    const soest = register.kreise.find((k) => k.ags === '05974');
    assert.deepEqual(soest && { ars: soest.ars, kind: soest.kind, code: soest.textkennzeichen, seat: soest.seat }, {
      ars: '059740000000',
      kind: 'kreis',
      code: '43',
      seat: 'Soest',
    });
    const geseke = register.gemeinden.find((g) => g.ags === '05974020');
    assert.ok(geseke);
    assert.equal(geseke.ars, '059740020020');
    assert.equal(geseke.verbandKey, '059740020');
    assert.equal(geseke.kreisAgs, '05974');
    assert.equal(geseke.kind, 'stadt');
    assert.equal(geseke.areaKm2, 65.23);
    assert.equal(geseke.population, 21000);
    assert.equal(geseke.populationMale, 10400);
    assert.equal(geseke.postcode, '59590');
    assert.equal(geseke.postcodeUnique, true);
    const lippetal = register.gemeinden.find((g) => g.ags === '05974036');
    assert.equal(lippetal?.postcodeUnique, false, '"*****" marks several postcodes');

    const weissenthurm = register.gemeindeverbaende.find((v) => v.verbandKey === '071377001');
    assert.deepEqual(
      weissenthurm && [weissenthurm.kind, weissenthurm.verbandsfrei, weissenthurm.ars, weissenthurm.kreisAgs],
      ['verbandsgemeinde', false, '071377001000', '07137'],
    );
    assert.equal(register.regionen[0]?.regionKey, '0811');
    const moor = register.gemeinden.find((g) => g.ags === '08115903');
    assert.equal(moor?.postcode, null, 'an unpopulated area has no postcode');
    assert.equal(moor?.kind, 'gemeindefreies_gebiet_unbewohnt');
  });

  it('reads from a stream and counts characters, not bytes', async () => {
    const line = `${'6020251130'}05974020${'0020'}${'Müßeß'.padEnd(50)}${''.padEnd(50)}63    ${'1'.padStart(11, '0')}${'2'.padStart(11, '0')}${'1'.padStart(11, '0')}    59590`;
    const records = [];
    for await (const r of readGv100ad(Readable.from([`${line}\n`]))) records.push(r);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.registerName, 'Müßeß');
  });

  it('reports every problem of a file with line and field, and yields nothing usable', async () => {
    const error = await loadGv100ad(malformed).then(
      () => assert.fail('a malformed file must be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError);
    const found = error.issues.map((i) => `${i.record} ${i.field}`);
    assert.deepEqual(found, [
      'line 2 textkennzeichen',
      'line 3 gemeinde',
      'line 4 satzart',
      'line 5 plz',
      'line 6 gebietsstand',
      'line 6 name',
    ]);
    assert.match(error.issues[0]?.message ?? '', /allowed: 41, 42, 43, 44, 45/);
    assert.match(error.issues[2]?.message ?? '', /allowed: 10, 20, 30, 40, 50, 60/);
  });

  it('refuses an over-long record and accepts stripped trailing blanks', () => {
    const land = '102025113005          Nordrhein-Westfalen';
    assert.equal(parseGv100adLine(land, 1).record?.registerName, 'Nordrhein-Westfalen');
    const long = parseGv100adLine(land.padEnd(221, ' '), 7);
    assert.equal(long.record, null);
    assert.deepEqual(long.issues[0], {
      record: 'line 7',
      field: 'record',
      message: 'has 221 characters; a GV100AD record has 220',
    });
    assert.deepEqual(parseGv100adLine('', 9), { record: null, issues: [] });
  });
});

describe('GV100AD tree', () => {
  it('links Bund → Land → Regierungsbezirk → Kreis → Gemeindeverband → Gemeinde', async () => {
    const tree = buildAreaTree(await loadGv100ad(sample));
    const chain = (key: string): string[] => {
      const out: string[] = [];
      for (let node = tree.byKey.get(key); node; node = node.parentKey ? tree.byKey.get(node.parentKey) : undefined) {
        out.push(`${node.level}:${node.key}`);
      }
      return out;
    };
    assert.deepEqual(chain('05974020'), [
      'gemeinde:05974020',
      'gemeindeverband:059740020',
      'kreis:05974',
      'regierungsbezirk:059',
      'land:05',
      'bund:00',
    ]);
    // A former Regierungsbezirk stays in the tree but administers nothing: the Kreis hangs under the Land.
    assert.deepEqual(chain('07137042').slice(0, 4), [
      'gemeinde:07137042',
      'gemeindeverband:071377001',
      'kreis:07137',
      'land:07',
    ]);
    assert.equal(tree.byKey.get('071')?.administrative, false);
    assert.equal(tree.byKey.get('059740020')?.verbandsfrei, true);
    assert.equal(tree.byKey.get('071377001')?.verbandsfrei, false);
    assert.deepEqual(tree.byKey.get('08115')?.region, { key: '0811', name: 'Region Stuttgart' });
    assert.equal(tree.byKey.get('05974')?.region, null);
    assert.deepEqual(
      tree
        .children('081155001')
        .map((n) => n.key)
        .sort(),
      ['08115901', '08115902'],
    );
  });

  it('names every record whose parent is missing', async () => {
    const register = await loadGv100ad(sample);
    register.kreise = register.kreise.filter((k) => k.ags !== '07137');
    assert.throws(
      () => buildAreaTree(register),
      (e: unknown) =>
        e instanceof ValidationError &&
        e.issues.length === 1 &&
        e.issues[0]?.record === 'line 11' &&
        e.issues[0]?.field === 'parent' &&
        /parent 07137 is not in the register/.test(e.issues[0].message),
    );
  });
});
