import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { article, codesOfLevel, isRegisterKindCode, REGISTER_KINDS, registerKind } from './register-kinds.ts';

describe('register kinds', () => {
  it('lists every Textkennzeichen of the GV100AD record layout, per level', () => {
    assert.deepEqual(codesOfLevel('kreis'), ['41', '42', '43', '44', '45']);
    assert.deepEqual(codesOfLevel('gemeindeverband'), ['50', '51', '52', '53', '54', '55', '56', '57', '58']);
    assert.deepEqual(codesOfLevel('gemeinde'), ['60', '61', '62', '63', '64', '65', '66', '67']);
    assert.equal(isRegisterKindCode('49'), false);
    assert.equal(isRegisterKindCode('44'), true);
  });

  it('gives each kind a slug unique within its level, a label and a noun', () => {
    for (const level of ['kreis', 'gemeindeverband', 'gemeinde'] as const) {
      const slugs = REGISTER_KINDS.filter((k) => k.level === level).map((k) => k.slug);
      assert.equal(new Set(slugs).size, slugs.length, level);
    }
    assert.deepEqual(
      [registerKind('44').slug, registerKind('44').label, registerKind('44').noun.gender],
      ['landkreis', 'Landkreis', 'm'],
    );
    assert.equal(registerKind('67').noun.dat, 'Großen Kreisstadt');
    assert.equal(registerKind('66').noun.bare, 'Gemeindefreies Gebiet');
    assert.equal(registerKind('51').noun.gender, 'n', 'das Amt');
  });

  it('declines the definite article', () => {
    assert.deepEqual(
      [article('m', 'nom'), article('m', 'dat'), article('f', 'nom'), article('f', 'dat'), article('n', 'dat')],
      ['der', 'dem', 'die', 'der', 'dem'],
    );
  });
});
