// Issue 13, finding 5, in Chromium on the Kreis Soest seed: an unchanged save through the editor's forms is
// byte-identical. Publishing Baugenehmigung as the form shows it writes nothing (no revision, no audit entry) and a
// real change keeps its Lebenslagen order (the first is the main one); the opening-hours grid publishes a unit whose
// hours are spelled differently from the grid's own spelling without rewriting them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLI_PRINCIPAL } from '../src/features/auth/auth.service.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { browserSkipReason, DESKTOP, launchBrowser } from './support/browser.ts';

const skip = browserSkipReason();
const PASSWORD = 'korrekt-pferd-batterie';

const USERS = {
  county: { email: 'redaktion@kreis-soest.example', grants: [{ role: 'county_editor', tenantAgs: '05974' }] },
  geseke: { email: 'redaktion@geseke.example', grants: [{ role: 'town_editor', tenantAgs: '05974020' }] },
} as const;

describe('no noise from the editor forms, in Chromium (issue 13, finding 5)', { skip: skip ?? false }, () => {
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

  async function signIn(context: BrowserContext, who: keyof typeof USERS, path: string): Promise<Page> {
    context.setDefaultTimeout(90_000);
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await page.goto(app.origin + path);
    await page.getByLabel('E-Mail-Adresse').fill(USERS[who].email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${app.origin}${path}`);
    return page;
  }

  /** What a write leaves behind: the audit entries and revisions (sign-ins are audited too, but are not writes). */
  async function traces(): Promise<{ audit: string[]; revisions: string[] }> {
    const k = app.db.kysely;
    const audit = await k
      .selectFrom('auditLog')
      .select(['action', 'entityId', 'summary'])
      .where('action', 'not like', 'login%')
      .orderBy('at')
      .execute();
    const revisions = await k
      .selectFrom('revisions')
      .select(['entityType', 'entityId', 'action'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    return {
      audit: audit.map((a) => `${a.action} ${a.entityId ?? ''} ${a.summary}`),
      revisions: revisions.map((r) => `${r.entityType} ${r.entityId} ${r.action}`),
    };
  }

  const lebenslagen = async () =>
    (
      (await (await fetch(`${app.origin}/api/v1/areas/05974/services/baugenehmigung-beantragen`)).json()) as {
        lebenslagen: string[];
      }
    ).lebenslagen;

  it('Baugenehmigung: an unchanged publish writes nothing; a change keeps the Lebenslagen order', async () => {
    const order = await lebenslagen();
    assert.ok(order.length >= 2, 'the seed gives Baugenehmigung several Lebenslagen');
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, 'county', '/editor/05974/services/baugenehmigung-beantragen');
    const before = await traces();
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/ok=unchanged/);
    await page.getByText('Keine Änderung: nichts gespeichert').waitFor();
    assert.deepEqual(await traces(), before, 'an unchanged save leaves no revision and no audit entry');
    // Saving it as a draft unchanged is no draft either.
    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await page.waitForURL(/ok=unchanged/);
    assert.deepEqual(await traces(), before);
    assert.equal(
      (
        await app.db.kysely
          .selectFrom('drafts')
          .select('id')
          .where('entityId', '=', 'baugenehmigung-beantragen')
          .execute()
      ).length,
      0,
    );
    assert.deepEqual(await lebenslagen(), order);

    await page.getByLabel('Kurztext').fill('Sie möchten bauen und brauchen dafür eine Genehmigung.');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/ok=published/);
    const after = await traces();
    assert.equal(after.audit.length, before.audit.length + 1, after.audit.slice(before.audit.length).join('\n'));
    assert.deepEqual(
      after.revisions.slice(before.revisions.length).filter((r) => !r.endsWith(' baseline')),
      ['service baugenehmigung-beantragen publish'],
      'one revision of the change (after the imported state kept as its baseline)',
    );
    assert.deepEqual(await lebenslagen(), order, 'the main Lebenslage stays first');
    await context.close();
  });

  it('opening hours: the grid publishes a unit unchanged without rewriting its hours', async () => {
    const hours = async () =>
      (
        await app.db.kysely
          .selectFrom('authorities')
          .select('openingHours')
          .where('id', '=', 'geseke-stadtverwaltung')
          .executeTakeFirstOrThrow()
      ).openingHours;
    const saved = await hours();
    assert.ok(saved, 'the seed gives the town hall opening hours');
    const context = await browser.newContext(DESKTOP);
    const page = await signIn(context, 'geseke', '/editor/05974020/authorities/geseke-stadtverwaltung');
    assert.equal(await page.getByLabel('Wochenplan (unten)').isChecked(), true, 'the grid shows the saved hours');
    const before = await traces();
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.waitForURL(/ok=unchanged/);
    assert.equal(await hours(), saved, 'byte-identical');
    assert.deepEqual(await traces(), before);
    await context.close();
  });
});
