import assert from 'node:assert/strict';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { leikaKeyProblem } from '../../features/catalog/catalog.ts';
import { ValidationError } from '../../shared/errors.ts';
import { htmlToText } from '../html-text.ts';
import { readPvogCsv } from './pvog-csv.ts';
import { readPvogDescription } from './pvog-json.ts';

const here = (name: string) => new URL(name, import.meta.url).pathname;
const shared = process.env.PVOG_DATA_DIR ?? new URL('../../../../shared/data/pvog/', import.meta.url).pathname;
const haveShared = existsSync(`${shared}ars_000000000000.csv`);
if (!haveShared) {
  const message = `PVOG data not found at ${shared}: the real-data tests are SKIPPED (set REQUIRE_SHARED_DATA=1 to fail)`;
  if (process.env.REQUIRE_SHARED_DATA === '1') throw new Error(message);
  console.warn(`\n*** ${message} ***\n`);
}

describe('PVOG CSV export', () => {
  it('groups rows into Bund services with stable ids, names, LeiKa keys, online services and provenance', async () => {
    const { services, provenance } = await readPvogCsv(
      createReadStream(here('testdata/pvog-sample.csv')),
      'sample.csv',
    );
    assert.deepEqual(
      services.map((l) => [l.value.id, l.value.name, l.value.tenantAgs, l.value.defaultLevel]),
      [
        ['leika-99001001017000', 'Beispielgeld beantragen', '00', 'bund'],
        ['leika-99001002012000', 'Musterbescheinigung Ausstellung', '00', 'bund'],
        ['leika-99001003005000', 'Testerlaubnis beantragen', '00', 'bund'],
      ],
    );
    const [first, second, third] = services.map((l) => l.value);
    assert.deepEqual(first?.textModules, { '02': 'Beispielgeld Bewilligung' });
    assert.deepEqual(second?.textModules, {}, 'no 02 when it equals the name');
    assert.deepEqual(first?.onlineServices, [
      { title: 'Beispiel-Portal', url: 'https://example.org/antrag', type: 'antrag' },
      { title: 'Upload-Dienst', url: 'https://example.org/upload', type: 'antrag' },
    ]);
    assert.deepEqual(second?.onlineServices, []);
    assert.deepEqual(
      third?.onlineServices.map((o) => o.url),
      ['https://example.org/a', 'https://example.org/b'],
    );
    assert.deepEqual(provenance.get('leika-99001001017000'), {
      source: 'pvog-csv',
      pvogId: 'B999.LB.1',
      updatedAt: '2025-02-03T10:15',
    });
    assert.equal(services[0]?.label, 'sample.csv: line 2 (ID-LB "B999.LB.1")');
  });

  it('reports every bad row with its line and reads nothing', async () => {
    const csv = [
      'ID-LB|Leikaschlüssel|Name|Name2|Updatedatum|ID-OD|Bezeichnung OD|Links',
      'A|12345|x|x|01.01.2025 00:00|||',
      'B|99001001017000|x|x|01.01.2025 00:00|OD|y|ftp://nope',
      'C|too|few',
      'D|99001001017000|x|x|01.01.2025 00:00|||',
    ].join('\n');
    await assert.rejects(readPvogCsv(Readable.from([csv]), 'bad.csv'), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(
        e.issues.map((i) => `${i.record} ${i.field}`),
        [
          'bad.csv: line 2 (ID-LB "A") Leikaschlüssel',
          'bad.csv: line 3 (ID-OD "OD") Links',
          'bad.csv: line 4 (row)',
          'bad.csv: line 5 (ID-LB "D") Leikaschlüssel',
        ],
      );
      return true;
    });
  });

  it('on the real export: 911 Leistungen, each with a valid 14-digit LeiKa key', { skip: !haveShared }, async () => {
    const { services, provenance } = await readPvogCsv(createReadStream(`${shared}ars_000000000000.csv`));
    assert.equal(services.length, 911);
    for (const { value: s } of services) {
      assert.equal(leikaKeyProblem(s.leikaKey ?? ''), null, s.id);
      assert.ok(s.name.length > 0, s.id);
    }
    assert.equal(new Set(services.map((s) => s.value.id)).size, 911);
    assert.equal(provenance.size, 911);
    assert.ok(services.some((s) => s.value.onlineServices.length > 1));
  });
});

