// Issue 13, finding 2: removing a Kreis service wiped every town's data for it, without asking; the API's restore
// with {"version": null} answered 409. Now the removal asks first and names what is affected, archives instead of
// deleting, and a restore (page or API alike) brings the service back with every town's settings and contact links.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpFixture, form, type HttpFixture } from './editor.testing.ts';

describe('removing archives, restoring brings everything back (issue 13, finding 2)', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const dependents = async () => {
    const k = f.db.kysely;
    return {
      settings: await k.selectFrom('areaServiceSettings').selectAll().where('serviceId', '=', 'anmeldung').execute(),
      links: await k.selectFrom('contactServices').selectAll().where('serviceId', '=', 'anmeldung').execute(),
      rules: await k.selectFrom('responsibilityRules').selectAll().where('serviceId', '=', 'anmeldung').execute(),
      lebenslagen: await k.selectFrom('serviceLebenslagen').selectAll().where('serviceId', '=', 'anmeldung').execute(),
    };
  };
  const publicAnswer = (town = '17001001') => f.app.inject(`/api/v1/areas/${town}/services/anmeldung`);

  it('asks first, archives, and restores through the API with {"version": null} like the page', async () => {
    // Altdorf has its own text for the Kreis service; its contact is linked to it.
    const altdorf = await f.login('altdorf');
    const set = await f.app.inject({
      method: 'POST',
      url: '/editor/17001001/services/anmeldung',
      cookies: { amtsweg_session: altdorf.cookie },
      ...form({ _csrf: altdorf.csrf, offered: 'yes', localText: 'Termine im Rathaus Altdorf.', intent: 'publish' }),
    });
    assert.equal(set.statusCode, 303, set.body.slice(0, 400));
    assert.equal((await publicAnswer()).json().localText, 'Termine im Rathaus Altdorf.');
    const before = await dependents();
    assert.equal(before.settings.length, 1);
    assert.equal(before.links.length, 1);

    const county = await f.login('county');
    const cookies = { amtsweg_session: county.cookie };
    const url = '/editor/17001/services/anmeldung';
    const version = String(
      (
        await f.db.kysely
          .selectFrom('services')
          .select('version')
          .where('id', '=', 'anmeldung')
          .executeTakeFirstOrThrow()
      ).version,
    );

    // The form has no one-click removal; the confirmation page names what is affected.
    const edit = await f.app.inject({ url, cookies });
    assert.doesNotMatch(edit.body, new RegExp(`action="${url}/unpublish"`));
    const confirm = await f.app.inject({ url: `${url}/unpublish`, cookies });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /1 Stadt oder Gemeinde hat eigene Angaben zu dieser Leistung: Altdorf/);
    assert.match(confirm.body, /1 Ansprechperson ist mit ihr verknüpft/);
    assert.match(confirm.body, /Gelöscht wird nichts/);

    // A POST without the confirmation answers with the page and removes nothing.
    const unconfirmed = await f.app.inject({
      method: 'POST',
      url: `${url}/unpublish`,
      cookies,
      ...form({ _csrf: county.csrf, version }),
    });
    assert.equal(unconfirmed.statusCode, 200);
    assert.equal((await publicAnswer()).statusCode, 200);

    const removed = await f.app.inject({
      method: 'POST',
      url: `${url}/unpublish`,
      cookies,
      ...form({ _csrf: county.csrf, version, confirm: 'ja' }),
    });
    assert.equal(removed.statusCode, 303, removed.body.slice(0, 400));
    assert.equal((await publicAnswer()).statusCode, 404, 'gone from the public catalog');
    assert.deepEqual(await dependents(), before, 'nothing deleted: settings, contact links, rules, Lebenslagen');
    // The removed service's form and history stay reachable.
    assert.equal((await f.app.inject({ url: removed.headers.location as string, cookies })).statusCode, 200);

    // Restore through the token API: "version": null means "it is removed", as the history page sends it.
    const { auth } = f.app.services;
    const user = await auth.getUser(f.userIds.county);
    const { token } = await auth.createApiToken(
      user.id,
      { name: 'archiv' },
      { userId: user.id, label: user.email, name: null, grants: user.grants, via: 'api' },
    );
    const h = { authorization: `Bearer ${token}` };
    const history = (await f.app.inject({ url: '/api/v1/editor/17001/services/anmeldung/history', headers: h })).json();
    const last = (history as Array<{ id: string; action: string; doc: unknown }>).find((r) => r.doc !== null);
    assert.ok(last, 'the state before the removal is in the history');
    const restored = await f.app.inject({
      method: 'POST',
      url: '/api/v1/editor/17001/services/anmeldung/restore',
      headers: h,
      payload: { revisionId: last.id, version: null },
    });
    assert.equal(restored.statusCode, 200, restored.body);
    assert.deepEqual(await dependents(), before);
    const back = await publicAnswer();
    assert.equal(back.statusCode, 200);
    assert.equal(back.json().localText, 'Termine im Rathaus Altdorf.', "the town's setting is back");

    // Altdorf's history of its setting never claims a state the portal does not show.
    const settingHistory = await f.app.inject({
      url: '/editor/17001001/services/anmeldung/history',
      cookies: { amtsweg_session: altdorf.cookie },
    });
    assert.equal(settingHistory.statusCode, 200);
  });
});
