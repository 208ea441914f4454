// Settings reach the areas below (issue 12, decision 0238), on the Mayen-Koblenz example: the Verbandsgemeinde
// Weißenthurm's setting for a Kreis service reaches its Ortsgemeinden Kettig and Urmitz, not the verbandsfreie Stadt
// Andernach nor another Verband's Ettringen; a Gemeinde's own setting beats its Verband's, a Verband's beats its
// Kreis's; and when the Land changes its text, the Kreis that holds the setting is flagged, the Land named.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { type AuthService, CLI_PRINCIPAL, createAuthService, principalOf } from '../auth/auth.service.ts';
import type { Principal, Role } from '../auth/auth.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';
import { asTenant } from '../catalog/index.ts';
import { createEditorService, type EditorService } from './editor.service.ts';

const MAYEN_KOBLENZ = fileURLToPath(new URL('../../../data/examples/landkreis-mayen-koblenz', import.meta.url));
const KREIS = '07137';
const LAND = '07';
const VG_WEISSENTHURM = '071375008';
const KETTIG = '07137211';
const URMITZ = '07137225';
const ETTRINGEN = '07137025';
const ANDERNACH = '07137003';
const KREIS_SERVICE = 'rp-wohnsitz-anmelden';
const LAND_SERVICE = 'land-beispiel';
const PASSWORD = 'korrekt-pferd-batterie';

/** A service the Land owns (test data), in the text the Land publishes. */
function landBundle(fees: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-adopt-land-'));
  writeFileSync(
    join(dir, 'land.yaml'),
    `format: amtsweg-bundle/2
services:
  - id: ${LAND_SERVICE}
    tenant: "${LAND}"
    name: Beispielleistung des Landes
    teaser: Eine Leistung, deren Text das Land schreibt.
    fees: "${fees}"
    responsibility: { default: gemeinde }
`,
  );
  return dir;
}

