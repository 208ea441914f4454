import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowedTypos,
  baseName,
  buildPlaceMatcher,
  damerauLevenshtein,
  foldPlaceName,
  type Place,
} from './place-matcher.ts';

const place = (
  ags: string,
  name: string,
  kreis: string,
  land: string,
  postcodes: string[],
  extra: Partial<Place> = {},
) => ({ ags, name, kind: 'gemeinde', kreis, land, postcodes, ...extra }) satisfies Place;

const PLACES: Place[] = [
  place('05974028', 'Lippstadt', 'Kreis Soest', 'Nordrhein-Westfalen', ['59555', '59556', '59557', '59558'], {
    ortsteile: ['Bad Waldliesborn', 'Cappel'],
    population: 68000,
  }),
  place('05974036', 'Lippetal', 'Kreis Soest', 'Nordrhein-Westfalen', ['59510'], { population: 12000 }),
  place('05974040', 'Möhnesee', 'Kreis Soest', 'Nordrhein-Westfalen', ['59519'], {
    ortsteile: ['Körbecke', 'Delecke'],
  }),
  place('05974044', 'Soest', 'Kreis Soest', 'Nordrhein-Westfalen', ['59494'], { population: 48000 }),
  place('05974020', 'Geseke', 'Kreis Soest', 'Nordrhein-Westfalen', ['59590']),
  place('05974048', 'Welver', 'Kreis Soest', 'Nordrhein-Westfalen', ['59514']),
  place('01055033', 'Neustadt in Holstein', 'Ostholstein', 'Schleswig-Holstein', ['23730'], { population: 15000 }),
  place('07316000', 'Neustadt an der Weinstraße', 'Neustadt an der Weinstraße', 'Rheinland-Pfalz', ['67433', '67434'], {
    population: 53000,
  }),
  place('09374140', 'Neustadt a.d.Waldnaab', 'Neustadt a.d.Waldnaab', 'Bayern', ['92660'], { population: 5800 }),
  place('06534013', 'Neustadt (Hessen)', 'Marburg-Biedenkopf', 'Hessen', ['35279'], { population: 9000 }),
  place('16067081', 'Mühlhausen/Thüringen', 'Unstrut-Hainich-Kreis', 'Thüringen', ['99974']),
  place('08215096', 'Mühlhausen', 'Rhein-Neckar-Kreis', 'Baden-Württemberg', ['69242']),
  place('01003000', 'Lübeck', 'Lübeck', 'Schleswig-Holstein', ['23552', '23554']),
  place('10046111', 'St. Wendel', 'St. Wendel', 'Saarland', ['66606']),
  place('15003000', 'Halle (Saale)', 'Halle (Saale)', 'Sachsen-Anhalt', ['06108']),
  place('09178124', 'Freising', 'Freising', 'Bayern', ['85354']),
  place('03251009', 'Brockum', 'Diepholz', 'Niedersachsen', ['49448']),
  place('03251020', 'Hüde', 'Diepholz', 'Niedersachsen', ['49448']),
];

const matcher = buildPlaceMatcher(PLACES);
const top = (input: string) => matcher.match(input).candidates[0];
const agsOf = (input: string) => matcher.match(input).candidates.map((c) => c.place.ags);

