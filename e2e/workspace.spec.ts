// The workspace list of a tenant in Chromium with JavaScript OFF (issue #13, finding 6): search and filter through the
// GET form, select services with checkboxes, confirm what the bulk action changes, publish. axe needs script in the
// page, so each page's HTML is checked in a second, script-enabled tab on the same origin (stylesheets included).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { CLI_PRINCIPAL, principalOf } from '../src/features/auth/auth.service.ts';
import { axeViolations } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();
const PASSWORD = 'korrekt-pferd-batterie';
const EMAIL = 'liste@kreis-soest.example';
const COUNTY = '05974';

describe('workspace list and bulk publishing without JavaScript', { skip: skip ?? false }, () => {
  let app: RunningApp;
  let browser: Browser;
  const ids: string[] = [];
  let principal: ReturnType<typeof principalOf> | undefined;

  before(async () => {
    app = await startApp();
    const user = await app.app.services.auth.createUser(
      { email: EMAIL, password: PASSWORD, grants: [{ role: 'county_editor', tenantAgs: COUNTY }] },
      CLI_PRINCIPAL,
    );
    principal = principalOf(user, user.grants, 'web');
    const { editor } = app.app.services;
    // The first two services of the Kreis by name get a draft with changed fees.
    const ws = await editor.workspace(principal, COUNTY);
    for (const s of ws.services.filter((x) => x.tenantAgs === COUNTY).slice(0, 2)) {
      const view = await editor.get(principal, 'service', COUNTY, s.id);
      await editor.saveDraft(
        principal,
        'service',
        COUNTY,
        s.id,
        { ...view.published!.doc, fees: 'Sammelaktion: 10 Euro' },
        { baseVersion: view.published!.version },
      );
      ids.push(s.id);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('filters to the drafts, confirms the listed changes and publishes them as one action', async () => {
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    const axeContext = await browser.newContext(DESKTOP);
    const axePage = await axeContext.newPage();
    await axePage.goto(`${app.origin}/editor/login`);
    const axe = async (what: string) => {
      await axePage.setContent(await page.content(), { waitUntil: 'load' });
      assert.deepEqual(await axeViolations(axePage), [], `axe on ${what}`);
    };
    const selectable = async () => {
      const out: string[] = [];
      for (const box of await page.locator('input[name="ids"]').all())
        out.push((await box.getAttribute('value')) ?? '');
      return out;
    };
    await page.goto(`${app.origin}/editor/${COUNTY}`);
    await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${app.origin}/editor/${COUNTY}`);
    const total = await page.locator('input[name="ids"]').count();
    assert.ok(total > 2 && total <= 50, `one page of the list: ${total} rows`);
    await axe('the workspace list');

    await page.getByLabel('Status').selectOption('draft');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/status=draft/);
    const values = await selectable();
    assert.deepEqual(values.sort(), ids.map((id) => `service:${id}`).sort());

    for (const box of await page.locator('input[name="ids"]').all()) await box.check();
    await page.getByRole('button', { name: /Entwürfe der Auswahl veröffentlichen/ }).click();
    await page.getByRole('heading', { name: 'Diese 2 Entwürfe werden veröffentlicht' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /Kosten/);
    await axe('the confirmation');

    await page.getByRole('button', { name: 'Jetzt 2 Entwürfe veröffentlichen' }).click();
    await page.waitForURL(/veroeffentlicht=2/);
    assert.match((await page.locator('main').textContent()) ?? '', /2 Entwürfe veröffentlicht/);
    assert.equal(await page.locator('input[name="ids"]').count(), 0, 'no drafts left in the filtered list');
    for (const id of ids) {
      const view = await app.app.services.editor.get(principal!, 'service', COUNTY, id);
      assert.equal(view.draft, null);
      assert.equal((view.published?.doc as { fees?: string } | undefined)?.fees, 'Sammelaktion: 10 Euro');
    }
    await axeContext.close();
    await context.close();
  });
});
