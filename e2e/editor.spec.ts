// Browser journeys of the editors' workspace on the Kreis Soest seed, in Chromium, with axe-core (WCAG 2.1 A/AA)
// on every page they pass: sign in, edit and save a draft, preview, publish, history and one-click restore; a town
// marks a county service as not offered (error summary first, input kept); opening hours with the live preview;
// create a contact; the admin's audit log. No JavaScript is needed anywhere: the pages have none.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLI_PRINCIPAL } from '../src/features/auth/auth.service.ts';
import { axeViolations } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, launchBrowser, PHONE } from './support/browser.ts';

const skip = browserSkipReason();
const PASSWORD = 'korrekt-pferd-batterie';

const USERS = {
  county: { email: 'redaktion@kreis-soest.example', grants: [{ role: 'county_editor', tenantAgs: '05974' }] },
  geseke: { email: 'redaktion@geseke.example', grants: [{ role: 'town_editor', tenantAgs: '05974020' }] },
  admin: { email: 'admin@kreis-soest.example', grants: [{ role: 'admin', tenantAgs: '*' }] },
} as const;

describe("editors' workspace in Chromium", { skip: skip ?? false }, () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    for (const u of Object.values(USERS)) {
      await app.app.services.auth.createUser(
        { email: u.email, password: PASSWORD, grants: u.grants.map((g) => ({ ...g })) as never },
        CLI_PRINCIPAL,
      );
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function axe(page: Page, what: string) {
    assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);
  }

  async function signIn(context: BrowserContext, who: keyof typeof USERS, path = '/editor'): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(app.origin + path);
    assert.equal(res?.status(), 401, 'the login form answers in place of the protected page');
    await axe(page, 'sign-in page');
    await page.getByLabel('E-Mail-Adresse').fill(USERS[who].email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${app.origin}${path}`);
    return page;
  }

  it('county editor: edit, save a draft, preview, publish, restore', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, 'county');
    await axe(page, 'dashboard');
    await page.getByRole('link', { name: /Kreis Soest \(05974\)/ }).click();
    await page.waitForURL(`${app.origin}/editor/05974`);
    await axe(page, 'workspace of the Kreis');
    await page.goto(`${app.origin}/editor/05974/services/wohnsitz-anmelden`);
    await axe(page, 'service form');
    const fees = page.getByLabel('Kosten (Gebühren)');
    const before = await fees.inputValue();
    await fees.fill('Die Anmeldung ist gebührenfrei.\n\n- Meldebescheinigung: 5 Euro');
    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await page.waitForURL(/ok=saved/);
    await assert.doesNotReject(page.getByText('Entwurf gespeichert').waitFor());
    await axe(page, 'service form with a draft');
    // Not public yet.
    const publicJson = (await (
      await fetch(`${app.origin}/api/v1/areas/05974020/services/wohnsitz-anmelden`)
    ).json()) as { fees: string | null };
    assert.equal(publicJson.fees, before || null);
    await page.getByRole('link', { name: 'Vorschau der öffentlichen Seite' }).click();
    await page.getByText('Meldebescheinigung: 5 Euro').waitFor();
    await axe(page, 'preview');
    await page.getByRole('link', { name: 'Zurück zum Bearbeiten' }).click();
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/ok=published/);
    const after = (await (await fetch(`${app.origin}/api/v1/areas/05974020/services/wohnsitz-anmelden`)).json()) as {
      fees: string | null;
    };
    assert.match(after.fees ?? '', /Meldebescheinigung: 5 Euro/);
    await page.getByRole('link', { name: 'Verlauf und Wiederherstellen' }).click();
    await page.getByRole('heading', { name: /Veröffentlicht: Version/ }).waitFor();
    await axe(page, 'history with diff');
    await page
      .getByRole('button', { name: /wiederherstellen/ })
      .first()
      .click();
    await page.waitForURL(/ok=restored/);
    await axe(page, 'history after restore');
    const restored = (await (await fetch(`${app.origin}/api/v1/areas/05974020/services/wohnsitz-anmelden`)).json()) as {
      fees: string | null;
    };
    assert.equal(restored.fees, before || null);
    await context.close();
  });

  it('town editor: marks a county service as not offered, sees the error summary first, keeps input', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, 'geseke', '/editor/05974020');
    await axe(page, 'workspace of Geseke');
    await page.goto(`${app.origin}/editor/05974020/services/fuehrungszeugnis-beantragen`);
    await axe(page, 'settings form of a town');
    await page.getByLabel('Nein, hier nicht angeboten').check();
    await page.getByLabel('Ergänzender Text vor Ort').fill('Bitte vorher einen Termin vereinbaren.');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Probleme' });
    await summary.waitFor();
    assert.match(await page.title(), /^Fehler: /);
    assert.equal(
      await page.getByLabel('Ergänzender Text vor Ort').inputValue(),
      'Bitte vorher einen Termin vereinbaren.',
    );
    await axe(page, 'settings form with errors');
    await page.getByRole('link', { name: /Bitte begründen/ }).click();
    await page.getByLabel('Begründung').fill('Führungszeugnisse beantragen Sie online beim Bundesamt für Justiz.');
    await page.getByLabel('Stattdessen (Adresse)').fill('https://www.fuehrungszeugnis.bund.de');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/ok=published/);
    await page.getByRole('link', { name: 'Vorschau der öffentlichen Seite' }).click();
    await page.getByText(/Geseke bietet diese Leistung nicht selbst an/).waitFor();
    await axe(page, 'preview of the town settings');
    await context.close();
  });

  it('town editor: opening hours with the server-side preview, and a new contact', async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, 'geseke', '/editor/05974020/authorities/geseke-buergerbuero');
    await axe(page, 'authority form (phone)');
    await page.getByLabel('Wochenplan (unten)').check();
    await page.getByLabel('Montag, Zeitraum 1, von').fill('07:30');
    await page.getByLabel('Montag, Zeitraum 1, bis').fill('12:00');
    await page.getByRole('button', { name: 'Vorschau der Öffnungszeiten aktualisieren' }).click();
    await page.getByText('Die nächsten sieben Tage').waitFor();
    await page.getByText('Eingaben geprüft').waitFor();
    assert.match(
      await page.locator('#oh-vorschau + p code, #oh-vorschau ~ p code').first().innerText(),
      /Mo 07:30-12:00/,
    );
    await axe(page, 'authority form with hours preview');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/ok=published/);
    await page.goto(`${app.origin}/editor/05974020/contacts/neu`);
    await axe(page, 'new contact form');
    await page.getByLabel('Kennung').fill('geseke-fundbuero');
    await page.getByLabel('Organisationseinheit').selectOption('geseke-buergerbuero');
    await page.getByLabel('Funktion').fill('Fundbüro');
    await page.getByLabel('Telefon').fill('+49 2942 500-0');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(`${app.origin}/editor/05974020/contacts/geseke-fundbuero?ok=published`);
    await axe(page, 'contact after publishing');
    await context.close();
  });

  it('admin: accounts, tokens and the audit log', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, 'admin', '/editor/admin/audit');
    await axe(page, 'audit log');
    await page.locator('#f-action').fill('publish');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/action=publish/);
    const rows = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
    assert.ok(
      rows.every((r) => r === 'publish'),
      rows.join(','),
    );
    await page.goto(`${app.origin}/editor/admin/users`);
    await axe(page, 'accounts');
    await page.goto(`${app.origin}/editor/account`);
    await page.getByLabel('Name des neuen Tokens').fill('Fachverfahren');
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    await page.locator('#neues-token').waitFor();
    assert.match(await page.locator('#neues-token').innerText(), /^amt_[0-9a-f]{12}_/);
    await axe(page, 'account with new token');
    await context.close();
  });
});
