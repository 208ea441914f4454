import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Area } from '../catalog/catalog.ts';
import {
  areaDisplayName,
  cleanQuery,
  filterServices,
  groupAz,
  localePath,
  mailtoHref,
  markerFor,
  normalizeName,
  orderForLebenslage,
  parseTexts,
  pickTopTasks,
  safeHttpUrl,
  splitLang,
  telHref,
} from './portal.ts';

const area = (over: Partial<Area>): Area => ({
  ags: '05974020',
  ars: '059740020020',
  name: 'Geseke',
  kind: 'kreisangehoerige_gemeinde',
  parentAgs: '05974',
  slug: 'geseke',
  postcodes: ['59590'],
  population: null,
  mainAuthorityId: 'geseke-stadtverwaltung',
  website: null,
  ...over,
});

const geseke = area({});
const anroechte = area({
  ags: '05974004',
  name: 'Anröchte',
  slug: 'anroechte',
  postcodes: ['59609', '59602'],
  mainAuthorityId: 'anroechte-gemeindeverwaltung',
});
const ruethen = area({
  ags: '05974036',
  name: 'Rüthen',
  slug: 'ruethen',
  postcodes: ['59602'],
  mainAuthorityId: 'ruethen-stadtverwaltung',
});
const lippstadt = area({
  ags: '05974028',
  name: 'Lippstadt',
  slug: 'lippstadt',
  kind: 'grosse_kreisangehoerige_stadt',
  postcodes: ['59555', '59556'],
});
const lippetal = area({
  ags: '05974024',
  name: 'Lippetal',
  slug: 'lippetal',
  postcodes: ['59510'],
  mainAuthorityId: 'lippetal-gemeindeverwaltung',
});
const wickede = area({
  ags: '05974056',
  name: 'Wickede (Ruhr)',
  slug: 'wickede-ruhr',
  postcodes: ['58739'],
  mainAuthorityId: 'wickede-ruhr-gemeindeverwaltung',
});
const soest = area({
  ags: '05974040',
  name: 'Soest',
  slug: 'soest',
  kind: 'mittlere_kreisangehoerige_stadt',
  postcodes: ['59494'],
});
const kreis = area({
  ags: '05974',
  name: 'Kreis Soest',
  slug: 'kreis-soest',
  kind: 'kreis',
  parentAgs: '059',
  postcodes: [],
  mainAuthorityId: 'kreis-soest-kreisverwaltung',
});
const places = [geseke, anroechte, ruethen, lippstadt, lippetal, wickede, soest, kreis];

describe('texts', () => {
  it('splits paragraphs at blank lines and turns "- " lines into list items', () => {
    const text = 'Erster Absatz\nläuft weiter.\n\n- Personalausweis\n- Wohnungsgeberbestätigung\n\nLetzter Absatz.';
    assert.deepEqual(parseTexts(text), [
      { type: 'p', text: 'Erster Absatz läuft weiter.' },
      { type: 'ul', items: ['Personalausweis', 'Wohnungsgeberbestätigung'] },
      { type: 'p', text: 'Letzter Absatz.' },
    ]);
  });

  it('handles a list directly after a paragraph line, CRLF and empty input', () => {
    assert.deepEqual(parseTexts('Sie brauchen:\r\n- A\r\n- B'), [
      { type: 'p', text: 'Sie brauchen:' },
      { type: 'ul', items: ['A', 'B'] },
    ]);
    assert.deepEqual(parseTexts(null), []);
    assert.deepEqual(parseTexts('  \n\n '), []);
  });

  it('keeps markup as plain text (escaping is the renderer’s job)', () => {
    assert.deepEqual(parseTexts('<b>fett</b>'), [{ type: 'p', text: '<b>fett</b>' }]);
  });
});

describe('links', () => {
  it('builds tel: and mailto: links and refuses anything but http(s) for catalog URLs', () => {
    assert.equal(telHref('+49 2942 500-123'), 'tel:+492942500123');
    assert.equal(telHref('02942 / 500 0'), 'tel:029425000');
    assert.equal(telHref('–'), null);
    assert.equal(mailtoHref('post@geseke.de'), 'mailto:post@geseke.de');
    assert.equal(mailtoHref('kein mail'), null);
    assert.equal(safeHttpUrl('https://www.geseke.de'), 'https://www.geseke.de/');
    assert.equal(safeHttpUrl('javascript:alert(1)'), null);
    assert.equal(safeHttpUrl('data:text/html,x'), null);
    assert.equal(safeHttpUrl('not a url'), null);
  });

  it('puts English pages under /en and splits them back', () => {
    assert.equal(localePath('de', '/geseke/'), '/geseke/');
    assert.equal(localePath('en', '/geseke/'), '/en/geseke/');
    assert.deepEqual(splitLang('/en/geseke/a-z'), { lang: 'en', rest: '/geseke/a-z' });
    assert.deepEqual(splitLang('/en'), { lang: 'en', rest: '/' });
    assert.deepEqual(splitLang('/ense/'), { lang: 'de', rest: '/ense/' });
  });
});

