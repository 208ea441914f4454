// The workspace list of a tenant (issue #13, finding 6): search and filters decided on the server from the query
// string (no JavaScript), pages, and the bulk "publish drafts" that first lists what changes and then publishes the
// confirmed drafts as one change set — all or nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALTDORF, COUNTY, createHttpFixture, form, type HttpFixture, type Signed } from './editor.testing.ts';
import {
  applyServiceFilter,
  type FilterableService,
  parseServiceFilter,
  SERVICE_PAGE_SIZE,
} from './editor.workspace-filter.ts';

describe('the workspace list', () => {
  let f: HttpFixture;
  let county: Signed;
  before(async () => {
    f = await createHttpFixture();
    county = await f.login('county');
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const page = (s: Signed, url: string) => f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
  const rows = (html: string) => [...html.matchAll(/name="ids" value="([^"]+)"/g)].map((m) => m[1]);

  it('searches with German folding and filters by Lebenslage and level, without JavaScript', async () => {
    const all = await page(county, `/editor/${COUNTY}`);
    assert.equal(all.statusCode, 200);
    assert.deepEqual(rows(all.body).sort(), ['service:anmeldung', 'service:bauantrag', 'service:zeugnis']);
    assert.deepEqual(rows((await page(county, `/editor/${COUNTY}?q=fuhrungs`)).body), []);
    assert.deepEqual(rows((await page(county, `/editor/${COUNTY}?q=fuehrungszeugnis`)).body), ['service:zeugnis']);
    assert.deepEqual(rows((await page(county, `/editor/${COUNTY}?lebenslage=umzug`)).body), ['service:anmeldung']);
    const altdorf = await f.login('altdorf');
    const own = await page(altdorf, `/editor/${ALTDORF}?level=own`);
    assert.deepEqual(rows(own.body), ['service:altdorf-fest']);
    const above = rows((await page(altdorf, `/editor/${ALTDORF}?level=above`)).body);
    assert.ok(above.length >= 3 && above.every((r) => r?.startsWith(`area_service:${ALTDORF}:`)), above.join());
    const bad = await page(county, `/editor/${COUNTY}?status=kaputt`);
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /Status „kaputt“ gibt es nicht\. Möglich: draft, scheduled, stale, broken_link, not_offered, sample, unreviewed, local, catalog\./,
    );
  });

  it('publishes the drafts of a selection as one change set after a confirmation that lists the changes', async () => {
    const { editor } = f.app.services;
    const principal = {
      userId: f.userIds.county,
      label: 'redaktion@kreis.example',
      name: null,
      grants: [{ role: 'county_editor' as const, tenantAgs: COUNTY }],
      via: 'web' as const,
    };
    for (const [id, fees] of [
      ['anmeldung', '12 Euro'],
      ['bauantrag', 'nach Baukosten'],
    ] as const) {
      const view = await editor.get(principal, 'service', COUNTY, id);
      await editor.saveDraft(
        principal,
        'service',
        COUNTY,
        id,
        { ...view.published!.doc, fees },
        { baseVersion: view.published!.version },
      );
    }
    const drafts = await page(county, `/editor/${COUNTY}?status=draft`);
    assert.deepEqual(rows(drafts.body).sort(), ['service:anmeldung', 'service:bauantrag']);
    const body = new URLSearchParams({ _csrf: county.csrf, action: 'publish' });
    for (const id of ['service:anmeldung', 'service:bauantrag', 'service:zeugnis']) body.append('ids', id);
    const confirm = await f.app.inject({
      method: 'POST',
      url: `/editor/${COUNTY}/bulk?status=draft`,
      cookies: { amtsweg_session: county.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Diese 2 Entwürfe werden veröffentlicht/);
    assert.match(confirm.body, /Wohnsitz anmelden“ \(anmeldung\)<\/strong>: Kosten/);
    assert.match(confirm.body, /Ohne Entwurf, bleiben unverändert \(1\)/);
    // Nothing is published by the confirmation page itself.
    assert.equal((await editor.get(principal, 'service', COUNTY, 'anmeldung')).draft?.doc.fees, '12 Euro');
    const items = [...confirm.body.matchAll(/name="items" value="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(items.length, 2);
    const auditBefore = await f.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'publish.bulk')
      .execute();
    const confirmBody = new URLSearchParams({ _csrf: county.csrf, action: 'publish', confirm: '1' });
    for (const i of items) confirmBody.append('items', i);
    const done = await f.app.inject({
      method: 'POST',
      url: `/editor/${COUNTY}/bulk?status=draft`,
      cookies: { amtsweg_session: county.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: confirmBody.toString(),
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/editor/${COUNTY}?status=draft&veroeffentlicht=2`);
    const anm = await editor.get(principal, 'service', COUNTY, 'anmeldung');
    const bau = await editor.get(principal, 'service', COUNTY, 'bauantrag');
    assert.equal(anm.draft, null);
    assert.equal(anm.published?.doc.fees, '12 Euro');
    assert.equal(bau.published?.doc.fees, 'nach Baukosten');
    const auditAfter = await f.db.kysely
      .selectFrom('auditLog')
      .select('summary')
      .where('action', '=', 'publish.bulk')
      .execute();
    assert.equal(auditAfter.length, auditBefore.length + 1, 'one audit entry for the one change set');
    assert.match(auditAfter.at(-1)?.summary ?? '', /2 von 2 Entwürfen/);
    // The same confirmation again: the drafts are gone, nothing happens (409), and nothing changed.
    const again = await f.app.inject({
      method: 'POST',
      url: `/editor/${COUNTY}/bulk`,
      cookies: { amtsweg_session: county.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: confirmBody.toString(),
    });
    assert.equal(again.statusCode, 409);
  });

  it('a draft changed after the confirmation refuses the whole action: none is published', async () => {
    const { editor } = f.app.services;
    const principal = {
      userId: f.userIds.county,
      label: 'redaktion@kreis.example',
      name: null,
      grants: [{ role: 'county_editor' as const, tenantAgs: COUNTY }],
      via: 'web' as const,
    };
    const versions: Record<string, number> = {};
    for (const id of ['anmeldung', 'zeugnis']) {
      const view = await editor.get(principal, 'service', COUNTY, id);
      const d = await editor.saveDraft(
        principal,
        'service',
        COUNTY,
        id,
        { ...view.published!.doc, fees: `${id} kostet` },
        { baseVersion: view.published!.version },
      );
      versions[id] = d.draft!.version;
    }
    // Someone saves the Führungszeugnis draft again after the confirmation was shown.
    const z = await editor.get(principal, 'service', COUNTY, 'zeugnis');
    await editor.saveDraft(
      principal,
      'service',
      COUNTY,
      'zeugnis',
      { ...z.draft!.doc, fees: 'anders' },
      { baseVersion: z.published!.version, draftVersion: z.draft!.version },
    );
    const confirmBody = new URLSearchParams({ _csrf: county.csrf, action: 'publish', confirm: '1' });
    confirmBody.append('items', `service:anmeldung@${versions.anmeldung}`);
    confirmBody.append('items', `service:zeugnis@${versions.zeugnis}`);
    const res = await f.app.inject({
      method: 'POST',
      url: `/editor/${COUNTY}/bulk`,
      cookies: { amtsweg_session: county.cookie },
      ...form({}),
      payload: confirmBody.toString(),
    });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Nichts wurde veröffentlicht/);
    assert.ok((await editor.get(principal, 'service', COUNTY, 'anmeldung')).draft, 'anmeldung is still a draft');
    assert.notEqual(
      (await editor.get(principal, 'service', COUNTY, 'anmeldung')).published?.doc.fees,
      'anmeldung kostet',
    );
  });

  it('another tenant cannot bulk-publish here', async () => {
    const altdorf = await f.login('altdorf');
    const body = new URLSearchParams({ _csrf: altdorf.csrf, action: 'publish', ids: 'service:anmeldung' });
    const res = await f.app.inject({
      method: 'POST',
      url: `/editor/${COUNTY}/bulk`,
      cookies: { amtsweg_session: altdorf.cookie },
      ...form({}),
      payload: body.toString(),
    });
    assert.equal(res.statusCode, 403);
  });
});

describe('the list filter (pure)', () => {
  const svc = (i: number, over: Partial<FilterableService> = {}): FilterableService => ({
    id: `s${i}`,
    name: `Leistung ${String(i).padStart(3, '0')}`,
    tenantAgs: '05974',
    offered: null,
    hasLocal: false,
    lebenslagen: [],
    draft: false,
    scheduled: false,
    ...over,
  });
  it('pages 500 services by 50 and clamps a page past the end', () => {
    const items = Array.from({ length: 520 }, (_, i) => svc(i));
    const f = parseServiceFilter({ page: '11' }, new Set());
    const r = applyServiceFilter(items, f, '05974');
    assert.equal(r.pages, Math.ceil(520 / SERVICE_PAGE_SIZE));
    assert.equal(r.page, 11);
    assert.equal(r.items.length, 20);
    assert.equal(applyServiceFilter(items, parseServiceFilter({ page: '99' }, new Set()), '05974').page, 11);
    assert.throws(() => parseServiceFilter({ page: '0' }, new Set()), /ganze Zahl ab 1/);
    assert.throws(() => parseServiceFilter({ lebenslage: 'x' }, new Set(['umzug'])), /Lebenslage „x“/);
  });
  it('filters a town’s statuses', () => {
    const items = [
      svc(1, { tenantAgs: '05974020' }),
      svc(2, { offered: false }),
      svc(3, { offered: true, hasLocal: true }),
      svc(4, { draft: true }),
      svc(5, { scheduled: true }),
    ];
    const ids = (status: string) =>
      applyServiceFilter(items, parseServiceFilter({ status }, new Set()), '05974020').items.map((s) => s.id);
    assert.deepEqual(ids('not_offered'), ['s2']);
    assert.deepEqual(ids('local'), ['s3']);
    assert.deepEqual(ids('catalog'), ['s4', 's5']);
    assert.deepEqual(ids('draft'), ['s4']);
    assert.deepEqual(ids('scheduled'), ['s5']);
  });
});
