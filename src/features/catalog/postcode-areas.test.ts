// A postcode leads to the deepest areas that list it (decision 0150): a Bezirk rather than its city, and every one of
// several Bezirke that share it, so the portal can offer the choice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postcodeAreas } from './catalog.ts';

const area = (ags: string, parentAgs: string | null, postcodes: string[]) => ({ ags, parentAgs, postcodes });
const AREAS = [
  area('11', null, []),
  area('11000000', '11', ['10115', '10117', '10243']),
  area('1100000001', '11000000', ['10115', '10117']),
  area('1100000002', '11000000', ['10117', '10243']),
  area('05974020', '05974', ['59590']),
];

describe('postcodeAreas', () => {
  it('one Bezirk listing the postcode wins over its city', () => {
    assert.deepEqual(
      postcodeAreas(AREAS, '10115').map((a) => a.ags),
      ['1100000001'],
    );
  });
  it('a postcode shared by two Bezirke gives both (the citizen chooses)', () => {
    assert.deepEqual(
      postcodeAreas(AREAS, '10117').map((a) => a.ags),
      ['1100000001', '1100000002'],
    );
  });
  it('a town without districts is found itself; an unknown postcode finds nothing', () => {
    assert.deepEqual(
      postcodeAreas(AREAS, '59590').map((a) => a.ags),
      ['05974020'],
    );
    assert.deepEqual(postcodeAreas(AREAS, '99999'), []);
  });
});
