// Issue 13 in Chromium on the Kreis Soest seed: two editors in two browser contexts publish the same service (the
// second gets theirs beside mine per field, keeps what they typed, must choose per field, and publishes what they
// chose) — with JavaScript off and on; removing a Kreis service asks first and names the towns with their own data,
// and a restore brings the town's settings back; the last admin cannot lock themselves out, and a password reset
// link works once. axe (WCAG 2.1 A/AA) once per page type: pages seen without JavaScript are checked as HTML in a
// script-enabled tab on the same origin (axe needs script in the page; running it where script is off hangs).
//
// Everything that starts (the app, the browser, contexts) starts in `before`/the test with a timeout and is closed in
// `after` in any case, so a slow machine fails the suite instead of hanging it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLI_PRINCIPAL, principalOf } from '../src/features/auth/auth.service.ts';
import type { Principal } from '../src/features/auth/auth.ts';
import { axeViolations } from './support/a11y.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();
const PASSWORD = 'korrekt-pferd-batterie';
const COUNTY = '05974';
const GESEKE = '05974020';
const SETUP_MS = 300_000;
const TEST_MS = 240_000;

const USERS = {
  county: { email: 'i13-kreis@kreis-soest.example', grants: [{ role: 'county_editor', tenantAgs: COUNTY }] },
  admin: { email: 'i13-admin@kreis-soest.example', grants: [{ role: 'admin', tenantAgs: '*' }] },
  geseke: { email: 'i13-geseke@geseke.example', grants: [{ role: 'town_editor', tenantAgs: GESEKE }] },
} as const;
type Who = keyof typeof USERS;

