// Behaviour guard for refactors: every public URL of the seeded portal and API answers byte for byte what it answered
// when the snapshot was taken (asset hashes aside). A deliberate change of output is recorded by running
// `UPDATE_SNAPSHOT=1 npm run test:http` and committing the new snapshot with the change that explains it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it, mock } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type SeededApp, seededApp } from '../features/portal/portal.testing.ts';

const SNAPSHOT = fileURLToPath(new URL('./testdata/public-urls.snapshot.json', import.meta.url));
const DIFF_DIR = fileURLToPath(new URL('../../artifacts/snapshot-diff/', import.meta.url));
/** A fixed moment (a Wednesday morning in Berlin) so that "open now" and dates do not move the bytes. */
const NOW = new Date('2026-12-02T09:30:00+01:00');
const HTML = { accept: 'text/html,application/xhtml+xml' };

interface Entry {
  status: number;
  type: string;
  sha256: string;
  bytes: number;
}

/** Asset URLs carry a content hash (`?v=…`): a changed stylesheet must not count as changed behaviour. */
function normalise(body: string): string {
  return body.replace(/\?v=[A-Za-z0-9_-]{6,}/g, '?v=HASH').replace(/(W\/)?"[0-9a-f]{16,}"/g, '"ETAG"');
}

async function publicUrls(t: SeededApp): Promise<string[]> {
  const { catalog } = t.app.services;
  const areas = await catalog.listAreas();
  const county = areas.find((a) => a.ags === '05974');
  assert.ok(county, 'the seed has Kreis Soest');
  const towns = areas.filter((a) => a.parentAgs === '05974').sort((a, b) => a.ags.localeCompare(b.ags));
  const urls = ['/', '/en/', '/wahl?ort=geseke', '/wahl?ort=59602', '/embed', '/sitemap.xml', '/robots.txt'];
  urls.push('/checkliste', '/api/v1/areas', '/api/v1/lebenslagen', '/api/v1/openapi.json', '/nicht-da');
  urls.push(`/${county.slug}/`, `/api/v1/areas/${county.ags}/services`);
  for (const town of towns) {
    urls.push(`/${town.slug}/`, `/${town.slug}/a-z`, `/checkliste/${town.slug}`);
    urls.push(`/api/v1/areas/${town.ags}/services`, `/api/v1/areas/${town.ags}/services.csv`);
    urls.push(`/api/v1/areas/${town.ags}/coverage`);
    urls.push(`/api/v1/search?q=perso+verloren&ags=${town.ags}`, `/api/v1/suggest?q=ausw&ags=${town.ags}`);
    urls.push(`/${town.slug}/suche?q=umzug`);
  }
  // Every service page of two towns (a mittlere kreisangehörige Stadt and a small town), in HTML and JSON.
  for (const slug of ['geseke', 'lippetal']) {
    const town = towns.find((a) => a.slug === slug);
    assert.ok(town, `the seed has ${slug}`);
    for (const s of await catalog.listAreaServices(town.ags, { now: NOW })) {
      urls.push(`/${town.slug}/leistungen/${s.id}`, `/api/v1/areas/${town.ags}/services/${s.id}`);
    }
    const first = (await catalog.listLebenslagen())[0];
    if (first) urls.push(`/${town.slug}/lebenslagen/${first.id}`);
  }
  return urls;
}

describe('public URLs of the seeded portal and API', () => {
  let t: SeededApp;
  before(async () => {
    mock.timers.enable({ apis: ['Date'], now: NOW });
    t = await seededApp();
    await t.app.services.checklist.seedIfEmpty();
  });
  after(async () => {
    await t.close();
    mock.timers.reset();
  });

  it('answer byte for byte as in the snapshot', async () => {
    const actual: Record<string, Entry> = {};
    const bodies = new Map<string, string>();
    for (const url of await publicUrls(t)) {
      const res = await t.app.inject({ url, headers: url.startsWith('/api/') ? {} : HTML });
      const body = normalise(res.body);
      bodies.set(url, body);
      actual[url] = {
        status: res.statusCode,
        type: String(res.headers['content-type'] ?? ''),
        sha256: createHash('sha256').update(body).digest('hex'),
        bytes: Buffer.byteLength(body),
      };
    }
    if (process.env.UPDATE_SNAPSHOT === '1') {
      writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    const expected = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, Entry>;
    const changed = Object.keys({ ...expected, ...actual }).filter(
      (url) => JSON.stringify(expected[url]) !== JSON.stringify(actual[url]),
    );
    if (changed.length > 0) {
      // Keep the new bodies for a diff against a checkout of the snapshot's commit.
      mkdirSync(DIFF_DIR, { recursive: true });
      for (const url of changed.slice(0, 50)) {
        writeFileSync(`${DIFF_DIR}${encodeURIComponent(url)}`, bodies.get(url) ?? '(missing)');
      }
    }
    assert.deepEqual(changed, [], `changed public URLs (new bodies in artifacts/snapshot-diff/)`);
    assert.ok(Object.keys(actual).length > 400, 'the snapshot covers the portal');
  });
});
