import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthorityWithAssignments, CatalogChangeSet, Service } from '../../features/catalog/catalog.ts';
import type { RecordChange } from '../../features/catalog/catalog.write.ts';
import { chunked, collect, loadFixture } from './testdata/fixture.ts';
import { importXzufiStaged, type XzufiImportTarget } from './xzufi-import.ts';
import { writeXzufi } from './xzufi-writer.ts';

/** A target that keeps what it is given, like a catalog would, and remembers every batch. */
function memoryTarget(reading: { done: boolean }) {
  const services = new Map<string, Service>();
  const units = new Map<string, AuthorityWithAssignments>();
  const batches: { set: CatalogChangeSet; whileReading: boolean }[] = [];
  const target: XzufiImportTarget = {
    async write(set) {
      batches.push({ set, whileReading: !reading.done });
      const changes: RecordChange[] = [];
      const change = (type: 'service' | 'authority', id: string, had: boolean, same: boolean) => {
        if (!same) changes.push({ type, id, tenantAgs: '05974', result: had ? 'updated' : 'created', version: 1 });
      };
      for (const { value } of set.services) {
        const old = services.get(value.id);
        change('service', value.id, !!old, JSON.stringify(old) === JSON.stringify(value));
        services.set(value.id, value);
      }
      for (const { value } of set.authorities) {
        const old = units.get(value.id);
        change('authority', value.id, !!old, JSON.stringify(old) === JSON.stringify(value));
        units.set(value.id, value);
      }
      return changes;
    },
    async service(id) {
      return services.get(id);
    },
  };
  return { target, batches, services, units };
}

/** The fixture's records repeated `n` times under new ids, as one message. */
async function repeatedMessage(n: number): Promise<string> {
  const f = loadFixture();
  const services = Array.from({ length: n }, (_, i) =>
    f.services.map((s) => ({ ...s, id: `${s.id}-${i}`, leikaKey: null })),
  ).flat();
  const authorities = Array.from({ length: n }, (_, i) =>
    f.authorities.map((a) => ({
      ...a,
      id: `${a.id}-${i}`,
      parentId: a.parentId ? `${a.parentId}-${i}` : null,
      assignments: a.assignments.map((x) => ({
        ...x,
        id: `${x.id}-${i}`,
        authorityId: `${a.id}-${i}`,
        serviceId: x.serviceId ? `${x.serviceId}-${i}` : null,
      })),
    })),
  ).flat();
  return collect(writeXzufi({ ...f, services, authorities }));
}

