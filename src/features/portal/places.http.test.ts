import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importGv100ad } from '../../interop/gv100ad/index.ts';
import { importOsmPostcodes } from '../../interop/osm-postcodes/index.ts';
import { systemPrincipal } from '../catalog/index.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

const REGISTER = fileURLToPath(new URL('../../interop/gv100ad/testdata/gv100ad-import.txt', import.meta.url));
// Our own fixture in OSM's format: 56220 is given to Kettig and Weißenthurm on purpose (a shared postcode).
const POSTCODES = fileURLToPath(new URL('../../interop/osm-postcodes/testdata/plz-import.csv', import.meta.url));

describe('places a citizen types (/wahl, the API)', () => {
  let t: SeededApp;
  before(async () => {
    t = await seededApp();
    // A few areas outside the Kreis Soest deployment (Hamm, Mayen-Koblenz …), as the register import writes them.
    await importGv100ad(t.app.services, REGISTER, { actor: systemPrincipal('cli'), source: 'test' });
    await importOsmPostcodes(t.app.services, POSTCODES, { actor: systemPrincipal('cli'), source: 'test' });
  });
  after(() => t.close());

  const choose = (ort: string) => t.app.inject({ method: 'GET', url: `/wahl?ort=${encodeURIComponent(ort)}` });

  for (const [input, town] of [
    ['Hovestadt', 'lippetal'],
    ['Bad Waldliesborn', 'lippstadt'],
    ['Körbecke', 'moehnesee'],
    ['Belecke', 'warstein'],
    ['Ostönnen', 'soest'],
    ['Lipstadt', 'lippstadt'],
    ['Stadt Soest', 'soest'],
    ['Lippstadt-Bad Waldliesborn', 'lippstadt'],
  ] as const) {
    it(`"${input}" leads to ${town}`, async () => {
      const res = await choose(input);
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      assert.equal(res.headers.location, `/${town}/`);
    });
  }

  it('a real place outside the deployment names its Gemeinde, Kreis and Land — no spelling hint', async () => {
    const res = await choose('Hamm');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-place-outside/);
    assert.match(res.body, /Hamm gehört zu Hamm/);
    assert.match(res.body, /Nordrhein-Westfalen/);
    assert.doesNotMatch(res.body, /Schreibweise/);
    const kettig = await choose('Kettig');
    assert.match(kettig.body, /Kettig gehört zu Kettig \(Landkreis Mayen-Koblenz, Rheinland-Pfalz\)/);
  });

  it('"Stadt" alone picks no town (the old fallback chose Lippstadt)', async () => {
    const res = await choose('Stadt');
    assert.notEqual(res.headers.location, '/lippstadt/');
    assert.equal(res.statusCode, 200);
  });

  it('a postcode shared outside the deployment gives a chooser telling the Gemeinden apart by Kreis and Land', async () => {
    const res = await choose('56220');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Bitte wählen Sie Ihren Ort/);
    assert.match(res.body, /href="\/wahl\?ort=07137042">Kettig \(Landkreis Mayen-Koblenz, Rheinland-Pfalz\)</);
    assert.match(res.body, /href="\/wahl\?ort=07137222">Weißenthurm \(Landkreis Mayen-Koblenz, Rheinland-Pfalz\)</);
    // A choice leads to the place's answer: outside the deployment, where it belongs.
    const kettig = await choose('07137042');
    assert.match(kettig.body, /data-place-outside/);
    assert.match(kettig.body, /Kettig gehört zu Kettig \(Landkreis Mayen-Koblenz, Rheinland-Pfalz\)/);
    // A postcode of a place outside that OSM knows, alone: Hamm.
    const hamm = await choose('59063');
    assert.match(hamm.body, /Hamm gehört zu Hamm/);
  });

  it('areas outside the deployment are known (API, chooser) but have no site', async () => {
    const hamm = await t.app.inject({ method: 'GET', url: '/hamm/' });
    assert.equal(hamm.statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/areas/05915000' })).statusCode, 200);
    const start = await t.app.inject({ method: 'GET', url: '/' });
    assert.match(start.body, /Alle Städte und Gemeinden im Kreis Soest/);
    assert.doesNotMatch(start.body, /Kettig|Weißenthurm/);
  });

  it('still asks to check the spelling when no place fits', async () => {
    const res = await choose('Xqzwv');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Schreibweise/);
  });

  it('the API answers what a citizen types like /wahl: Ortsteil, typo, a shared postcode, nothing', async () => {
    const places = async (q: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/places?q=${encodeURIComponent(q)}` });
    const hovestadt = (await places('Hovestadt')).json() as {
      ambiguous: boolean;
      candidates: { ags: string; reason: string; kreis: string; land: string; label: string }[];
    };
    assert.equal(hovestadt.ambiguous, false);
    assert.deepEqual(
      [hovestadt.candidates[0]?.ags, hovestadt.candidates[0]?.reason, hovestadt.candidates[0]?.kreis],
      ['05974024', 'ortsteil', 'Kreis Soest'],
    );
    assert.equal(((await places('Lipstadt')).json() as typeof hovestadt).candidates[0]?.ags, '05974028');
    const shared = (await places('56220')).json() as typeof hovestadt;
    assert.equal(shared.ambiguous, true);
    assert.deepEqual(shared.candidates.map((c) => c.ags).sort(), ['07137042', '07137222']);
    const none = (await places('Xqzwv')).json() as typeof hovestadt;
    assert.deepEqual(none.candidates, []);
    const empty = await places(' ');
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /give a Gemeinde, an Ortsteil or a postcode/);
  });

  it('the API names the chain of an area by ARS', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/areas/059740020020' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ags: string; matchedBy: string; chain: { key: string; name: string }[] };
    assert.equal(body.ags, '05974020');
    assert.equal(body.matchedBy, 'ars');
    assert.deepEqual(
      body.chain.map((l) => l.key),
      ['05974020', '05974', '059', '05', '00'],
    );
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/areas/059749999999' });
    assert.equal(missing.statusCode, 404);
  });
});
