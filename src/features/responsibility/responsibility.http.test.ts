// Decision 0120 through HTTP on the Kreis Soest seed: the API's `place`, the portal's place question without
// JavaScript (`?ort=`), and the county page naming the towns that answer differently.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { KREIS_SOEST_SEED } from '../../app/seed.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';

describe('responsibility over HTTP (decision 0120)', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    await importBundle(app.services.catalog, KREIS_SOEST_SEED);
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('the place may be a postcode: the API and the portal lead it to the area that lists it', async () => {
    const res = await app.inject('/api/v1/areas/05974020/services/baugenehmigung-beantragen?place=59555');
    assert.equal(res.statusCode, 200);
    const { responsible } = res.json() as { responsible: { areaAgs: string; decidedBy: { areaName: string } } };
    assert.deepEqual([responsible.areaAgs, responsible.decidedBy.areaName], ['05974028', 'Lippstadt']);
    const unknown = await app.inject('/api/v1/areas/05974020/services/baugenehmigung-beantragen?place=99998');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Postleitzahl, die ein Gebiet führt/);
    const page = await app.inject('/geseke/leistungen/baugenehmigung-beantragen?ort=59555');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="lippstadt" selected/);
    assert.match(page.body, /name="ort"[^>]*autocomplete="postal-code"|autocomplete="postal-code"[^>]*name="ort"/i);
  });

  it('the API resolves for the place of the plot and says which fact decided', async () => {
    const res = await app.inject('/api/v1/areas/05974020/services/baugenehmigung-beantragen?place=05974028');
    assert.equal(res.statusCode, 200);
    const { responsible } = res.json() as {
      responsible: { level: string; areaAgs: string; decidedBy: unknown; rule: { origin?: string } };
    };
    assert.deepEqual(
      [responsible.level, responsible.areaAgs, responsible.rule.origin],
      ['gemeinde', '05974028', 'task'],
    );
    assert.deepEqual(responsible.decidedBy, {
      factor: 'property_location',
      areaAgs: '05974028',
      areaName: 'Lippstadt',
      assumed: false,
    });
    const without = await app.inject('/api/v1/areas/05974020/services/baugenehmigung-beantragen');
    const r = (without.json() as { responsible: { areaAgs: string; decidedBy: { assumed: boolean } } }).responsible;
    assert.deepEqual([r.areaAgs, r.decidedBy.assumed], ['05974', true]);
  });

  it('refuses a place that is no area, naming what is expected', async () => {
    const bad = await app.inject('/api/v1/areas/05974020/services/baugenehmigung-beantragen?place=abc');
    assert.equal(bad.statusCode, 400);
    const unknown = await app.inject('/api/v1/areas/05974020/services/baugenehmigung-beantragen?place=05974999');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /AGS eines Gebiets/);
  });

  it('the service page asks where the plot lies, as a plain GET form, and answers for the chosen place', async () => {
    const page = await app.inject('/geseke/leistungen/baugenehmigung-beantragen');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<form class="aw-place-question" method="get" action="\/geseke\/leistungen\/baugenehmigung-beantragen">/,
    );
    assert.match(page.body, /Wo liegt das Grundstück\?/);
    assert.match(page.body, /<select[^>]*name="ort"/);
    const chosen = await app.inject('/geseke/leistungen/baugenehmigung-beantragen?ort=lippstadt');
    assert.equal(chosen.statusCode, 200);
    assert.match(chosen.body, /Maßgeblich ist der Ort Lippstadt\./);
    assert.match(chosen.body, /<option value="lippstadt" selected/);
    const unknown = await app.inject('/geseke/leistungen/baugenehmigung-beantragen?ort=atlantis');
    assert.equal(unknown.statusCode, 404);
  });

  it("the county's page names the towns with their own Bauaufsicht and links each town's answer", async () => {
    const page = await app.inject('/kreis-soest/leistungen/baugenehmigung-beantragen');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /In Lippstadt, Soest, Warstein und Werl: die Stadt oder Gemeinde selbst\./);
    for (const slug of ['lippstadt', 'soest', 'warstein', 'werl'])
      assert.match(page.body, new RegExp(`href="/${slug}/leistungen/baugenehmigung-beantragen"`));
  });
});
