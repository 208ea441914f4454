// Issue 13, finding 1: a lost update after a conflict. Two editors edit the same record; the second one's publish is
// refused with theirs beside mine, the form keeps the version it was opened with, and publishing again needs a
// choice per differing field. The token API answers 409 with the current version and the difference.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpFixture, form, type HttpFixture, type Signed } from './editor.testing.ts';

const hidden = (body: string, name: string) =>
  new RegExp(`type="hidden" name="${name}" value="([^"]*)"`).exec(body)?.[1] ??
  new RegExp(`name="${name}" value="([^"]*)"[^>]*type="hidden"`).exec(body)?.[1];

describe('edit conflicts (issue 13, finding 1)', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  /** The service form's fields as the browser would post them (from the rendered page). */
  async function openForm(s: Signed, url: string): Promise<Record<string, string>> {
    const page = await f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
    assert.equal(page.statusCode, 200);
    const fields: Record<string, string> = { _csrf: s.csrf };
    for (const m of page.body.matchAll(/<input[^>]*>/g)) {
      const tag = m[0];
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      if (!name || name === '_csrf') continue;
      const type = /type="([^"]+)"/.exec(tag)?.[1] ?? 'text';
      if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(tag)) continue;
      if (type === 'checkbox' && fields[name] !== undefined) continue; // repeated lists: one is enough here
      fields[name] = (/value="([^"]*)"/.exec(tag)?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    }
    for (const m of page.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
      fields[m[1]!] = m[2]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replace(/^\n/, '');
    return fields;
  }

  const post = (s: Signed, url: string, values: Record<string, string>) =>
    f.app.inject({ method: 'POST', url, cookies: { amtsweg_session: s.cookie }, ...form(values) });

  const publicFees = async () =>
    (await f.app.inject('/api/v1/areas/17001002/services/anmeldung')).json() as { fees: string | null };

  it('service form: shows theirs, keeps the old base version, and needs a choice per field', async () => {
    const url = '/editor/17001/services/anmeldung';
    const admin = await f.login('admin');
    const county = await f.login('county');
    const adminForm = await openForm(admin, url);
    const countyForm = await openForm(county, url);
    const base = countyForm.baseVersion;
    assert.ok(base, 'the form carries its base version');

    const first = await post(admin, url, { ...adminForm, fees: 'Neu: 12 Euro', intent: 'publish' });
    assert.equal(first.statusCode, 303, first.body.slice(0, 500));
    assert.equal((await publicFees()).fees, 'Neu: 12 Euro');

    const second = await post(county, url, { ...countyForm, teaser: 'Kurztext der Kreisredaktion', intent: 'publish' });
    assert.equal(second.statusCode, 409);
    // Who and what: the admin's account, field by field, theirs beside mine.
    assert.match(second.body, /admin@kreis\.example/);
    assert.match(second.body, /Inzwischen geändert/);
    assert.match(second.body, /Neu: 12 Euro/);
    // The form keeps the county editor's input and the version it was opened with — never the newer one.
    assert.match(second.body, /Kurztext der Kreisredaktion/);
    assert.equal(hidden(second.body, 'baseVersion'), base);
    const theirs = hidden(second.body, '_theirsBase');
    assert.equal(Number(theirs), Number(base) + 1);

    // Publishing again without choosing: refused, nothing written, the public fees stay the admin's.
    const again = await post(county, url, {
      ...countyForm,
      teaser: 'Kurztext der Kreisredaktion',
      _theirsBase: theirs ?? '',
      _theirsDraft: '0',
      intent: 'publish',
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /Bitte für/);
    assert.equal((await publicFees()).fees, 'Neu: 12 Euro');

    // The explicit choice: their fees, my short text.
    const resolved = await post(county, url, {
      ...countyForm,
      teaser: 'Kurztext der Kreisredaktion',
      _theirsBase: theirs ?? '',
      _theirsDraft: '0',
      _pick_fees: 'theirs',
      _pick_teaser: 'mine',
      intent: 'publish',
    });
    assert.equal(resolved.statusCode, 303, resolved.body.slice(0, 800));
    const after = (await f.app.inject('/api/v1/areas/17001002/services/anmeldung')).json() as {
      fees: string | null;
      teaser: string | null;
    };
    assert.equal(after.fees, 'Neu: 12 Euro');
    assert.equal(after.teaser, 'Kurztext der Kreisredaktion');
  });

  it("unit form: two town editors on a unit's e-mail get the same conflict", async () => {
    const url = '/editor/17001002/authorities/neustadt-rathaus';
    const a = await f.login('neustadt');
    const b = await f.login('neustadt');
    const formA = await openForm(a, url);
    const formB = await openForm(b, url);
    const first = await post(a, url, { ...formA, email: 'buergerbuero@neustadt.example', intent: 'publish' });
    assert.equal(first.statusCode, 303, first.body.slice(0, 500));
    const second = await post(b, url, { ...formB, email: 'rathaus@neustadt.example', intent: 'publish' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /buergerbuero@neustadt\.example/);
    assert.match(second.body, /name="_pick_email"/);
    assert.equal(hidden(second.body, 'baseVersion'), formB.baseVersion);
  });

  it('token API: 409 with the current version, who, and the difference', async () => {
    const { auth } = f.app.services;
    const user = await auth.getUser(f.userIds.county);
    const { token } = await auth.createApiToken(
      user.id,
      { name: 'konflikt' },
      { userId: user.id, label: user.email, name: null, grants: user.grants, via: 'api' },
    );
    const h = { authorization: `Bearer ${token}` };
    const current = (await f.app.inject({ url: '/api/v1/editor/17001/services/zeugnis', headers: h })).json();
    const version = current.published.version as number;
    const data = current.published.data as Record<string, unknown>;
    const one = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/editor/17001/services/zeugnis',
      headers: h,
      payload: { data: { ...data, fees: '13 Euro' }, baseVersion: version },
    });
    assert.equal(one.statusCode, 200, one.body);
    const stale = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/editor/17001/services/zeugnis',
      headers: h,
      payload: { data: { ...data, teaser: 'Andere Änderung' }, baseVersion: version },
    });
    assert.equal(stale.statusCode, 409);
    const problem = stale.json();
    assert.equal(problem.currentVersion, version + 1);
    assert.equal(problem.current.updatedBy, 'redaktion@kreis.example');
    assert.equal(problem.current.data.fees, '13 Euro');
    const fields = (problem.diff as Array<{ field: string; yours: unknown; theirs: unknown; changedBy: string }>).map(
      (d) => [d.field, d.changedBy],
    );
    assert.deepEqual(fields.sort(), [
      ['fees', 'them'],
      ['teaser', 'you'],
    ]);
  });
});
