import assert from 'node:assert/strict';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Service } from '../../features/catalog/catalog.ts';
import { chunked, loadFixture, testdata } from './testdata/fixture.ts';
import { importXzufi } from './xzufi-import.ts';
import { readXzufiRecords, XzufiImportError } from './xzufi-reader.ts';

const areas = loadFixture().areas;
const existingGewerbe = {
  id: 'gewerbe-anmelden',
  tenantAgs: '05974',
  leikaKey: '99050012104000',
  task: 'gewerbe',
  defaultLevel: 'gemeinde',
  rules: [],
  version: 4,
} as unknown as Service;
const existing = {
  serviceByLeikaKey: (k: string) => (k === existingGewerbe.leikaKey ? existingGewerbe : undefined),
  serviceById: (id: string) => (id === 'gewerbe-alt' ? existingGewerbe : undefined),
  authorityById: () => undefined,
};

async function problemsOf(xml: string) {
  try {
    await importXzufi(chunked(xml), { tenantAgs: '05974', areas });
  } catch (e) {
    assert.ok(e instanceof XzufiImportError, String(e));
    return e;
  }
  assert.fail('expected XzufiImportError');
}

describe('XZuFi reader', () => {
  it('tolerates single elements, a missing typisierung, other prefixes, several languages and unknown deletions', async () => {
    const path = testdata('tolerant.xml');
    const progress: number[] = [];
    const { changeSet, removals, report } = await importXzufi(createReadStream(path, { highWaterMark: 256 }), {
      tenantAgs: '05974',
      areas,
      existing,
      totalBytes: statSync(path).size,
      onProgress: (read, total) => {
        assert.equal(total, statSync(path).size);
        progress.push(read);
      },
    });
    assert.ok(progress.length > 3, 'called per chunk');
    assert.deepEqual(
      [...progress].sort((a, b) => a - b),
      progress,
      'monotonic',
    );
    assert.equal(progress.at(-1), statSync(path).size);

    const [s] = changeSet.services.map((l) => l.value);
    assert.equal(changeSet.services.length, 1);
    assert.equal(s?.id, 'gewerbe-anmelden', 'matched by LeiKa key: no duplicate');
    assert.equal(s?.task, 'gewerbe', 'what XZuFi does not carry is kept from the catalog');
    assert.equal(s?.version, 4);
    assert.equal(s?.name, 'Gewerbe anmelden');
    assert.equal(s?.prerequisites, 'Volljährig & geschäftsfähig');
    assert.equal(s?.fees, '20 Euro');
    assert.equal(s?.leikaType, null);
    assert.deepEqual(s?.textModules, { '03_en': 'Register a business' });

    const [unit] = changeSet.authorities.map((l) => l.value);
    assert.equal(unit?.id, 'oe-7');
    assert.equal(unit?.areaAgs, '05974020', 'from the regionalschluessel');
    assert.deepEqual(unit?.address, { street: 'Markt 1', postcode: null, city: null });
    assert.equal(unit?.phone, '0170 1234', 'a mobile number is a phone number');
    assert.deepEqual(
      unit?.assignments.map((a) => [a.id, a.serviceId, a.areaAgs, a.role]),
      [
        ['Z.1@05974020', 'gewerbe-anmelden', '05974020', 'zustaendige_stelle'],
        ['Z.1@05974044', 'gewerbe-anmelden', '05974044', 'zustaendige_stelle'],
      ],
    );
    assert.deepEqual(
      removals.map((r) => [r.klasse, r.xzufiId, r.id]),
      [
        ['Zustaendigkeit', 'Z.0', 'z-0'],
        ['Leistung', 'gewerbe-alt', 'gewerbe-alt'],
      ],
    );
    assert.deepEqual(
      report.warnings.map((w) => [w.klasse, w.objectId, w.line]),
      [
        ['spezialisierung', 'SP.1', 49],
        ['loesche', 'never-sent', 52],
      ],
    );
  });

  it('collects every problem with line, column and object id, and returns nothing', async () => {
    const e = await problemsOf(readFileSync(testdata('broken.xml'), 'utf8'));
    const got = e.problems.map((p) => `${p.line}:${p.klasse}:${p.objectId}:${p.message.split(';')[0]}`);
    assert.deepEqual(got, [
      '4:leistung:L.1:referenzLeiKa "12345" must be exactly 14 digits',
      '8:leistung:L.1:text module code "77" is unknown',
      '9:leistung:L.1:typisierung "9z" is unknown',
      '13:leistung:L.2:has no name (text module 03 Leistungsname or 02 Leistungsbezeichnung in German)',
      '18:zustaendigkeitTransferObjekt:Z.9:gebietID "999999999999" is no known area (ARS)',
      '18:zustaendigkeitTransferObjekt:Z.9:uebergeordnetesObjektID "OE.missing" names no organisationseinheit or onlinedienst of this message or the catalog',
      '28:loesche:x:klasse "Gebiet" is unknown',
    ]);
    assert.match(e.problems[1]?.message ?? '', /allowed: 02, 03, 05/);
    assert.equal(e.status, 400);
    assert.match(e.issues[0]?.record ?? '', /^leistung "L\.1" \(line 4, column \d+\)$/);
  });

  it('reports malformed XML with line and column', async () => {
    const xml = `<?xml version="1.0"?>\n<xzufi:transfer xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0">\n  <xzufi:schreibe>\n    <xzufi:leistung></xzufi:schreibe>\n</xzufi:transfer>\n`;
    const e = await problemsOf(xml);
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0]?.line, 4);
    assert.match(e.problems[0]?.message ?? '', /not well-formed XML/);
  });

  it('refuses a document in another namespace, and a truncated one', async () => {
    const e = await problemsOf('<transfer xmlns="urn:other"><schreibe/></transfer>');
    assert.match(e.problems[0]?.message ?? '', /an XZuFi 2.2 message uses "http:\/\/xoev.de\/schemata\/xzufi\/2_2_0"/);
    const golden = readFileSync(testdata('catalog.xzufi.xml'), 'utf8');
    const cut = await problemsOf(golden.slice(0, golden.length - 200));
    assert.match(cut.problems[0]?.message ?? '', /not well-formed/);
  });

  it('yields records as it reads, and the same records however the bytes are chunked', async () => {
    const golden = readFileSync(testdata('catalog.xzufi.xml'), 'utf8');
    const kinds = async (size: number) => {
      const out: string[] = [];
      for await (const r of readXzufiRecords(chunked(golden, size))) out.push(`${r.kind}@${r.at.line}`);
      return out;
    };
    const whole = await kinds(1 << 20);
    assert.deepEqual(await kinds(1), whole, 'one byte at a time, splitting every multi-byte character');
    assert.equal(whole.filter((k) => k.startsWith('leistung')).length, 2);
    assert.equal(whole.at(-1), 'loesche@313');
  });
});
