import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agsProblem, areaKeyKind, arsMatchesAgs, parentPrefixProblem } from './catalog.ts';

describe('area keys', () => {
  it('know every level by the key’s length', () => {
    assert.deepEqual(['00', '05', '059', '05974', '073375001', '05974020', '1100000001'].map(areaKeyKind), [
      'bund',
      'land',
      'regierungsbezirk',
      'kreis',
      'gemeindeverband',
      'gemeinde',
      'bezirk',
    ]);
    assert.equal(areaKeyKind('0597'), null);
    assert.match(agsProblem('0597') ?? '', /9 \(Gemeindeverband: ARS digits 1–9\)/);
    assert.equal(agsProblem('05974x'), 'must contain digits only');
  });

  it('take a Verband’s members by their ARS, not by an AGS prefix', () => {
    // Kettig (AGS 07137211) belongs to the Verbandsgemeinde Weißenthurm (key 071375008): its ARS is 071375008211.
    assert.equal(parentPrefixProblem('07137211', '071375008', '071375008211'), null);
    assert.match(parentPrefixProblem('07137211', '071375009', '071375008211') ?? '', /does not begin with/);
    assert.match(
      parentPrefixProblem('07138211', '071375008', '071385008211') ?? '',
      /only a Gemeinde .* of Kreis 07137/,
    );
    assert.equal(arsMatchesAgs('071375008', '071375008000'), true);
    assert.equal(arsMatchesAgs('071375008', '071375009000'), false);
  });

  it('nest districts below their Gemeinde and Gemeinden below their Kreis', () => {
    assert.equal(parentPrefixProblem('1100000001', '11000000'), null);
    assert.equal(arsMatchesAgs('1100000001', '110000000000'), true);
    assert.equal(parentPrefixProblem('05974020', '05974'), null);
    assert.match(parentPrefixProblem('05974020', '05958') ?? '', /not a prefix/);
  });
});
