// The authorisation matrix: every write route and every draft read of the workspace, as every role from the
// wrong tenant, unauthenticated, with an expired session (or an expired/revoked token), without or with a foreign
// CSRF token, and from a foreign origin. Each must answer 401/403, leak no draft content and change nothing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { principalOf } from '../auth/auth.service.ts';
import type { EntityType } from '../auth/auth.ts';
import {
  ACCOUNTS,
  type AccountName,
  ALTDORF,
  COUNTY,
  createHttpFixture,
  fingerprint,
  form,
  type HttpFixture,
  NEUSTADT,
  type Signed,
} from './editor.testing.ts';

const MARKER = 'GEHEIMER-ENTWURF-7f3a';

interface Target {
  name: string;
  owner: AccountName;
  /** Tenant and entity as stored. */
  tenant: string;
  type: EntityType;
  id: string;
  page: string;
  api: string;
  apiTenant: string;
  data: Record<string, unknown>;
  /** Accounts that must be refused (everyone but the owner and the admins). */
  wrong: AccountName[];
}

const others = (...allowed: AccountName[]) =>
  (Object.keys(ACCOUNTS) as AccountName[]).filter((a) => a !== 'admin' && !allowed.includes(a));

const TARGETS: Target[] = [
  {
    name: 'county service',
    owner: 'county',
    tenant: COUNTY,
    type: 'service',
    id: 'anmeldung',
    page: '/editor/17001/services/anmeldung',
    api: '/api/v1/editor/17001/services/anmeldung',
    apiTenant: COUNTY,
    data: { name: `Wohnsitz anmelden ${MARKER}`, defaultLevel: 'gemeinde' },
    wrong: others('county'),
  },
  {
    name: "Altdorf's settings for a county service",
    owner: 'altdorf',
    tenant: ALTDORF,
    type: 'area_service',
    id: `${ALTDORF}:bauantrag`,
    page: '/editor/17001001/services/bauantrag',
    api: '/api/v1/editor/17001001/service-settings/bauantrag',
    apiTenant: ALTDORF,
    data: { offered: true, localText: MARKER },
    wrong: others('altdorf'),
  },
  {
    name: "Altdorf's own service",
    owner: 'altdorf',
    tenant: ALTDORF,
    type: 'service',
    id: 'altdorf-fest',
    page: '/editor/17001001/services/altdorf-fest',
    api: '/api/v1/editor/17001001/services/altdorf-fest',
    apiTenant: ALTDORF,
    data: { name: `Dorffest ${MARKER}`, defaultLevel: 'gemeinde' },
    wrong: others('altdorf'),
  },
  {
    name: 'county authority',
    owner: 'county',
    tenant: COUNTY,
    type: 'authority',
    id: 'nord-bauamt',
    page: '/editor/17001/authorities/nord-bauamt',
    api: '/api/v1/editor/17001/authorities/nord-bauamt',
    apiTenant: COUNTY,
    data: { name: `Bauaufsicht ${MARKER}`, areaAgs: COUNTY },
    wrong: others('county'),
  },
  {
    name: 'county contact',
    owner: 'county',
    tenant: COUNTY,
    type: 'contact',
    id: 'nord-bau-team',
    page: '/editor/17001/contacts/nord-bau-team',
    api: '/api/v1/editor/17001/contacts/nord-bau-team',
    apiTenant: COUNTY,
    data: { authorityId: 'nord-bauamt', role: `Bauberatung ${MARKER}` },
    wrong: others('county'),
  },
  {
    name: 'Altdorf authority',
    owner: 'altdorf',
    tenant: ALTDORF,
    type: 'authority',
    id: 'altdorf-rathaus',
    page: '/editor/17001001/authorities/altdorf-rathaus',
    api: '/api/v1/editor/17001001/authorities/altdorf-rathaus',
    apiTenant: ALTDORF,
    data: { name: `Gemeinde Altdorf ${MARKER}`, areaAgs: ALTDORF },
    wrong: others('altdorf'),
  },
  {
    name: 'Altdorf contact',
    owner: 'altdorf',
    tenant: ALTDORF,
    type: 'contact',
    id: 'altdorf-melde',
    page: '/editor/17001001/contacts/altdorf-melde',
    api: '/api/v1/editor/17001001/contacts/altdorf-melde',
    apiTenant: ALTDORF,
    data: { authorityId: 'altdorf-rathaus', name: `Frau Beispiel ${MARKER}` },
    wrong: others('altdorf'),
  },
  {
    name: 'Neustadt authority',
    owner: 'neustadt',
    tenant: NEUSTADT,
    type: 'authority',
    id: 'neustadt-rathaus',
    page: '/editor/17001002/authorities/neustadt-rathaus',
    api: '/api/v1/editor/17001002/authorities/neustadt-rathaus',
    apiTenant: NEUSTADT,
    data: { name: `Stadt Neustadt ${MARKER}`, areaAgs: NEUSTADT },
    wrong: others('neustadt'),
  },
  {
    name: 'Lebenslage (structure)',
    owner: 'admin',
    tenant: '*',
    type: 'lebenslage',
    id: 'bauen',
    page: '/editor/struktur/lebenslagen/bauen',
    api: '/api/v1/editor/struktur/lebenslagen/bauen',
    apiTenant: 'struktur',
    data: { name: `Bauen ${MARKER}`, position: 1 },
    wrong: others(),
  },
];

