// Issue 13, finding 5: no silent side effects on any write path. A write that changes nothing leaves no audit entry
// and no revision — through the token API (a service with responsibility rules, a unit with assignments, a town's
// setting), the spreadsheet upload and the XZuFi upload — and one change leaves exactly one audit entry and one
// revision. (The editor's forms are covered in Chromium, e2e/no-noise.spec.ts; the CLI import in
// src/cli/import-no-noise.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALTDORF, COUNTY, createHttpFixture, type HttpFixture, type Signed } from './editor.testing.ts';

function multipart(fields: Array<[string, string]>, file?: { name: string; type: string; content: string }) {
  const boundary = `----amtsweg${Math.random().toString(16).slice(2)}`;
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n${file.content}\r\n`,
    );
  return {
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const decode = (s: string) =>
  s.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

describe('no noise on any write path (issue 13, finding 5)', () => {
  let f: HttpFixture;
  let h: { authorization: string };
  before(async () => {
    f = await createHttpFixture();
    const { auth } = f.app.services;
    const user = await auth.getUser(f.userIds.admin);
    const { token } = await auth.createApiToken(
      user.id,
      { name: 'no-noise' },
      { userId: user.id, label: user.email, name: null, grants: user.grants, via: 'api' },
    );
    h = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  /** Audit entries of writes (sign-ins and tokens are audited too, but change no record) and revisions, in order. */
  async function traces(): Promise<{ audit: string[]; revisions: string[] }> {
    const k = f.db.kysely;
    const audit = await k
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('action', 'not like', 'login%')
      .where('action', 'not like', 'token%')
      .orderBy('at')
      .execute();
    const revisions = await k
      .selectFrom('revisions')
      .select(['entityType', 'entityId', 'action'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    return {
      audit: audit.map((a) => `${a.action} ${a.entityId ?? ''}`.trim()),
      revisions: revisions.map((r) => `${r.entityType} ${r.entityId} ${r.action}`),
    };
  }

  /** What a step added to the traces. */
  async function added(step: () => Promise<void>): Promise<{ audit: string[]; revisions: string[] }> {
    const before = await traces();
    await step();
    const after = await traces();
    return {
      audit: after.audit.slice(before.audit.length),
      revisions: after.revisions.slice(before.revisions.length).filter((r) => !r.endsWith(' baseline')),
    };
  }

  /** PUTs the published document back through the token API, with `change` applied. */
  async function putBack(path: string, change: Record<string, unknown> = {}): Promise<void> {
    const current = (await f.app.inject({ url: `/api/v1/editor/${path}`, headers: h })).json();
    const res = await f.app.inject({
      method: 'PUT',
      url: `/api/v1/editor/${path}`,
      headers: h,
      payload: { data: { ...current.published.data, ...change }, baseVersion: current.published.version },
    });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  }

  it('token API: an unchanged PUT of an imported service, unit or setting leaves nothing', async () => {
    // Imported records: rules (bauantrag) and assignments (nord-bauamt) carry the ids the bundle reader made.
    for (const path of [`${COUNTY}/services/bauantrag`, `${COUNTY}/authorities/nord-bauamt`])
      assert.deepEqual(await added(() => putBack(path)), { audit: [], revisions: [] }, path);
  });

  it('token API: one change, one audit entry and one revision; the same again, nothing', async () => {
    const one = await added(() => putBack(`${COUNTY}/authorities/nord-bauamt`, { phone: '+49 1 9' }));
    assert.deepEqual(one, { audit: ['publish nord-bauamt'], revisions: ['authority nord-bauamt publish'] });
    assert.deepEqual(await added(() => putBack(`${COUNTY}/authorities/nord-bauamt`)), { audit: [], revisions: [] });
    // A town's setting: published once, then put back unchanged.
    const settings = `${ALTDORF}/service-settings/zeugnis`;
    const current = (await f.app.inject({ url: `/api/v1/editor/${settings}`, headers: h })).json();
    const first = await f.app.inject({
      method: 'PUT',
      url: `/api/v1/editor/${settings}`,
      headers: h,
      payload: {
        data: { ...(current.published?.data ?? {}), offered: true, localText: 'Bitte Termin vereinbaren.' },
        baseVersion: current.published?.version ?? null,
      },
    });
    assert.equal(first.statusCode, 200, first.body.slice(0, 500));
    assert.deepEqual(await added(() => putBack(settings)), { audit: [], revisions: [] });
  });

  it('a draft saved unchanged is no draft: nothing among the open drafts, no audit entry', async () => {
    const path = `${COUNTY}/services/anmeldung`;
    const current = (await f.app.inject({ url: `/api/v1/editor/${path}`, headers: h })).json();
    const data = current.published.data as Record<string, unknown>;
    const saveDraft = async (body: Record<string, unknown>) => {
      const res = await f.app.inject({ method: 'PUT', url: `/api/v1/editor/${path}/draft`, headers: h, payload: body });
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    };
    const drafts = async () =>
      (await f.app.inject({ url: `/api/v1/editor/${COUNTY}/drafts`, headers: h })).json() as unknown[];
    const unchanged = await added(() => saveDraft({ data, baseVersion: current.published.version }));
    assert.deepEqual(unchanged, { audit: [], revisions: [] });
    assert.equal((await drafts()).length, 0);
    // A real change is a draft (audited); saving that draft again as it is adds nothing.
    const changed = { ...data, teaser: 'Neuer Kurztext im Entwurf' };
    const first = await added(() => saveDraft({ data: changed, baseVersion: current.published.version }));
    assert.deepEqual(first, { audit: ['draft.save anmeldung'], revisions: [] });
    assert.equal((await drafts()).length, 1);
    const again = await added(() =>
      saveDraft({ data: changed, baseVersion: current.published.version, draftVersion: 1 }),
    );
    assert.deepEqual(again, { audit: [], revisions: [] });
    const discard = await f.app.inject({ method: 'DELETE', url: `/api/v1/editor/${path}/draft`, headers: h });
    assert.ok(discard.statusCode < 300, discard.body);
  });

  it('spreadsheet upload: saving a file that changes nothing leaves nothing', async () => {
    const s: Signed = await f.login('altdorf');
    const post = (fields: Array<[string, string]>, file?: string) => {
      const body = multipart(
        [['_csrf', s.csrf], ...fields],
        file === undefined ? undefined : { name: 'angaben.csv', type: 'text/csv', content: file },
      );
      return f.app.inject({
        method: 'POST',
        url: `/editor/${ALTDORF}/tabellen/angaben`,
        cookies: { amtsweg_session: s.cookie },
        headers: { 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const sheet = (
      await f.app.inject({ url: `/editor/${ALTDORF}/tabellen/angaben.csv`, cookies: { amtsweg_session: s.cookie } })
    ).body;
    const result = await added(async () => {
      const preview = await post([], sheet);
      assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
      assert.match(preview.body, /Die Datei ändert nichts/);
      // Saving anyway (the confirmation as the preview's form would send it) writes nothing.
      const saved = await post([
        ['confirm', '1'],
        ['content', sheet],
      ]);
      assert.ok(saved.statusCode < 500, saved.body.slice(0, 500));
    });
    assert.deepEqual(result, { audit: [], revisions: [] });
  });

  it('XZuFi upload: re-importing the Kreis’s own message leaves nothing', async () => {
    const admin = await f.login('admin');
    const message = (await f.app.inject({ url: `/api/v1/xzufi?tenant=${COUNTY}` })).body;
    assert.match(message, /Wohnsitz anmelden/);
    const result = await added(async () => {
      const body = multipart(
        [
          ['_csrf', admin.csrf],
          ['tenant', COUNTY],
          ['mode', 'import'],
        ],
        { name: 'nachricht.xml', type: 'application/xml', content: message },
      );
      const res = await f.app.inject({
        method: 'POST',
        url: '/editor/admin/xzufi',
        cookies: { amtsweg_session: admin.cookie },
        headers: { 'content-type': body.contentType },
        payload: body.payload,
      });
      assert.equal(res.statusCode, 200, decode(res.body).slice(0, 600));
    });
    assert.deepEqual(result, { audit: [], revisions: [] });
  });
});
