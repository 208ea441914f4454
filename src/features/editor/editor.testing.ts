// Test fixture of the editors' workspace: the mini bundle (Kreis Nord 17001 with Altdorf 17001001 and Neustadt
// 17001002) plus one account per role.

import { createHash } from 'node:crypto';
import { type App, buildApp } from '../../app/app.ts';
import type { Services } from '../../app/services.ts';
import type { DialectName } from '../../db/database.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { sha256 } from '../auth/auth.secrets.ts';
import { type AuthService, CLI_PRINCIPAL, createAuthService, principalOf } from '../auth/auth.service.ts';
import type { Principal } from '../auth/auth.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';
import { createEditorService, type EditorService } from './editor.service.ts';

export const COUNTY = '17001';
export const ALTDORF = '17001001';
export const NEUSTADT = '17001002';
export const PASSWORD = 'korrekt-pferd-batterie';

export const ACCOUNTS = {
  admin: { email: 'admin@kreis.example', grants: [{ role: 'admin', tenantAgs: '*' }] },
  county: { email: 'redaktion@kreis.example', grants: [{ role: 'county_editor', tenantAgs: COUNTY }] },
  altdorf: { email: 'redaktion@altdorf.example', grants: [{ role: 'town_editor', tenantAgs: ALTDORF }] },
  neustadt: { email: 'redaktion@neustadt.example', grants: [{ role: 'town_editor', tenantAgs: NEUSTADT }] },
} as const;
export type AccountName = keyof typeof ACCOUNTS;

export interface EditorFixture {
  db: TestDb;
  auth: AuthService;
  catalog: CatalogService;
  editor: EditorService;
  principals: Record<AccountName, Principal>;
  userIds: Record<AccountName, string>;
}

export async function createEditorFixture(dialect: DialectName): Promise<EditorFixture> {
  const db = await createTestDb(dialect);
  const catalog = createCatalogService(db);
  await importBundle(catalog, MINI_BUNDLE);
  const auth = createAuthService(db, { catalog });
  const editor = createEditorService(db, auth, { catalog });
  const principals = {} as Record<AccountName, Principal>;
  const userIds = {} as Record<AccountName, string>;
  for (const [name, a] of Object.entries(ACCOUNTS) as Array<[AccountName, (typeof ACCOUNTS)[AccountName]]>) {
    const user = await auth.createUser(
      { email: a.email, password: PASSWORD, grants: a.grants.map((g) => ({ ...g })) as never },
      CLI_PRINCIPAL,
    );
    principals[name] = principalOf(user, user.grants, 'web');
    userIds[name] = user.id;
  }
  return { db, auth, catalog, editor, principals, userIds };
}

// ---- HTTP ----------------------------------------------------------------------------------------------------------
// Helpers for HTTP tests of the workspace: an app on the mini bundle with one account per role, sign-in through
// the real form (CSRF dance included), and a fingerprint of every table an editor could change.

export interface Signed {
  cookie: string;
  csrf: string;
  sessionId: string;
}

export interface HttpFixture {
  db: TestDb;
  app: App;
  userIds: Record<AccountName, string>;
  login(name: AccountName, ip?: string): Promise<Signed>;
}

let ipCounter = 1;

export async function createHttpFixture(
  options: {
    /** The app's services built by the test (e.g. a link checker allowed to reach a local server). */
    services?: (db: TestDb) => Services;
  } = {},
): Promise<HttpFixture> {
  const db = await createTestDb('sqlite');
  // The tests send X-Forwarded-Proto/For as a TLS-terminating proxy would: trust only loopback, as deployments do.
  const app = await buildApp({
    db,
    trustProxy: ['127.0.0.1'],
    ...(options.services ? { services: options.services(db) } : {}),
  });
  await importBundle(app.services.catalog, MINI_BUNDLE);
  const userIds = {} as Record<AccountName, string>;
  for (const [name, a] of Object.entries(ACCOUNTS) as Array<[AccountName, (typeof ACCOUNTS)[AccountName]]>) {
    const user = await app.services.auth.createUser(
      { email: a.email, password: PASSWORD, grants: a.grants.map((g) => ({ ...g })) as never },
      CLI_PRINCIPAL,
    );
    userIds[name] = user.id;
  }
  async function login(
    name: AccountName,
    ip = `10.1.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`,
  ): Promise<Signed> {
    const page = await app.inject({ url: '/editor/login', remoteAddress: ip });
    const pre = /amtsweg_login_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await app.inject({
      method: 'POST',
      url: '/editor/login',
      remoteAddress: ip,
      cookies: { amtsweg_login_csrf: pre },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrf,
        email: ACCOUNTS[name].email,
        password: PASSWORD,
        next: '/editor',
      }).toString(),
    });
    if (res.statusCode !== 303) throw new Error(`login of ${name} failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
    const cookie = /amtsweg_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1] ?? '';
    const sessionId = sha256(cookie);
    const row = await db.kysely
      .selectFrom('sessions')
      .select('csrfToken')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    return { cookie, csrf: row.csrfToken, sessionId };
  }
  return { db, app, userIds, login };
}

/** Everything the workspace may write, as one hash (sessions, tokens' last use and the audit log excluded). */
export async function fingerprint(db: TestDb): Promise<string> {
  const k = db.kysely;
  const tables = [
    k.selectFrom('services').selectAll().orderBy('id'),
    k.selectFrom('authorities').selectAll().orderBy('id'),
    k.selectFrom('contacts').selectAll().orderBy('id'),
    k.selectFrom('contactServices').selectAll().orderBy('contactId').orderBy('serviceId').orderBy('task'),
    k.selectFrom('assignments').selectAll().orderBy('id'),
    k.selectFrom('responsibilityRules').selectAll().orderBy('id'),
    k.selectFrom('serviceLebenslagen').selectAll().orderBy('serviceId').orderBy('lebenslageId'),
    k.selectFrom('lebenslagen').selectAll().orderBy('id'),
    k.selectFrom('areaServiceSettings').selectAll().orderBy('areaAgs').orderBy('serviceId'),
    k.selectFrom('drafts').selectAll().orderBy('id'),
    k.selectFrom('revisions').selectAll().orderBy('id'),
    k.selectFrom('scheduledActions').selectAll().orderBy('id'),
    k.selectFrom('users').selectAll().orderBy('id'),
    k.selectFrom('userRoles').selectAll().orderBy('userId').orderBy('role').orderBy('tenantAgs'),
    k.selectFrom('apiTokens').select(['id', 'userId', 'name', 'secretHash', 'expiresAt', 'revokedAt']).orderBy('id'),
    k.selectFrom('passwordResets').selectAll().orderBy('id'),
    k.selectFrom('cacheGenerations').selectAll().orderBy('scope'),
  ];
  const h = createHash('sha256');
  for (const q of tables) h.update(JSON.stringify(await q.execute()));
  return h.digest('hex');
}

export const form = (values: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(values).toString(),
});
