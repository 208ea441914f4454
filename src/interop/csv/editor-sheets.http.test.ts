// Spreadsheets for editors through the real app: download, upload with a preview that writes nothing, confirm,
// refuse a bad file as a whole, and carry a phone number through the formula defusing unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asTenant, tenantScope } from '../../features/catalog/index.ts';
import {
  ALTDORF,
  COUNTY,
  createHttpFixture,
  fingerprint,
  type HttpFixture,
  type Signed,
} from '../../features/editor/editor.testing.ts';

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = `----amtsweg${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  return {
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('spreadsheets for editors', () => {
  let f: HttpFixture;
  let altdorf: Signed;
  let county: Signed;
  before(async () => {
    f = await createHttpFixture();
    altdorf = await f.login('altdorf');
    county = await f.login('county');
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const download = (who: Signed, path: string) => f.app.inject({ url: path, cookies: { amtsweg_session: who.cookie } });
  const upload = (who: Signed, path: string, content: string, fields: Record<string, string> = {}) => {
    const body = multipart({ _csrf: who.csrf, ...fields }, fields.confirm ? undefined : { name: 'x.csv', content });
    return f.app.inject({
      method: 'POST',
      url: path,
      cookies: { amtsweg_session: who.cookie },
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it("downloads a town's settings for the services above it, and refuses another town's editor", async () => {
    const res = await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    assert.ok(res.body.startsWith('\uFEFFLeistung-ID;Leistung;Zuständig;Angeboten'));
    assert.match(res.body, /\r\nanmeldung;Wohnsitz anmelden;[^;]+;ja;/);
    assert.doesNotMatch(res.body, /altdorf-fest/, "the town's own services have no settings");
    const other = await f.login('neustadt');
    assert.equal((await download(other, `/editor/${ALTDORF}/tabellen/angaben.csv`)).statusCode, 403);
    assert.equal((await download(altdorf, `/editor/${ALTDORF}/tabellen/unbekannt.csv`)).statusCode, 404);
  });

  it('previews without writing, writes on confirmation, and a second upload of the same data changes nothing', async () => {
    const sheet = (await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv`)).body;
    const edited = sheet
      .replace(/(\r\nanmeldung;Wohnsitz anmelden;[^;]*;)ja;;;;;;;/, '$1ja;;;;Bitte Mietvertrag mitbringen.;10 €;;')
      .replace(/(\r\nzeugnis;[^;]*;[^;]*;)ja;;;;;;;/, '$1nein;Nur beim Kreis;;https://kreis.example/zeugnis;;;;');
    assert.notEqual(edited, sheet, 'the fixture rows were found');
    const before = await fingerprint(f.db);
    const preview = await upload(altdorf, `/editor/${ALTDORF}/tabellen/angaben`, edited);
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
    assert.match(preview.body, /Die Datei ändert 2 Datensätze/);
    assert.match(preview.body, /<code>anmeldung<\/code>/);
    assert.equal(await fingerprint(f.db), before, 'a preview writes nothing');

    const content = /name="content" value="([^"]*)"/.exec(preview.body)?.[1];
    assert.ok(content);
    const decoded = content
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    const saved = await upload(altdorf, `/editor/${ALTDORF}/tabellen/angaben`, '', { confirm: '1', content: decoded });
    assert.equal(saved.statusCode, 200, saved.body.slice(0, 500));
    assert.match(saved.body, /2 Datensätze gespeichert/);
    const settings = await f.app.services.catalog.localSettingsOf(asTenant(ALTDORF));
    assert.equal(settings.get('anmeldung')?.localFees, '10 €');
    assert.equal(settings.get('zeugnis')?.offered, false);
    assert.equal(settings.get('zeugnis')?.alternativeUrl, 'https://kreis.example/zeugnis');
    const history = await f.app.services.catalog.revisions(ALTDORF, 'area_service', `${ALTDORF}:anmeldung`);
    assert.equal(history.length, 1);

    const again = (await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv`)).body;
    const noop = await upload(altdorf, `/editor/${ALTDORF}/tabellen/angaben`, again);
    assert.match(noop.body, /Die Datei ändert nichts/);

    // Back to the default ("ja", nothing local) removes the setting.
    const reset = again.replace(
      /(\r\nanmeldung;[^;]*;[^;]*;)ja;;;;Bitte Mietvertrag mitbringen\.;10 €;;/,
      '$1ja;;;;;;;',
    );
    const resetPreview = await upload(altdorf, `/editor/${ALTDORF}/tabellen/angaben`, reset);
    assert.match(resetPreview.body, /entfernt/);
  });

  it('refuses a file with errors as a whole, naming line, column and what is allowed', async () => {
    const sheet = (await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv`)).body;
    const broken = `${sheet.replace(/(\r\nzeugnis;[^;]*;[^;]*;)[a-z]+;/, '$1vielleicht;')}unbekannt;;;ja;;;;;;;\r\n`;
    const before = await fingerprint(f.db);
    const res = await upload(altdorf, `/editor/${ALTDORF}/tabellen/angaben`, broken);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /„unbekannt“ ist keine Leistung/);
    assert.match(res.body, /Spalte „Angeboten“: „vielleicht“; erlaubt: ja, nein/);
    assert.match(res.body, /Zeile \d+/);
    assert.equal(await fingerprint(f.db), before);

    const wrongHeader = await upload(altdorf, `/editor/${ALTDORF}/tabellen/angaben`, 'ID;Text\r\nanmeldung;x\r\n');
    assert.equal(wrongHeader.statusCode, 400);
    assert.match(wrongHeader.body, /es fehlen die Spalten/);
  });

  it("keeps a unit's phone number through the formula defusing, and writes only what changed", async () => {
    const sheet = (await download(county, `/editor/${COUNTY}/tabellen/einheiten.csv`)).body;
    assert.match(sheet, /nord-bauamt;Kreis Nord – Bauaufsicht;;;;'\+49 1 2;/, 'the download defuses the leading +');
    const unchanged = await upload(county, `/editor/${COUNTY}/tabellen/einheiten`, sheet);
    assert.equal(unchanged.statusCode, 200, unchanged.body.slice(0, 500));
    assert.match(unchanged.body, /Die Datei ändert nichts/);

    const edited = sheet.replace(/(nord-bauamt;Kreis Nord – Bauaufsicht;;;;'\+49 1 2;;)/, '$1bau@kreis-nord.example');
    const preview = await upload(county, `/editor/${COUNTY}/tabellen/einheiten`, edited);
    assert.match(preview.body, /Die Datei ändert einen Datensatz/);
    assert.match(preview.body, /<code>nord-bauamt<\/code>/);
  });

  it("a tenant's contact persons: download, the same file changes nothing, an edited phone number one contact", async () => {
    const sheet = (await download(county, `/editor/${COUNTY}/tabellen/kontakte.csv`)).body;
    assert.equal(
      sheet,
      "\uFEFFKontakt-ID;Einheit;Name;Funktion;Telefon;E-Mail;Raum\r\nnord-bau-team;Kreis Nord – Bauaufsicht;;Bauberatung;'+49 1 3;;\r\n",
    );
    const blank = (await download(county, `/editor/${COUNTY}/tabellen/kontakte.csv?vorlage=1`)).body;
    assert.equal(
      blank,
      '\uFEFFKontakt-ID;Einheit;Name;Funktion;Telefon;E-Mail;Raum\r\nnord-bau-team;Kreis Nord – Bauaufsicht;\r\n',
    );
    assert.equal((await download(altdorf, `/editor/${COUNTY}/tabellen/kontakte.csv`)).statusCode, 403);

    const before = await fingerprint(f.db);
    const unchanged = await upload(county, `/editor/${COUNTY}/tabellen/kontakte`, sheet);
    assert.equal(unchanged.statusCode, 200, unchanged.body.slice(0, 500));
    assert.match(unchanged.body, /Die Datei ändert nichts/);

    const edited = sheet.replace("'+49 1 3;", "'+49 1 3-0;bauberatung@kreis-nord.example");
    const preview = await upload(county, `/editor/${COUNTY}/tabellen/kontakte`, edited);
    assert.match(preview.body, /Die Datei ändert einen Datensatz/);
    assert.match(preview.body, /Kontakt <code>nord-bau-team<\/code>/);
    assert.equal(await fingerprint(f.db), before, 'a preview writes nothing');
    const content = (/name="content" value="([^"]*)"/.exec(preview.body)?.[1] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    const saved = await upload(county, `/editor/${COUNTY}/tabellen/kontakte`, '', { confirm: '1', content });
    assert.match(saved.body, /1 Datensätze gespeichert/);
    const after = (await download(county, `/editor/${COUNTY}/tabellen/kontakte.csv`)).body;
    assert.equal(after, edited, 'the download after the upload is the uploaded file, byte for byte');
    const contact = (await f.app.services.catalog.readTenants(tenantScope(asTenant(COUNTY)))).contacts[0];
    assert.equal(contact?.phone, '+49 1 3-0');
    assert.deepEqual(contact?.tasks, ['bau'], 'what the sheet does not show is kept');
  });

  it('a settings sheet for one level above the town, and a level that is not above it refused', async () => {
    const overview = await download(altdorf, `/editor/${ALTDORF}/tabellen`);
    assert.match(overview.body, /kontakte\.csv/);
    const level = await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv?ebene=${COUNTY}`);
    assert.equal(level.statusCode, 200);
    assert.match(String(level.headers['content-disposition']), new RegExp(`${ALTDORF}-angaben-${COUNTY}\\.csv`));
    assert.equal(level.body, (await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv`)).body);
    const other = await download(altdorf, `/editor/${ALTDORF}/tabellen/angaben.csv?ebene=00`);
    assert.equal(other.statusCode, 400);
    assert.match(other.body, new RegExp(`erlaubt: ${COUNTY} \\(`));
  });
});
