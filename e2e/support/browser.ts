// Browser tests run Debian's Chromium through playwright-core (never a downloaded browser). Without it the suite is
// skipped loudly; with REQUIRE_BROWSER=1 (CI) a missing browser is an error.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Null when the browser is there; else the reason to skip (printed loudly). Throws under REQUIRE_BROWSER=1. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH}: the browser tests (e2e/*.spec.ts) are SKIPPED`;
  if (process.env.REQUIRE_BROWSER === '1') {
    throw new Error(`REQUIRE_BROWSER=1 but ${reason}. Install it with: apt-get install -y chromium`);
  }
  console.warn(
    `\n${'*'.repeat(100)}\n*** ${reason}.\n*** Install it with "apt-get install -y chromium"; REQUIRE_BROWSER=1 makes this an error.\n${'*'.repeat(100)}\n`,
  );
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'de-DE',
  timezoneId: 'Europe/Berlin',
};
/** A 360 px phone (the WCAG reflow check uses 320 px separately). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'de-DE',
  timezoneId: 'Europe/Berlin',
};

export interface Device {
  name: 'desktop' | 'phone';
  options: BrowserContextOptions;
}
export const DEVICES: Device[] = [
  { name: 'desktop', options: DESKTOP },
  { name: 'phone', options: PHONE },
];

/**
 * A context that records every request leaving the app's origin (none may: no external fonts, scripts or maps) and
 * aborts it, so a test can assert the list is empty.
 */
export async function isolatedContext(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions,
  /** Further origins the test itself serves (the host page of the embed test). */
  allowed: readonly string[] = [],
): Promise<{ context: BrowserContext; offsite: string[] }> {
  const context = await browser.newContext(options);
  // CI runs several browser suites side by side on few cores: allow slow steps rather than flake.
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  const offsite: string[] = [];
  const ok = [origin, ...allowed].map((o) => `${o}/`);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (ok.some((o) => url.startsWith(o)) || url.startsWith('data:') || url.startsWith('about:'))
      return route.continue();
    offsite.push(url);
    return route.abort();
  });
  return { context, offsite };
}