/** The same records reached through the attacker's own tenant in the URL: must not help. */
const DISGUISED: Array<{ account: AccountName; page: string; api: string; data: Record<string, unknown> }> = [
  {
    account: 'altdorf',
    page: '/editor/17001001/authorities/neustadt-rathaus',
    api: '/api/v1/editor/17001001/authorities/neustadt-rathaus',
    data: { name: 'x', areaAgs: ALTDORF },
  },
  {
    account: 'altdorf',
    page: '/editor/17001001/contacts/nord-bau-team',
    api: '/api/v1/editor/17001001/contacts/nord-bau-team',
    data: { authorityId: 'altdorf-rathaus', name: 'x' },
  },
  {
    account: 'neustadt',
    page: '/editor/17001002/services/altdorf-fest',
    api: '/api/v1/editor/17001002/services/altdorf-fest',
    data: { name: 'x', defaultLevel: 'gemeinde' },
  },
  {
    account: 'county',
    page: '/editor/17001/contacts/altdorf-melde',
    api: '/api/v1/editor/17001/contacts/altdorf-melde',
    data: { authorityId: 'nord-bauamt', name: 'x' },
  },
  {
    account: 'county',
    page: '/editor/17001/services/altdorf-fest',
    api: '/api/v1/editor/17001/services/altdorf-fest',
    data: { name: 'x', defaultLevel: 'gemeinde' },
  },
];

/** Creating new records in a tenant one has no rights in. */
const CREATES: Array<{
  tenant: string;
  kind: string;
  apiKind: string;
  data: Record<string, unknown>;
  wrong: AccountName[];
}> = [
  {
    tenant: '17001',
    kind: 'services',
    apiKind: 'services',
    data: { name: 'Neu', defaultLevel: 'kreis' },
    wrong: others('county'),
  },
  {
    tenant: '17001001',
    kind: 'authorities',
    apiKind: 'authorities',
    data: { name: 'Neu', areaAgs: ALTDORF },
    wrong: others('altdorf'),
  },
  {
    tenant: '17001002',
    kind: 'contacts',
    apiKind: 'contacts',
    data: { authorityId: 'neustadt-rathaus', name: 'Neu' },
    wrong: others('neustadt'),
  },
  {
    tenant: 'struktur',
    kind: 'lebenslagen',
    apiKind: 'lebenslagen',
    data: { name: 'Neu', position: 9 },
    wrong: others(),
  },
];

interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: Record<string, string> | Record<string, unknown>;
  read: boolean;
}

