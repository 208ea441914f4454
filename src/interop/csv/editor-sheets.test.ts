// The editors' sheets without a database: what goes out comes back in exactly, formula defusing included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthorityWithAssignments, Contact, LocalServiceSetting } from '../../features/catalog/index.ts';
import { undefuse } from './csv.ts';
import {
  contactsSheet,
  readContactsSheet,
  readSettingsSheet,
  readUnitsSheet,
  type SettingsSheetRow,
  settingsSheet,
  unitsSheet,
} from './editor-sheets.ts';

const TOWN = '05974028';

// Texts a spreadsheet could take for formulas, and texts that only look defused already.
const TRICKY = [
  '+49 2921 30-0',
  '=SUMME(A1:A3)',
  '-5 % für Studierende',
  '@Rathaus',
  "'=schon mit Apostroph",
  "''+zwei Apostrophe",
  "'nur ein Apostroph",
  'Semikolon; "Anführung"\nzweite Zeile',
] as const;

function row(id: string, setting: Partial<LocalServiceSetting> | null): SettingsSheetRow {
  return {
    serviceId: id,
    serviceName: `Leistung ${id}`,
    ownerAgs: '05974',
    ownerName: 'Kreis Soest',
    setting: setting && {
      areaAgs: TOWN,
      serviceId: id,
      offered: true,
      reason: null,
      alternativeUrl: null,
      alternativeServiceId: null,
      localText: null,
      localFees: null,
      localDocuments: null,
      localOnlineServices: [],
      ...setting,
    },
  };
}

describe("editors' sheets", () => {
  it('give every text back exactly: numbers with +, =, - and @ at the start, apostrophes, separators', async () => {
    const rows = TRICKY.map((text, i) =>
      row(`leistung-${i}`, { localText: text, localFees: text, localDocuments: text }),
    );
    rows.push(row('nicht-hier', { offered: false, reason: '-- kein Angebot --', alternativeServiceId: 'anderswo' }));
    const sheet = settingsSheet(rows);
    assert.match(sheet, /'\+49 2921 30-0/, 'a leading + is defused on the way out');
    assert.match(sheet, /''=schon mit Apostroph/, 'a leading apostrophe before = gets one more');

    const set = await readSettingsSheet(sheet, TOWN, new Map(rows.map((r) => [r.serviceId, r])));
    assert.deepEqual(
      (set.localSettings ?? []).map((l) => l.value),
      rows.map((r) => r.setting),
    );
    // And the sheet written from what was read is the same bytes.
    const again = rows.map((r, i) => ({ ...r, setting: set.localSettings?.[i]?.value ?? null }));
    assert.equal(settingsSheet(again), sheet);
  });

  it("keep a unit's and a contact's phone number through the round trip", async () => {
    const unit: AuthorityWithAssignments = {
      id: 'rathaus',
      tenantAgs: TOWN,
      areaAgs: TOWN,
      parentId: null,
      name: 'Rathaus',
      address: { street: 'Markt 1', postcode: '59555', city: 'Lippstadt' },
      phone: '+49 2941 980-0',
      fax: '-',
      email: 'info@stadt.example',
      website: null,
      openingHours: 'Mo-Fr 08:00-12:00',
      openingHoursNote: '=nach Vereinbarung',
      accessibility: null,
      sample: false,
      version: 3,
      assignments: [],
    };
    const units = unitsSheet([unit]);
    const unitSet = await readUnitsSheet(units, new Map([[unit.id, unit]]));
    assert.deepEqual(unitSet.authorities[0]?.value, unit);

    const contact: Contact = {
      id: 'buergerbuero-1',
      tenantAgs: TOWN,
      authorityId: 'rathaus',
      name: 'Frau Beispiel',
      role: '-Bürgerbüro-',
      phone: '+49 2941 980-123',
      email: 'buergerbuero@stadt.example',
      room: '@EG 1',
      sample: false,
      serviceIds: ['wohnsitz-anmelden'],
      tasks: [],
      areas: [TOWN],
      version: 2,
    };
    const contacts = contactsSheet([contact], new Map([['rathaus', 'Rathaus']]));
    assert.ok(contacts.startsWith('\uFEFFKontakt-ID;Einheit;Name;Funktion;Telefon;E-Mail;Raum\r\n'));
    assert.match(contacts, /\r\nbuergerbuero-1;Rathaus;Frau Beispiel;'-Bürgerbüro-;'\+49 2941 980-123;/);
    const contactSet = await readContactsSheet(contacts, new Map([[contact.id, contact]]));
    assert.deepEqual(contactSet.contacts[0]?.value, contact, 'unit, services and areas are kept');
  });

  it('a contacts sheet naming a contact of another tenant, or twice, is refused as a whole', async () => {
    const contact = { id: 'a', authorityId: 'u', name: 'A', role: null, phone: null, email: null, room: null };
    const known = new Map([
      ['a', { ...contact, tenantAgs: TOWN, sample: false, serviceIds: [], tasks: [], version: 1 }],
    ]);
    const text =
      '\uFEFFKontakt-ID;Einheit;Name;Funktion;Telefon;E-Mail;Raum\r\na;u;A;;;;\r\nfremd;;B;;;;\r\na;u;A;;;;\r\n';
    await assert.rejects(readContactsSheet(text, known), (e: Error & { issues?: { record: string }[] }) => {
      assert.deepEqual(
        e.issues?.map((i) => i.record),
        ['Zeile 3', 'Zeile 4'],
      );
      return true;
    });
  });

  it('undefuse removes exactly the one apostrophe the writer added', () => {
    assert.equal(undefuse("'+49 1 2"), '+49 1 2');
    assert.equal(undefuse("''=x"), "'=x");
    assert.equal(undefuse("'x"), "'x");
    assert.equal(undefuse('+49 1 2'), '+49 1 2', 'a spreadsheet that dropped the apostrophe leaves nothing to undo');
  });
});
