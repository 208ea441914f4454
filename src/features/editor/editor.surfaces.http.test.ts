// Issue 13, finding 4: a town's settings reach every public surface. A service the town does not offer shows the
// named alternative and no contact block, and every list, search answer, suggestion, embed, CSV row and the sitemap
// says so; a town page with its own fees is its own canonical page, not the county's. Each surface reads the
// resolver's one answer (`notOffered`, `localData`), so the settings are published through the editor's form here
// and read back through the public URLs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AccountName, createHttpFixture, form, type HttpFixture } from './editor.testing.ts';

describe("a town's settings on its service page (issue 13, finding 4)", () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const canonical = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1] ?? '';

  it('not offered: the alternative instead of the contact block', async () => {
    const s = await f.login('neustadt');
    const before = await f.app.inject('/neustadt/leistungen/zeugnis');
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /id="zustaendigkeit"/, 'the contact block is there while the town offers it');
    const res = await f.app.inject({
      method: 'POST',
      url: '/editor/17001002/services/zeugnis',
      cookies: { amtsweg_session: s.cookie },
      ...form({
        _csrf: s.csrf,
        offered: 'no',
        reason: 'Nur im Bürgerbüro des Kreises.',
        alternativeUrl: 'https://kreis-nord.example/zeugnis',
        intent: 'publish',
      }),
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const page = await f.app.inject('/neustadt/leistungen/zeugnis');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nur im Bürgerbüro des Kreises\./);
    assert.match(page.body, /https:\/\/kreis-nord\.example\/zeugnis/);
    assert.doesNotMatch(page.body, /id="zustaendigkeit"/, 'no contact block that sends people to the wrong door');
  });

  it('local fees make the town page its own canonical', async () => {
    const county = await f.app.inject('/altdorf/leistungen/bauantrag');
    assert.equal(county.statusCode, 200);
    const before = canonical(county.body);
    assert.match(before, /\/kreis-nord\/leistungen\/bauantrag$/, 'same everywhere: the county page is canonical');
    const s = await f.login('altdorf');
    const res = await f.app.inject({
      method: 'POST',
      url: '/editor/17001001/services/bauantrag',
      cookies: { amtsweg_session: s.cookie },
      ...form({
        _csrf: s.csrf,
        offered: 'yes',
        localFees: 'In Altdorf: 30 Euro Bearbeitungsgebühr.',
        intent: 'publish',
      }),
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const page = await f.app.inject('/altdorf/leistungen/bauantrag');
    assert.match(page.body, /30 Euro Bearbeitungsgebühr/);
    assert.match(canonical(page.body), /\/altdorf\/leistungen\/bauantrag$/);
  });
});

/** Publishes a town's settings for a county service through the editor's form, as an editor would. */
async function publishSetting(
  f: HttpFixture,
  account: AccountName,
  ags: string,
  serviceId: string,
  fields: Record<string, string>,
): Promise<void> {
  const s = await f.login(account);
  const res = await f.app.inject({
    method: 'POST',
    url: `/editor/${ags}/services/${serviceId}`,
    cookies: { amtsweg_session: s.cookie },
    ...form({ _csrf: s.csrf, ...fields, intent: 'publish' }),
  });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
}

/** The list entry (`<li>…</li>`) of a page that links to a path, or '' when there is none. */
function entryLinking(html: string, path: string): string {
  for (const item of html.split(/<li[\s>]/).slice(1)) {
    const li = item.split('</li>')[0] ?? '';
    if (li.includes(`href="${path}"`) || li.includes(`${path}"`)) return li;
  }
  return '';
}

