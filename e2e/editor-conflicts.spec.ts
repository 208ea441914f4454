// Issue 13 in Chromium with JavaScript off and axe on every page passed: two editors publish the same service (the
// second sees theirs beside mine and must choose per field; the form keeps its base version), and removing a service
// asks first, says what is affected, and a restore brings it back.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLI_PRINCIPAL } from '../src/features/auth/auth.service.ts';
import { axeViolations } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();
const PASSWORD = 'korrekt-pferd-batterie';
const NO_JS = { ...DESKTOP, javaScriptEnabled: false };

const USERS = {
  county: { email: 'konflikt-kreis@kreis-soest.example', grants: [{ role: 'county_editor', tenantAgs: '05974' }] },
  admin: { email: 'konflikt-admin@kreis-soest.example', grants: [{ role: 'admin', tenantAgs: '*' }] },
} as const;

const SERVICE = '/editor/05974/services/personalausweis-beantragen';
const PUBLIC = '/api/v1/areas/05974020/services/personalausweis-beantragen';

describe('edit conflicts and removal in Chromium (issue 13)', { skip: skip ?? false }, () => {
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

  async function signIn(context: BrowserContext, who: keyof typeof USERS, path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(app.origin + path);
    await page.getByLabel('E-Mail-Adresse').fill(USERS[who].email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${app.origin}${path}`);
    return page;
  }

  const publicService = async () =>
    (await (await fetch(app.origin + PUBLIC)).json()) as { fees: string | null; teaser: string | null };

  it('conflict: theirs beside mine, a choice per field, nothing lost', async () => {
    const adminContext = await browser.newContext(NO_JS);
    const countyContext = await browser.newContext(NO_JS);
    const admin = await signIn(adminContext, 'admin', SERVICE);
    const county = await signIn(countyContext, 'county', SERVICE);
    const base = await county.locator('input[name="baseVersion"]').inputValue();

    await admin.getByLabel('Kosten (Gebühren)').fill('37 Euro (neu festgesetzt)');
    await admin.getByRole('button', { name: 'Veröffentlichen' }).click();
    await admin.waitForURL(/ok=published/);

    await county.getByLabel('Kurztext (Teaser)').fill('Kurztext der Kreisredaktion');
    await county.getByRole('button', { name: 'Veröffentlichen' }).click();
    await county.getByRole('heading', { name: /Inzwischen geändert/ }).waitFor();
    await axe(county, 'conflict view');
    assert.equal(await county.locator('input[name="baseVersion"]').inputValue(), base, 'the base version is kept');
    assert.equal(await county.getByLabel('Kurztext (Teaser)').inputValue(), 'Kurztext der Kreisredaktion');
    await county.getByText('37 Euro (neu festgesetzt)').first().waitFor();

    // Publishing again without a choice writes nothing.
    await county.getByRole('button', { name: 'Veröffentlichen' }).click();
    await county
      .getByText(/Bitte für/)
      .first()
      .waitFor();
    assert.equal((await publicService()).fees, '37 Euro (neu festgesetzt)');

    await county
      .getByRole('group', { name: /Kosten \(Gebühren\): welche Fassung/ })
      .getByLabel(/Die von/)
      .check();
    await county
      .getByRole('group', { name: /Kurztext \(Teaser\): welche Fassung/ })
      .getByLabel('Meine')
      .check();
    await county.getByRole('button', { name: 'Veröffentlichen' }).click();
    await county.waitForURL(/ok=published/);
    const after = await publicService();
    assert.equal(after.fees, '37 Euro (neu festgesetzt)');
    assert.equal(after.teaser, 'Kurztext der Kreisredaktion');
    await adminContext.close();
    await countyContext.close();
  });

  it('removal: a confirmation that says what is affected, then restore from the history', async () => {
    const context = await browser.newContext(NO_JS);
    const page = await signIn(context, 'county', SERVICE);
    await page.getByRole('link', { name: /Aus dem öffentlichen Katalog entfernen/ }).click();
    await page.getByRole('heading', { name: 'Was betroffen ist' }).waitFor();
    await axe(page, 'removal confirmation');
    await page.getByText(/Gelöscht wird nichts/).waitFor();
    assert.equal((await fetch(app.origin + PUBLIC)).status, 200, 'nothing removed before confirming');
    await page.getByRole('button', { name: 'Jetzt entfernen' }).click();
    await page.waitForURL(/ok=unpublished/);
    assert.equal((await fetch(app.origin + PUBLIC)).status, 404);
    await page.getByRole('link', { name: 'Verlauf und Wiederherstellen' }).click();
    await page
      .getByRole('button', { name: /wiederherstellen/ })
      .first()
      .click();
    await page.waitForURL(/ok=restored/);
    assert.equal((await fetch(app.origin + PUBLIC)).status, 200);
    await context.close();
  });
});
