// The citizen journeys of the public portal in Debian's Chromium: pick a town (by name, by postcode, by a shared
// postcode), search, open a Lebenslage, open a service and see who is responsible and how to reach them – with
// JavaScript on and off, on a desktop and on a 360 px phone. Plus keyboard, print (with the online button's label),
// the contact card stacked on 320 and 375 px phones, reflow and the embed.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { SHARED_POSTCODE } from '../src/features/portal/portal.testing.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, DEVICES, isolatedContext, launchBrowser, PHONE } from './support/browser.ts';

const skip = browserSkipReason();

describe('portal journeys in Chromium', { skip: skip ?? false }, () => {
  let app: RunningApp;
  let browser: Browser;
  const offsite: string[] = [];

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh page in its own context; every request leaving the origin is recorded (and must not happen). */
  async function open(options: BrowserContextOptions, path?: string, allowed: string[] = []): Promise<Page> {
    const { context, offsite: list } = await isolatedContext(browser, app.origin, options, allowed);
    const page = await context.newPage();
    page.on('close', () => offsite.push(...list));
    if (path) await page.goto(app.origin + path);
    return page;
  }
  const close = (page: Page) => page.context().close();
  const h1 = async (page: Page) => ((await page.locator('h1').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const pathOf = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

  for (const device of DEVICES) {
    for (const javaScriptEnabled of [true, false]) {
      const options = { ...device.options, javaScriptEnabled };
      describe(`${device.name}, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
        it('picks a town by name and remembers the choice', async () => {
          const page = await open(options, '/');
          await page.getByLabel('Ort oder Postleitzahl').fill('geseke');
          await page.getByRole('button', { name: 'Weiter' }).click();
          await page.waitForURL('**/geseke/');
          assert.equal(await h1(page), 'Stadt Geseke');
          await page.goto(`${app.origin}/`);
          assert.match((await page.locator('.aw-remembered').textContent()) ?? '', /Zuletzt gewählt: Stadt Geseke/);
          await page.getByRole('link', { name: 'Weiter zu Stadt Geseke' }).click();
          await page.waitForURL('**/geseke/');
          await close(page);
        });

        it('picks a town by postcode, and asks when the postcode is shared', async () => {
          const page = await open(options, '/');
          await page.getByLabel('Ort oder Postleitzahl').fill('59494');
          await page.getByRole('button', { name: 'Weiter' }).click();
          await page.waitForURL('**/soest/');
          assert.equal(await h1(page), 'Stadt Soest');

          await page.goto(`${app.origin}/`);
          await page.getByLabel('Ort oder Postleitzahl').fill(SHARED_POSTCODE);
          await page.getByRole('button', { name: 'Weiter' }).click();
          await page.waitForURL('**/wahl?ort=*');
          assert.equal(await h1(page), 'Bitte wählen Sie Ihren Ort');
          const choices = await page.locator('#auswahl a').allTextContents();
          assert.deepEqual(choices, ['Gemeinde Anröchte', 'Stadt Rüthen']);
          await page.getByRole('link', { name: 'Stadt Rüthen' }).click();
          await page.waitForURL('**/ruethen/');
          assert.equal(await h1(page), 'Stadt Rüthen');
          await close(page);
        });

        it('shows an error summary for an unknown place', async () => {
          const page = await open(options, '/');
          await page.getByLabel('Ort oder Postleitzahl').fill('Atlantis');
          await page.getByRole('button', { name: 'Weiter' }).click();
          await page.waitForURL('**/wahl?ort=Atlantis');
          assert.match(await page.title(), /^Fehler: /);
          const summary = page.locator('.aw-error-summary');
          assert.match((await summary.textContent()) ?? '', /Zu „Atlantis“ haben wir keinen Ort/);
          if (javaScriptEnabled) {
            assert.equal(
              await page.evaluate(() => document.activeElement?.classList.contains('aw-error-summary')),
              true,
              'focus moves to the summary',
            );
          }
          await summary.getByRole('link').click();
          assert.equal(await page.evaluate(() => document.activeElement?.id), 'ort');
          await close(page);
        });

        it('searches, opens a service and sees who is responsible and how to reach them', async () => {
          const page = await open(options, '/geseke/');
          // A searchbox without JS, a combobox with the suggestions script: the label finds it either way.
          const box = page.getByLabel('Was möchten Sie erledigen?');
          await box.fill('Baugenehmigung');
          await box.press('Enter');
          await page.waitForURL('**/geseke/suche?q=Baugenehmigung');
          await page.getByRole('link', { name: 'Baugenehmigung beantragen', exact: true }).first().click();
          await page.waitForURL('**/geseke/leistungen/baugenehmigung-beantragen');
          assert.equal(await h1(page), 'Baugenehmigung beantragen');
          const who = page.locator('.aw-responsibility');
          assert.match((await who.textContent()) ?? '', /Zuständig: Kreis Soest/);
          assert.match((await who.textContent()) ?? '', /Zuständig ist der Kreis Soest\./);
          const contact = page.locator('.aw-contacts');
          assert.ok((await contact.locator('a[href^="tel:"]').count()) > 0, 'phone as tel: link');
          // The Kreis publishes no e-mail for its Bauaufsicht (no invented addresses): its website is the second way in.
          assert.ok(
            (await contact.locator('a[href^="mailto:"], a[href^="https://"]').count()) > 0,
            'e-mail or website link',
          );
          assert.match((await contact.textContent()) ?? '', /Jetzt (geöffnet|geschlossen)/);
          await close(page);
        });

        it('sees the town decide where it has its own building authority, and both places where the town only receives', async () => {
          const page = await open(options, '/warstein/leistungen/baugenehmigung-beantragen');
          assert.match(
            (await page.locator('.aw-responsibility').textContent()) ?? '',
            /Warstein ist mittlere kreisangehörige Stadt und deshalb selbst untere Bauaufsichtsbehörde\./,
          );
          await page.goto(`${app.origin}/geseke/leistungen/fuehrungszeugnis-beantragen`);
          assert.equal(await page.getByRole('heading', { name: 'Hier stellen Sie den Antrag' }).count(), 1);
          assert.equal(await page.getByRole('heading', { name: 'Entscheidende Behörde' }).count(), 1);
          await close(page);
        });

        it('opens a Lebenslage from the town page and a county service in it', async () => {
          const page = await open(options, '/geseke/');
          await page.getByRole('link', { name: 'Wohnen & Umzug' }).click();
          await page.waitForURL('**/geseke/lebenslagen/wohnen-umzug');
          assert.equal(await h1(page), 'Wohnen & Umzug');
          const items = page.locator('.aw-service-list__item');
          assert.ok((await items.count()) > 3);
          const county = page.locator('.aw-service-list__item--county').first();
          assert.match((await county.textContent()) ?? '', /Zuständig: Kreis Soest/);
          await county.locator('a').click();
          await page.waitForURL('**/geseke/leistungen/**');
          assert.ok(pathOf(page).startsWith('/geseke/leistungen/'), 'stays in the town’s context');
          assert.match((await page.locator('.aw-responsibility').textContent()) ?? '', /Kreis Soest/);
          await close(page);
        });
      });
    }
  }

  it('suggests services as you type (JavaScript on) and opens one with the keyboard', async () => {
    const page = await open(DESKTOP, '/geseke/');
    const box = page.getByRole('combobox', { name: 'Was möchten Sie erledigen?' });
    // The answer for the whole word, not one for the first letters still on its way when the arrow key is pressed.
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/suggest?q=Reisepa&'));
    await box.pressSequentially('Reisepa', { delay: 30 });
    await answered;
    const listbox = page.getByRole('listbox');
    await listbox.waitFor({ state: 'visible' });
    assert.ok((await listbox.getByRole('option').count()) > 0);
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await box.press('ArrowDown');
    assert.ok(await box.getAttribute('aria-activedescendant'));
    await box.press('Enter');
    await page.waitForURL('**/geseke/leistungen/**');
    await close(page);
  });

  it('filters the town list as you type (JavaScript on)', async () => {
    const page = await open(DESKTOP, '/');
    await page.getByLabel('Ort oder Postleitzahl').pressSequentially('Lipp');
    const visible = await page.locator('#orte li:not([hidden]) a').allTextContents();
    assert.deepEqual(visible, ['Gemeinde Lippetal', 'Stadt Lippstadt']);
    assert.equal(await page.locator('[data-place-none]').isVisible(), false);
    // Nothing in the list fits: the page says so instead of showing an empty list.
    await page.getByLabel('Ort oder Postleitzahl').fill('München');
    await page.locator('[data-place-none]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#orte li:not([hidden])').count(), 0);
    assert.match((await page.locator('[data-place-none]').textContent()) ?? '', /Kein Ort dieser Liste passt/);
    await close(page);
  });

  it('starts with a skip link and shows focus', async () => {
    const page = await open(DESKTOP, '/geseke/leistungen/wohnsitz-anmelden');
    await page.keyboard.press('Tab');
    const skipLink = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, top: el.getBoundingClientRect().top };
    });
    assert.equal(skipLink.text, 'Zum Inhalt springen');
    assert.notEqual(skipLink.outline, 'none', 'focus is visible');
    assert.ok(skipLink.top >= 0, 'skip link is on screen when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'inhalt');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest('main') !== null),
      true,
      'next Tab goes into the content',
    );
    await close(page);
  });

  it('prints the service page without navigation and search', async () => {
    const page = await open(DESKTOP, '/geseke/leistungen/baugenehmigung-beantragen');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.aw-nav').isVisible(), false);
    assert.equal(await page.locator('.aw-breadcrumbs').isVisible(), false);
    assert.equal(await page.locator('.aw-responsibility').isVisible(), true);
    assert.equal(await page.locator('.aw-contact').first().isVisible(), true);
    await close(page);
  });

  it('keeps the online-service button labelled in print', async () => {
    const page = await open(DESKTOP, '/geseke/leistungen/neufahrzeug-zulassen');
    await page.emulateMedia({ media: 'print' });
    const button = page.locator('.aw-online__button').first();
    const label = button.locator('.kern-label');
    assert.equal(await label.isVisible(), true);
    assert.match((await label.textContent()) ?? '', /i-Kfz/);
    // Paper drops the blue background: a white label (KERN's primary button) would vanish, so it must print black.
    const colours = await label.evaluate((el) => ({
      text: getComputedStyle(el).color,
      background: getComputedStyle(el.closest('a') as Element).backgroundColor,
    }));
    assert.equal(colours.text, 'rgb(0, 0, 0)');
    assert.match(colours.background, /^(transparent|rgba\(0, 0, 0, 0\))$/);
    await close(page);
  });

  for (const width of [320, 375]) {
    it(`puts each contact label above its value on a ${width} px phone`, async () => {
      const page = await open(
        { ...PHONE, viewport: { width, height: 740 } },
        '/geseke/leistungen/baugenehmigung-beantragen',
      );
      const rows = page.locator('.aw-contact__row');
      const count = await rows.count();
      assert.ok(count > 0, 'the contact card has rows');
      for (let i = 0; i < Math.min(count, 4); i++) {
        const row = rows.nth(i);
        const [box, term, value] = await Promise.all([
          row.boundingBox(),
          row.locator('dt').boundingBox(),
          row.locator('dd').boundingBox(),
        ]);
        assert.ok(box && term && value, 'row, label and value are laid out');
        assert.ok(value.y >= term.y + term.height - 1, `value below its label in row ${i}`);
        assert.ok(value.width >= box.width * 0.9, `value uses the card's full width in row ${i}`);
      }
      await close(page);
    });
  }

  it('embeds the list on another site with the script, and falls back to the iframe without JavaScript', async () => {
    // The host is a town website on another origin (another port: cross-origin, but still loopback for Chromium).
    const hostPage = (js: boolean) =>
      `<!doctype html><html lang="de"><head><title>Stadt Geseke</title><style>[data-amtsweg-ort]{--amtsweg-color-link:#005a9c}</style></head>` +
      `<body><main><h1>Rathaus Geseke</h1><div data-amtsweg-ort="geseke"><iframe src="${app.origin}/embed/geseke" title="Leistungen" width="100%" height="640"></iframe></div>` +
      (js ? `<script src="${app.origin}/embed/v1.js"></script>` : '') +
      '</main></body></html>';
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(req.url === '/mit-js'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // With JavaScript: the script from the portal's origin replaces the iframe with the searchable list.
      const page = await open(DESKTOP, undefined, [host]);
      await page.goto(`${host}/mit-js`);
      const list = page.locator('.amtsweg-embed__item');
      await list.first().waitFor();
      const total = await list.count();
      assert.ok(total > 100, `all services listed (${total})`);
      assert.equal(await page.locator('[data-amtsweg-ort] iframe').count(), 0);
      await page.getByLabel('Leistung suchen').fill('Ausweis');
      const shown = await page.locator('.amtsweg-embed__item:not([hidden])').count();
      assert.ok(shown > 0 && shown < total, `filtered to ${shown}`);
      const link = await page.locator('.amtsweg-embed__link').first().getAttribute('href');
      assert.match(link ?? '', new RegExp(`^${app.origin}/geseke/leistungen/`));
      const color = await page
        .locator('.amtsweg-embed__link')
        .first()
        .evaluate((el) => getComputedStyle(el).color);
      assert.equal(color, 'rgb(0, 90, 156)', 'themable with CSS custom properties');
      await close(page);

      // Without JavaScript: the iframe shows the same list (frame-ancestors * lets any site frame it).
      const noJs = await open({ ...DESKTOP, javaScriptEnabled: false }, undefined, [host]);
      await noJs.goto(`${host}/ohne-js`);
      const frame = noJs.frameLocator('iframe');
      await frame.locator('.amtsweg-embed__item').first().waitFor();
      assert.ok((await frame.locator('.amtsweg-embed__item').count()) > 100);
      await close(noJs);
    } finally {
      server.close();
    }
  });

  it('made no request outside its own origin', () => {
    assert.deepEqual(offsite, []);
  });
});