describe('place matcher', () => {
  it('folds German text once: case, umlauts, ß, Sankt, punctuation', () => {
    assert.equal(foldPlaceName('Körbecke'), foldPlaceName('KOERBECKE'));
    assert.equal(foldPlaceName('Weißenthurm'), 'weissenthurm');
    assert.equal(foldPlaceName('St. Wendel'), 'sankt wendel');
    assert.equal(foldPlaceName('Lippstadt-Bad Waldliesborn'), 'lippstadt bad waldliesborn');
    assert.equal(foldPlaceName('Montréal'), 'montreal');
  });

  it('finds the base name citizens type first', () => {
    assert.equal(baseName('Neustadt an der Weinstraße'), 'Neustadt');
    assert.equal(baseName('Neustadt a.d.Waldnaab'), 'Neustadt');
    assert.equal(baseName('Halle (Saale)'), 'Halle');
    assert.equal(baseName('Rothenburg ob der Tauber'), 'Rothenburg');
    assert.equal(baseName('Weil der Stadt'), 'Weil der Stadt');
    assert.equal(baseName('Bad Sassendorf'), 'Bad Sassendorf');
  });

  it('measures Damerau–Levenshtein distance with transpositions, bounded', () => {
    assert.equal(damerauLevenshtein('lipstadt', 'lippstadt', 2), 1);
    assert.equal(damerauLevenshtein('lippstdat', 'lippstadt', 2), 1, 'a transposition is one edit');
    assert.equal(damerauLevenshtein('soest', 'soets', 1), 1);
    assert.equal(damerauLevenshtein('geseke', 'welver', 2), 3, 'stops at max + 1');
    assert.deepEqual([allowedTypos(3), allowedTypos(5), allowedTypos(7), allowedTypos(8)], [0, 1, 1, 2]);
  });

  it('answers a postcode with every Gemeinde it covers', () => {
    const m = matcher.match('49448');
    assert.equal(m.interpretedAs, 'postcode');
    assert.deepEqual(m.candidates.map((c) => c.place.name).sort(), ['Brockum', 'Hüde']);
    assert.equal(m.ambiguous, true);
    assert.equal(m.candidates[0]?.reason, 'postcode');
    assert.deepEqual(agsOf('59494'), ['05974044']);
    assert.equal(matcher.match('59494').ambiguous, false);
    assert.deepEqual(agsOf('99999'), []);
  });

  it('narrows a shared postcode by the name typed with it', () => {
    const m = matcher.match('49448 Hüde');
    assert.equal(m.interpretedAs, 'postcode-and-name');
    assert.equal(m.candidates[0]?.place.name, 'Hüde');
    assert.equal(m.ambiguous, false);
  });

  it('matches names regardless of case, umlauts, titles before or after', () => {
    assert.equal(top('soest')?.place.ags, '05974044');
    assert.equal(top('soest')?.reason, 'exact');
    for (const input of ['Stadt Soest', 'Soest, Stadt', 'SOEST Stadt', 'Hansestadt Soest']) {
      assert.equal(top(input)?.place.ags, '05974044', input);
      assert.equal(top(input)?.reason, 'normalised', input);
    }
    assert.equal(top('Hansestadt Lübeck')?.place.ags, '01003000');
    assert.equal(top('Luebeck')?.place.ags, '01003000');
    assert.equal(top('Luebeck')?.reason, 'exact');
    assert.equal(top('Sankt Wendel')?.place.ags, '10046111');
    assert.equal(top('Große Kreisstadt Freising')?.place.ags, '09178124');
    assert.equal(top('Halle Saale')?.place.ags, '15003000');
  });

  it('finds a Gemeinde by its Ortsteil, also spelt without umlauts', () => {
    const m = matcher.match('Koerbecke');
    assert.equal(m.candidates[0]?.place.name, 'Möhnesee');
    assert.equal(m.candidates[0]?.reason, 'ortsteil');
    assert.equal(m.candidates[0]?.matched, 'Körbecke');
  });

  it('reads "Town-Ortsteil"', () => {
    const known = top('Lippstadt-Bad Waldliesborn');
    assert.equal(known?.place.ags, '05974028');
    assert.equal(known?.reason, 'town-ortsteil');
    assert.equal(known?.matched, 'Lippstadt-Bad Waldliesborn', 'a known Ortsteil is named');
    assert.equal(top('Bad Waldliesborn')?.reason, 'ortsteil');
    const unknown = top('Soest-Ostönnen');
    assert.equal(unknown?.place.ags, '05974044');
    assert.equal(unknown?.reason, 'town-ortsteil');
    assert.equal(unknown?.matched, 'Soest');
    assert.equal(top('Stadt Soest - Ostönnen')?.place.ags, '05974044');
  });

  it('forgives small typos, more in long names, and says how far off', () => {
    const lipstadt = top('Lipstadt');
    assert.equal(lipstadt?.place.name, 'Lippstadt');
    assert.deepEqual([lipstadt?.reason, lipstadt?.distance], ['typo', 1]);
    assert.equal(top('Lippstdat')?.place.name, 'Lippstadt', 'a swap is one typo');
    assert.equal(top('Mohnesee')?.place.name, 'Möhnesee');
    assert.equal(top('Mönesse')?.place.name, 'Möhnesee', 'two typos in a long name');
    assert.equal(top('Welwer')?.place.name, 'Welver', 'one typo in a short name');
    assert.deepEqual(agsOf('Wlwerr'), [], 'two typos in a short name are too many');
    assert.deepEqual(agsOf('xyz'), []);
    assert.deepEqual(agsOf('Lip'), [], 'no typo tolerance below four letters');
  });

  it('offers a chooser for names shared by several Gemeinden, told apart by Kreis and Land', () => {
    const m = matcher.match('Neustadt');
    assert.equal(m.ambiguous, true);
    assert.equal(m.candidates.length, 4);
    assert.ok(m.candidates.every((c) => c.reason === 'base-name'));
    // Equally good: the bigger town first.
    assert.equal(m.candidates[0]?.place.name, 'Neustadt an der Weinstraße');
    const mm = matcher.match('Mühlhausen');
    assert.equal(mm.candidates[0]?.place.name, 'Mühlhausen');
    assert.equal(mm.ambiguous, false, 'an exact name beats a longer one');
    assert.deepEqual(
      matcher.match('Neustadt in Holstein').candidates.map((c) => c.label),
      ['Neustadt in Holstein'],
    );
  });

  it('labels candidates of the same name with Kreis and Land', () => {
    const twins = buildPlaceMatcher([
      place('03254028', 'Lamspringe', 'Hildesheim', 'Niedersachsen', ['31195']),
      place('09999001', 'Lamspringe', 'Musterkreis', 'Bayern', ['99999']),
    ]);
    const m = twins.match('lamspringe');
    assert.equal(m.ambiguous, true);
    assert.deepEqual(m.candidates.map((c) => c.label).sort(), [
      'Lamspringe (Hildesheim, Niedersachsen)',
      'Lamspringe (Musterkreis, Bayern)',
    ]);
  });

  it('answers empty input with nothing', () => {
    assert.deepEqual(matcher.match('   '), { query: '   ', interpretedAs: 'empty', candidates: [], ambiguous: false });
  });
});
