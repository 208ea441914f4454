// Round 3 of the ranking rules: a plain query means the plain service, exact names and English terms win, a typo
// stays a typo when a catalog word is nearer than a synonym, neighbouring words join through synonyms, office names
// and qualifiers after a preposition do not have to be typed, and a synonym phrase counts by the share of its words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EnglishVocabulary } from './english-vocabulary.ts';
import type { SearchDocument, SynonymEntry } from './search.ts';
import { SearchIndex } from './search-index.ts';
import { EMPTY_VOCABULARY, type SearchVocabulary } from './search-vocabulary.ts';

const doc = (id: string, name: string, fullText: string | null = null): SearchDocument => ({
  id,
  name,
  synonyms: [],
  lebenslagenNames: [],
  teaser: null,
  fullText,
  keywords: [],
  otherText: null,
});

const NO_ENGLISH: EnglishVocabulary = { services: [], words: [] };

function build(
  docs: SearchDocument[],
  synonyms: SynonymEntry[] = [],
  options: { vocabulary?: SearchVocabulary; english?: EnglishVocabulary } = {},
): SearchIndex {
  return new SearchIndex(docs, synonyms, {
    vocabulary: options.vocabulary ?? EMPTY_VOCABULARY,
    english: options.english ?? NO_ENGLISH,
  });
}

const first = (index: SearchIndex, q: string) => index.search(q).hits[0]?.id;

describe('search rules, round 3', () => {
  it('a query without "renew" or "lost" means the plain service, not the one named after that action', () => {
    // Ids sort the wrong service first: a tie would fail the test.
    const index = build([
      doc('b-beantragen', 'Schwerbehindertenausweis beantragen', 'Den Schwerbehindertenausweis gibt das Amt aus.'),
      doc('a-verlaengern', 'Schwerbehindertenausweis verlängern', 'Den Schwerbehindertenausweis gibt das Amt aus.'),
    ]);
    assert.equal(first(index, 'Schwerbehindertenausweis'), 'b-beantragen');
    assert.equal(first(index, 'Schwerbehindertenausweis verlängern'), 'a-verlaengern');
  });

  it('"Ausweis verlängern" is about the Personalausweis the synonym names, not any other Ausweis', () => {
    const index = build(
      [
        doc('b-personalausweis', 'Personalausweis beantragen'),
        doc('a-sb-verlaengern', 'Schwerbehindertenausweis verlängern'),
        doc('c-verlust', 'Verlust von Ausweis oder Pass melden'),
      ],
      [{ term: 'Ausweis', expansions: ['Personalausweis'] }],
    );
    assert.equal(first(index, 'ausweis verlängern'), 'b-personalausweis');
  });

  it('a typo one letter off a catalog word is not read as a synonym two letters off', () => {
    const index = build(
      [doc('kindergeld', 'Kindergeld beantragen'), doc('kita', 'Kita-Platz anmelden', 'Kita und Kindertagesstätte')],
      [{ term: 'Kindergarten', expansions: ['Kita'] }],
    );
    assert.equal(first(index, 'kindergelt beantragen'), 'kindergeld');
    assert.equal(first(index, 'kindergarden'), 'kita');
  });

  it('two words join through a synonym of the first into the compound the catalog uses', () => {
    const index = build(
      [
        doc('kraftfahrzeugsteuer', 'Kraftfahrzeugsteuer – Bescheid und Fragen'),
        doc(
          'kfz-steuer-befreiung',
          'Kfz-Steuer-Befreiung bei Schwerbehinderung',
          'Kfz-Steuer sparen: Befreiung von der Kfz-Steuer.',
        ),
      ],
      [{ term: 'Kfz', expansions: ['Kraftfahrzeug'] }],
    );
    assert.equal(first(index, 'kfz steuer'), 'kraftfahrzeugsteuer');
  });

  it('what a name says after a preposition qualifies it: "Scheidung" finds the divorce before the name change', () => {
    const index = build([
      doc('a-name-nach-scheidung', 'Namen nach der Scheidung ändern', 'Nach einer Scheidung.'),
      doc('b-scheidung', 'Scheidung beim Familiengericht beantragen', 'Nach einer Scheidung.'),
    ]);
    assert.equal(first(index, 'scheidung'), 'b-scheidung');
  });

  it('a query that is exactly a service’s English term wins over a name that only contains its words', () => {
    const english: EnglishVocabulary = {
      services: [
        { id: 'b-anmelden', name: 'Register a business', terms: ['business registration'] },
        { id: 'a-ummelden', name: 'Change a business registration', terms: ['business registration change'] },
      ],
      words: [],
    };
    const index = build([doc('b-anmelden', 'Gewerbe anmelden'), doc('a-ummelden', 'Gewerbe ummelden')], [], {
      english,
    });
    assert.equal(first(index, 'business registration'), 'b-anmelden');
  });

  it('a synonym phrase counts by the share of its words a service has', () => {
    const index = build(
      [
        doc('a-krankenpflege', 'Krankenpflege beantragen', 'Häusliche Krankenpflege, häusliche Pflege.'),
        doc('b-gewaltschutz', 'Schutzanordnung beantragen', 'Schutz bei häuslicher Gewalt.'),
      ],
      [{ term: 'schlägt', expansions: ['häusliche Gewalt'] }],
    );
    assert.equal(first(index, 'mein mann schlägt mich'), 'b-gewaltschutz');
  });
});
