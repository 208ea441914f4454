import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../shared/errors.ts';
import { gemeindenByPostcode, postcodesByGemeinde, readOsmPostcodes } from './index.ts';

const sample = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'plz-sample.csv');

describe('OSM postcodes', () => {
  it('pads AGS to 8 and postcodes to 5 digits', async () => {
    const rows = await readOsmPostcodes(sample);
    assert.equal(rows.length, 6);
    assert.deepEqual(rows[0], {
      line: 2,
      osmId: '1001',
      ags: '05974020',
      place: 'Geseke',
      postcode: '59590',
      kreis: 'Kreis Soest',
      land: 'Nordrhein-Westfalen',
    });
    assert.equal(rows[5]?.postcode, '02999');
    assert.equal(rows[5]?.ags, '14626110');
  });

  it('indexes postcodes both ways; a postcode may cover several Gemeinden', async () => {
    const rows = await readOsmPostcodes(sample);
    assert.deepEqual(gemeindenByPostcode(rows).get('59556'), ['05974036', '05974040']);
    assert.deepEqual(postcodesByGemeinde(rows).get('05974040'), ['59555', '59556']);
  });

  it('names every bad row', async () => {
    const text = 'osm_id,ags,ort,plz,landkreis,bundesland\nx,5974020,Geseke,59590,,\n1,123456789,,5959,,\n';
    const error = await readOsmPostcodes(text, { text: true }).then(
      () => assert.fail('must be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError);
    assert.deepEqual(
      error.issues.map((i) => `${i.record} ${i.field}`),
      ['line 2 osm_id', 'line 3 ags', 'line 3 ort'],
    );
  });
});
