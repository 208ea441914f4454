// The places citizens type (issue 10), with the real register and OSM's postcodes loaded next to the Kreis Soest seed:
// through the portal's /wahl (no JavaScript) and the API's /places. Reads ../shared/data (never copied into the
// repository); skips loudly without it, and REQUIRE_SHARED_DATA=1 (CI) makes that a failure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importGv100ad } from '../../interop/gv100ad/index.ts';
import { importOsmPostcodes } from '../../interop/osm-postcodes/index.ts';
import { sharedDataOrSkip } from '../../interop/shared-data.ts';
import { systemPrincipal } from '../catalog/index.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

const files = sharedDataOrSkip('de-areas/GV100AD_30112025.txt', 'de-areas/zuordnung_plz_ort_2022.csv');

interface PlacesAnswer {
  ambiguous: boolean;
  candidates: { ags: string; name: string; label: string; kreis: string; land: string; reason: string }[];
}

describe('places a citizen types, on the real register', { skip: files === false }, () => {
  const [register, postcodes] = files || [];
  let t: SeededApp;
  before(async () => {
    t = await seededApp();
    const options = { actor: systemPrincipal('cli'), source: 'test' };
    await importGv100ad(t.app.services, register!, options);
    await importOsmPostcodes(t.app.services, postcodes!, options);
  });
  after(() => t?.close());

  const choose = (ort: string) => t.app.inject({ method: 'GET', url: `/wahl?ort=${encodeURIComponent(ort)}` });
  const places = async (q: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/places?q=${encodeURIComponent(q)}` })).json() as PlacesAnswer;

  for (const [input, town, ags] of [
    ['Hovestadt', 'lippetal', '05974024'],
    ['Bad Waldliesborn', 'lippstadt', '05974028'],
    ['Körbecke', 'moehnesee', '05974032'],
    ['Belecke', 'warstein', '05974044'],
    ['Ostönnen', 'soest', '05974040'],
    ['Lipstadt', 'lippstadt', '05974028'],
    ['Stadt Soest', 'soest', '05974040'],
    ['Lippstadt-Bad Waldliesborn', 'lippstadt', '05974028'],
  ] as const) {
    it(`"${input}" leads to ${town} (portal and API)`, async () => {
      const res = await choose(input);
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      assert.equal(res.headers.location, `/${town}/`);
      const api = await places(input);
      assert.equal(api.ambiguous, false);
      assert.equal(api.candidates[0]?.ags, ags);
    });
  }

  it('"Stadt" alone picks no town and asks no spelling question', async () => {
    const res = await choose('Stadt');
    assert.notEqual(res.statusCode, 303, `went to ${res.headers.location}`);
    assert.doesNotMatch(res.body, /Schreibweise/);
  });

  it('München is named with its Land and the way to it, never a spelling hint', async () => {
    const res = await choose('München');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-place-outside/);
    assert.match(res.body, /München gehört zu München/);
    assert.match(res.body, /Bayern/);
    assert.doesNotMatch(res.body, /Schreibweise/);
    const api = await places('München');
    assert.equal(api.candidates[0]?.ags, '09162000');
  });

  it('33602 is Bielefeld, outside the deployment', async () => {
    const res = await choose('33602');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Bielefeld/);
    assert.doesNotMatch(res.body, /Schreibweise/);
    assert.equal((await places('33602')).candidates[0]?.ags, '05711000');
  });

  it('"Neustadt" gives a chooser telling the Gemeinden apart by Kreis and Land', async () => {
    const res = await choose('Neustadt');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Bitte wählen Sie Ihren Ort/);
    assert.doesNotMatch(res.body, /Schreibweise/);
    const api = await places('Neustadt');
    assert.equal(api.ambiguous, true);
    assert.ok(api.candidates.length >= 10, `${api.candidates.length} candidates`);
    assert.equal(new Set(api.candidates.map((c) => c.label)).size, api.candidates.length);
    assert.ok(api.candidates.every((c) => c.land !== ''));
  });
});
