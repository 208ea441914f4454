// Page weight of every portal page type as Chromium transfers it on a first visit (empty cache), and screenshots of
// the main page types for review. Budget: < 100 KB before images, web fonts included (two subset Fira Sans weights).
// Results go to artifacts/ (kept by CI).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, DEVICES, isolatedContext, launchBrowser } from './support/browser.ts';
import { PORTAL_PAGES } from './support/portal-pages.ts';

const skip = browserSkipReason();
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SCREENSHOTS = `${ARTIFACTS}screenshots/`;
const BUDGET = 100 * 1024;
/**
 * The embed's documentation page carries a live embed of a whole town (its script, stylesheet and the town's list,
 * which grows with the catalog: 369 services now): the page itself stays within BUDGET, the live example gets 25 KB.
 */
const BUDGETS: Record<string, number> = { 'embed-docs': 125 * 1024 };
const SCREENSHOT_PAGES = new Set([
  'start',
  'chooser-shared-postcode',
  'town',
  'a-z',
  'lebenslage',
  'service-county',
  'service-town',
  'service-contact-point',
  'search',
  'not-found',
  'embed-docs',
  'english-service',
]);

interface Weight {
  page: string;
  path: string;
  requests: number;
  /** Bytes on the wire (headers + encoded bodies) by resource type. */
  byType: Record<string, number>;
  /** Everything but images (HTML, CSS, JS, fonts, data): the budgeted part. */
  budgeted: number;
  fonts: number;
}

describe('portal page weight and screenshots', { skip: skip ?? false }, () => {
  let app: RunningApp;
  let browser: Browser;
  const weights: Weight[] = [];

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    if (weights.length) {
      writeFileSync(`${ARTIFACTS}page-weights.json`, `${JSON.stringify(weights, null, 2)}\n`);
      const kb = (n: number) => (n / 1024).toFixed(1);
      const table = [
        '| page | path | requests | all but images (KB) | of which fonts (KB) |',
        '|---|---|---:|---:|---:|',
        ...weights.map((w) => `| ${w.page} | \`${w.path}\` | ${w.requests} | ${kb(w.budgeted)} | ${kb(w.fonts)} |`),
      ].join('\n');
      writeFileSync(`${ARTIFACTS}page-weights.md`, `${table}\n`);
      console.log(`\nPage weights (first visit, empty cache):\n${table}\n`);
    }
    await browser?.close();
    await app?.close();
  });

  for (const { name, path } of PORTAL_PAGES) {
    it(`${name}: ${path} stays within its budget before images (${((BUDGETS[name] ?? BUDGET) / 1024).toFixed(0)} KB)`, async () => {
      const { context } = await isolatedContext(browser, app.origin, DESKTOP);
      const page = await context.newPage();
      const finished: Array<Promise<{ type: string; bytes: number }>> = [];
      page.on('requestfinished', (request) => {
        finished.push(
          request
            .sizes()
            .then((s) => ({ type: request.resourceType(), bytes: s.responseBodySize + s.responseHeadersSize })),
        );
      });
      await page.goto(app.origin + path, { waitUntil: 'networkidle' });
      const sizes = await Promise.all(finished);
      const byType: Record<string, number> = {};
      for (const s of sizes) byType[s.type] = (byType[s.type] ?? 0) + s.bytes;
      const fonts = byType.font ?? 0;
      const budgeted = sizes.filter((s) => s.type !== 'image').reduce((sum, s) => sum + s.bytes, 0);
      weights.push({ page: name, path, requests: sizes.length, byType, budgeted, fonts });
      assert.ok(budgeted < (BUDGETS[name] ?? BUDGET), `${path}: ${budgeted} bytes`);
      await context.close();
    });
  }

  for (const device of DEVICES) {
    it(`screenshots of the main page types (${device.name})`, async () => {
      // Screenshots at 1 device pixel per CSS pixel: the long A–Z page at 2x is slow to capture and large to keep.
      const { context } = await isolatedContext(browser, app.origin, { ...device.options, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const { name, path } of PORTAL_PAGES.filter((p) => SCREENSHOT_PAGES.has(p.name))) {
        await page.goto(app.origin + path, { waitUntil: 'networkidle' });
        await page.screenshot({ path: `${SCREENSHOTS}portal-${name}-${device.name}.png`, fullPage: true });
      }
      await page.goto(`${app.origin}/geseke/leistungen/baugenehmigung-beantragen`);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `${SCREENSHOTS}portal-service-print-${device.name}.png`, fullPage: true });
      await context.close();
    });
  }
});