describe("a town's settings on every surface (issue 13, finding 4)", () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
    await publishSetting(f, 'neustadt', '17001002', 'zeugnis', {
      offered: 'no',
      reason: 'Nur im Bürgerbüro des Kreises.',
      alternativeUrl: 'https://kreis-nord.example/zeugnis',
    });
    await publishSetting(f, 'altdorf', '17001001', 'bauantrag', {
      offered: 'yes',
      localFees: 'In Altdorf: 30 Euro Bearbeitungsgebühr.',
    });
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  it('the A–Z marks the service the town does not offer, in German and English', async () => {
    const az = await f.app.inject('/neustadt/a-z');
    assert.equal(az.statusCode, 200);
    assert.match(entryLinking(az.body, '/neustadt/leistungen/zeugnis'), /In Neustadt nicht angeboten/);
    assert.doesNotMatch(entryLinking(az.body, '/neustadt/leistungen/anmeldung'), /nicht angeboten/);
    // Another town offers it: no marker there.
    const altdorf = await f.app.inject('/altdorf/a-z');
    assert.doesNotMatch(entryLinking(altdorf.body, '/altdorf/leistungen/zeugnis'), /nicht angeboten/);
    const en = await f.app.inject('/en/neustadt/a-z');
    assert.match(entryLinking(en.body, '/en/neustadt/leistungen/zeugnis'), /Not offered in Neustadt/);
  });

  it("the town's list in the API carries the setting and the town's own fees", async () => {
    const res = await f.app.inject('/api/v1/areas/17001002/services');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as Array<{ id: string; notOffered: unknown; localData: boolean }>;
    assert.deepEqual(items.find((s) => s.id === 'zeugnis')?.notOffered, {
      reason: 'Nur im Bürgerbüro des Kreises.',
      alternativeUrl: 'https://kreis-nord.example/zeugnis',
      alternativeServiceId: null,
    });
    assert.equal(items.find((s) => s.id === 'anmeldung')?.notOffered, null);
    const altdorf = await f.app.inject('/api/v1/areas/17001001/services?full=true');
    const bau = (altdorf.json().items as Array<{ id: string; fees: string; localData: boolean }>).find(
      (s) => s.id === 'bauantrag',
    );
    assert.equal(bau?.fees, 'In Altdorf: 30 Euro Bearbeitungsgebühr.');
    assert.equal(bau?.localData, true);
    const neustadt = (await f.app.inject('/api/v1/areas/17001002/services?full=true')).json().items as Array<{
      id: string;
      fees: string | null;
      localData: boolean;
    }>;
    const other = neustadt.find((s) => s.id === 'bauantrag');
    assert.notEqual(other?.fees, 'In Altdorf: 30 Euro Bearbeitungsgebühr.', "Altdorf's fees stay Altdorf's");
    assert.equal(other?.localData, false);
  });

  it('search (page and API) keeps the service findable, marked', async () => {
    const page = await f.app.inject(`/neustadt/suche?q=${encodeURIComponent('Führungszeugnis')}`);
    assert.equal(page.statusCode, 200);
    assert.match(entryLinking(page.body, '/neustadt/leistungen/zeugnis'), /In Neustadt nicht angeboten/);
    const api = await f.app.inject(`/api/v1/search?ags=17001002&q=${encodeURIComponent('Führungszeugnis')}`);
    assert.equal(api.statusCode, 200);
    const hit = (api.json().items as Array<{ id: string; notOffered: boolean }>).find((s) => s.id === 'zeugnis');
    assert.equal(hit?.notOffered, true);
  });

  it('suggestions say which service the town does not offer', async () => {
    const res = await f.app.inject(`/api/v1/suggest?ags=17001002&q=${encodeURIComponent('Führ')}`);
    assert.equal(res.statusCode, 200);
    const items = res.json().items as Array<{ id: string; notOffered?: boolean }>;
    assert.equal(items.find((s) => s.id === 'zeugnis')?.notOffered, true, JSON.stringify(items));
    const altdorf = await f.app.inject(`/api/v1/suggest?ags=17001001&q=${encodeURIComponent('Führ')}`);
    const there = (altdorf.json().items as Array<{ id: string; notOffered?: boolean }>).find((s) => s.id === 'zeugnis');
    assert.equal(there?.notOffered, false);
  });

  it('the embed (frame and data) marks it', async () => {
    const frame = await f.app.inject('/embed/neustadt');
    assert.equal(frame.statusCode, 200);
    assert.match(entryLinking(frame.body, '/neustadt/leistungen/zeugnis'), /In Neustadt nicht angeboten/);
    const data = await f.app.inject('/embed/v1/data/neustadt');
    assert.equal(data.statusCode, 200);
    const body = data.json() as { labels: { notOffered: string }; items: Array<{ id: string; notOffered: boolean }> };
    assert.equal(body.items.find((s) => s.id === 'zeugnis')?.notOffered, true);
    assert.equal(body.items.find((s) => s.id === 'anmeldung')?.notOffered, false);
    assert.equal(body.labels.notOffered, 'In Neustadt nicht angeboten');
  });

  it("the CSV says offered or not, with the town's reason and alternative, and marks own data", async () => {
    const rows = (url: string) =>
      f.app.inject(url).then((res) => {
        assert.equal(res.statusCode, 200);
        const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
        const header = (lines[0] ?? '').split(';');
        return { header, byId: new Map(lines.slice(1).map((l) => [l.split(';')[0] ?? '', l.split(';')])) };
      });
    const n = await rows('/api/v1/areas/17001002/services.csv');
    const col = (name: string) => n.header.indexOf(name);
    assert.ok(col('Angeboten') > 0, n.header.join(';'));
    assert.equal(n.byId.get('zeugnis')?.[col('Angeboten')], 'nein');
    assert.equal(n.byId.get('zeugnis')?.[col('Hinweis der Stadt oder Gemeinde')], 'Nur im Bürgerbüro des Kreises.');
    assert.equal(n.byId.get('zeugnis')?.[col('Stattdessen')], 'https://kreis-nord.example/zeugnis');
    assert.equal(n.byId.get('anmeldung')?.[col('Angeboten')], 'ja');
    const a = await rows('/api/v1/areas/17001001/services.csv');
    assert.equal(a.byId.get('bauantrag')?.[a.header.indexOf('Eigene Angaben')], 'ja');
    assert.equal(a.byId.get('anmeldung')?.[a.header.indexOf('Eigene Angaben')], 'nein');
  });

  it("the sitemap: no page for what the town does not offer, the town's own page for its own fees", async () => {
    const res = await f.app.inject('/sitemap.xml');
    assert.equal(res.statusCode, 200);
    // The fixture's kreisfreie Stadt is a district of its own (ADR 0285): an index of one file per district.
    const files = [...res.body.matchAll(/<loc>[^<]*(\/sitemaps\/[a-z0-9-]+\.xml)<\/loc>/g)].map((m) => String(m[1]));
    assert.ok(files.includes('/sitemaps/kreis-nord.xml'), files.join(', '));
    const body = (await Promise.all(files.map(async (file) => (await f.app.inject(file)).body))).join('\n');
    assert.doesNotMatch(body, /\/neustadt\/leistungen\/zeugnis</);
    assert.match(body, /\/altdorf\/leistungen\/bauantrag</);
    // Where the town offers it and adds nothing, the county's page stands for it as before.
    assert.doesNotMatch(body, /\/sonderhausen\/leistungen\/zeugnis</);
    assert.match(body, /\/kreis-nord\/leistungen\/zeugnis</);
  });

  it('the page of a service the town does not offer is not indexed and claims no canonical', async () => {
    const page = await f.app.inject('/neustadt/leistungen/zeugnis');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<meta name="robots" content="noindex"/);
    assert.doesNotMatch(page.body, /<link rel="canonical"/);
    assert.doesNotMatch(page.body, /"@type":"GovernmentService"/, 'no structured data for a service not offered here');
    assert.doesNotMatch(page.body, /id="kontakt"/, 'no contact card that sends people to another door');
    const other = await f.app.inject('/sonderhausen/leistungen/zeugnis');
    assert.match(other.body, /<link rel="canonical" href="[^"]*\/kreis-nord\/leistungen\/zeugnis"/);
  });
});
