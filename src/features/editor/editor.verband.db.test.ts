// A Gemeindeverband as a tenant with editors (issue 10): the Verbandsgemeinde Weißenthurm of the Mayen-Koblenz
// example runs the Meldeamt of its Ortsgemeinden, so its editors edit its unit and its services, and a member
// Ortsgemeinde (Kettig) answers with them at the Gemeindeverband level.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KREIS_SOEST_SEED } from '../../app/seed.ts';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import { type AuthService, CLI_PRINCIPAL, createAuthService, principalOf } from '../auth/auth.service.ts';
import type { Principal } from '../auth/auth.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';
import { asTenant, emptyChangeSet, systemPrincipal } from '../catalog/index.ts';
import { createEditorService, type EditorService } from './editor.service.ts';

const MAYEN_KOBLENZ = fileURLToPath(new URL('../../../data/examples/landkreis-mayen-koblenz', import.meta.url));
const VG_WEISSENTHURM = '071375008';
const KETTIG = '07137211';
const ANDERNACH = '07137003';
const PASSWORD = 'korrekt-pferd-batterie';

for (const dialect of await testDialects()) {
  describe(`a Gemeindeverband as a tenant with editors on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let auth: AuthService;
    let editor: EditorService;
    let verband: Principal;
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      await importBundle(catalog, KREIS_SOEST_SEED);
      await importBundle(catalog, MAYEN_KOBLENZ);
      auth = createAuthService(db, { catalog });
      editor = createEditorService(db, auth, { catalog });
      const user = await auth.createUser(
        {
          email: 'redaktion@vg-weissenthurm.example',
          password: PASSWORD,
          grants: [{ role: 'verband_editor', tenantAgs: VG_WEISSENTHURM }],
        },
        CLI_PRINCIPAL,
      );
      verband = principalOf(user, user.grants, 'web');
    });
    after(async () => db.cleanup());

    it('grants a Verband role only for a Gemeindeverband the catalog knows', async () => {
      const grant = (role: string, tenantAgs: string, email: string) =>
        auth.createUser({ email, password: PASSWORD, grants: [{ role, tenantAgs } as never] }, CLI_PRINCIPAL);
      await assert.rejects(grant('verband_editor', '071375099', 'a@vg.example'), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.match(e.message, /Gebiet 071375099 ist nicht im Katalog/);
        return true;
      });
      await assert.rejects(grant('verband_editor', '07137', 'b@vg.example'), /braucht einen Gemeindeverband/);
      await assert.rejects(grant('town_editor', VG_WEISSENTHURM, 'c@vg.example'), /braucht eine Stadt oder Gemeinde/);
    });

    it("edits the Verband's unit, and a member Ortsgemeinde answers with it", async () => {
      const view = await editor.get(verband, 'authority', VG_WEISSENTHURM, 'vgv-weissenthurm');
      assert.ok(view.published);
      await editor.saveAndPublish(
        verband,
        'authority',
        VG_WEISSENTHURM,
        'vgv-weissenthurm',
        { ...view.published.doc, phone: '+49 2637 9130' },
        { baseVersion: view.published.version },
      );
      const kettig = (await catalog.getAreaService(KETTIG, 'rp-wohnsitz-anmelden')).responsible;
      assert.deepEqual(
        [kettig.level, kettig.areaAgs, kettig.authority?.id, kettig.authority?.phone],
        ['gemeindeverband', VG_WEISSENTHURM, 'vgv-weissenthurm', '+49 2637 9130'],
      );
      // Not another area's unit: neither the Kreis's nor a verbandsfreie Stadt's.
      await assert.rejects(editor.get(verband, 'authority', '07137', 'kv-mayen-koblenz'), ForbiddenError);
      await assert.rejects(editor.get(verband, 'authority', ANDERNACH, 'stv-andernach'), ForbiddenError);
    });

    it("assigns the Verband's unit to a member Ortsgemeinde, not to a Gemeinde outside the Verband", async () => {
      const view = await editor.get(verband, 'authority', VG_WEISSENTHURM, 'vgv-weissenthurm');
      assert.ok(view.published);
      const doc = view.published.doc;
      const assignment = { ...doc.assignments[0]!, areaAgs: KETTIG };
      const saved = await editor.saveAndPublish(
        verband,
        'authority',
        VG_WEISSENTHURM,
        'vgv-weissenthurm',
        { ...doc, assignments: [...doc.assignments, assignment] },
        { baseVersion: view.published.version },
      );
      assert.ok(saved.published?.doc.assignments.some((a) => a.areaAgs === KETTIG));
      await assert.rejects(
        editor.saveAndPublish(
          verband,
          'authority',
          VG_WEISSENTHURM,
          'vgv-weissenthurm',
          { ...saved.published!.doc, assignments: [{ ...assignment, areaAgs: ANDERNACH }] },
          { baseVersion: saved.published!.version },
        ),
        (e: unknown) => {
          assert.ok(e instanceof ValidationError);
          assert.match(e.issues.map((i) => i.message).join(), /nur für das eigene Gebiet/);
          return true;
        },
      );
    });

    it("lists the Kreis's services in the Verband's workspace, with its own settings for them", async () => {
      const ws = await editor.workspace(verband, VG_WEISSENTHURM);
      assert.equal(ws.area.name, 'Verbandsgemeinde Weißenthurm');
      assert.ok(
        ws.services.some((s) => s.id === 'rp-wohnsitz-anmelden'),
        ws.services.map((s) => s.id).join(),
      );
      const kind = await editor.serviceKind(verband, VG_WEISSENTHURM, 'rp-wohnsitz-anmelden');
      assert.equal(kind.type, 'area_service');
      const view = await editor.saveAndPublish(verband, 'area_service', VG_WEISSENTHURM, kind.id, {
        offered: 'true',
        localText: 'Termine im Bürgerbüro Weißenthurm.',
      });
      assert.equal(view.published?.doc.localText, 'Termine im Bürgerbüro Weißenthurm.');
      const settings = await catalog.localSettingsOf(asTenant(VG_WEISSENTHURM));
      assert.equal(settings.get('rp-wohnsitz-anmelden')?.localText, 'Termine im Bürgerbüro Weißenthurm.');
    });

    it("a service the Verband owns is in its member Ortsgemeinden's lists, not in the Kreis's other towns'", async () => {
      const set = emptyChangeSet();
      // Its own Meldeamt service, following the Kreis's task (the Verbandsgemeinde is Meldebehörde).
      const template = (await catalog.readTenants({ kind: 'tenants', tenants: [asTenant('07137')] })).services.find(
        (s) => s.id === 'rp-wohnsitz-anmelden',
      );
      assert.ok(template);
      set.services = [
        {
          label: 'service vg-wohnsitz-anmelden',
          value: {
            ...template,
            id: 'vg-wohnsitz-anmelden',
            tenantAgs: asTenant(VG_WEISSENTHURM),
            name: 'Wohnsitz anmelden in der Verbandsgemeinde Weißenthurm',
            leikaKey: null,
          } as never,
        },
      ];
      await catalog.write(set, { actor: systemPrincipal('cli'), source: 'test' });
      const ids = async (ags: string) => (await catalog.listAreaServices(ags)).map((s) => s.id);
      assert.ok((await ids(KETTIG)).includes('vg-wohnsitz-anmelden'));
      assert.ok(!(await ids(ANDERNACH)).includes('vg-wohnsitz-anmelden'));
      const resolved = await catalog.getAreaService(KETTIG, 'vg-wohnsitz-anmelden');
      assert.deepEqual(
        [resolved.ownerAgs, resolved.responsible.level, resolved.responsible.authority?.id],
        [VG_WEISSENTHURM, 'gemeindeverband', 'vgv-weissenthurm'],
      );
    });
  });
}
