import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bumpCacheGeneration } from '../catalog/catalog.repository.ts';
import { asTenant, tenantScope } from '../catalog/catalog.tenant.ts';
import { emptyChangeSet } from '../catalog/catalog.ts';
import { type SeededApp, SHARED_POSTCODE, seededApp } from './portal.testing.ts';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('portal pages', () => {
  let t: SeededApp;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { ...HTML, ...headers } });

  before(async () => {
    t = await seededApp();
  });
  after(async () => {
    await t.close();
  });

  describe('county start page and town chooser', () => {
    it('offers the chooser (name or postcode) and all towns, without JS', async () => {
      const res = await get('/');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /<html lang="de"/);
      assert.match(res.body, /<form class="aw-chooser" method="get" action="\/wahl"/);
      assert.match(res.body, /<label class="kern-label kern-label--large" for="ort">Ort oder Postleitzahl<\/label>/);
      assert.match(res.body, /href="\/wahl\?ort=geseke">Stadt Geseke</);
      assert.match(res.body, /href="\/kreis-soest\/"/);
      assert.equal(res.headers['cache-control'], 'private, no-cache');
      assert.doesNotMatch(res.body, /Zuletzt gewählt/);
    });

    it('remembers the choice in a cookie and offers it next time', async () => {
      const choose = await get('/wahl?ort=59590');
      assert.equal(choose.statusCode, 303);
      assert.equal(choose.headers.location, '/geseke/');
      const cookie = String(choose.headers['set-cookie']);
      assert.match(cookie, /^amtsweg_ort=geseke; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/);
      const back = await get('/', { cookie: 'amtsweg_ort=geseke' });
      assert.match(back.body, /Zuletzt gewählt: <strong>Stadt Geseke<\/strong>/);
      assert.match(back.body, /href="\/geseke\/"/);
    });

    it('chooses by name, case and umlauts regardless', async () => {
      const res = await get('/wahl?ort=anr%C3%B6chte');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/anroechte/');
      assert.equal((await get('/wahl?ort=Kreis%20Soest')).headers.location, '/kreis-soest/');
    });

    it('never guesses on a shared postcode: it asks, and sets no cookie', async () => {
      const res = await get(`/wahl?ort=${SHARED_POSTCODE}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.match(res.body, /Bitte wählen Sie Ihren Ort/);
      assert.match(res.body, new RegExp(`Die Postleitzahl ${SHARED_POSTCODE} gehört zu mehreren Orten`));
      assert.match(res.body, /href="\/wahl\?ort=anroechte">Gemeinde Anröchte</);
      assert.match(res.body, /href="\/wahl\?ort=ruethen">Stadt Rüthen</);
      assert.match(res.body, /<meta name="robots" content="noindex"/);
    });

    it('shows an error summary linked to the field for empty or unknown input, escaping what was typed', async () => {
      const empty = await get('/wahl?ort=');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<title>Fehler: /);
      assert.match(empty.body, /class="kern-alert kern-alert--danger aw-error-summary" role="alert"/);
      assert.match(
        empty.body,
        /<a class="kern-link" href="#ort">Bitte geben Sie einen Ort oder eine Postleitzahl ein.<\/a>/,
      );
      assert.match(empty.body, /aria-invalid="true"/);
      const evil = await get(`/wahl?ort=${encodeURIComponent('<script>alert(1)</script>')}`);
      assert.doesNotMatch(evil.body, /<script>alert/);
      assert.match(evil.body, /&lt;script>alert\(1\)&lt;\/script>/);
    });

    it('keeps the language when choosing on the English pages', async () => {
      const res = await get('/en/wahl?ort=geseke');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/en/geseke/');
    });
  });

  describe('town site', () => {
    it('redirects /<slug> to /<slug>/', async () => {
      const res = await get('/geseke');
      assert.equal(res.statusCode, 301);
      assert.equal(res.headers.location, '/geseke/');
    });

    it('puts the search box first, then top tasks, Lebenslagen and the A–Z link, with legal links', async () => {
      const res = await get('/geseke/');
      assert.equal(res.statusCode, 200);
      const b = res.body;
      assert.match(b, /<h1 class="kern-heading-x-large">Stadt Geseke<\/h1>/);
      const search = b.indexOf('<search class="aw-search"');
      const top = b.indexOf('id="haeufig"');
      const lebenslagen = b.indexOf('id="lebenslagen"');
      assert.ok(search > 0 && search < top && top < lebenslagen, 'search box comes first');
      assert.match(b, /href="\/geseke\/leistungen\/wohnsitz-anmelden"/);
      assert.match(b, /href="\/geseke\/lebenslagen\/wohnen-umzug"/);
      assert.match(b, /href="\/geseke\/a-z"/);
      for (const p of ['barrierefreiheit', 'impressum', 'datenschutz'])
        assert.match(b, new RegExp(`href="/geseke/${p}"`));
      assert.match(b, /<link rel="canonical" href="http:\/\/localhost:80\/geseke\/"/);
      assert.match(b, /hreflang="en" href="http:\/\/localhost:80\/en\/geseke\/"/);
      assert.match(b, /"@type":"GovernmentOrganization"/);
      assert.match(b, /"@type":"SearchAction"/);
      assert.match(res.headers['cache-control'] as string, /max-age=60/);
      assert.ok(res.headers.etag, 'has an ETag');
    });

    it('answers 304 to a matching If-None-Match', async () => {
      const first = await get('/geseke/a-z');
      const again = await get('/geseke/a-z', { 'if-none-match': String(first.headers.etag) });
      assert.equal(again.statusCode, 304);
    });

    it('lists every service A–Z with the county’s services marked as such', async () => {
      const res = await get('/geseke/a-z');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="#buchstabe-b"/);
      assert.match(res.body, /id="buchstabe-w"/);
      const county = res.body.match(/aw-marker--county/g)?.length ?? 0;
      const town = res.body.match(/aw-marker--town/g)?.length ?? 0;
      assert.ok(county > 20, `county services appear in the town list (${county})`);
      assert.ok(town > 20, `town services appear (${town})`);
      // The county's building permit links into Geseke's own context.
      assert.match(res.body, /href="\/geseke\/leistungen\/baugenehmigung-beantragen"/);
    });

    it('shows a Lebenslage with each service marked town or county', async () => {
      const res = await get('/geseke/lebenslagen/wohnen-umzug');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="\/geseke\/leistungen\/wohnsitz-anmelden"/);
      assert.match(res.body, /aw-marker--town/);
      assert.equal((await get('/geseke/lebenslagen/gibt-es-nicht')).statusCode, 404);
    });

    it('serves the configured accessibility, imprint and privacy pages, with no placeholder left', async () => {
      for (const slug of ['geseke', 'kreis-soest', 'lippetal'])
        for (const p of ['barrierefreiheit', 'impressum', 'datenschutz']) {
          const res = await get(`/${slug}/${p}`);
          assert.equal(res.statusCode, 200, `${slug}/${p}`);
          const main = /<main[\s\S]*<\/main>/.exec(res.body)?.[0] ?? '';
          assert.ok(main.length > 500, `${slug}/${p} has its text`);
          assert.doesNotMatch(main, /\[|\]/, `${slug}/${p}: no "[…]" placeholder`);
          assert.doesNotMatch(main, /Vorlage/, `${slug}/${p}`);
        }
      const imprint = (await get('/geseke/impressum')).body;
      assert.match(imprint, /Hoher Weg 1–3/);
      assert.match(imprint, /59494 Soest/);
      assert.match(
        imprint,
        /Angaben von Stadt Geseke<\/h2><address[^>]*>Stadt Geseke – Stadtverwaltung/,
        "a town's page also names the town's office",
      );
      const privacy = (await get('/geseke/datenschutz')).body;
      assert.match(privacy, /amtsweg_ort/);
      assert.match(privacy, /zusammengefasst \(Begriff, Anzahl, erstes und letztes Auftreten\)/);
      assert.match(privacy, /90 Tage/);
      assert.match(privacy, /keine Analyse-, Tracking- oder Werbedienste/);
      assert.match(privacy, /E-Mail-Adresse ist\s+freiwillig/);
      assert.match((await get('/geseke/barrierefreiheit')).body, /Ombudsstelle für barrierefreie Informationstechnik/);
    });

    it('is only for the county and its towns', async () => {
      assert.equal((await get('/nordrhein-westfalen/')).statusCode, 404);
      assert.equal((await get('/kreis-soest/')).statusCode, 200);
    });
  });

  describe('service page', () => {
    it('says the county is responsible for a building permit in Geseke, and why', async () => {
      const res = await get('/geseke/leistungen/baugenehmigung-beantragen');
      assert.equal(res.statusCode, 200);
      const b = res.body;
      assert.match(b, /<h1 class="kern-heading-x-large">Baugenehmigung beantragen<\/h1>/);
      assert.match(b, /aw-responsibility--county/);
      assert.match(
        b,
        /<span class="aw-visually-hidden">Zuständig: <\/span><span class="aw-marker__label">Kreis Soest<\/span>/,
      );
      assert.match(b, /Zuständig ist der Kreis Soest\./);
      assert.match(b, /Rechtsgrundlage der Zuständigkeit/);
      // Same content in every town: the canonical page is the county's.
      assert.match(
        b,
        /<link rel="canonical" href="http:\/\/localhost:80\/kreis-soest\/leistungen\/baugenehmigung-beantragen"/,
      );
      assert.match(b, /"@type":"GovernmentService"/);
      assert.match(b, /"@type":"OpeningHoursSpecification"/);
      const order = [
        'id="zustaendigkeit"',
        'id="unterlagen"',
        'id="kosten"',
        'id="dauer"',
        'id="ablauf"',
        'id="kontakt"',
      ].map((x) => b.indexOf(x));
      assert.ok(
        order.every((x) => x > 0),
        `all sections present: ${order.join(',')}`,
      );
      assert.deepEqual(
        [...order].sort((x, y) => x - y),
        order,
        'responsible → documents → costs → duration → procedure → contact',
      );
    });

    it("shows a town's own decision: not offered here, with reason and alternative, and its own note", async () => {
      await t.db.kysely
        .insertInto('areaServiceSettings')
        .values({
          areaAgs: '05974020',
          serviceId: 'jagdschein-beantragen',
          tenantAgs: '05974020',
          offered: 0,
          reason: 'Bitte wenden Sie sich <direkt> an den Kreis.',
          alternativeUrl: 'https://www.kreis-soest.de/jagd',
          alternativeServiceId: null,
          localText: 'Sprechzeiten der Jagdbehörde erfragen.',
          localFees: null,
          localDocuments: null,
          localOnlineServices: '[]',
          version: 1,
          updatedAt: new Date().toISOString(),
        })
        .execute();
      await bumpCacheGeneration(t.db.kysely);
      try {
        const b = (await get('/geseke/leistungen/jagdschein-beantragen')).body;
        assert.match(b, /Stadt Geseke bietet diese Leistung nicht selbst an/);
        assert.match(b, /Bitte wenden Sie sich &lt;direkt(>|&gt;) an den Kreis\./, 'escaped');
        assert.doesNotMatch(b, /<direkt>/);
        assert.match(b, /href="https:\/\/www\.kreis-soest\.de\/jagd"/);
        assert.match(b, /Hinweise aus Stadt Geseke/);
        // Not offered here: the page only says where to go instead, so it is not indexed (decision 0240).
        assert.match(b, /<meta name="robots" content="noindex"/);
        assert.doesNotMatch(b, /<link rel="canonical"/);
        const other = (await get('/ense/leistungen/jagdschein-beantragen')).body;
        assert.doesNotMatch(other, /bietet diese Leistung nicht selbst an/);
      } finally {
        await t.db.kysely.deleteFrom('areaServiceSettings').execute();
        await bumpCacheGeneration(t.db.kysely);
      }
    });

    it('says Warstein decides itself, with the reason sentence', async () => {
      const res = await get('/warstein/leistungen/baugenehmigung-beantragen');
      assert.match(res.body, /aw-responsibility--town/);
      assert.match(res.body, /Zuständig ist die Stadt Warstein\./);
      assert.match(
        res.body,
        /Warstein ist mittlere kreisangehörige Stadt und deshalb selbst untere Bauaufsichtsbehörde\./,
      );
      assert.match(
        res.body,
        /<link rel="canonical" href="http:\/\/localhost:80\/warstein\/leistungen\/baugenehmigung-beantragen"/,
      );
    });

    it('shows the contact card: unit, tel: link, e-mail, address, opening hours and sample-data flag', async () => {
      // Anröchte's Bürgerbüro still carries sample phone and e-mail (Geseke's are verified and have no e-mail).
      const res = await get('/anroechte/leistungen/wohnsitz-anmelden');
      const b = res.body;
      assert.match(b, /id="kontakt"/);
      assert.match(b, /href="tel:\+49\d+"/);
      assert.match(b, /href="mailto:[^"]+@[^"]+"/);
      assert.match(b, /<address/);
      assert.match(b, /Jetzt (geöffnet|geschlossen)/);
      assert.match(b, /<th scope="row" class="kern-table__cell">Montag<\/th>/);
      assert.match(b, /Beispieldaten/);
    });

    it('shows both the place to go and the deciding authority when the town only receives the application', async () => {
      const res = await get('/geseke/leistungen/fuehrungszeugnis-beantragen');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Hier stellen Sie den Antrag/);
      assert.match(res.body, /Entscheidende Behörde/);
      assert.match(
        res.body,
        /Ihr Ansprechpunkt: Stadt Geseke – Bürgerbüro\. Dort wird Ihr Antrag aufgenommen\. Entscheidende Behörde: /,
      );
    });

    it('asks for the town when a town service is opened on the county site', async () => {
      const res = await get('/kreis-soest/leistungen/wohnsitz-anmelden');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /aw-marker--any-town/);
      assert.match(res.body, /href="\/geseke\/leistungen\/wohnsitz-anmelden">Stadt Geseke</);
    });

    it('answers unknown services with the helpful 404 page (search box and the town’s A–Z)', async () => {
      const res = await get('/geseke/leistungen/gibt-es-nicht');
      assert.equal(res.statusCode, 404);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /Seite nicht gefunden/);
      assert.match(res.body, /action="\/geseke\/suche"/);
      assert.match(res.body, /href="\/geseke\/a-z"/);
    });
  });

  describe('search', () => {
    it('finds services and marks them', async () => {
      const res = await get('/geseke/suche?q=Personalausweis');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="\/geseke\/leistungen\/personalausweis-beantragen"/);
      assert.match(res.body, /Ergebnis/);
      assert.match(res.body, /<meta name="robots" content="noindex"/);
    });

    it('escapes the query everywhere it is echoed', async () => {
      const q = '"><script>alert(1)</script>';
      const res = await get(`/geseke/suche?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.match(res.body, /value="&quot;>&lt;script>alert\(1\)&lt;\/script>"/);
    });

    it('asks for a term when the query is empty', async () => {
      const res = await get('/geseke/suche?q=');
      assert.match(res.body, /Bitte geben Sie einen Suchbegriff ein\./);
      assert.match(res.body, /href="#suche"/);
    });
  });

  describe('404 handling', () => {
    it('gives browsers the HTML 404 with the town chooser, API clients problem+json', async () => {
      const html = await get('/gibt-es-nicht/');
      assert.equal(html.statusCode, 404);
      assert.match(html.body, /Seite nicht gefunden/);
      assert.match(html.body, /action="\/wahl"/);
      const json = await t.app.inject({ url: '/gibt-es-nicht/', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 404);
      assert.match(json.headers['content-type'] as string, /application\/problem\+json/);
      const api = await get('/api/v1/gibt-es-nicht');
      assert.equal(api.statusCode, 404);
      assert.match(api.headers['content-type'] as string, /application\/problem\+json/);
    });

    it('never turns a protocol-relative path into an off-site link', async () => {
      const res = await get('//evil.example/');
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, /href="\/\/evil/);
    });
  });

  describe('English interface', () => {
    it('translates the chrome and keeps the content German (marked lang="de")', async () => {
      const res = await get('/en/geseke/leistungen/baugenehmigung-beantragen');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="en"/);
      assert.match(res.body, /Who is responsible\?/);
      assert.match(res.body, /<h1 class="kern-heading-x-large" lang="de">Baugenehmigung beantragen<\/h1>/);
      assert.match(
        res.body,
        /href="\/sprache\?zu=%2Fgeseke%2Fleistungen%2Fbaugenehmigung-beantragen" hreflang="de" lang="de"/,
      );
      const town = await get('/en/geseke/');
      assert.match(town.body, /Life situations/);
      assert.match(town.body, /href="\/en\/geseke\/a-z"/);
    });
  });

  describe('language kept across the site', () => {
    it('the switch remembers the language, and the bare address follows it', async () => {
      const to = await get('/sprache?zu=%2Fen%2Fgeseke%2F');
      assert.equal(to.statusCode, 303);
      assert.equal(to.headers.location, '/en/geseke/');
      assert.match(
        String(to.headers['set-cookie']),
        /^amtsweg_sprache=en; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/,
      );
      const start = await get('/', { cookie: 'amtsweg_sprache=en; amtsweg_ort=geseke' });
      assert.equal(start.statusCode, 303);
      assert.equal(start.headers.location, '/en/');
      assert.equal(
        (await get('/?leistung=kindergeld-beantragen', { cookie: 'amtsweg_sprache=en' })).headers.location,
        '/en/?leistung=kindergeld-beantragen',
      );
      const back = await get('/sprache?zu=%2Fgeseke%2F');
      assert.match(String(back.headers['set-cookie']), /^amtsweg_sprache=de;/);
      const german = await get('/', { cookie: 'amtsweg_sprache=de' });
      assert.equal(german.statusCode, 200);
      assert.match(german.body, /<html lang="de"/);
      assert.equal((await get('/en/', { cookie: 'amtsweg_sprache=en' })).statusCode, 200);
    });

    it('never redirects to another site', async () => {
      for (const evil of ['//evil.example/', '/\\evil.example/', 'https://evil.example/']) {
        const res = await get(`/sprache?zu=${encodeURIComponent(evil)}`);
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/', evil);
      }
    });
  });

  describe('"Ort wechseln" on a service page', () => {
    it('leads back to the same service in the newly chosen place, without JavaScript', async () => {
      const page = await get('/geseke/leistungen/baugenehmigung-beantragen');
      assert.match(page.body, /href="\/\?leistung=baugenehmigung-beantragen">Ort wechseln</);
      const start = await get('/?leistung=baugenehmigung-beantragen');
      assert.match(start.body, /<input type="hidden" name="leistung" value="baugenehmigung-beantragen"\/>/);
      assert.match(start.body, /href="\/wahl\?ort=warstein&amp;leistung=baugenehmigung-beantragen">Stadt Warstein</);
      const chosen = await get('/wahl?ort=warstein&leistung=baugenehmigung-beantragen');
      assert.equal(chosen.statusCode, 303);
      assert.equal(chosen.headers.location, '/warstein/leistungen/baugenehmigung-beantragen');
      const english = await get('/en/wahl?ort=59590&leistung=baugenehmigung-beantragen');
      assert.equal(english.headers.location, '/en/geseke/leistungen/baugenehmigung-beantragen');
    });

    it('keeps the service through a shared postcode, and falls back to the town for an unknown service', async () => {
      const many = await get(`/wahl?ort=${SHARED_POSTCODE}&leistung=baugenehmigung-beantragen`);
      assert.match(many.body, /href="\/wahl\?ort=anroechte&amp;leistung=baugenehmigung-beantragen">Gemeinde Anröchte</);
      const unknown = await get('/wahl?ort=geseke&leistung=gibt-es-nicht');
      assert.equal(unknown.headers.location, '/geseke/');
      const bad = await get('/wahl?ort=geseke&leistung=%3Cscript%3E');
      assert.equal(bad.headers.location, '/geseke/');
    });
  });

  describe('embed', () => {
    it('documents the snippet with a live preview', async () => {
      const res = await get('/embed?ort=warstein');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /data-amtsweg-ort=&quot;warstein&quot;|data-amtsweg-ort="warstein"/);
      assert.match(res.body, /\/embed\/v1\.js/);
      assert.match(res.body, /--amtsweg-color-link/);
    });

    it('serves the iframe fallback, frameable by any site, with a search that works without JS', async () => {
      const res = await get('/embed/geseke?q=ausweis');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors \*/);
      assert.match(res.body, /personalausweis-beantragen/);
      assert.doesNotMatch(res.body, /baugenehmigung-beantragen/);
      assert.match(res.body, /target="_top"/);
    });

    it('serves the script and its CORS-open data', async () => {
      const js = await t.app.inject('/embed/v1.js');
      assert.equal(js.statusCode, 200);
      assert.match(js.headers['content-type'] as string, /javascript/);
      assert.match(js.headers['cache-control'] as string, /max-age=3600/);
      const data = await t.app.inject('/embed/v1/data/geseke');
      assert.equal(data.statusCode, 200);
      assert.equal(data.headers['access-control-allow-origin'], '*');
      const body = data.json() as { items: Array<{ id: string; url: string; marker: { kind: string } }> };
      const bau = body.items.find((i) => i.id === 'baugenehmigung-beantragen');
      assert.equal(bau?.marker.kind, 'county');
      assert.equal(bau?.url, 'http://localhost:80/geseke/leistungen/baugenehmigung-beantragen');
      assert.equal((await t.app.inject('/embed/v1/data/gibt-es-nicht')).statusCode, 404);
    });
  });

  describe('sitemap and assets', () => {
    it('lists canonical pages only, with English alternates', async () => {
      const res = await t.app.inject('/sitemap.xml');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /application\/xml/);
      assert.match(res.body, /<loc>http:\/\/localhost:80\/geseke\/<\/loc>/);
      assert.match(res.body, /<loc>http:\/\/localhost:80\/kreis-soest\/leistungen\/baugenehmigung-beantragen<\/loc>/);
      assert.match(res.body, /<loc>http:\/\/localhost:80\/warstein\/leistungen\/baugenehmigung-beantragen<\/loc>/);
      assert.doesNotMatch(res.body, /<loc>http:\/\/localhost:80\/geseke\/leistungen\/baugenehmigung-beantragen<\/loc>/);
      assert.match(res.body, /hreflang="en" href="http:\/\/localhost:80\/en\/geseke\/"/);
    });

    it('serves KERN’s stylesheet precompressed and immutable under its hash', async () => {
      const page = await get('/geseke/');
      const href = /href="(\/assets\/kern\.css\?v=[^"]+)"/.exec(page.body)?.[1];
      assert.ok(href);
      const res = await t.app.inject({ url: href, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], 'br');
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.ok(res.rawPayload.length < 40_000, `compressed kern.css ${res.rawPayload.length} bytes`);
      const plain = await t.app.inject('/assets/kern.css');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers['cache-control'], 'public, max-age=3600');
      const css = await t.app.inject('/assets/portal.css');
      assert.match(css.body, /url\("\/assets\/fonts\/FiraSans-Regular\.subset\.woff2\?v=[\w-]+"\)/);
      const font = await t.app.inject('/assets/fonts/FiraSans-Regular.subset.woff2');
      assert.equal(font.headers['content-type'], 'font/woff2');
      assert.ok(font.rawPayload.length < 30_000, `subset font ${font.rawPayload.length} bytes`);
      assert.equal((await get('/assets/nix.css')).statusCode, 404);
    });

    it('keeps every page type far below 100 KB compressed', async () => {
      for (const url of [
        '/',
        '/geseke/',
        '/geseke/a-z',
        '/geseke/leistungen/baugenehmigung-beantragen',
        '/geseke/lebenslagen/wohnen-umzug',
        '/embed',
      ]) {
        const res = await get(url, { 'accept-encoding': 'br' });
        assert.equal(res.headers['content-encoding'], 'br', url);
        assert.ok(res.rawPayload.length < 30_000, `${url}: ${res.rawPayload.length} bytes`);
      }
    });
  });
  describe('online links by kind', () => {
    it('"Online erledigen" only for a real online procedure; i-Kfz with its trust level; pages to read apart', async () => {
      const kindergeld = await get('/geseke/leistungen/kindergeld-beantragen');
      const online = /<section class="aw-section aw-online" aria-labelledby="online">[\s\S]*?<\/section>/.exec(
        kindergeld.body,
      )?.[0];
      assert.ok(online, 'an "Online erledigen" section');
      assert.match(online, /href="https:\/\/web\.arbeitsagentur\.de\/opal\/kgo-antraggeburt-ui\/auswahl"/);
      assert.doesNotMatch(online, /arbeitsagentur\.de\/familie-und-kinder/);
      assert.match(online, /Anmeldung mit Nutzerkonto und zweitem Faktor/);
      assert.match(
        kindergeld.body,
        /id="mehr-im-netz">Mehr dazu im Internet<\/h2>[\s\S]*?href="https:\/\/www\.arbeitsagentur\.de\/familie-und-kinder"/,
      );
      const kfz = await get('/geseke/leistungen/fahrzeug-zulassen');
      assert.match(kfz.body, /i-Kfz \(Fahrzeugzulassung im Internet\)\. Anmeldung mit dem Online-Ausweis/);
    });

    it('a booking link is a "Termin buchen" button of its own, in German and English', async () => {
      const catalog = t.app.services.catalog;
      const { services } = await catalog.readTenants(tenantScope(asTenant('05974')));
      const pass = services.find((s) => s.id === 'reisepass-beantragen');
      assert.ok(pass);
      const set = emptyChangeSet();
      const booking = {
        title: 'Terminvergabe des Bürgerbüros',
        url: 'https://termine.example/buergerbuero',
        type: 'termin' as const,
      };
      set.services.push({
        label: 'portal test',
        value: { ...pass, onlineServices: [...pass.onlineServices, booking] },
      });
      await catalog.applyChangeSet(set);
      const res = await get('/geseke/leistungen/reisepass-beantragen');
      const section = /<section class="aw-section aw-online" aria-labelledby="termin">[\s\S]*?<\/section>/.exec(
        res.body,
      )?.[0];
      assert.ok(section, 'a booking section');
      assert.match(
        section,
        /href="https:\/\/termine\.example\/buergerbuero"><span class="kern-label">Termin buchen<\/span>/,
      );
      assert.match(section, /Terminvergabe des Bürgerbüros/);
      const onlineSection = /aria-labelledby="online">[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
      assert.doesNotMatch(onlineSection, /termine\.example/);
      const en = await get('/en/geseke/leistungen/reisepass-beantragen');
      assert.match(en.body, /<span class="kern-label">Book an appointment<\/span>/);
    });
  });
});