function pageWrites(path: string, ctx: { draftVersion: number; version: number; revision: string }): Req[] {
  const runAt = '2099-01-01T10:00';
  return [
    {
      method: 'POST',
      url: path,
      body: { intent: 'save', name: 'x', draftVersion: String(ctx.draftVersion), baseVersion: String(ctx.version) },
      read: false,
    },
    {
      method: 'POST',
      url: path,
      body: { intent: 'publish', name: 'x', draftVersion: String(ctx.draftVersion), baseVersion: String(ctx.version) },
      read: false,
    },
    { method: 'POST', url: path, body: { intent: 'check', name: 'x' }, read: false },
    { method: 'POST', url: `${path}/discard`, body: { draftVersion: String(ctx.draftVersion) }, read: false },
    { method: 'POST', url: `${path}/schedule`, body: { action: 'publish', runAt }, read: false },
    { method: 'POST', url: `${path}/unschedule`, body: { action: 'unpublish' }, read: false },
    { method: 'POST', url: `${path}/unpublish`, body: { version: String(ctx.version) }, read: false },
    {
      method: 'POST',
      url: `${path}/restore`,
      body: { revision: ctx.revision, version: String(ctx.version) },
      read: false,
    },
  ];
}

const pageReads = (path: string): Req[] =>
  ['', '/preview', '/history'].map((s) => ({ method: 'GET' as const, url: `${path}${s}`, read: true }));

function apiWrites(
  api: string,
  data: Record<string, unknown>,
  ctx: { draftVersion: number; version: number; revision: string },
): Req[] {
  return [
    {
      method: 'PUT',
      url: `${api}/draft`,
      body: { data, baseVersion: ctx.version, draftVersion: ctx.draftVersion },
      read: false,
    },
    { method: 'DELETE', url: `${api}/draft?draftVersion=${ctx.draftVersion}`, read: false },
    { method: 'POST', url: `${api}/publish`, body: { draftVersion: ctx.draftVersion }, read: false },
    { method: 'PUT', url: api, body: { data, baseVersion: ctx.version }, read: false },
    { method: 'POST', url: `${api}/unpublish`, body: { version: ctx.version }, read: false },
    { method: 'POST', url: `${api}/restore`, body: { revisionId: ctx.revision, version: ctx.version }, read: false },
    { method: 'POST', url: `${api}/schedule`, body: { action: 'publish', runAt: '2099-01-01T09:00:00Z' }, read: false },
    { method: 'DELETE', url: `${api}/schedule/unpublish`, read: false },
  ];
}

const apiReads = (api: string): Req[] => [
  { method: 'GET', url: api, read: true },
  { method: 'GET', url: `${api}/history`, read: true },
];