describe('XZuFi staged import', () => {
  it('writes Leistungen in batches while it reads, units after them parents first, and a bounded preview', async () => {
    const f = loadFixture();
    const xml = await repeatedMessage(6);
    const reading = { done: false };
    async function* source() {
      yield* chunked(xml, 512);
      reading.done = true;
    }
    const { target, batches, services, units } = memoryTarget(reading);
    const result = await importXzufiStaged(
      source(),
      { tenantAgs: '05974', areas: f.areas, batchSize: 2, previewLines: 3 },
      target,
    );

    const serviceBatches = batches.filter((b) => b.set.services.length > 0);
    assert.equal(serviceBatches.length, 6, '12 Leistungen in batches of 2');
    assert.ok(
      serviceBatches.filter((b) => b.whileReading).length >= 4,
      'most batches were written before the message was read to its end',
    );
    // Each Leistung was held until the next one came: its online services were on it when it was written.
    for (const [id, s] of services) {
      const original = f.services.find((o) => id.startsWith(`${o.id}-`));
      assert.deepEqual(s.onlineServices, original?.onlineServices, id);
    }
    // Units only after every Leistung, and a parent never after its child.
    const firstUnitBatch = batches.findIndex((b) => b.set.authorities.length > 0);
    assert.ok(firstUnitBatch > batches.findLastIndex((b) => b.set.services.length > 0));
    const unitOrder = batches.flatMap((b) => b.set.authorities.map((a) => a.value.id));
    for (const id of unitOrder) {
      const parent = units.get(id)?.parentId;
      if (parent) assert.ok(unitOrder.indexOf(parent) < unitOrder.indexOf(id), `${parent} before ${id}`);
    }
    assert.equal(units.get('geseke-buergerbuero-3')?.assignments.length, 2);

    // The preview: at most 3 lines per kind, the totals exact.
    assert.deepEqual(
      result.preview.map((p) => [p.kind, p.result]),
      [
        ['leistung', 'new'],
        ['leistung', 'new'],
        ['leistung', 'new'],
        ['organisationseinheit', 'new'],
        ['organisationseinheit', 'new'],
        ['organisationseinheit', 'new'],
      ],
    );
    assert.equal(result.totals.new, 12 + 12);
    assert.equal(result.totals.unchanged, 0);
    assert.equal(result.report.counts.leistung, 12);
  });

  it('writes nothing more once a problem is found, reads on to report every problem, and throws at the end', async () => {
    const f = loadFixture();
    const xml = (await repeatedMessage(4)).replace(
      /(<xzufi:id[^>]*>wohnsitz-anmelden-2<\/xzufi:id>)/,
      '$1<xzufi:referenzLeiKa><code>123</code></xzufi:referenzLeiKa>',
    );
    const { target, batches } = memoryTarget({ done: false });
    const written = () => batches.reduce((n, b) => n + b.set.services.length, 0);
    await assert.rejects(
      importXzufiStaged(chunked(xml, 256), { tenantAgs: '05974', areas: f.areas, batchSize: 1 }, target),
      (e: Error & { problems?: { objectId: string | null; message: string }[] }) => {
        assert.deepEqual(
          e.problems?.map((p) => p.objectId),
          ['wohnsitz-anmelden-2'],
        );
        return true;
      },
    );
    // Written before the broken one: the caller's transaction rolls those back. After it: nothing.
    assert.ok(written() >= 3 && written() <= 5, `written ${written()}`);
    assert.equal(
      batches.some((b) => b.set.authorities.length > 0),
      false,
    );
  });
});

describe('XZuFi texts', () => {
  it('converts HTML texts to the catalog’s plain text, and keeps plain texts (our own exports) as they are', async () => {
    const f = loadFixture();
    const plain = f.services[0] as Service;
    assert.ok(plain.fullText?.includes('\n\n- '), 'the first Leistung has paragraphs and a list in plain text');
    let fullTexts = 0;
    const xml = (await collect(writeXzufi(f)))
      // The second Leistung's full text and the first fee text come as HTML, escaped and in CDATA.
      .replace(
        /(<code>06<\/code>\s*<\/xzufi:leikaTextmodul>\s*<xzufi:inhalt languageCode="de">)([^<]*)(<\/xzufi:inhalt>)/g,
        (all, open: string, _text: string, close: string) =>
          ++fullTexts === 2
            ? `${open}&lt;p&gt;Volltext mit &lt;b&gt;HTML&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;eins&lt;/li&gt;&lt;li&gt;zwei&lt;/li&gt;&lt;/ul&gt;${close}`
            : all,
      )
      .replace(
        /(<xzufi:modulKosten>\s*<xzufi:beschreibung languageCode="de">)[^<]*(<\/xzufi:beschreibung>)/,
        '$1<![CDATA[<p>Gebühr: 10&nbsp;Euro</p>]]>$2',
      );
    assert.equal(fullTexts, 2);
    const { target, services } = memoryTarget({ done: false });
    await importXzufiStaged(chunked(xml, 97), { tenantAgs: '05974', areas: f.areas }, target);
    const texts = [...services.values()].flatMap((s) => [s.fullText, s.fees]);
    assert.ok(texts.includes('Volltext mit HTML\n\n- eins\n- zwei'), 'the HTML full text, as plain text');
    assert.ok(texts.includes('Gebühr: 10 Euro'), 'the HTML fee text, as plain text');
    assert.ok(!texts.some((t) => t?.includes('<p>') || t?.includes('<b>')), 'no markup stored');
    assert.equal(services.get(plain.id)?.fullText, plain.fullText, 'a plain text with paragraphs is kept as it is');
  });
});
