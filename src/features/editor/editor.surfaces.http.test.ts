// Issue 13, finding 4 (part): a town's settings reach its service page. A service the town does not offer shows the
// named alternative and no contact block; a town page with its own fees is its own canonical page, not the county's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpFixture, form, type HttpFixture } from './editor.testing.ts';

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
