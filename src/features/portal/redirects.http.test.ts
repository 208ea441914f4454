import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { emptyChangeSet, systemPrincipal } from '../catalog/index.ts';
import { type SeededApp, seededApp } from './portal.testing.ts';

// Two towns of the seed stand in for a merger and a rename: Anröchte is taken over by Erwitte from 2026-01-01
// (an example, not a fact), and Geseke's slug is renamed by an import.
describe('old area URLs redirect (succession, renamed slug)', () => {
  let t: SeededApp;
  before(async () => {
    t = await seededApp();
    const { areas, catalog } = t.app.services;
    await areas.rememberSlugs();
    const anroechte = (await catalog.listAreas()).find((a) => a.slug === 'anroechte');
    const erwitte = (await catalog.listAreas()).find((a) => a.slug === 'erwitte');
    assert.ok(anroechte && erwitte);
    await areas.succeed(anroechte.ags, erwitte.ags, '2026-01-01', { actor: systemPrincipal('cli'), source: 'test' });
    const geseke = (await catalog.listAreas()).find((a) => a.slug === 'geseke');
    assert.ok(geseke);
    const set = emptyChangeSet();
    set.areas = [{ label: 'rename', value: { ...geseke, slug: 'stadt-geseke' } }];
    await catalog.write(set, { actor: systemPrincipal('cli'), source: 'test' });
  });
  after(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  for (const [from, to] of [
    ['/geseke/', '/stadt-geseke/'],
    [
      '/geseke/leistungen/baugenehmigung-beantragen?ort=geseke',
      '/stadt-geseke/leistungen/baugenehmigung-beantragen?ort=stadt-geseke',
    ],
    ['/en/geseke/a-z', '/en/stadt-geseke/a-z'],
    ['/checkliste/geseke', '/checkliste/stadt-geseke'],
    ['/embed/geseke', '/embed/stadt-geseke'],
    ['/embed/v1/data/geseke?lang=en', '/embed/v1/data/stadt-geseke?lang=en'],
    ['/anroechte/', '/erwitte/'],
    ['/en/anroechte/suche?q=pass', '/en/erwitte/suche?q=pass'],
    ['/api/v1/areas/05974004/services', '/api/v1/areas/05974016/services'],
    ['/api/v1/areas/05974004', '/api/v1/areas/05974016'],
  ] as const) {
    it(`${from} → 301 ${to}`, async () => {
      const res = await get(from);
      assert.equal(res.statusCode, 301, res.body.slice(0, 300));
      assert.equal(res.headers.location, to);
      // The seeded test app keeps no checklist: its pages answer 404 either way.
      if (to.startsWith('/checkliste/')) return;
      const followed = await get(to);
      assert.equal(followed.statusCode, 200, `${to}: ${followed.body.slice(0, 300)}`);
    });
  }

  it('the embed data redirect is readable across origins', async () => {
    const res = await get('/embed/v1/data/geseke');
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });

  it('the place of the matter (?ort=) follows a rename on a current page', async () => {
    const res = await get('/soest/leistungen/baugenehmigung-beantragen?ort=geseke');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/soest/leistungen/baugenehmigung-beantragen?ort=stadt-geseke');
  });

  it('unknown slugs and keys stay 404; current ones answer directly', async () => {
    assert.equal((await get('/gibtsnicht/')).statusCode, 404);
    assert.equal((await get('/api/v1/areas/05974999')).statusCode, 404);
    // The current slug and key answer directly.
    assert.equal((await get('/stadt-geseke/')).statusCode, 200);
    assert.equal((await get('/api/v1/areas/05974016')).statusCode, 200);
  });

  it('the API names the register fields and the successor', async () => {
    const list = (await get('/api/v1/areas')).json() as {
      items: { ags: string; validUntil: string | null; successorAgs: string | null; population: number | null }[];
    };
    const anroechte = list.items.find((a) => a.ags === '05974004');
    assert.deepEqual([anroechte?.validUntil, anroechte?.successorAgs], ['2025-12-31', '05974016']);
    assert.ok(list.items.every((a) => 'population' in a && 'registerKind' in a));
  });
});
