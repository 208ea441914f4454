// Ids are picked from lists in the forms (issue #13, finding 6): the task, the rules' areas and area kinds, the
// town's alternative service, a unit's assignments — datalists of what exists, without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALTDORF, COUNTY, createHttpFixture, type HttpFixture, type Signed } from './editor.testing.ts';

/** The options of a datalist: value → label. */
function datalist(html: string, id: string, field: string): Map<string, string> {
  assert.match(html, new RegExp(`name="${field.replace(/\./g, '\\.')}"[^>]*list="${id}"`), `${field} uses ${id}`);
  const body = new RegExp(`<datalist id="${id}">(.*?)</datalist>`, 's').exec(html)?.[1] ?? '';
  return new Map([...body.matchAll(/<option value="([^"]*)" label="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('the forms offer ids from lists', () => {
  let f: HttpFixture;
  let county: Signed;
  let altdorf: Signed;
  before(async () => {
    f = await createHttpFixture();
    county = await f.login('county');
    altdorf = await f.login('altdorf');
  });
  after(async () => {
    await f?.app.close();
    await f?.db.cleanup();
  });
  const page = async (s: Signed, url: string) => {
    const res = await f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
    assert.equal(res.statusCode, 200);
    return res.body;
  };

  it("a service's task and its rules' areas", async () => {
    const html = await page(county, `/editor/${COUNTY}/services/bauantrag`);
    const tasks = datalist(html, 'dl-aufgaben', 'task');
    assert.ok(tasks.has('bau') && tasks.has('melde'), [...tasks.keys()].join());
    const areas = datalist(html, 'dl-gebiete', 'rules.0.withinAgs');
    assert.equal(areas.get(ALTDORF), 'Altdorf');
    assert.ok(!areas.has('17002000'), 'only areas within the tenant');
    const match = datalist(html, 'dl-gebiete-und-arten', 'rules.0.matchValue');
    assert.ok(match.has('mittlere_stadt') && match.has(ALTDORF), [...match.keys()].join());
  });

  it("a town's alternative service and a unit's assignments", async () => {
    const setting = await page(altdorf, `/editor/${ALTDORF}/services/anmeldung`);
    const services = datalist(setting, 'dl-leistungen', 'alternativeServiceId');
    assert.equal(services.get('zeugnis'), 'Führungszeugnis');
    assert.ok(services.has('altdorf-fest'));
    const unit = await page(altdorf, `/editor/${ALTDORF}/authorities/altdorf-rathaus`);
    assert.ok(datalist(unit, 'dl-leistungen', 'assignments.0.serviceId').has('anmeldung'));
    assert.ok(datalist(unit, 'dl-aufgaben', 'assignments.0.task').has('melde'));
    assert.deepEqual([...datalist(unit, 'dl-gebiete', 'assignments.0.areaAgs').keys()], [ALTDORF]);
  });
});
