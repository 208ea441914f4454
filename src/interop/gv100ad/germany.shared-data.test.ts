// The whole register and its companion files, read from ../shared/data (never copied into the repository).
// Skips loudly when the folder is absent; REQUIRE_SHARED_DATA=1 (CI) makes that a failure.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { displayName, withArticle } from '../../features/areas/area-names.ts';
import { buildPlaceMatcher } from '../../features/areas/place-matcher.ts';
import type { RegisterKindCode } from '../../features/areas/register-kinds.ts';
import { readAdministrationAddresses } from '../destatis-addresses/index.ts';
import {
  gemeindenByPostcode,
  type OsmPostcode,
  postcodesByGemeinde,
  readOsmPostcodes,
} from '../osm-postcodes/index.ts';
import { sharedDataOrSkip } from '../shared-data.ts';
import { type AreaTree, buildAreaTree, type Gv100Register, loadGv100ad, placesFromTree } from './index.ts';

const files = sharedDataOrSkip(
  'de-areas/GV100AD_30112025.txt',
  'de-areas/anschriften_verwaltungen_20230131.csv',
  'de-areas/zuordnung_plz_ort_2022.csv',
);

describe('every German area from the official register', { skip: files === false }, () => {
  const [gv100, addresses, postcodes] = files || [];
  let register: Gv100Register;
  let tree: AreaTree;
  let osm: OsmPostcode[];

  before(async () => {
    register = await loadGv100ad(gv100!);
    tree = buildAreaTree(register);
    osm = await readOsmPostcodes(postcodes!);
  });

  it('has 16 Länder, 400 Kreise, 4,590 Gemeindeverbände and 10,953 Gemeinden', () => {
    assert.equal(register.gebietsstand, '2025-11-30');
    assert.equal(register.laender.length, 16);
    assert.equal(register.kreise.length, 400);
    assert.equal(register.gemeindeverbaende.length, 4590);
    assert.equal(register.gemeinden.length, 10953);
    assert.equal(register.regionen.length, 12);
    assert.equal(tree.nodes.length, 1 + 16 + register.regierungsbezirke.length + 400 + 4590 + 10953);
  });

  it('gives every Gemeinde a parent Gemeindeverband in its Kreis, and every Kreis a Land', () => {
    for (const g of register.gemeinden) {
      const verband = tree.byKey.get(g.verbandKey);
      assert.equal(verband?.level, 'gemeindeverband', g.ags);
      assert.ok(g.ars.startsWith(g.verbandKey) && g.ags === g.ars.slice(0, 5) + g.ars.slice(9), g.ags);
    }
    for (const k of register.kreise) {
      const parent = tree.byKey.get(tree.byKey.get(k.ags)!.parentKey!);
      assert.ok(parent?.level === 'land' || parent?.level === 'regierungsbezirk', k.ags);
    }
    const verbandsfrei = tree.nodes.filter((n) => n.verbandsfrei).length;
    assert.equal(verbandsfrei, register.gemeindeverbaende.filter((v) => v.textkennzeichen === '50').length);
  });

  it('reads every name as a sentence', () => {
    for (const node of tree.nodes) {
      if (node.level === 'bund') continue;
      const kind = node.kindCode as RegisterKindCode;
      const verband = node.parentKey ? tree.byKey.get(node.parentKey) : undefined;
      const input = { registerName: node.registerName, kind, verbandKind: verband?.kindCode as RegisterKindCode };
      assert.match(withArticle(input, 'dat'), /^(dem|der) \S/, node.registerName);
      assert.doesNotMatch(displayName(input), /,/, node.registerName);
    }
  });

  it('pads OSM postcodes and AGS; 1,390 postcodes cover several Gemeinden', () => {
    assert.equal(osm.length, 12871);
    assert.ok(osm.every((r) => /^\d{5}$/.test(r.postcode) && /^\d{8}$/.test(r.ags)));
    const byPostcode = gemeindenByPostcode(osm);
    assert.equal(byPostcode.size, 8170);
    assert.equal([...byPostcode.values()].filter((list) => list.length > 1).length, 1390);
  });

  it('reads every administration address with keys that fit the register', async () => {
    const list = await readAdministrationAddresses(addresses!);
    assert.equal(list.length, 13386);
    assert.deepEqual([...new Set(list.map((a) => a.satzart))].sort(), ['10', '20', '30', '40', '50', '60']);
    assert.ok(list.every((a) => /^\d{12}$/.test(a.ars)));
    assert.equal(list.find((a) => a.key === '032515401')?.name, 'Samtgemeinde "Altes Amt Lemförde"');
  });

  it('matches places citizens type over the whole country', () => {
    const matcher = buildPlaceMatcher(placesFromTree(tree, postcodesByGemeinde(osm)));
    assert.equal(matcher.size, 10953);
    assert.equal(matcher.match('Lipstadt').candidates[0]?.place.ags, '05974028');
    assert.equal(matcher.match('Soest, Stadt').candidates[0]?.place.ags, '05974040');
    assert.equal(matcher.match('59590').candidates[0]?.place.ags, '05974020');
    const neustadt = matcher.match('Neustadt');
    assert.equal(neustadt.ambiguous, true);
    assert.ok(neustadt.candidates.length >= 10, `${neustadt.candidates.length} Neustadt`);
    assert.equal(new Set(neustadt.candidates.map((c) => c.label)).size, neustadt.candidates.length);
  });
});