/** Rejects after `ms` with what was being waited for, so no step can hang the suite. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
      timer.unref();
    }),
  ]);
}

describe('issue 13 in Chromium: conflicts, removal and restore, accounts', { skip: skip ?? false }, () => {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let axeContext: BrowserContext | undefined;
  let axePage: Page | undefined;
  const contexts: BrowserContext[] = [];
  const principals = {} as Record<Who, Principal>;
  const userIds = {} as Record<Who, string>;
  /** Three services of the Kreis: a conflict without and one with JavaScript, one to remove and restore. */
  let services: string[] = [];
  const checked = new Set<string>();

  before(
    async () => {
      app = await within(SETUP_MS - 60_000, 'starting the app', startApp());
      for (const [who, u] of Object.entries(USERS) as Array<[Who, (typeof USERS)[Who]]>) {
        const user = await app.app.services.auth.createUser(
          { email: u.email, password: PASSWORD, grants: u.grants.map((g) => ({ ...g })) as never },
          CLI_PRINCIPAL,
        );
        principals[who] = principalOf(user, user.grants, 'web');
        userIds[who] = user.id;
      }
      const ws = await app.app.services.editor.workspace(principals.county, COUNTY);
      services = ws.services
        .filter((s) => s.tenantAgs === COUNTY)
        .slice(0, 3)
        .map((s) => s.id);
      assert.equal(services.length, 3, 'the seed has services of the Kreis');
      browser = await within(60_000, 'launching Chromium', launchBrowser());
      axeContext = await browser.newContext(DESKTOP);
      axeContext.setDefaultTimeout(60_000);
      axePage = await axeContext.newPage();
      await axePage.goto(`${app.origin}/editor/login`);
    },
    { timeout: SETUP_MS },
  );
  after(
    async () => {
      for (const c of contexts) await within(20_000, 'closing a context', c.close()).catch(() => undefined);
      await within(20_000, 'closing the axe context', axeContext?.close() ?? Promise.resolve()).catch(() => undefined);
      await within(30_000, 'closing Chromium', browser?.close() ?? Promise.resolve()).catch(() => undefined);
      await within(30_000, 'closing the app', app?.close() ?? Promise.resolve()).catch(() => undefined);
    },
    { timeout: 150_000 },
  );

  const origin = () => app!.origin;

  async function context(javaScript: boolean): Promise<BrowserContext> {
    const c = await browser!.newContext({ ...DESKTOP, javaScriptEnabled: javaScript });
    c.setDefaultTimeout(60_000);
    c.setDefaultNavigationTimeout(60_000);
    contexts.push(c);
    return c;
  }

  /** axe once per page type: in place when the page runs script, else its HTML in the script-enabled tab. */
  async function axe(page: Page, type: string, javaScript: boolean) {
    if (checked.has(type)) return;
    checked.add(type);
    const target = javaScript ? page : axePage!;
    if (!javaScript) await axePage!.setContent(await page.content(), { waitUntil: 'load' });
    assert.deepEqual(await within(60_000, `axe on ${type}`, axeViolations(target)), [], `axe on ${type}`);
  }

  async function signIn(c: BrowserContext, who: Who, path: string, password = PASSWORD): Promise<Page> {
    const page = await c.newPage();
    await page.goto(origin() + path);
    await page.getByLabel('E-Mail-Adresse').fill(USERS[who].email);
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${origin()}${path}`);
    return page;
  }

  const publicService = async (id: string) => {
    const res = await fetch(`${origin()}/api/v1/areas/${GESEKE}/services/${id}`);
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : {} };
  };
  const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  for (const javaScript of [false, true]) {
    it(`finding 1, JavaScript ${javaScript ? 'on' : 'off'}: the second editor sees theirs vs. yours, keeps the input, chooses per field`, {
      timeout: TEST_MS,
    }, async () => {
      const id = services[javaScript ? 1 : 0]!;
      const path = `/editor/${COUNTY}/services/${id}`;
      const admin = await signIn(await context(javaScript), 'admin', path);
      const county = await signIn(await context(javaScript), 'county', path);
      await axe(county, 'service form', javaScript);
      const base = await county.locator('input[name="baseVersion"]').inputValue();
      const theirFees = `Gebühr neu festgesetzt (${javaScript ? 'mit' : 'ohne'} Skript): 37 Euro`;
      const myTeaser = `Kurztext der Kreisredaktion (${javaScript ? 'mit' : 'ohne'} Skript)`;

      await admin.getByLabel('Kosten (Gebühren)').fill(theirFees);
      await admin.getByRole('button', { name: 'Veröffentlichen' }).click();
      await admin.waitForURL(/ok=published/);

      await county.getByLabel('Kurztext (Teaser)').fill(myTeaser);
      await county.getByRole('button', { name: 'Veröffentlichen' }).click();
      await county
        .getByRole('heading', { name: `Inzwischen geändert: Ihre Fassung und die von ${USERS.admin.email}` })
        .waitFor();
      await axe(county, 'conflict view', javaScript);
      assert.equal(await county.locator('input[name="baseVersion"]').inputValue(), base, 'never adopts the new base');
      assert.equal(await county.getByLabel('Kurztext (Teaser)').inputValue(), myTeaser, 'keeps what was typed');
      const table = county.locator('table', { has: county.getByRole('columnheader', { name: 'Ihre Fassung' }) });
      const feesRow = table.getByRole('row', { name: /Kosten \(Gebühren\)/ });
      assert.match((await feesRow.textContent()) ?? '', new RegExp(theirFees.replace(/[()]/g, '\\$&')));
      const teaserRow = table.getByRole('row', { name: /Kurztext \(Teaser\)/ });
      assert.match((await teaserRow.textContent()) ?? '', new RegExp(myTeaser.replace(/[()]/g, '\\$&')));

      // Publishing again without a choice writes nothing and asks again.
      await county.getByRole('button', { name: 'Veröffentlichen' }).click();
      await county
        .getByText(/Bitte wählen: Ihre Fassung oder die andere\./)
        .first()
        .waitFor();
      assert.equal((await publicService(id)).body.fees, theirFees);
      assert.notEqual((await publicService(id)).body.teaser, myTeaser);

      await county
        .getByRole('group', { name: 'Kosten (Gebühren): welche Fassung?' })
        .getByLabel(`Die von ${USERS.admin.email}`)
        .check();
      await county.getByRole('group', { name: 'Kurztext (Teaser): welche Fassung?' }).getByLabel('Meine').check();
      await county.getByRole('button', { name: 'Veröffentlichen' }).click();
      await county.waitForURL(/ok=published/);
      const published = (await publicService(id)).body;
      assert.equal(published.fees, theirFees, 'their fees stay');
      assert.equal(published.teaser, myTeaser, 'my short text is published');
    });
  }

  it("finding 2, JavaScript off: the removal names the towns with their own data; restore brings Geseke's setting back", {
    timeout: TEST_MS,
  }, async () => {
    const id = services[2]!;
    const localText = 'Hinweis aus Geseke: Termine bitte vorher im Bürgerbüro vereinbaren.';
    const { editor } = app!.app.services;
    await editor.saveAndPublish(
      principals.geseke,
      'area_service',
      GESEKE,
      `${GESEKE}:${id}`,
      { offered: true, localText },
      { baseVersion: null },
    );
    assert.equal((await publicService(id)).body.localText, localText);

    const page = await signIn(await context(false), 'county', `/editor/${COUNTY}/services/${id}`);
    await page.getByRole('link', { name: /Aus dem öffentlichen Katalog entfernen/ }).click();
    await page.getByRole('heading', { name: 'Was betroffen ist' }).waitFor();
    await axe(page, 'removal confirmation', false);
    assert.match(await main(page), /1 Stadt oder Gemeinde hat eigene Angaben zu dieser Leistung: [^.]*Geseke/);
    assert.match(await main(page), /Gelöscht wird nichts/);
    assert.equal((await publicService(id)).status, 200, 'nothing removed before confirming');

    await page.getByRole('button', { name: 'Jetzt entfernen' }).click();
    await page.waitForURL(/ok=unpublished/);
    assert.equal((await publicService(id)).status, 404, 'gone from the public catalog');

    await page.getByRole('link', { name: 'Verlauf und Wiederherstellen' }).click();
    await page
      .getByRole('button', { name: /wiederherstellen/ })
      .first()
      .waitFor();
    await axe(page, 'history', false);
    await page
      .getByRole('button', { name: /wiederherstellen/ })
      .first()
      .click();
    await page.waitForURL(/ok=restored/);
    const restored = await publicService(id);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.localText, localText, "Geseke's own text is back");
    const setting = await editor.get(principals.geseke, 'area_service', GESEKE, `${GESEKE}:${id}`);
    assert.equal((setting.published?.doc as { localText?: string } | undefined)?.localText, localText);
  });

  it('finding 7, JavaScript on: the last admin cannot lock themselves out; a reset link works once', {
    timeout: TEST_MS,
  }, async () => {
    const activeAdmins = async () =>
      (await app!.app.services.auth.listUsers()).filter((u) => u.active && u.grants.some((g) => g.role === 'admin'));
    assert.deepEqual(
      (await activeAdmins()).map((u) => u.email),
      [USERS.admin.email],
      'the test admin is the last one',
    );
    const adminContext = await context(true);
    // The accounts list offers every account's lock button, one's own included: the server refuses.
    const admin = await signIn(adminContext, 'admin', '/editor/admin/users');
    await axe(admin, 'accounts list', true);
    await admin.getByRole('button', { name: `${USERS.admin.email} sperren` }).click();
    await admin.getByText('Sie können Ihr eigenes Konto nicht sperren.').waitFor();
    assert.deepEqual(
      (await activeAdmins()).map((u) => u.email),
      [USERS.admin.email],
      'the last admin is still active',
    );

    await admin.goto(`${origin()}/editor/admin/users/${userIds.geseke}`);
    await admin.getByRole('button', { name: 'Link zum Zurücksetzen erstellen' }).click();
    const link = ((await admin.locator('#reset-link').textContent()) ?? '').trim();
    assert.match(link, /\/editor\/passwort\/[A-Za-z0-9_-]{20,}$/);
    await axe(admin, 'account page with a reset link', true);

    const newPassword = 'neues-pferd-batterie-42';
    const visitor = await (await context(true)).newPage();
    await visitor.goto(link.replace(/^https?:\/\/[^/]+/, origin()));
    await axe(visitor, 'reset form', true);
    await visitor.getByLabel('Neues Passwort').fill(newPassword);
    await visitor.getByRole('button', { name: 'Passwort festlegen' }).click();
    await visitor.getByText('Das neue Passwort gilt. Bitte melden Sie sich damit an.').waitFor();

    // The link works once.
    const again = await visitor.goto(link.replace(/^https?:\/\/[^/]+/, origin()));
    assert.ok((again?.status() ?? 0) >= 400, `a used link is refused (${again?.status()})`);
    // The new password signs in; the old one no longer does.
    const geseke = await signIn(await context(true), 'geseke', `/editor/${GESEKE}`, newPassword);
    assert.match(await main(geseke), /Leistungen/);
    const old = await (await context(true)).newPage();
    await old.goto(`${origin()}/editor/login`);
    await old.getByLabel('E-Mail-Adresse').fill(USERS.geseke.email);
    await old.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await old.getByRole('button', { name: 'Anmelden' }).click();
    await old
      .getByText(/E-Mail-Adresse oder Passwort/)
      .first()
      .waitFor();
  });
});
