// WCAG 2.1 AA / BITV 2.0 checks of every page type of the public portal: axe-core (wcag2a, wcag2aa, wcag21a,
// wcag21aa) with zero violations on a desktop and a 360 px phone, reflow at 320 px (= 400 % zoom), headings in order.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, horizontalOverflow } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DEVICES, isolatedContext, launchBrowser } from './support/browser.ts';
import { PORTAL_PAGES } from './support/portal-pages.ts';

const skip = browserSkipReason();

describe('portal accessibility in Chromium', { skip: skip ?? false }, () => {
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

  for (const device of DEVICES) {
    describe(`axe on every page type (${device.name})`, () => {
      for (const { name, path, status } of PORTAL_PAGES) {
        it(`${name}: ${path}`, async () => {
          const { context, offsite } = await isolatedContext(browser, app.origin, device.options);
          const page = await context.newPage();
          const response = await page.goto(app.origin + path);
          assert.equal(response?.status(), status ?? 200);
          // The embed docs page renders the live preview with the embed script: wait for it.
          if (name === 'embed-docs') await page.locator('.amtsweg-embed__item').first().waitFor();
          assert.deepEqual(await axeViolations(page), []);
          assert.deepEqual(offsite, [], 'no request leaves the origin');
          await context.close();
        });
      }
    });
  }

  describe('reflow at 320 px and structure', () => {
    for (const { name, path } of PORTAL_PAGES) {
      it(`${name}: no horizontal scrolling at 320 px, one h1, headings in order, landmarks`, async () => {
        const { context } = await isolatedContext(browser, app.origin, { viewport: { width: 320, height: 640 } });
        const page = await context.newPage();
        await page.goto(app.origin + path);
        assert.deepEqual(await horizontalOverflow(page), []);
        const structure = await page.evaluate(() => ({
          h1: document.querySelectorAll('h1').length,
          levels: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1])),
          main: document.querySelectorAll('main').length,
          lang: document.documentElement.lang,
        }));
        assert.equal(structure.h1, 1);
        assert.equal(structure.main, 1);
        assert.ok(structure.lang === 'de' || structure.lang === 'en');
        // No heading level is skipped on the way down (h2 → h4 would be).
        structure.levels.forEach((level, i) => {
          const previous = structure.levels[i - 1] ?? 0;
          assert.ok(level <= previous + 1, `heading h${level} after h${previous}: ${structure.levels.join(',')}`);
        });
        await context.close();
      });
    }
  });
});
