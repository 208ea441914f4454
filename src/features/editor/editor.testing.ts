// Test fixture of the editors' workspace: the mini bundle (Kreis Nord 17001 with Altdorf 17001001 and Neustadt
// 17001002) plus one account per role.

import type { DialectName } from '../../db/database.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
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
  const auth = createAuthService(db);
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
