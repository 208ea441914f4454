// The checklist pages in Chromium: axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) with zero violations on a desktop
// and a phone, reflow at 320 px, headings in order, nothing loaded from elsewhere, and the filter working without JS.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { saveLinkStatus } from '../src/features/links/links.repository.ts';
import { applyCheck, normalizeUrl } from '../src/features/links/links.ts';
import { axeViolations, horizontalOverflow } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DEVICES, isolatedContext, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();

const PAGES = [
  { name: 'dashboard', path: '/checkliste', phone: true },
  { name: 'town checklist', path: '/checkliste/geseke', phone: false },
  { name: 'town checklist, gaps only', path: '/checkliste/geseke?nur=luecken&prio=wichtig', phone: true },
  { name: 'town print page', path: '/checkliste/geseke/druck', phone: false },
  { name: 'dashboard print page', path: '/checkliste/vergleich/druck', phone: false },
];

describe('checklist pages in Chromium', { skip: skip ?? false }, () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    await app.app.services.checklist.seedIfEmpty();
    // Link states without touching the internet: two links of Geseke's products marked as checked, one broken.
    const sources = await app.app.services.links.sources(['05974020']);
    const [first, second] = [...new Set(sources.filter((s) => s.serviceId).map((s) => normalizeUrl(s.url) ?? s.url))];
    const at = new Date().toISOString();
    const base = { method: 'GET' as const, redirects: [], checkedAt: at, durationMs: 5 };
    if (first)
      await saveLinkStatus(
        app.db.kysely,
        applyCheck(null, {
          ...base,
          url: first,
          finalUrl: first,
          outcome: 'not_found',
          httpStatus: 404,
          error: 'HTTP 404',
        }).status,
        at,
      );
    if (second)
      await saveLinkStatus(
        app.db.kysely,
        applyCheck(null, { ...base, url: second, finalUrl: second, outcome: 'ok', httpStatus: 200, error: null })
          .status,
        at,
      );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const device of DEVICES) {
    describe(`axe (${device.name})`, () => {
      // axe on a 73-product table takes long: the phone runs the page types whose layout differs on small screens.
      for (const { name, path } of PAGES.filter((p) => device.name === 'desktop' || p.phone)) {
        it(`${name}: ${path}`, async () => {
          const { context, offsite } = await isolatedContext(browser, app.origin, device.options);
          const page = await context.newPage();
          const response = await page.goto(app.origin + path);
          assert.equal(response?.status(), 200);
          assert.deepEqual(await axeViolations(page), []);
          assert.deepEqual(offsite, [], 'no request leaves the origin');
          await context.close();
        });
      }
    });
  }

  describe('reflow at 320 px and structure', () => {
    for (const { name, path } of PAGES) {
      it(`${name}: no horizontal page scrolling, one h1, headings in order`, async () => {
        const { context } = await isolatedContext(browser, app.origin, { viewport: { width: 320, height: 640 } });
        const page = await context.newPage();
        await page.goto(app.origin + path);
        assert.deepEqual(await horizontalOverflow(page), []);
        const s = await page.evaluate(() => ({
          h1: document.querySelectorAll('h1').length,
          levels: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1])),
          main: document.querySelectorAll('main').length,
        }));
        assert.equal(s.h1, 1);
        assert.equal(s.main, 1);
        for (let i = 1; i < s.levels.length; i++)
          assert.ok((s.levels[i] ?? 0) <= (s.levels[i - 1] ?? 0) + 1, `heading levels ${s.levels.join(',')}`);
        await context.close();
      });
    }
  });

  it('the dashboard draws the heat map for 14 towns and names a broken link', async () => {
    const { context } = await isolatedContext(browser, app.origin, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${app.origin}/checkliste`);
    assert.equal((await page.locator('.aw-cl-heatmap svg rect').count()) >= 14, true);
    const headers = await page.locator('.aw-cl-matrix thead th[scope="col"]').count();
    assert.equal(headers, 15, 'Lebenslage + 14 towns');
    assert.match((await page.locator('#defekt').locator('..').textContent()) ?? '', /Seite nicht gefunden/);
    await context.close();
  });

  it('the filter works without JavaScript and every product links to its edit form', async () => {
    const { context } = await isolatedContext(browser, app.origin, {
      viewport: { width: 1280, height: 800 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${app.origin}/checkliste/geseke`);
    const all = await page.locator('tbody tr').count();
    assert.ok(all > 50, `${all} products`);
    const edit = page.locator('a', { hasText: 'Bearbeiten' }).first();
    assert.match((await edit.getAttribute('href')) ?? '', /^\/editor\/05974020\/services\/[a-z0-9-]+$/);
    // Every Geseke product has a gap while its units are sample data and nobody has reviewed its texts, so the
    // priority filter is the one that visibly narrows the list here.
    await page.getByLabel('Nur wichtige Produkte').check();
    await Promise.all([page.waitForURL(/prio=wichtig/), page.getByRole('button', { name: 'Filter anwenden' }).click()]);
    const important = await page.locator('tbody tr').count();
    assert.ok(important > 0 && important < all, `filtered ${important} of ${all}`);
    assert.equal(await page.getByLabel('Nur wichtige Produkte').isChecked(), true, 'the filter keeps its state');
    await context.close();
  });
});
