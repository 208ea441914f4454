import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchDocument } from './search.ts';
import { IndexSegment, SearchIndex } from './search-index.ts';

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

// Owned above the county (Bund, Land): one layer shared by every county.
const ABOVE: SearchDocument[] = [
  doc('personalausweis-beantragen', 'Personalausweis beantragen', {
    teaser: 'Den Ausweis beantragen Sie im Bürgerbüro.',
    keywords: ['pass-ausweis'],
  }),
  doc('ausweis-verlust-melden', 'Verlust des Personalausweises melden', {
    fullText: 'Wer seinen Ausweis verloren hat, meldet den Verlust bei der Polizei oder im Bürgerbüro.',
  }),
  doc('elterngeld', 'Elterngeld beantragen', {
    synonyms: ['Basiselterngeld', 'ElterngeldPlus'],
    lebenslagenNames: ['Geburt'],
    teaser: 'Elterngeld gleicht fehlendes Einkommen nach der Geburt aus.',
  }),
  doc('kindergeld', 'Kindergeld beantragen', {
    lebenslagenNames: ['Geburt'],
    teaser: 'Kindergeld bei der Familienkasse.',
  }),
  doc('fuehrerschein-ersterteilung', 'Führerschein beantragen (Ersterteilung)', { synonyms: ['Fahrerlaubnis'] }),
  doc('steuer-id', 'Steuerliche Identifikationsnummer abfragen', { otherText: 'Das Bundeszentralamt für Steuern.' }),
  // A compound whose first part only the layer above knows: one index over both splits it, so must the layers.
  doc('baulastenauskunft', 'Baulastenauskunft beantragen', { teaser: 'Auskunft aus dem Verzeichnis.' }),
];
// Owned by the county and the town: the small layer on top.
const OWN: SearchDocument[] = [
  doc('hundesteuer-anmelden', 'Hundesteuer anmelden', {
    teaser: 'Wer einen Hund hält, zahlt Hundesteuer an die Stadt.',
    fullText: 'Die Anmeldung des Hundes ist binnen zwei Wochen nötig; der Ausweis des Halters wird nicht gebraucht.',
  }),
  doc('wohnsitz-anmelden', 'Wohnsitz anmelden', { synonyms: ['Anmeldung'], lebenslagenNames: ['Umzug'] }),
  doc('fahrzeug-zulassen', 'Fahrzeug zulassen', {
    synonyms: ['Kfz-Zulassung'],
    fullText: 'Ein Fahrzeug anmelden: bei der Zulassungsstelle des Kreises, mit Personalausweis und Führerschein.',
  }),
  doc('bauantrag', 'Baugenehmigung beantragen', { teaser: 'Bauantrag bei der Bauaufsicht des Kreises.' }),
  doc('baulast-eintragen', 'Baulast eintragen', { teaser: 'Eine Baulast übernehmen.' }),
];
const SYNONYMS = [
  { term: 'Perso', expansions: ['Personalausweis'] },
  { term: 'Auto', expansions: ['Fahrzeug', 'Kfz'] },
  { term: 'Baby', expansions: ['Geburt', 'Elterngeld'] },
];
const QUERIES = [
  'personalausweis',
  'perso verloren',
  'ausweis',
  'hund',
  'hundesteuer',
  'auto anmelden',
  'kfz zulassung',
  'baugenemigung',
  'fuehrerschein',
  'Führerschein beantragen',
  'baby',
  'kinder geld',
  'elterngel',
  'steuer',
  'bürgerbüro',
  'driving licence',
  'umzug',
  'anmeldung',
  'zweiwochenfrist',
  'xylofon',
  'baulast',
  'baulasten',
  'auskunft',
];

describe('search index in layers (ADR 0270)', () => {
  const single = new SearchIndex([...ABOVE, ...OWN], SYNONYMS);
  const base = new IndexSegment(ABOVE, SYNONYMS);
  const layered = new SearchIndex({ layers: [base, new IndexSegment(OWN, SYNONYMS, {}, [base])] });

  it('ranks and scores every query as one index over both layers would', () => {
    for (const q of QUERIES) {
      assert.deepEqual(layered.search(q, { limit: 50 }), single.search(q, { limit: 50 }), q);
      assert.deepEqual(layered.search(q, { prefixLast: true }), single.search(q, { prefixLast: true }), q);
      assert.deepEqual(layered.suggest(q.slice(0, 5)), single.suggest(q.slice(0, 5)), q);
    }
    // Not trivially equal: the layers' documents meet in one ranking, with the statistics of both.
    assert.deepEqual(
      single
        .search('personalausweis')
        .hits.map((h) => h.id)
        .slice(0, 2),
      ['personalausweis-beantragen', 'ausweis-verlust-melden'],
    );
    assert.ok(layered.search('ausweis', { limit: 50 }).hits.some((h) => h.id === 'hundesteuer-anmelden'));
    assert.equal(layered.search('elterngel').didYouMean, single.search('elterngel').didYouMean);
    // "Baulastenauskunft" (below) is split with "Baulast" (above), as one index splits it: the loop above compared
    // its score; both services answer.
    assert.deepEqual(
      layered
        .search('baulast')
        .hits.map((h) => h.id)
        .sort(),
      ['baulast-eintragen', 'baulastenauskunft'],
    );
  });

  it('scores a layer with the statistics of all layers, not its own', () => {
    const alone = new SearchIndex(OWN, SYNONYMS);
    const own = (index: SearchIndex) =>
      index.search('anmelden', { limit: 50 }).hits.find((h) => h.id === 'wohnsitz-anmelden');
    assert.notEqual(own(alone)?.score, own(layered)?.score);
    assert.equal(own(layered)?.score, own(single)?.score);
  });

  it("finds a town's own service only in that town's index; the layer above is shared", () => {
    const townA = new IndexSegment(
      [doc('hundewiese', 'Hundewiese mieten', { teaser: 'Die Hundewiese der Stadt A.' })],
      SYNONYMS,
      {},
      [base],
    );
    const townB = new IndexSegment([doc('sperrmuell', 'Sperrmüll anmelden')], SYNONYMS, {}, [base]);
    const a = new SearchIndex({ layers: [base, townA] });
    const b = new SearchIndex({ layers: [base, townB] });
    assert.equal(a.search('hundewiese').hits[0]?.id, 'hundewiese');
    assert.ok(!b.search('hundewiese').hits.some((h) => h.id === 'hundewiese'));
    assert.ok(!b.suggest('hundew').some((h) => h.id === 'hundewiese'));
    assert.equal(b.search('sperrmüll').hits[0]?.id, 'sperrmuell');
    assert.ok(!a.search('sperrmüll').hits.some((h) => h.id === 'sperrmuell'));
    // Both still find what is owned above the county.
    assert.equal(a.search('perso').hits[0]?.id, 'personalausweis-beantragen');
    assert.equal(b.search('perso').hits[0]?.id, 'personalausweis-beantragen');
  });

  it('refuses layers that were not built on each other', () => {
    const loose = new IndexSegment(OWN, SYNONYMS);
    assert.throws(() => new SearchIndex({ layers: [base, loose] }), /built on the layers before it/);
    assert.throws(() => new IndexSegment(OWN, [{ term: 'x', expansions: ['y'] }], {}, [base]), /same synonym list/);
    assert.throws(() => new SearchIndex({ layers: [] }), /at least one layer/);
  });
});
