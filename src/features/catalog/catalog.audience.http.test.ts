// Audience and provenance of imported services (issue 12): a town's list shows citizens' services first, those only
// for businesses after them, and the API answers say whom a service is for and where it came from.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { importBundle } from '../../interop/bundle/bundle-import.ts';
import { MINI_BUNDLE } from '../responsibility/testdata/load.ts';
import { asTenant, systemPrincipal, tenantScope } from './catalog.tenant.ts';
import { emptyChangeSet } from './catalog.ts';

const COUNTY = '17001';
const ALTDORF = '17001001';

describe("a town's list: citizens' services first", () => {
  let db: TestDb;
  let app: App;
  const names = async (url: string) =>
    ((await app.inject({ url })).json() as { items: { name: string }[] }).items.map((i) => i.name);

  before(async () => {
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    await importBundle(app.services.catalog, MINI_BUNDLE);
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('by name while no service states its audience; a service only for businesses goes last once it does', async () => {
    const url = `/api/v1/areas/${ALTDORF}/services`;
    const plain = await names(url);
    assert.deepEqual(plain, [
      'Altdorfer Dorffest anmelden',
      'Baugenehmigung beantragen',
      'Führungszeugnis',
      'Wohnsitz anmelden',
    ]);

    const { catalog } = app.services;
    const own = (await catalog.readTenants(tenantScope(asTenant(COUNTY)))).services;
    const set = emptyChangeSet();
    for (const s of own) {
      if (s.id === 'bauantrag') {
        const provenance = { source: 'pvog', externalId: 'B100019_LB_1', upstreamUpdatedAt: '2025-01-20' };
        set.services.push({ label: s.id, value: { ...s, audience: ['businesses'], provenance } });
      }
      if (s.id === 'zeugnis') set.services.push({ label: s.id, value: { ...s, audience: ['businesses', 'citizens'] } });
    }
    await catalog.write(set, { actor: systemPrincipal('cli'), source: 'test' });

    assert.deepEqual(await names(url), [
      'Altdorfer Dorffest anmelden',
      'Führungszeugnis',
      'Wohnsitz anmelden',
      'Baugenehmigung beantragen',
    ]);
    const csv = (await app.inject({ url: `${url}.csv` })).body.split('\r\n');
    assert.match(csv.at(-2) ?? '', /Baugenehmigung beantragen/, 'the CSV of the list in the same order');

    const items = (await app.inject({ url })).json() as { items: Record<string, unknown>[] };
    const bau = items.items.find((i) => i.id === 'bauantrag');
    assert.deepEqual(bau?.audience, ['businesses']);
    assert.deepEqual(bau?.provenance, { source: 'pvog', externalId: 'B100019_LB_1', upstreamUpdatedAt: '2025-01-20' });
    const one = (await app.inject({ url: `${url}/bauantrag` })).json() as Record<string, unknown>;
    assert.deepEqual(one.audience, ['businesses']);
    assert.equal((one.provenance as { source?: string } | undefined)?.source, 'pvog');
    const fest = items.items.find((i) => i.id === 'altdorf-fest');
    assert.ok(fest && !('audience' in fest) && !('provenance' in fest), 'absent where not stated: bytes unchanged');
  });
});
