// The administrators' PVOG upload through the real app: a check writes nothing and lists what would change, an
// import writes the Bund's Leistungen through the catalog, a bad file is refused as a whole, only admins may use it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { asTenant } from '../../features/catalog/index.ts';
import { createHttpFixture, fingerprint, type HttpFixture, type Signed } from '../../features/editor/editor.testing.ts';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

function multipart(fields: Array<[string, string]>, files: Array<{ name: string; content: string }>) {
  const boundary = `----amtsweg${Math.random().toString(16).slice(2)}`;
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  for (const file of files)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`,
    );
  return {
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('PVOG upload for administrators', () => {
  let f: HttpFixture;
  let admin: Signed;
  const csv = { name: 'pvog-sample.csv', content: testdata('pvog-sample.csv') };
  const description = { name: 'beispielgeld.json', content: testdata('pvog-description.json') };
  before(async () => {
    f = await createHttpFixture();
    admin = await f.login('admin');
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const upload = (who: Signed, mode: 'check' | 'import', files: (typeof csv)[], csrf = who.csrf) => {
    const body = multipart(
      [
        ['_csrf', csrf],
        ['mode', mode],
      ],
      files,
    );
    return f.app.inject({
      method: 'POST',
      url: '/editor/admin/pvog',
      cookies: { amtsweg_session: who.cookie },
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it('shows the form to admins only', async () => {
    const page = await f.app.inject({ url: '/editor/admin/pvog', cookies: { amtsweg_session: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<input[^>]*name="files"[^>]*multiple/);
    const county = await f.login('county');
    const refused = await f.app.inject({ url: '/editor/admin/pvog', cookies: { amtsweg_session: county.cookie } });
    assert.equal(refused.statusCode, 403);
    assert.equal((await upload(county, 'import', [csv])).statusCode, 403);
    assert.equal((await f.app.inject({ url: '/editor/admin/pvog' })).statusCode, 303);
  });

  it('checks without writing, then imports CSV and description together; again, nothing changes', async () => {
    const before = await fingerprint(f.db);
    const check = await upload(admin, 'check', [csv, description]);
    assert.equal(check.statusCode, 200, check.body.slice(0, 600));
    assert.match(check.body, /Nur geprüft: nichts wurde gespeichert/);
    assert.match(check.body, /Leistungen des Bundes: 3 neu, 0 geändert/);
    assert.match(check.body, /Leistung <code>leika-99001001017000<\/code><\/td><td class="kern-table__cell">neu/);
    assert.equal(await fingerprint(f.db), before, 'a check writes nothing');

    const done = await upload(admin, 'import', [csv, description]);
    assert.equal(done.statusCode, 200, done.body.slice(0, 600));
    assert.match(done.body, /PVOG-Daten importiert/);
    const history = await f.app.services.catalog.revisions('00', 'service', 'leika-99001001017000');
    assert.match(
      history.at(-1)?.actorLabel ?? '',
      /admin@kreis\.example/,
      'written as the administrator, with history',
    );
    const record = await f.app.services.catalog.readRecord('service', asTenant('00'), 'leika-99001001017000');
    assert.match(JSON.stringify(record?.doc), /Erster Absatz/, 'the description filled the Leistung');
    const page = await f.app.inject({
      url: '/editor/00/services/leika-99001001017000/history',
      cookies: { amtsweg_session: admin.cookie },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Importiert: Version 1, [^<]*, admin@kreis\.example/, 'the history page names the import');
    const edit = await f.app.inject({
      url: '/editor/00/services/leika-99001001017000',
      cookies: { amtsweg_session: admin.cookie },
    });
    assert.equal(edit.statusCode, 200, 'an administrator opens the Bund’s record');
    const county = await f.login('county');
    const foreign = await f.app.inject({
      url: '/editor/00/services/leika-99001001017000/history',
      cookies: { amtsweg_session: county.cookie },
    });
    assert.equal(foreign.statusCode, 403, 'a county editor does not');

    const again = await upload(admin, 'check', [csv, description]);
    assert.match(again.body, /0 neu, 0 geändert, 3 unverändert/);
    assert.doesNotMatch(again.body, /Würde sich ändern/);
  });

  it('refuses a description without its Leistung and a file of another kind, writing nothing', async () => {
    const before = await fingerprint(f.db);
    const orphan = description.content.replace('99001001017000', '99009009009000');
    const res = await upload(admin, 'import', [{ name: 'fremd.json', content: orphan }]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /LeiKa key 99009009009000/);
    assert.match(res.body, /Nichts wurde gespeichert/);
    const wrongKind = await upload(admin, 'import', [{ name: 'liste.xlsx', content: 'x' }]);
    assert.equal(wrongKind.statusCode, 400);
    assert.match(wrongKind.body, /\.csv.*\.json/);
    assert.equal(await fingerprint(f.db), before);
    assert.equal((await upload(admin, 'import', [csv], 'forged')).statusCode, 403);
  });
});
