import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataReport, dataReportTable } from './catalog.report.ts';
import type { Authority, Service } from './catalog.ts';

const unit = (id: string, tenantAgs: string, sample: boolean): Authority => ({
  id,
  tenantAgs,
  areaAgs: tenantAgs,
  parentId: null,
  name: id,
  address: { street: null, postcode: null, city: null },
  phone: sample ? '+49 0 0' : null,
  fax: null,
  email: null,
  website: null,
  openingHours: null,
  openingHoursNote: null,
  accessibility: null,
  sample,
  version: 1,
});

const service = (id: string, online: Service['onlineServices'], leikaKey: string | null = null): Service =>
  ({
    id,
    name: id,
    leikaKey,
    tenantAgs: '05974',
    forms: [],
    onlineServices: online,
    legalBasis: null,
    defaultLegalBasis: '§ 1 Test',
    fees: null,
  }) as unknown as Service;

describe('data report', () => {
  const report = dataReport(
    {
      authorities: [unit('a', '05974', false), unit('b', '05974', true), unit('c', '05974020', true)],
      contacts: [],
      assignments: [],
      localSettings: [],
      services: [
        service('termin', [{ title: 'Termin', url: 'https://t.example', type: 'termin' }], '99000000000000'),
        service('info', [{ title: 'Info', url: 'https://i.example', type: 'information' }]),
        service('kfz', [{ title: 'i-Kfz', url: 'https://k.example', type: 'ikfz', trustLevel: 'hoch' }]),
      ],
    },
    (ags) => ({ '05974': 'Kreis Soest', '05974020': 'Geseke' })[ags],
  );
  const row = (tenant: string, kind: string, measure: string) =>
    [...report.rows, ...report.totals].find((r) => r.tenant === tenant && r.kind === kind && r.measure === measure);

  it('counts real units per tenant, and booking links apart from online procedures', () => {
    assert.deepEqual([row('05974', 'units', 'real')?.count, row('05974', 'units', 'real')?.total], [1, 2]);
    assert.equal(row('05974020', 'units', 'real')?.percent, 0);
    assert.equal(row('05974', 'services', 'booking')?.count, 1);
    // An information page is no online procedure; i-Kfz is one.
    assert.equal(row('05974', 'services', 'onlineProcedure')?.count, 1);
    assert.equal(row('05974', 'services', 'leikaKey')?.percent, 33);
    assert.equal(row('05974020', 'services', 'leikaKey'), undefined);
    assert.deepEqual([row('*', 'units', 'real')?.count, row('*', 'units', 'real')?.total], [1, 3]);
  });

  it('prints one block per tenant, then the totals', () => {
    const table = dataReportTable(report);
    assert.match(table, /^Mandant +Art +Merkmal +Anzahl +von +Anteil$/m);
    assert.match(table, /^05974 Kreis Soest +Stellen +echte Daten \(nicht Beispieldaten\) +1 +2 +50 %$/m);
    assert.match(table, /^05974020 Geseke +Stellen +echte Daten \(nicht Beispieldaten\) +0 +1 +0 %$/m);
    assert.match(table, /^alle Mandanten +Stellen +echte Daten/m);
  });
});
