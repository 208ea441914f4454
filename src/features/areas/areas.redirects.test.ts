import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { movedCandidate } from './areas.redirects.ts';

describe('which part of a URL names an area', () => {
  const seen = (url: string) => {
    const c = movedCandidate(url);
    return c ? [c.value, c.type, c.rebuild('NEU'), c.onlySuccession] : null;
  };
  it('finds slugs and keys where the portal, checklist, embeds and API put them', () => {
    assert.deepEqual(seen('/geseke/a-z'), ['geseke', 'slug', '/NEU/a-z', false]);
    assert.deepEqual(seen('/en/geseke/?x=1'), ['geseke', 'slug', '/en/NEU/?x=1', false]);
    assert.deepEqual(seen('/checkliste/geseke/druck'), ['geseke', 'slug', '/checkliste/NEU/druck', false]);
    assert.deepEqual(seen('/embed/geseke'), ['geseke', 'slug', '/embed/NEU', false]);
    assert.deepEqual(seen('/embed/v1/data/geseke?lang=de'), ['geseke', 'slug', '/embed/v1/data/NEU?lang=de', false]);
    assert.deepEqual(seen('/api/v1/areas/05974020/services'), ['05974020', 'key', '/api/v1/areas/NEU/services', false]);
    assert.deepEqual(seen('/api/v1/areas/05974020'), ['05974020', 'key', '/api/v1/areas/NEU', true]);
    assert.deepEqual(seen('/api/v1/areas/05974020/?x=1'), ['05974020', 'key', '/api/v1/areas/NEU/?x=1', false]);
    assert.deepEqual(seen('/api/v1/areas/059%37/services'), ['0597', 'key', '/api/v1/areas/NEU/services', false]);
    assert.deepEqual(seen('/en/m%C3%B6hnesee/a-z'), ['möhnesee', 'slug', '/en/NEU/a-z', false]);
  });
  it('leaves everything else alone', () => {
    for (const url of [
      '/',
      '/wahl?ort=x',
      '/editor/',
      '/assets/portal.css',
      '/embed/v1.js',
      '/api/v1/search',
      '/api/v1/areas/',
      '/api/v1/areas?ags=1',
      '/robots.txt',
      '/en',
    ])
      assert.equal(movedCandidate(url), null, url);
  });
});
