import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { createAreasService } from '../../features/areas/index.ts';
import {
  type CatalogService,
  createCatalogService,
  emptyChangeSet,
  systemPrincipal,
  systemScope,
} from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { importGv100ad } from '../gv100ad/index.ts';
import { importAdministrationAddresses } from './destatis-addresses.import.ts';

const REGISTER = fileURLToPath(new URL('../gv100ad/testdata/gv100ad-import.txt', import.meta.url));
const ADDRESSES = fileURLToPath(new URL('./testdata/anschriften-import.csv', import.meta.url));
const MALFORMED = fileURLToPath(new URL('./testdata/anschriften-malformed.csv', import.meta.url));
const options = { actor: systemPrincipal('cli'), source: 'test' };

async function units(catalog: CatalogService) {
  const all = await catalog.readTenants(systemScope(systemPrincipal('cli')));
  return new Map(all.authorities.map((a) => [a.id, a]));
}

for (const dialect of await testDialects()) {
  describe(`amtsweg areas addresses on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let services: { catalog: CatalogService; areas: ReturnType<typeof createAreasService> };
    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      services = { catalog, areas: createAreasService(db, catalog) };
      const set = emptyChangeSet();
      set.areaKinds = [{ label: 'bund', value: { code: 'bund', name: 'Bund', tiers: ['bund'], description: null } }];
      set.areas = [
        {
          label: '00',
          value: {
            ags: '00',
            ars: '000000000000',
            name: 'Deutschland',
            kind: 'bund',
            parentAgs: null,
            slug: 'deutschland',
            postcodes: [],
            population: null,
            mainAuthorityId: null,
            website: null,
          },
        },
      ];
      await catalog.applyChangeSet(set);
      await importGv100ad(services, REGISTER, options);
    });
    after(() => db.cleanup());

    it('refuses a malformed file by line and writes nothing', async () => {
      await assert.rejects(importAdministrationAddresses(services, MALFORMED, options), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.ok(e.issues.every((i) => i.record?.startsWith('line ')));
        return true;
      });
      assert.equal((await units(catalog)).size, 0);
    });

    it('gives every Kreis, Verband and Gemeinde administration its main unit with the postal address only', async () => {
      const result = await importAdministrationAddresses(services, ADDRESSES, options);
      assert.deepEqual(result.unknownKeys, ['09999999'], 'a key no area answers to is named, not invented');
      const all = await units(catalog);
      assert.deepEqual(
        [...all.keys()].sort(),
        [
          'verwaltung-05915000',
          'verwaltung-05974',
          'verwaltung-05974020',
          'verwaltung-07137042',
          'verwaltung-071377001',
        ],
        'no unit for the Land, none for a verbandsfreie Gemeinde’s Verband row, one for the kreisfreie Stadt',
      );
      const hamm = all.get('verwaltung-05915000');
      assert.deepEqual(hamm?.address, { street: 'Musterplatz 2', postcode: '59065', city: 'Hamm' }, 'the Gemeinde row');
      assert.equal(hamm?.name, 'Stadt Hamm');
      const verband = all.get('verwaltung-071377001');
      assert.equal(verband?.tenantAgs, '071377001', 'a Gemeindeverband owns its unit');
      assert.deepEqual(
        [verband?.phone, verband?.email, verband?.openingHours, verband?.website, verband?.sample],
        [null, null, null, null, false],
        'phone, e-mail, hours stay empty — never invented',
      );
      assert.equal(all.get('verwaltung-07137042')?.address.street, null, 'an empty street stays empty');
      const areas = new Map((await catalog.listAreas()).map((a) => [a.ags, a]));
      assert.equal(areas.get('05974020')?.mainAuthorityId, 'verwaltung-05974020');
      assert.equal(areas.get('071377001')?.mainAuthorityId, 'verwaltung-071377001');
    });

    it('changes nothing on a second run and keeps what an editor added', async () => {
      const generation = await catalog.cacheGeneration();
      const again = await importAdministrationAddresses(services, ADDRESSES, options);
      assert.equal(again.changes.length, 0);
      assert.equal(await catalog.cacheGeneration(), generation);
      // An editor adds the phone number: the next run keeps it.
      const unit = (await units(catalog)).get('verwaltung-05974020');
      assert.ok(unit);
      const edit = emptyChangeSet();
      edit.authorities = [{ label: 'edit', value: { ...unit, phone: '+49 2942 500-0', assignments: [] } }];
      await catalog.write(edit, { ...options, source: 'editor' });
      const third = await importAdministrationAddresses(services, ADDRESSES, options);
      assert.equal(third.changes.length, 0);
      assert.equal((await units(catalog)).get('verwaltung-05974020')?.phone, '+49 2942 500-0');
    });

    it('leaves an area that has a main unit of its own alone', async () => {
      const kettig = (await catalog.listAreas()).find((a) => a.ags === '07137042');
      assert.ok(kettig);
      const set = emptyChangeSet();
      set.authorities = [
        {
          label: 'own unit',
          value: {
            id: 'ortsgemeinde-kettig',
            tenantAgs: '07137042',
            areaAgs: '07137042',
            parentId: null,
            name: 'Ortsgemeinde Kettig (eigene Angaben)',
            address: { street: null, postcode: null, city: null },
            phone: null,
            fax: null,
            email: null,
            website: null,
            openingHours: null,
            openingHoursNote: null,
            accessibility: null,
            sample: false,
            version: 0,
            assignments: [],
          },
        },
      ];
      set.areas = [{ label: 'kettig', value: { ...kettig, mainAuthorityId: 'ortsgemeinde-kettig' } }];
      await catalog.write(set, options);
      const result = await importAdministrationAddresses(services, ADDRESSES, options);
      assert.ok(result.kept.includes('07137042'));
      assert.equal(result.changes.length, 0);
      const after = (await catalog.listAreas()).find((a) => a.ags === '07137042');
      assert.equal(after?.mainAuthorityId, 'ortsgemeinde-kettig');
    });
  });
}