describe('PVOG service description', () => {
  it('maps text modules, fees, deadlines, processing time, forms, online services, synonyms, Lebenslagen', () => {
    const r = readPvogDescription(JSON.parse(readFileSync(here('testdata/pvog-description.json'), 'utf8')));
    assert.deepEqual(r.patch, {
      name: 'Beispielgeld beantragen',
      leikaKey: '99001001017000',
      leikaType: '1',
      synonyms: ['Beispiel', 'Geld'],
      teaser: 'Kurz & bündig.',
      fullText: 'Erster Absatz.\n\nZweiter:\n\n- eins\n- zwei\n- zwei-a',
      legalBasis: '- § 1 Beispielgesetz: https://example.org/gesetz',
      forms: [{ title: 'Antrag', url: 'https://example.org/form.pdf' }],
      fees: 'Keine',
      deadlines: 'Vor Beginn.\n\n- Widerspruchsfrist: 1 Monat',
      processingTime: '- 1 Monat (rund 1 Monat)',
      textModules: { '14': 'Formulare vorhanden: Ja', '25': 'Widerspruch' },
      onlineServices: [
        { title: 'Online beantragen', url: 'https://example.org/online', type: 'antrag', trustLevel: 'substanziell' },
        { title: 'Anderer Dienst', url: 'https://example.org/other', type: 'antrag' },
      ],
    });
    assert.deepEqual(r.lebenslagenNames, ['Kinder', 'Arbeit']);
    assert.deepEqual(r.warnings, ['online service B999.OD.12: levelOfConfidence "15" not mapped']);
    assert.deepEqual(r.provenance, {
      source: 'pvog-json',
      pvogId: 'B999.LB.1',
      updatedAt: '2024-05-01T10:00:00Z',
      validFrom: '2020-01-01',
      validTo: '2999-12-31',
    });
  });

  it('names what is wrong', () => {
    assert.throws(
      () => readPvogDescription({ details: [{ code: 'XX', text: 'a' }] }, 'x.json'),
      (e: unknown) =>
        e instanceof ValidationError &&
        e.issues.map((i) => i.field).join() === 'id,name,details.0.code' &&
        /allowed: 02, 03/.test(e.issues[2]?.message ?? ''),
    );
    assert.throws(() => readPvogDescription([]), ValidationError);
  });

  it('converts the HTML PVOG uses into the catalog’s plain text', () => {
    assert.equal(htmlToText('<p>a&#xa0;b<br>c</p><ul><li>x</li><li>y</li></ul>'), 'a b\nc\n\n- x\n- y');
  });

  it('on the real descriptions (full and reduced)', { skip: !haveShared }, () => {
    const full = readPvogDescription(
      JSON.parse(readFileSync(`${shared}B100019_LB_574711_service_description.json`, 'utf8')),
    );
    assert.equal(full.patch.leikaKey, '99007002017000');
    assert.equal(full.patch.leikaType, '1');
    for (const field of [
      'teaser',
      'fullText',
      'prerequisites',
      'documents',
      'procedure',
      'fees',
      'deadlines',
    ] as const) {
      assert.ok(full.patch[field], field);
      assert.doesNotMatch(full.patch[field] ?? '', /<\/?[a-z]+>/, `${field} has no HTML left`);
    }
    assert.ok(full.patch.processingTime?.includes('1 Monat'));
    assert.equal(full.patch.onlineServices?.length, 1);
    assert.ok(full.lebenslagenNames.includes('Berufsausbildung'));
    const reduced = readPvogDescription(
      JSON.parse(readFileSync(`${shared}B100019_LB_581863_social_benefit_description.json`, 'utf8')),
    );
    assert.equal(reduced.provenance.pvogId, 'B100019.LB.581863');
    assert.ok(reduced.patch.fullText?.startsWith('Wenn Sie als Eltern'));
    assert.ok(reduced.patch.legalBasis?.includes('BKGG'));
  });
});
