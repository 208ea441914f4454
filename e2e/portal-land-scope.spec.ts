// The portal of several Länder (ADR 0285) in Chromium: the new page type, a Land's districts (`/orte/<land>`), and
// the pages along the path start page → Land → Kreis → town, axe-clean (WCAG 2.1 AA), and walkable by links alone
// with JavaScript off. Fixture: the seed's Kreis Soest (NRW) and Rheinland-Pfalz with the Landkreise
// Mayen-Koblenz and Ahrweiler and the kreisfreie Stadt Koblenz.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { type SeededApp, seededApp } from '../src/features/portal/portal.testing.ts';
import { importBundle } from '../src/interop/bundle/bundle-import.ts';
import { axeViolations } from './support/a11y.ts';
import { browserSkipReason, DESKTOP, isolatedContext, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();
const NO_JS = { ...DESKTOP, javaScriptEnabled: false };
const BUNDLES = [
  fileURLToPath(new URL('../data/examples/landkreis-mayen-koblenz', import.meta.url)),
  fileURLToPath(new URL('../data/examples/koblenz', import.meta.url)),
  fileURLToPath(new URL('../src/features/portal/testdata/landkreis-ahrweiler', import.meta.url)),
];

describe('a portal of several Länder', { skip: skip ?? false }, () => {
  let t: SeededApp;
  let origin = '';
  let browser: Browser;

  before(async () => {
    const scopeBefore = process.env.DEPLOYMENT_SCOPE;
    process.env.DEPLOYMENT_SCOPE = '05974,07';
    try {
      t = await seededApp();
    } finally {
      if (scopeBefore === undefined) delete process.env.DEPLOYMENT_SCOPE;
      else process.env.DEPLOYMENT_SCOPE = scopeBefore;
    }
    for (const dir of BUNDLES) await importBundle(t.app.services.catalog, dir);
    origin = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const path of [
    '/',
    '/orte/rheinland-pfalz',
    '/en/orte/nordrhein-westfalen',
    '/landkreis-mayen-koblenz/',
    '/koblenz/',
  ])
    it(`axe finds nothing on ${path}`, async () => {
      // axe injects a script, which a JavaScript-off page never runs: these pages work the same with it on.
      const { context, offsite } = await isolatedContext(browser, origin, DESKTOP);
      const page = await context.newPage();
      const response = await page.goto(origin + path);
      assert.equal(response?.status(), 200);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(offsite, []);
      await context.close();
    });

  it('start page → Land → Kreis → town by links alone', async () => {
    const { context } = await isolatedContext(browser, origin, NO_JS);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'Rheinland-Pfalz' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Städte und Gemeinden in Rheinland-Pfalz');
    await page.getByRole('link', { name: 'Landkreis Mayen-Koblenz' }).click();
    await page.getByRole('link', { name: 'Kettig', exact: true }).click();
    assert.equal(new URL(page.url()).pathname, '/kettig/');
    assert.match(String(await page.locator('h1').textContent()), /Kettig/);
    await context.close();
  });
});
