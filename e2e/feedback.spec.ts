// The citizens' feedback loop in Chromium with JavaScript OFF (the pages need none): a citizen reports an error on a
// service page; an editor of the tenant it went to signs in, finds it in the inbox and the report list, answers and
// closes it. axe-core (WCAG 2.1 A/AA) once on the form page and once on the editor's report page.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { CLI_PRINCIPAL } from '../src/features/auth/auth.service.ts';
import { axeViolations } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();
const PASSWORD = 'korrekt-pferd-batterie';
const NO_JS = { ...DESKTOP, javaScriptEnabled: false };

describe('citizens report an error, editors close it — without JavaScript', { skip: skip ?? false }, () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** axe injects a script, which a JavaScript-off page never runs: the same URL (and session) in a JS-on context. */
  async function axe(
    url: string,
    storageState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined,
    what: string,
  ) {
    const context = await browser.newContext({ ...DESKTOP, ...(storageState ? { storageState } : {}) });
    const page = await context.newPage();
    await page.goto(url);
    assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);
    await context.close();
  }

  it('a citizen reports, the owning tenant’s editor finds, answers and closes it', async () => {
    // The citizen.
    const citizen = await browser.newContext(NO_JS);
    const page = await citizen.newPage();
    await page.goto(`${app.origin}/geseke/leistungen/wohnsitz-anmelden`);
    await page.getByRole('heading', { name: 'Fehler melden' }).waitFor();
    assert.match(
      (await page.getByTestId('last-reviewed').textContent()) ?? '',
      /^Zuletzt geprüft: \d{1,2}\. \p{L}+ \d{4}$/u,
    );
    await axe(page.url(), undefined, 'the service page with the report form');
    await page.getByLabel('Kontaktdaten falsch (Telefon, E-Mail, Öffnungszeiten, Ansprechpartner)').check();
    await page
      .getByRole('textbox', { name: 'Beschreibung' })
      .fill('Das Bürgerbüro hat donnerstags bis 18 Uhr geöffnet, nicht bis 16 Uhr.');
    await page.getByLabel('E-Mail für eine Antwort (freiwillig)').fill('buerger@example.org');
    await Promise.all([
      page.waitForURL(/\/fehler-melden$/),
      page.getByRole('button', { name: 'Meldung senden' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Danke für Ihre Meldung' }).waitFor();
    await citizen.close();

    // Where it went: the tenant that owns the unit the citizen saw. Its editor gets an account.
    const [report] = await app.app.services.feedback.list(CLI_PRINCIPAL, ['open']);
    assert.ok(report);
    assert.equal(report.areaAgs, '05974020');
    await app.app.services.auth.createUser(
      {
        email: 'redaktion@zustaendig.example',
        password: PASSWORD,
        grants: [
          { role: report.tenantAgs.length === 5 ? 'county_editor' : 'town_editor', tenantAgs: report.tenantAgs },
        ],
      },
      CLI_PRINCIPAL,
    );

    // The editor: signed out, the inbox sends to the sign-in, which comes back to the inbox.
    const editor = await browser.newContext(NO_JS);
    const ed = await editor.newPage();
    await ed.goto(`${app.origin}/editor/inbox`);
    await ed.waitForURL(/\/editor\/login\?next=/);
    await ed.getByLabel('E-Mail-Adresse').fill('redaktion@zustaendig.example');
    await ed.getByLabel('Passwort').fill(PASSWORD);
    await Promise.all([
      ed.waitForURL(`${app.origin}/editor/inbox`),
      ed.getByRole('button', { name: 'Anmelden' }).click(),
    ]);
    await ed.getByText('1 ungelesene Nachricht').waitFor();
    await ed.getByRole('heading', { name: /Fehlermeldung zu „Wohnsitz anmelden“/ }).waitFor();
    await Promise.all([
      ed.waitForURL(`${app.origin}/editor/reports/${report.id}`),
      ed
        .getByRole('link', { name: /^Öffnen/ })
        .first()
        .click(),
    ]);
    await ed.getByText('donnerstags bis 18 Uhr').waitFor();
    await axe(ed.url(), await editor.storageState(), "the editor's report page");

    // It is also in the report list.
    await ed.goto(`${app.origin}/editor/reports`);
    await Promise.all([
      ed.waitForURL(`${app.origin}/editor/reports/${report.id}`),
      ed.getByRole('link', { name: 'Wohnsitz anmelden' }).click(),
    ]);

    await ed.getByLabel('Antwort oder Vermerk').fill('Danke! Die Öffnungszeiten sind korrigiert.');
    await Promise.all([ed.waitForLoadState('load'), ed.getByRole('button', { name: 'Antwort speichern' }).click()]);
    assert.equal(await ed.getByTestId('report-status').textContent(), 'beantwortet');
    await Promise.all([
      ed.waitForLoadState('load'),
      ed.getByRole('button', { name: 'Als erledigt schließen' }).click(),
    ]);
    assert.equal(await ed.getByTestId('report-status').textContent(), 'erledigt');
    await ed.getByText('Die Öffnungszeiten sind korrigiert.').waitFor();
    assert.equal(await ed.getByRole('button', { name: 'Als erledigt schließen' }).count(), 0);

    // The inbox item is marked read with its own button.
    await ed.goto(`${app.origin}/editor/inbox`);
    await Promise.all([
      ed.waitForLoadState('load'),
      ed.getByRole('button', { name: /^Als gelesen markieren.*Fehlermeldung/ }).click(),
    ]);
    await ed.getByText('0 ungelesene Nachrichten').waitFor();
    await editor.close();

    const [closed] = await app.app.services.feedback.list(CLI_PRINCIPAL, ['closed']);
    assert.equal(closed?.id, report.id);
  });
});
