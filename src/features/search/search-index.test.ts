import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SearchDocument } from './search.ts';
import { SearchIndex } from './search-index.ts';

const doc = (id: string, name: string, extra: Partial<SearchDocument> = {}): SearchDocument => ({
  id,
  name,
  synonyms: [],
  lebenslagenNames: [],
  teaser: null,
  fullText: null,
  keywords: [],
  otherText: null,
  ...extra,
});

const DOCS: SearchDocument[] = [
  doc('personalausweis-beantragen', 'Personalausweis beantragen', {
    teaser: 'Den Ausweis beantragen Sie im Bürgerbüro.',
  }),
  doc('ausweis-verlust-melden', 'Verlust des Personalausweises melden', {
    fullText: 'Wer seinen Ausweis verloren hat, meldet den Verlust.',
  }),
  doc('hundesteuer-anmelden', 'Hundesteuer anmelden', { teaser: 'Wer einen Hund hält, zahlt Hundesteuer.' }),
  doc('fuehrerschein-ersterteilung', 'Führerschein beantragen', { synonyms: ['Fahrerlaubnis'] }),
  doc('wohnsitz-anmelden', 'Wohnsitz anmelden', { synonyms: ['Anmeldung'], lebenslagenNames: ['Umzug'] }),
  doc('fahrzeug-zulassen', 'Fahrzeug zulassen', {
    synonyms: ['Kfz-Zulassung'],
    fullText: 'Ein Fahrzeug anmelden: bei der Zulassungsstelle.',
  }),
];
const SYNONYMS = [
  { term: 'Perso', expansions: ['Personalausweis'] },
  { term: 'Auto', expansions: ['Fahrzeug', 'Kfz'] },
  { term: 'Hartz IV', expansions: ['Bürgergeld'] },
];
const index = new SearchIndex(DOCS, SYNONYMS);
const top = (q: string) => index.search(q).hits[0]?.id;

describe('SearchIndex', () => {
  it('ranks the name match first and folds umlauts both ways', () => {
    assert.equal(top('Führerschein'), 'fuehrerschein-ersterteilung');
    assert.equal(top('fuehrerschein'), 'fuehrerschein-ersterteilung');
    assert.equal(top('FUHRERSCHEIN'), 'fuehrerschein-ersterteilung');
  });

  it('tolerates one and two typos, including swapped letters', () => {
    assert.equal(top('Fuhrerschien'), 'fuehrerschein-ersterteilung');
    assert.equal(top('Persnalausweis'), 'personalausweis-beantragen');
    assert.equal(top('Persoanlausweis'), 'personalausweis-beantragen');
  });

  it('splits compounds of the query and finds parts of indexed compounds', () => {
    assert.equal(top('Personalausweisverlust'), 'ausweis-verlust-melden');
    assert.equal(top('Hund'), 'hundesteuer-anmelden');
    assert.equal(top('Wohnsitzanmeldung'), 'wohnsitz-anmelden');
  });

  it('expands synonyms, also multi-word ones and inflected forms', () => {
    assert.equal(top('perso'), 'personalausweis-beantragen');
    assert.equal(top('Persos'), 'personalausweis-beantragen');
    assert.equal(top('Auto anmelden'), 'fahrzeug-zulassen');
  });

  it('prefers the service that matches more of the query', () => {
    assert.equal(top('perso verloren'), 'ausweis-verlust-melden');
  });

  it('completes the last word for suggestions', () => {
    assert.equal(index.suggest('Führers')[0]?.id, 'fuehrerschein-ersterteilung');
    assert.equal(index.suggest('hundest')[0]?.id, 'hundesteuer-anmelden');
    assert.deepEqual(index.suggest(''), []);
  });

  it('proposes a correction when nothing matches', () => {
    const result = index.search('Hundesteuerrr xqzq');
    assert.ok(result.hits.length > 0 || result.didYouMean);
    assert.equal(index.search('qqqqqqqq').hits.length, 0);
    assert.equal(index.didYouMean('Fürerschain'), 'Führerschein');
  });

  it('never throws and returns well-formed hits for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (q) => {
        const { hits, didYouMean } = index.search(q);
        for (const h of hits) assert.ok(Number.isFinite(h.score) && h.score > 0);
        assert.ok(didYouMean === undefined || typeof didYouMean === 'string');
        index.suggest(q);
      }),
      { numRuns: 300 },
    );
    for (const q of ["' OR 1=1 --", '.*(?:[', '\u0000\u0001\u0007', '🐶🐶', 'a'.repeat(5000), 'hund '.repeat(1000)]) {
      assert.doesNotThrow(() => index.search(q));
    }
  });
});
