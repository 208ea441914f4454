import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthorityWithAssignments, Service } from '../../features/catalog/catalog.ts';
import { chunked, collect, loadFixture } from './testdata/fixture.ts';
import { type ExistingCatalog, importXzufi } from './xzufi-import.ts';
import { writeXzufi } from './xzufi-writer.ts';

function existingFrom(services: Service[], authorities: AuthorityWithAssignments[]): ExistingCatalog {
  return {
    serviceByLeikaKey: (k) => services.find((s) => s.leikaKey === k),
    serviceById: (id) => services.find((s) => s.id === id),
    authorityById: (id) => authorities.find((a) => a.id === id),
  };
}

describe('XZuFi round trip', () => {
  it('records → XML → change set gives the same records; export → import → export is byte-identical', async () => {
    const f = loadFixture();
    const first = await collect(writeXzufi(f));
    const { changeSet, removals, report } = await importXzufi(chunked(first, 13), {
      tenantAgs: '05974',
      areas: f.areas,
      existing: existingFrom(f.services, f.authorities),
    });
    assert.deepEqual(
      changeSet.services.map((l) => l.value),
      f.services,
    );
    assert.deepEqual(
      changeSet.authorities.map((l) => l.value),
      f.authorities,
    );
    assert.deepEqual(removals, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.header?.messageId, f.header.messageId);
    assert.equal(report.counts.leistung, 2);
    assert.equal(report.counts.zustaendigkeit, 5);

    const second = await collect(
      writeXzufi({
        ...f,
        services: changeSet.services.map((l) => l.value),
        authorities: changeSet.authorities.map((l) => l.value),
      }),
    );
    assert.equal(second, first);
  });

  it('without the catalog, carries everything XZuFi holds and defaults the rest', async () => {
    const f = loadFixture();
    const xml = await collect(writeXzufi(f));
    const { changeSet } = await importXzufi(chunked(xml), { tenantAgs: '05974', areas: f.areas });
    const [fs, anmelden] = changeSet.services.map((l) => l.value);
    const [origFs, origAnmelden] = f.services as [Service, Service];
    // fields XZuFi carries; a new Leistung is marked as imported from XZuFi under the id it was sent with
    assert.deepEqual(
      { ...fs, task: origFs.task, defaultLevel: origFs.defaultLevel, version: origFs.version },
      {
        ...origFs,
        defaultLegalBasis: null,
        defaultReason: null,
        provenance: { source: 'xzufi', externalId: origFs.id, upstreamUpdatedAt: null },
      },
    );
    // what it does not: the task, the levels and rules (from the typisierung, else gemeinde), the version
    assert.equal(anmelden?.task, null);
    assert.deepEqual(anmelden?.rules, []);
    assert.equal(anmelden?.defaultLevel, 'gemeinde');
    assert.equal(fs?.defaultLevel, 'gemeinde', 'typisierung 2/3 does not decide the level');
    assert.equal(fs?.version, 1);
    assert.equal(origAnmelden.name, anmelden?.name);
    assert.equal(changeSet.services[0]?.label, 'xzufi: leistung "fuehrerschein-umtausch" (line 12)');
  });
});
