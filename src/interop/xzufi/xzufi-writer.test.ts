import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { Service } from '../../features/catalog/catalog.ts';
import { collect, loadFixture, testdata } from './testdata/fixture.ts';
import { schemaErrors } from './testdata/validate-schema.ts';
import { escapeAttr, escapeText } from './xml-text.ts';
import { writeXzufi, writeXzufiTo, XzufiExportError } from './xzufi-writer.ts';

const golden = testdata('catalog.xzufi.xml');

describe('XZuFi writer', () => {
  it('writes the test catalog exactly as the golden file (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const f = loadFixture();
    const xml = await collect(writeXzufi({ ...f, removals: [{ klasse: 'Leistung', id: 'alte-leistung' }] }));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, xml);
    assert.equal(xml, readFileSync(golden, 'utf8'));
  });

  it('emits documents that our structural XZuFi 2.2 schema accepts', async () => {
    const f = loadFixture();
    assert.deepEqual(schemaErrors(readFileSync(golden, 'utf8')), []);
    // a unit with task assignments, no services, only removals: every optional path once
    const minimal = await collect(
      writeXzufi({
        header: f.header,
        areas: f.areas,
        services: [],
        authorities: [],
        removals: [
          { klasse: 'Organisationseinheit', id: 'x' },
          { klasse: 'Zustaendigkeit', id: 'y' },
        ],
      }),
    );
    assert.deepEqual(schemaErrors(minimal), []);
  });

  it('the schema test can fail: a leistung without its id is rejected', () => {
    const xml = readFileSync(golden, 'utf8').replace(
      '<xzufi:id schemeAgencyID="05974">wohnsitz-anmelden</xzufi:id>',
      '',
    );
    assert.notDeepEqual(schemaErrors(xml), []);
  });

  it('escapes markup, quotes and CR, and drops characters XML cannot carry', () => {
    assert.equal(escapeText('a < b && c > d\r\n\u0001'), 'a &lt; b &amp;&amp; c &gt; d&#13;\n');
    assert.equal(escapeAttr('say "hi"\n\tnow'), 'say &quot;hi&quot;&#10;&#9;now');
    assert.equal(escapeText('🚗 \uD800x'), '🚗 x', 'a lone surrogate is dropped, a pair is kept');
  });

  it('expands a task assignment into one zuständigkeit per service of the task', async () => {
    const f = loadFixture();
    const unit = f.authorities[1];
    assert.ok(unit);
    unit.assignments = [
      {
        ...(unit.assignments[0] as (typeof unit.assignments)[0]),
        id: 'geseke-melde',
        serviceId: null,
        task: 'meldewesen',
      },
    ];
    const xml = await collect(writeXzufi({ ...f, authorities: [unit] }));
    assert.match(xml, /<xzufi:id schemeAgencyID="05974">geseke-melde~wohnsitz-anmelden<\/xzufi:id>/);
    assert.equal(xml.match(/geseke-melde~/g)?.length, 1, 'only wohnsitz-anmelden has task meldewesen');
    assert.deepEqual(schemaErrors(xml), []);
  });

  it('names the area when an ARS is missing', async () => {
    const f = loadFixture();
    await assert.rejects(collect(writeXzufi({ ...f, areas: [] })), (e: unknown) => {
      assert.ok(e instanceof XzufiExportError);
      assert.match(e.message, /no ARS for area 05974 \(tenant of service fuehrerschein-umtausch\)/);
      return true;
    });
  });

  it('streams: one chunk per object, and honours back-pressure of a slow target', async () => {
    const f = loadFixture();
    const many: Service[] = [];
    const base = f.services[1] as Service;
    for (let i = 0; i < 300; i++) many.push({ ...base, id: `s-${i}`, leikaKey: null });
    let chunks = 0;
    for await (const _ of writeXzufi({ ...f, services: many, authorities: [] })) chunks++;
    assert.equal(chunks, 300 + 3, 'prolog+root, header, one per leistung, closing tag');

    let received = '';
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk, _enc, done) {
        received += chunk.toString();
        setImmediate(done);
      },
    });
    const bytes = await writeXzufiTo({ ...f, services: many, authorities: [] }, slow);
    assert.equal(bytes, Buffer.byteLength(received));
    assert.ok(received.endsWith('</xzufi:transfer>\n'));
  });
});