describe('areas and markers', () => {
  it('names areas the way citizens do', () => {
    assert.equal(areaDisplayName(geseke), 'Stadt Geseke');
    assert.equal(areaDisplayName(anroechte), 'Gemeinde Anröchte');
    assert.equal(areaDisplayName(lippstadt), 'Stadt Lippstadt');
    assert.equal(areaDisplayName(kreis), 'Kreis Soest');
    assert.equal(areaDisplayName(area({ kind: 'land', name: 'Nordrhein-Westfalen' })), 'Land Nordrhein-Westfalen');
  });

  const lookup = {
    areaOf: (ags: string) => places.find((p) => p.ags === ags),
    isTown: (a: Area) => a.kind !== 'kreis',
  };
  const resolved = (level: 'gemeinde' | 'kreis' | 'bund', areaAgs: string, forAgs: string) =>
    ({ forAgs, responsible: { level, areaAgs, areaName: 'x' } }) as unknown as Parameters<typeof markerFor>[0];

  it('marks town, county and other levels; a town service seen from the county says "your town"', () => {
    assert.deepEqual(markerFor(resolved('gemeinde', geseke.ags, geseke.ags), lookup, 'Ihre Stadt'), {
      kind: 'town',
      label: 'Stadt Geseke',
    });
    assert.deepEqual(markerFor(resolved('kreis', kreis.ags, geseke.ags), lookup, 'Ihre Stadt'), {
      kind: 'county',
      label: 'Kreis Soest',
    });
    assert.deepEqual(markerFor(resolved('gemeinde', kreis.ags, kreis.ags), lookup, 'Ihre Stadt'), {
      kind: 'any-town',
      label: 'Ihre Stadt',
    });
    assert.equal(markerFor(resolved('bund', '00', geseke.ags), lookup, 'Ihre Stadt').kind, 'federal');
  });
});

describe('place names', () => {
  it('normalises names', () => {
    assert.equal(normalizeName('Wickede (Ruhr)'), 'wickede ruhr');
    assert.equal(normalizeName('Straße'), 'strasse');
  });
});

describe('lists', () => {
  const s = (
    name: string,
    extra: Partial<{
      id: string;
      synonyms: string[];
      teaser: string | null;
      lebenslagen: string[];
      audience: ('citizens' | 'businesses')[];
    }> = {},
  ) => ({
    id: extra.id ?? normalizeName(name).replace(/ /g, '-'),
    name,
    synonyms: extra.synonyms ?? [],
    teaser: extra.teaser ?? null,
    lebenslagen: extra.lebenslagen ?? [],
    ...(extra.audience ? { audience: extra.audience } : {}),
  });

  it('groups A–Z with umlauts under their base letter and digits apart', () => {
    const groups = groupAz([
      s('Übermittlungssperre'),
      s('Abfall'),
      s('Ärztliche Untersuchung'),
      s('112 Notruf'),
      s('Umzug'),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.letter, g.items.map((i) => i.name)]),
      [
        ['0–9', ['112 Notruf']],
        ['A', ['Abfall', 'Ärztliche Untersuchung']],
        ['U', ['Übermittlungssperre', 'Umzug']],
      ],
    );
    assert.equal(groups[1]?.id, 'buchstabe-a');
  });

  it('filters by name, synonym and teaser with every word required, name hits first', () => {
    const list = [
      s('Personalausweis beantragen', { synonyms: ['Perso', 'Ausweis'] }),
      s('Reisepass beantragen', { teaser: 'Ein Ausweis für Reisen' }),
      s('Wohnsitz anmelden', { synonyms: ['Umzug'] }),
    ];
    assert.deepEqual(
      filterServices(list, 'ausweis').map((x) => x.name),
      ['Personalausweis beantragen', 'Reisepass beantragen'],
    );
    assert.deepEqual(
      filterServices(list, 'umzug').map((x) => x.name),
      ['Wohnsitz anmelden'],
    );
    assert.deepEqual(filterServices(list, 'ausweis umzug'), []);
    assert.deepEqual(filterServices(list, '  '), []);
  });

  it('orders a Lebenslage: services for which it is the main situation first', () => {
    const list = [
      s('B', { lebenslagen: ['x', 'umzug'] }),
      s('A', { lebenslagen: ['x', 'umzug'] }),
      s('C', { lebenslagen: ['umzug'] }),
    ];
    assert.deepEqual(
      orderForLebenslage(list, 'umzug').map((x) => x.name),
      ['C', 'A', 'B'],
    );
  });

  it("orders a Lebenslage's services for citizens before those only for businesses, within each rank", () => {
    const list = [
      s('A Gewerbe', { lebenslagen: ['umzug'], audience: ['businesses'] }),
      s('B beides', { lebenslagen: ['umzug'], audience: ['businesses', 'citizens'] }),
      s('C ohne Angabe', { lebenslagen: ['umzug'] }),
      s('D Nebenlage', { lebenslagen: ['x', 'umzug'] }),
    ];
    assert.deepEqual(
      orderForLebenslage(list, 'umzug').map((x) => x.name),
      ['B beides', 'C ohne Angabe', 'A Gewerbe', 'D Nebenlage'],
    );
  });

  it('picks the configured top tasks that exist, in order', () => {
    const list = [
      s('x', { id: 'reisepass-beantragen' }),
      s('y', { id: 'wohnsitz-anmelden' }),
      s('z', { id: 'sonstiges' }),
    ];
    assert.deepEqual(
      pickTopTasks(list).map((x) => x.id),
      ['wohnsitz-anmelden', 'reisepass-beantragen'],
    );
  });

  it('cleans queries', () => {
    assert.equal(cleanQuery('  Perso\n  beantragen '), 'Perso beantragen');
    assert.equal(cleanQuery(['a', 'b']), '');
    assert.equal(cleanQuery('x'.repeat(500)).length, 200);
  });
});
