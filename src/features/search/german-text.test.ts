import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitCompound } from './decompound.ts';
import { colognePhonetic, editDistance, fold, normalise, prepare, term, words } from './german-text.ts';

describe('normalise', () => {
  it('folds case, umlauts, ß and their digraph spellings to one form', () => {
    assert.equal(normalise('Führerschein'), normalise('fuehrerschein'));
    assert.equal(normalise('Führerschein'), normalise('FUHRERSCHEIN'));
    assert.equal(normalise('Straße'), normalise('strasse'));
    assert.equal(normalise('Bürgergeld'), 'burgergeld');
    assert.equal(normalise('  Kfz-Zulassung!! 🚗 '), 'kfz zulassung');
  });

  it('is idempotent, never throws and leaves only [a-z0-9 ]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const n = normalise(s);
        assert.match(n, /^[a-z0-9 ]*$/);
        assert.equal(normalise(n), n);
        assert.ok(!n.startsWith(' ') && !n.endsWith(' ') && !n.includes('  '));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats ä/ae, ö/oe, ü/ue, ß/ss alike anywhere in a word', () => {
    const pairs: [string, string][] = [
      ['ä', 'ae'],
      ['ö', 'oe'],
      ['ü', 'ue'],
      ['ß', 'ss'],
      ['Ä', 'AE'],
      ['Ü', 'Ue'],
    ];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{0,6}$/),
        fc.stringMatching(/^[a-z]{0,6}$/),
        fc.constantFrom(...pairs),
        (a, b, [x, y]) => {
          assert.equal(normalise(a + x + b), normalise(a + y + b));
        },
      ),
    );
  });
});

describe('words and terms', () => {
  it('tokenises any input into [a-z0-9]+ words; terms are stable under folding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        for (const w of words(s)) {
          assert.match(w, /^[a-z0-9]+$/);
          assert.match(term(w), /^[a-z0-9]*$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('stems German inflection and meets umlaut-less spellings', () => {
    assert.equal(term(prepare('Steuern')), term(prepare('Steuer')));
    assert.equal(term(prepare('Anträge')), term(prepare('Antrag')));
    assert.equal(term(prepare('Führerscheine')), term(prepare('fuhrerschein')));
    assert.equal(term(prepare('Gebühren')), term(prepare('gebuehren')));
  });

  it('fold is a fixpoint', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{0,12}$/), (w) => assert.equal(fold(fold(w)), fold(w))));
  });
});

describe('editDistance and phonetics', () => {
  it('counts a swap of neighbours as one edit and is symmetric', () => {
    assert.equal(editDistance('preso', 'perso'), 1);
    assert.equal(editDistance('hund', 'hund'), 0);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{0,8}$/), fc.stringMatching(/^[a-z]{0,8}$/), (a, b) => {
        assert.equal(editDistance(a, b), editDistance(b, a));
        assert.ok(editDistance(a, b) <= Math.max(a.length, b.length));
      }),
    );
  });

  it('gives alike-sounding words the same Kölner Phonetik code', () => {
    assert.equal(colognePhonetic('meier'), colognePhonetic('mayer'));
    assert.equal(colognePhonetic('fuehrerschein'), colognePhonetic('fuererschain'));
  });
});

describe('splitCompound', () => {
  const lexicon = (list: string[]) => {
    const set = new Set(list);
    return { has: (w: string) => set.has(w), frequency: () => 1 };
  };

  it('splits compounds with linking letters into known words', () => {
    const lex = lexicon([
      'hund',
      'steur',
      'personal',
      'ausweis',
      'verlust',
      'wohnsitz',
      'anmeldung',
      'wohnung',
      'geber',
    ]);
    assert.deepEqual(splitCompound('hundesteur', lex), ['hund', 'steur']);
    assert.deepEqual(splitCompound('personalausweisverlust', lex), ['personal', 'ausweis', 'verlust']);
    assert.deepEqual(splitCompound('wohnsitzanmeldung', lex), ['wohnsitz', 'anmeldung']);
    assert.deepEqual(splitCompound('wohnungsgeber', lex), ['wohnung', 'geber']);
    assert.equal(splitCompound('hund', lex), null);
    assert.equal(splitCompound('xyzxyzxyz', lex), null);
  });

  it('never throws and only returns parts that concatenate (with links) to a prefix-cover of the word', () => {
    const lex = lexicon(['abc', 'bcd', 'cde', 'aaa']);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-e]{0,30}$/), (w) => {
        const parts = splitCompound(w, lex);
        if (parts) {
          assert.ok(parts.length >= 2);
          for (const p of parts) assert.ok(w.includes(p));
        }
      }),
    );
  });
});
