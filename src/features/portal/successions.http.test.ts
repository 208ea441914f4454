// A changes file's successions redirect like `areas succeed` (issue 10): old AGS, slug, portal, API and embed URLs
// answer 301 with the successor. Examples for the test, not facts: Bad Sassendorf and Welver taken over by Soest
// from 2026-01-01.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importAreaChanges } from '../../interop/area-changes/index.ts';
import { systemPrincipal } from '../catalog/index.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

describe('successions from a changes file redirect', () => {
  let t: SeededApp;
  before(async () => {
    t = await seededApp();
    const { catalog } = t.app.services;
    const slugOf = async (ags: string) => (await catalog.getArea(ags)).slug;
    assert.equal(await slugOf('05974008'), 'bad-sassendorf');
    await importAreaChanges(
      t.app.services,
      'old;new;from\n05974008;05974040;2026-01-01\n05974048;05974040;2026-01-01\n',
      {
        actor: systemPrincipal('cli'),
        source: 'test',
        text: true,
      },
    );
  });
  after(() => t.close());

  for (const [from, to] of [
    ['/bad-sassendorf/', '/soest/'],
    ['/en/bad-sassendorf/a-z', '/en/soest/a-z'],
    ['/embed/bad-sassendorf', '/embed/soest'],
    ['/embed/v1/data/bad-sassendorf', '/embed/v1/data/soest'],
    ['/api/v1/areas/05974008', '/api/v1/areas/05974040'],
    ['/api/v1/areas/05974048/services', '/api/v1/areas/05974040/services'],
  ] as const) {
    it(`${from} → 301 ${to}`, async () => {
      const res = await t.app.inject({ method: 'GET', url: from });
      assert.equal(res.statusCode, 301, res.body.slice(0, 300));
      assert.equal(res.headers.location, to);
    });
  }
});
