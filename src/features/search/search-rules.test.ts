// The ranking rules of issue "Content a citizen can rely on": intent words weigh less than the object, compounds
// match both ways, office names find their services, place names only say where.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../shared/errors.ts';
import type { SearchDocument } from './search.ts';
import { SearchIndex } from './search-index.ts';
import { parseSearchVocabulary, type SearchVocabulary } from './search-vocabulary.ts';
import { wordClass } from './word-classes.ts';

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
  doc('reisepass-beantragen', 'Reisepass beantragen', { keywords: ['pass ausweis'] }),
  doc('kinderreisepass', 'Kinderreisepass verlängern', { keywords: ['pass ausweis'] }),
  doc('jagdschein', 'Jagdschein beantragen oder verlängern'),
  doc('lkw-fahrerlaubnis', 'Lkw-Fahrerlaubnis verlängern', { keywords: ['fuehrerschein'] }),
  doc('kleinklaeranlage', 'Kleinkläranlage genehmigen lassen und betreiben'),
  doc('kleiner-waffenschein', 'Kleinen Waffenschein beantragen'),
  doc('fahrzeug-zulassen', 'Fahrzeug zulassen', { keywords: ['strassenverkehr'] }),
  doc('fahrzeug-abmelden', 'Fahrzeug abmelden', { keywords: ['strassenverkehr'] }),
  doc('amtsarzt', 'Amtsärztliche Untersuchung', {
    fullText: 'Für die Fahrerlaubnis verlangt das Straßenverkehrsamt manchmal ein Gutachten.',
  }),
  doc('wohnsitz-anmelden', 'Wohnsitz anmelden', { keywords: ['meldewesen'] }),
  doc('wohnsitz-abmelden', 'Wohnsitz abmelden', { keywords: ['meldewesen'] }),
  doc('geseke-stadtfest', 'Stadtfest in Geseke anmelden'),
];
const VOCABULARY: SearchVocabulary = {
  authorities: [
    {
      names: ['Straßenverkehrsamt', 'Zulassungsstelle'],
      tasks: ['strassenverkehr', 'fuehrerschein'],
      services: [],
      main: ['fahrzeug-zulassen'],
    },
    { names: ['Bürgerbüro'], tasks: ['meldewesen', 'pass-ausweis'], services: [], main: [] },
  ],
  places: ['Geseke', 'Lippstadt'],
};
const SYNONYMS = [{ term: 'ziehe', expansions: ['Umzug', 'Wohnsitz anmelden'] }];
const index = new SearchIndex(DOCS, SYNONYMS, { vocabulary: VOCABULARY });
const ids = (q: string) => index.search(q).hits.map((h) => h.id);

describe('search rules', () => {
  it('lets the object decide and intent words only break ties', () => {
    assert.equal(ids('reisepass verlängern')[0], 'reisepass-beantragen');
    assert.equal(ids('wohnsitz abmelden')[0], 'wohnsitz-abmelden');
    assert.equal(ids('wohnsitz anmelden')[0], 'wohnsitz-anmelden');
    // Only intent words: they count fully.
    assert.equal(ids('verlängern').includes('kinderreisepass'), true);
  });

  it('classifies intent words whatever their form, and places', () => {
    const places = new Set(['gesek']);
    for (const w of ['verlang', 'beantrag']) assert.equal(wordClass(w, places), 'intent');
    assert.equal(wordClass('gesek', places), 'place');
    assert.equal(wordClass('reisepass', places), 'object');
  });

  it('splits compounds both ways: a compound head finds the compound, two words find it too', () => {
    assert.equal(ids('kläranlage')[0], 'kleinklaeranlage');
    assert.equal(ids('klaeranlage')[0], 'kleinklaeranlage');
    assert.equal(ids('klein kläranlage')[0], 'kleinklaeranlage');
    assert.equal(ids('kleinklaeranlage')[0], 'kleinklaeranlage');
  });

  it('finds the services of an office by its name, its main service first', () => {
    const hits = ids('Straßenverkehrsamt');
    assert.equal(hits[0], 'fahrzeug-zulassen');
    // Every service of the office's tasks comes before a text that merely mentions the office.
    assert.ok(hits.indexOf('lkw-fahrerlaubnis') < hits.indexOf('amtsarzt'));
    assert.ok(hits.indexOf('fahrzeug-abmelden') < hits.indexOf('amtsarzt'));
    assert.deepEqual(ids('Bürgerbüro').slice(0, 4).sort(), [
      'kinderreisepass',
      'reisepass-beantragen',
      'wohnsitz-abmelden',
      'wohnsitz-anmelden',
    ]);
    assert.equal(ids('Zulassungsstelle')[0], 'fahrzeug-zulassen');
  });

  it('lets a place name say where, not what', () => {
    assert.equal(ids('ich ziehe nach Geseke')[0], 'wohnsitz-anmelden');
  });

  it('rejects a vocabulary file naming what is wrong', () => {
    assert.throws(
      () => parseSearchVocabulary('authorities:\n  - names: [Bauamt]\n'),
      (e: unknown) => e instanceof ValidationError && /at least one task or service/.test(e.message),
    );
    assert.throws(
      () => parseSearchVocabulary('authorities:\n  - names: Bauamt\n    tasks: [planung]\n'),
      (e: unknown) => e instanceof ValidationError && /names must be a list/.test(e.message),
    );
    assert.deepEqual(parseSearchVocabulary('places: [Soest]\n'), { authorities: [], places: ['Soest'] });
  });
});