describe("authorisation matrix of the editors' workspace", () => {
  let f: HttpFixture;
  const sessions = {} as Record<AccountName, Signed>;
  const tokens = {} as Record<AccountName, string>;
  let expiredCookie = '';
  let expiredToken = '';
  let revokedToken = '';
  const ctxOf = new Map<string, { draftVersion: number; version: number; revision: string }>();
  let checked = 0;

  before(async () => {
    f = await createHttpFixture();
    const { auth, editor } = f.app.services;
    for (const name of Object.keys(ACCOUNTS) as AccountName[]) {
      sessions[name] = await f.login(name);
      const user = await auth.getUser(f.userIds[name]);
      tokens[name] = (
        await auth.createApiToken(user.id, { name: 'matrix' }, principalOf(user, user.grants, 'api'))
      ).token;
    }
    // An expired session and an expired and a revoked token of the county editor.
    const expired = await f.login('county');
    await f.db.kysely
      .updateTable('sessions')
      .set({ expiresAt: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', expired.sessionId)
      .execute();
    expiredCookie = expired.cookie;
    const county = await auth.getUser(f.userIds.county);
    const cp = principalOf(county, county.grants, 'api');
    const e = await auth.createApiToken(county.id, { name: 'expired', expiresAt: '2001-01-01T00:00:00Z' }, cp);
    expiredToken = e.token;
    const r = await auth.createApiToken(county.id, { name: 'revoked' }, cp);
    await auth.revokeApiToken(county.id, r.info.id, cp);
    revokedToken = r.token;
    // Every target gets history (one publish), a pending draft with a secret marker and a schedule, by its owner.
    for (const t of TARGETS) {
      const owner = await auth.getUser(f.userIds[t.owner]);
      const p = principalOf(owner, owner.grants, 'web');
      let view = await editor.get(p, t.type, t.tenant, t.id);
      const current = (view.published?.doc ?? {}) as Record<string, unknown>;
      view = await editor.saveAndPublish(
        p,
        t.type,
        t.tenant,
        t.id,
        { ...current, ...(t.type === 'area_service' ? { offered: true, localText: 'öffentlich' } : {}), hints: 'v2' },
        { baseVersion: view.published?.version ?? null },
      );
      await editor.saveDraft(
        p,
        t.type,
        t.tenant,
        t.id,
        { ...(view.published!.doc as unknown as Record<string, unknown>), ...t.data },
        { baseVersion: view.published!.version },
      );
      await editor.schedule(p, t.type, t.tenant, t.id, 'unpublish', '2099-06-01T10:00:00Z');
      const { revisions, view: v } = await editor.history(p, t.type, t.tenant, t.id);
      ctxOf.set(t.name, {
        draftVersion: v.draft!.version,
        version: v.published!.version,
        revision: revisions.at(-1)!.id,
      });
    }
  });

  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  async function expectRefused(
    label: string,
    req: Req,
    opts: { cookie?: string; csrf?: string | null; bearer?: string; origin?: string },
    allowed: number[],
  ) {
    const before = await fingerprint(f.db);
    const isApi = req.url.startsWith('/api/');
    const payload =
      req.body && !isApi
        ? { ...(req.body as Record<string, string>), ...(opts.csrf ? { _csrf: opts.csrf } : {}) }
        : req.body;
    const res = await f.app.inject({
      method: req.method,
      url: req.url,
      cookies: opts.cookie ? { amtsweg_session: opts.cookie } : {},
      headers: {
        ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}),
        ...(opts.origin ? { origin: opts.origin } : {}),
        ...(payload && !isApi ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(payload && isApi ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload
        ? {
            payload: isApi
              ? JSON.stringify(payload)
              : new URLSearchParams(payload as Record<string, string>).toString(),
          }
        : {}),
    });
    assert.ok(
      allowed.includes(res.statusCode),
      `${label}: ${req.method} ${req.url} answered ${res.statusCode} (expected ${allowed.join('/')}): ${res.body.slice(0, 300)}`,
    );
    assert.ok(!res.body.includes(MARKER), `${label}: ${req.method} ${req.url} leaked draft content`);
    assert.equal(await fingerprint(f.db), before, `${label}: ${req.method} ${req.url} changed the database`);
    checked++;
  }

  it('the owners themselves get through (the matrix refuses for the right reason)', async () => {
    for (const t of TARGETS) {
      const s = sessions[t.owner];
      const page = await f.app.inject({ url: t.page, cookies: { amtsweg_session: s.cookie } });
      assert.equal(page.statusCode, 200, `${t.name}: ${page.body.slice(0, 200)}`);
      assert.ok(page.body.includes(MARKER), `${t.name}: the owner sees the draft`);
      const api = await f.app.inject({ url: t.api, headers: { authorization: `Bearer ${tokens[t.owner]}` } });
      assert.equal(api.statusCode, 200, `${t.name}: ${api.body.slice(0, 200)}`);
      // The admin may too.
      const admin = await f.app.inject({
        url: `${t.page}/history`,
        cookies: { amtsweg_session: sessions.admin.cookie },
      });
      assert.equal(admin.statusCode, 200);
    }
  });

  it('refuses every page write and draft read to the wrong roles, anonymous and expired sessions, without or with a foreign CSRF token, from a foreign origin', async () => {
    for (const t of TARGETS) {
      const ctx = ctxOf.get(t.name)!;
      const writes = pageWrites(t.page, ctx);
      const reads = pageReads(t.page);
      for (const req of [...writes, ...reads]) {
        await expectRefused(`${t.name} / anonymous`, req, {}, [401]);
        await expectRefused(`${t.name} / expired session`, req, { cookie: expiredCookie, csrf: 'x' }, [401]);
        for (const w of t.wrong)
          await expectRefused(`${t.name} / ${w}`, req, { cookie: sessions[w].cookie, csrf: sessions[w].csrf }, [403]);
      }
      const owner = sessions[t.owner];
      const foreign = sessions[t.owner === 'admin' ? 'county' : 'admin'];
      for (const req of writes) {
        await expectRefused(`${t.name} / owner without CSRF token`, req, { cookie: owner.cookie }, [403]);
        await expectRefused(
          `${t.name} / owner with another session's CSRF token`,
          req,
          { cookie: owner.cookie, csrf: foreign.csrf },
          [403],
        );
        await expectRefused(
          `${t.name} / owner, cross-site origin`,
          req,
          { cookie: owner.cookie, csrf: owner.csrf, origin: 'https://evil.example' },
          [403],
        );
      }
    }
    for (const d of DISGUISED) {
      for (const req of [...pageWrites(d.page, { draftVersion: 1, version: 2, revision: 'x' }), ...pageReads(d.page)]) {
        await expectRefused(
          `disguised ${d.page} / ${d.account}`,
          req,
          { cookie: sessions[d.account].cookie, csrf: sessions[d.account].csrf },
          [403],
        );
      }
    }
    for (const c of CREATES) {
      const req: Req = {
        method: 'POST',
        url: `/editor/${c.tenant}/${c.kind}/neu`,
        body: {
          intent: 'save',
          id: 'neu-x',
          ...(Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, String(v)])) as Record<string, string>),
        },
        read: false,
      };
      await expectRefused(`create ${c.kind} in ${c.tenant} / anonymous`, req, {}, [401]);
      for (const w of c.wrong)
        await expectRefused(
          `create ${c.kind} in ${c.tenant} / ${w}`,
          req,
          { cookie: sessions[w].cookie, csrf: sessions[w].csrf },
          [403],
        );
      await expectRefused(
        `new form ${c.kind} in ${c.tenant} / anonymous`,
        { method: 'GET', url: `/editor/${c.tenant}/${c.kind}/neu`, read: true },
        {},
        [401],
      );
    }
  });

  it('refuses every API write and draft read to wrong-tenant tokens, no token, a session cookie instead of a token, expired and revoked tokens', async () => {
    for (const t of TARGETS) {
      const ctx = ctxOf.get(t.name)!;
      for (const req of [
        ...apiWrites(t.api, t.data, ctx),
        ...apiReads(t.api),
        { method: 'GET' as const, url: `/api/v1/editor/${t.apiTenant}/drafts`, read: true },
      ]) {
        if (t.apiTenant === 'struktur' && req.url.endsWith('/drafts')) continue;
        await expectRefused(`API ${t.name} / no token`, req, {}, [401]);
        await expectRefused(
          `API ${t.name} / owner's session cookie only`,
          req,
          { cookie: sessions[t.owner].cookie },
          [401],
        );
        await expectRefused(`API ${t.name} / expired token`, req, { bearer: expiredToken }, [401]);
        await expectRefused(`API ${t.name} / revoked token`, req, { bearer: revokedToken }, [401]);
        await expectRefused(`API ${t.name} / malformed token`, req, { bearer: 'amt_000000000000_xyz' }, [401]);
        for (const w of t.wrong) await expectRefused(`API ${t.name} / ${w}`, req, { bearer: tokens[w] }, [403]);
      }
    }
    for (const d of DISGUISED) {
      for (const req of [
        ...apiWrites(d.api, d.data, { draftVersion: 1, version: 2, revision: 'x' }),
        ...apiReads(d.api),
      ]) {
        await expectRefused(`API disguised ${d.api} / ${d.account}`, req, { bearer: tokens[d.account] }, [403]);
      }
    }
    for (const c of CREATES) {
      const req: Req = {
        method: 'PUT',
        url: `/api/v1/editor/${c.tenant}/${c.apiKind}/neu-x/draft`,
        body: { data: c.data, baseVersion: null },
        read: false,
      };
      await expectRefused(`API create ${c.apiKind} in ${c.tenant} / no token`, req, {}, [401]);
      for (const w of c.wrong)
        await expectRefused(`API create ${c.apiKind} in ${c.tenant} / ${w}`, req, { bearer: tokens[w] }, [403]);
    }
  });

  it('keeps accounts and the audit log to admins', async () => {
    const userId = f.userIds.neustadt;
    const pageReqs: Req[] = [
      {
        method: 'POST',
        url: '/editor/admin/users',
        body: { email: 'neu@x.example', role: 'admin', tenant: '*', password: 'korrekt-pferd-batterie-2' },
        read: false,
      },
      { method: 'POST', url: `/editor/admin/users/${userId}/active`, body: { active: '0' }, read: false },
      { method: 'GET', url: `/editor/admin/users/${userId}`, read: true },
      {
        method: 'POST',
        url: `/editor/admin/users/${userId}/grants`,
        body: { role: 'admin', tenant: '*' },
        read: false,
      },
      {
        method: 'POST',
        url: `/editor/admin/users/${userId}/grants/remove`,
        body: { role: 'town_editor', tenant: NEUSTADT },
        read: false,
      },
      { method: 'POST', url: `/editor/admin/users/${userId}/password-reset`, body: {}, read: false },
      { method: 'POST', url: `/editor/admin/users/${userId}/totp/disable`, body: {}, read: false },
      { method: 'GET', url: '/editor/admin/users', read: true },
      { method: 'GET', url: '/editor/admin/audit', read: true },
      { method: 'GET', url: '/editor/admin/audit.csv', read: true },
    ];
    for (const req of pageReqs) {
      await expectRefused('admin page / anonymous', req, {}, [401]);
      await expectRefused('admin page / expired', req, { cookie: expiredCookie, csrf: 'x' }, [401]);
      for (const w of ['county', 'altdorf', 'neustadt'] as AccountName[])
        await expectRefused(`admin page / ${w}`, req, { cookie: sessions[w].cookie, csrf: sessions[w].csrf }, [403]);
      if (!req.read)
        await expectRefused('admin page / admin without CSRF', req, { cookie: sessions.admin.cookie }, [403]);
    }
    const apiReqs: Req[] = [
      {
        method: 'POST',
        url: '/api/v1/editor/users',
        body: { email: 'neu@x.example', role: 'admin', tenant: '*', password: 'korrekt-pferd-batterie-2' },
        read: false,
      },
      { method: 'GET', url: '/api/v1/editor/users', read: true },
      { method: 'GET', url: '/api/v1/editor/audit?format=csv', read: true },
    ];
    for (const req of apiReqs) {
      await expectRefused('admin API / no token', req, {}, [401]);
      for (const w of ['county', 'altdorf', 'neustadt'] as AccountName[])
        await expectRefused(`admin API / ${w}`, req, { bearer: tokens[w] }, [403]);
    }
    // Own account actions need the session's CSRF token too.
    for (const req of [
      { method: 'POST', url: '/editor/account/tokens', body: { name: 'x' }, read: false },
      { method: 'POST', url: '/editor/account/password', body: { password: 'ganz-neues-passwort-1' }, read: false },
      { method: 'POST', url: '/editor/logout-everywhere', body: {}, read: false },
    ] as Req[]) {
      await expectRefused('account / anonymous', req, {}, [401]);
      await expectRefused('account / without CSRF', req, { cookie: sessions.altdorf.cookie }, [403]);
    }
  });

  it('counted the matrix', () => {
    console.log(`authorisation matrix: ${checked} refused requests, each with the database unchanged`);
    assert.ok(checked > 900, `only ${checked} requests checked`);
  });
});