for (const dialect of await testDialects()) {
  describe(`settings reach the areas below, the nearest wins, on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let auth: AuthService;
    let editor: EditorService;
    const who: Record<string, Principal> = {};
    const setting = async (p: Principal, tenant: string, serviceId: string, doc: Record<string, string>) => {
      const kind = await editor.serviceKind(p, tenant, serviceId);
      assert.equal(kind.type, 'area_service', `${tenant} keeps a setting for ${serviceId}`);
      await editor.saveAndPublish(p, 'area_service', tenant, kind.id, { offered: 'true', ...doc });
    };
    const resolved = (ags: string, serviceId: string) => catalog.getAreaService(ags, serviceId);

    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      await importBundle(catalog, MAYEN_KOBLENZ);
      await importBundle(catalog, landBundle('Landesgebühr: 10 Euro'), { source: 'bundle' });
      auth = createAuthService(db, { catalog });
      editor = createEditorService(db, auth, { catalog });
      for (const [name, role, tenantAgs] of [
        ['kreis', 'county_editor', KREIS],
        ['verband', 'verband_editor', VG_WEISSENTHURM],
        ['kettig', 'town_editor', KETTIG],
      ] as const satisfies ReadonlyArray<readonly [string, Role, string]>) {
        const user = await auth.createUser(
          { email: `redaktion@${name}.example`, password: PASSWORD, grants: [{ role, tenantAgs }] },
          CLI_PRINCIPAL,
        );
        who[name] = principalOf(user, user.grants, 'web');
      }
    });
    after(async () => db.cleanup());

    it("a Verband's setting reaches its member Ortsgemeinden, not a verbandsfreie Stadt or another Verband", async () => {
      await setting(who.verband!, VG_WEISSENTHURM, KREIS_SERVICE, { localText: 'Termine im Bürgerbüro Weißenthurm.' });
      for (const town of [KETTIG, URMITZ]) {
        const r = await resolved(town, KREIS_SERVICE);
        assert.deepEqual([r.localText, r.localFrom], ['Termine im Bürgerbüro Weißenthurm.', VG_WEISSENTHURM], town);
      }
      for (const town of [ANDERNACH, ETTRINGEN]) {
        const r = await resolved(town, KREIS_SERVICE);
        assert.deepEqual([r.localText, r.localFrom], [null, undefined], town);
      }
      // The list (and so search, CSV and embeds, which read it) carries the same answer.
      const listed = (await catalog.listAreaServices(KETTIG)).find((s) => s.id === KREIS_SERVICE);
      assert.equal(listed?.localText, 'Termine im Bürgerbüro Weißenthurm.');
    });

    it("an Ortsgemeinde's own setting beats its Verband's", async () => {
      await setting(who.kettig!, KETTIG, KREIS_SERVICE, { localText: 'Kettig: Sprechstunde im Gemeindebüro.' });
      assert.equal((await resolved(KETTIG, KREIS_SERVICE)).localText, 'Kettig: Sprechstunde im Gemeindebüro.');
      assert.equal((await resolved(URMITZ, KREIS_SERVICE)).localText, 'Termine im Bürgerbüro Weißenthurm.');
    });

    it("a Kreis adopts the Land's service; a Verband's setting beats the Kreis's for its members", async () => {
      await setting(who.kreis!, KREIS, LAND_SERVICE, { localFees: 'Kreis: 12 Euro' });
      for (const town of [KETTIG, ANDERNACH, ETTRINGEN]) {
        const r = await resolved(town, LAND_SERVICE);
        assert.deepEqual([r.fees, r.localFrom], ['Kreis: 12 Euro', KREIS], town);
      }
      // The Kreis's own page shows its setting too; the Land's page only the Land's text.
      assert.equal((await resolved(KREIS, LAND_SERVICE)).fees, 'Kreis: 12 Euro');
      assert.equal((await resolved(LAND, LAND_SERVICE)).fees, 'Landesgebühr: 10 Euro');
      // The nearest setting wins as a whole: the Verband's own (without fees) shows the Land's fees again.
      await setting(who.verband!, VG_WEISSENTHURM, LAND_SERVICE, { localText: 'Weißenthurm: Termine online.' });
      const kettig = await resolved(KETTIG, LAND_SERVICE);
      assert.deepEqual(
        [kettig.fees, kettig.localText, kettig.localFrom],
        ['Landesgebühr: 10 Euro', 'Weißenthurm: Termine online.', VG_WEISSENTHURM],
      );
      assert.equal((await resolved(ANDERNACH, LAND_SERVICE)).fees, 'Kreis: 12 Euro');
    });

    it('the Kreis edits its own service directly, never as a setting', async () => {
      // The Kreis edits its own service directly; a setting of its own for it is never looked for.
      assert.deepEqual(await editor.serviceKind(who.kreis!, KREIS, KREIS_SERVICE), {
        type: 'service',
        id: KREIS_SERVICE,
      });
    });

    it("the Land's new fees flag the Kreis that overrides them, and name the Land", async () => {
      await importBundle(catalog, landBundle('Landesgebühr: 11 Euro'), { source: 'bundle' });
      const marks = await catalog.staleOf(asTenant(KREIS));
      assert.deepEqual(
        marks.map((m) => [m.serviceId, m.field, m.ownerAgs]),
        [[LAND_SERVICE, 'fees', LAND]],
      );
      // The Verband overrides no fees: nothing to flag there.
      assert.deepEqual(await catalog.staleOf(asTenant(VG_WEISSENTHURM)), []);
      assert.equal(await editor.ownerPhrase(LAND), 'das Land Rheinland-Pfalz');
      assert.equal(await editor.ownerPhrase(KREIS), 'der Landkreis Mayen-Koblenz');
      assert.equal(await editor.ownerPhrase('00'), 'der Bund');
      // The portal keeps the Kreis's fees while it checks them.
      assert.equal((await resolved(ANDERNACH, LAND_SERVICE)).fees, 'Kreis: 12 Euro');
    });
  });
}
