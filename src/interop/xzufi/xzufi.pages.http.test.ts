// The administrators' XZuFi upload through the real app: a check writes nothing and lists what would change, an
// import writes through the catalog, a broken message is refused with line and column, and only admins may use it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createHttpFixture, fingerprint, type HttpFixture, type Signed } from '../../features/editor/editor.testing.ts';

function multipart(fields: Array<[string, string]>, file: { name: string; content: string }) {
  const boundary = `----amtsweg${Math.random().toString(16).slice(2)}`;
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/xml\r\n\r\n${file.content}\r\n`,
  );
  return {
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('XZuFi upload for administrators', () => {
  let f: HttpFixture;
  let admin: Signed;
  let message: string;
  before(async () => {
    f = await createHttpFixture();
    admin = await f.login('admin');
    message = (await f.app.inject({ url: '/api/v1/xzufi?tenant=17001' })).body;
    assert.match(message, /Wohnsitz anmelden/);
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const upload = (who: Signed, mode: 'check' | 'import', content: string, csrf = who.csrf) => {
    const body = multipart(
      [
        ['_csrf', csrf],
        ['tenant', '17001'],
        ['mode', mode],
      ],
      { name: 'nachricht.xml', content },
    );
    return f.app.inject({
      method: 'POST',
      url: '/editor/admin/xzufi',
      cookies: { amtsweg_session: who.cookie },
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it('shows the form to admins only', async () => {
    const page = await f.app.inject({ url: '/editor/admin/xzufi', cookies: { amtsweg_session: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="17001"/);
    const county = await f.login('county');
    const refused = await f.app.inject({ url: '/editor/admin/xzufi', cookies: { amtsweg_session: county.cookie } });
    assert.equal(refused.statusCode, 403);
    assert.equal((await upload(county, 'import', message)).statusCode, 403);
    assert.equal((await f.app.inject({ url: '/editor/admin/xzufi' })).statusCode, 303);
  });

  it('checks without writing, then imports the same file', async () => {
    const changed = message.replaceAll('>Wohnsitz anmelden<', '>Wohnsitz anmelden (neu)<');
    const before = await fingerprint(f.db);
    const check = await upload(admin, 'check', changed);
    assert.equal(check.statusCode, 200, check.body.slice(0, 600));
    assert.match(check.body, /Nur geprüft: nichts wurde gespeichert/);
    assert.match(check.body, /leistung <code>anmeldung<\/code><\/td><td class="kern-table__cell">geändert/);
    assert.equal(await fingerprint(f.db), before);

    const done = await upload(admin, 'import', changed);
    assert.equal(done.statusCode, 200, done.body.slice(0, 600));
    assert.match(done.body, /XZuFi-Nachricht importiert/);
    const service = await f.app.services.catalog.getAreaService('17001001', 'anmeldung');
    assert.equal(service.name, 'Wohnsitz anmelden (neu)');
    const again = await upload(admin, 'check', changed);
    assert.match(again.body, /0 geändert|\d+ unverändert\./);
    assert.doesNotMatch(again.body, /Würde sich ändern/);

    // The import is in the record's history: a version of its own, named as an import, with the changed name.
    const history = await f.app.inject({
      url: '/editor/17001/services/anmeldung/history',
      cookies: { amtsweg_session: admin.cookie },
    });
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Importiert: Version 2, [^<]*, admin@kreis\.example/);
    assert.match(history.body, /Wohnsitz anmelden \(neu\)/);
  });

  it('refuses a broken message as a whole, naming line and column, and a forged form', async () => {
    const broken = readFileSync(new URL('./testdata/broken.xml', import.meta.url), 'utf8');
    const before = await fingerprint(f.db);
    const res = await upload(admin, 'import', broken);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /line \d+, column \d+/);
    assert.match(res.body, /Nichts wurde gespeichert/);
    assert.equal(await fingerprint(f.db), before);
    assert.equal((await upload(admin, 'import', message, 'forged')).statusCode, 403);
  });
});
