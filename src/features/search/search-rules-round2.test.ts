// Round 2 of the ranking rules: "lost"/"renew" prefer the service named after the action, relatives weigh like
// places, English names and words find German services, and the English term list rejects bad records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../shared/errors.ts';
import { type EnglishVocabulary, parseEnglishVocabulary } from './english-vocabulary.ts';
import { prepare, term } from './german-text.ts';
import type { SearchDocument } from './search.ts';
import { SearchIndex } from './search-index.ts';
import { EMPTY_VOCABULARY } from './search-vocabulary.ts';
import { actionClass, wordClass } from './word-classes.ts';

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

// The plain service about the object mentions the loss only in passing; the loss service names a shorter object.
const DOCS: SearchDocument[] = [
  doc('personalausweis-beantragen', 'Personalausweis beantragen', {
    fullText: 'Den Personalausweis beantragen Sie persönlich. Personalausweis für alle ab 16.',
  }),
  doc('ausweis-verlust', 'Verlust oder Diebstahl von Ausweis oder Pass melden', {
    fullText: 'Melden Sie den Verlust sofort. Verloren ist verloren.',
  }),
  doc('fundsache-abholen', 'Verlorene Sache im Fundbüro suchen und abholen', {
    fullText: 'Schlüssel, Geldbörse oder Handy verloren? Fragen Sie im Fundbüro.',
  }),
  doc('aufenthaltserlaubnis-beantragen', 'Aufenthaltserlaubnis beantragen'),
  doc('aufenthaltstitel-verlaengern', 'Aufenthaltserlaubnis verlängern'),
  doc('pflegegeld', 'Pflegegrad und Pflegegeld beantragen', { fullText: 'Wer Pflege braucht, beantragt Pflegegeld.' }),
  doc('tagesmutter', 'Erlaubnis als Tagesmutter beantragen', { fullText: 'Tagesmutter und Pflege von Kindern.' }),
  doc('hundesteuer-anmelden', 'Hund zur Hundesteuer anmelden'),
  doc('geburtsurkunde', 'Geburtsurkunde beantragen'),
  doc('sterbeurkunde', 'Sterbeurkunde beantragen'),
  doc('sterbefall', 'Sterbefall anzeigen'),
];
const ENGLISH: EnglishVocabulary = {
  services: [
    { id: 'geburtsurkunde', name: 'Apply for a birth certificate', terms: [] },
    { id: 'sterbeurkunde', name: 'Apply for a death certificate', terms: [] },
    { id: 'sterbefall', name: 'Register a death', terms: ['someone died'] },
    { id: 'ausweis-verlust', name: 'Report a lost or stolen ID card or passport', terms: [] },
    { id: 'personalausweis-beantragen', name: 'Apply for an identity card', terms: ['id card'] },
  ],
  words: [
    { term: 'tax', expansions: ['Steuer'] },
    { term: 'dog', expansions: ['Hund'] },
    { term: 'death', expansions: ['Sterbefall'] },
  ],
};
const index = new SearchIndex(DOCS, [{ term: 'verloren', expansions: ['Verlust'] }], {
  vocabulary: EMPTY_VOCABULARY,
  english: ENGLISH,
});
const first = (q: string) => index.search(q).hits[0]?.id;

describe('search rules, round 2', () => {
  it('puts the service named after the loss first when the query says lost', () => {
    assert.equal(first('personalausweis'), 'personalausweis-beantragen');
    assert.equal(first('personalausweis verloren'), 'ausweis-verlust');
    assert.equal(first('ausweis gestohlen'), 'ausweis-verlust');
    // A lost thing no service name is about: no bonus, the usual ranking.
    assert.equal(first('handy verloren'), 'fundsache-abholen');
  });

  it('puts the service named after the renewal first when the query says renew', () => {
    assert.equal(first('aufenthaltserlaubnis'), 'aufenthaltserlaubnis-beantragen');
    assert.equal(first('aufenthaltserlaubnis verlängern'), 'aufenthaltstitel-verlaengern');
    assert.equal(first('extend residence permit aufenthaltserlaubnis'), 'aufenthaltstitel-verlaengern');
  });

  it('counts relatives like places: the need decides, not "Mutter"', () => {
    assert.equal(wordClass(term(prepare('Mutter')), new Set()), 'person');
    assert.equal(wordClass(term(prepare('Pflege')), new Set()), 'object');
    assert.equal(first('mutter braucht pflege'), 'pflegegeld');
    assert.equal(first('tagesmutter'), 'tagesmutter');
  });

  it('knows the action words, stemmed', () => {
    assert.equal(actionClass('verlor'), 'loss');
    assert.equal(actionClass('verlang'), 'renewal');
    assert.equal(actionClass('reisepass'), undefined);
  });

  it('finds German services by their English names and through English words', () => {
    assert.equal(first('birth certificate'), 'geburtsurkunde');
    assert.equal(first('death certificate'), 'sterbeurkunde');
    assert.equal(first('register a death'), 'sterbefall');
    assert.equal(first('dog tax'), 'hundesteuer-anmelden');
    assert.equal(first('lost id card'), 'ausweis-verlust');
    assert.equal(first('my id card'), 'personalausweis-beantragen');
  });

  it('reads the English term list and rejects bad records naming what is allowed', () => {
    const parsed = parseEnglishVocabulary(
      'services:\n  - { id: a, name: Apply for A, terms: [a thing] }\n  - { task: meldewesen, name: Registration }\nwords:\n  - { en: tax, de: [Steuer] }\n',
    );
    assert.deepEqual(parsed, {
      services: [
        { id: 'a', name: 'Apply for A', terms: ['a thing'] },
        { task: 'meldewesen', name: 'Registration', terms: [] },
      ],
      words: [{ term: 'tax', expansions: ['Steuer'] }],
    });
    assert.throws(
      () => parseEnglishVocabulary('services:\n  - { name: X }\n'),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.match(e.message, /exactly one of "id".*or "task"/);
        return true;
      },
    );
    assert.throws(() => parseEnglishVocabulary('services:\n  - { id: a }\n'), /needs a "name"/);
    assert.throws(() => parseEnglishVocabulary('words:\n  - { en: tax, de: Steuer }\n'), /de must be a list/);
    assert.throws(() => parseEnglishVocabulary('services: {}\n'), /"services" must be a list/);
  });

  it('reads the shipped English term list', async () => {
    const { loadDefaultEnglish } = await import('./english-vocabulary.ts');
    const english = loadDefaultEnglish();
    assert.ok(english.services.length >= 100, `${english.services.length} services`);
    assert.ok(english.services.every((s) => s.name.length > 0));
  });
});
