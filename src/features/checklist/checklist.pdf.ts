// PDF export through headless Chromium (Debian's /usr/bin/chromium; never downloaded). The printable page is handed
// to the browser as a string; the browser may fetch nothing from the network: its stylesheets and fonts are served
// from memory through request interception, every other request is aborted.
import { existsSync } from 'node:fs';
import { ServiceUnavailableError } from '../../shared/errors.ts';

/** No Chromium, or too many renders at once: 503, try again. */
export class PdfUnavailableError extends ServiceUnavailableError {
  override readonly type: string = 'pdf-unavailable';
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Where the page "lives" for the browser: a name that never resolves, so nothing can leave the machine. */
export const PDF_ORIGIN = 'http://amtsweg.invalid';

export interface PdfAsset {
  body: Buffer | string;
  type: string;
}

let running = 0;
const MAX_PARALLEL = 2;
/** A launched browser is kept for a minute after the last PDF: launching costs seconds, a page a fraction. */
const IDLE_MS = 60_000;
type Browser = Awaited<ReturnType<typeof import('playwright-core')['chromium']['launch']>>;
let shared: Promise<Browser> | null = null;
let idle: NodeJS.Timeout | null = null;

async function browser(): Promise<Browser> {
  if (idle) clearTimeout(idle);
  idle = null;
  if (!shared) {
    shared = import('playwright-core').then(({ chromium }) =>
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
    );
    shared.then(
      (b) => b.on('disconnected', () => (shared = null)),
      () => (shared = null),
    );
  }
  return shared;
}

function releaseLater(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => void closePdfBrowser(), IDLE_MS);
  idle.unref();
}

/** Closes the kept browser (on shutdown; also after a minute without PDFs). */
export async function closePdfBrowser(): Promise<void> {
  if (idle) clearTimeout(idle);
  idle = null;
  const b = shared;
  shared = null;
  if (b) await (await b.catch(() => null))?.close().catch(() => {});
}

/**
 * Renders HTML to an A4 landscape PDF. `asset(path)` answers the page's own requests (`/assets/…`); anything else
 * is aborted. At most two renders run at once; a third caller gets PdfUnavailableError (503) instead of queuing.
 */
export async function htmlToPdf(html: string, asset: (path: string) => PdfAsset | undefined): Promise<Buffer> {
  if (!chromiumAvailable()) {
    throw new PdfUnavailableError(
      `PDF-Export nicht verfügbar: kein Chromium unter ${CHROMIUM_PATH}. Bitte die Druckansicht verwenden.`,
    );
  }
  if (running >= MAX_PARALLEL)
    throw new PdfUnavailableError('Gerade werden schon PDFs erzeugt. Bitte gleich noch einmal versuchen.');
  running++;
  let context: Awaited<ReturnType<Browser['newContext']>> | null = null;
  try {
    context = await (await browser()).newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === PDF_ORIGIN) {
        if (url.pathname === '/' || url.pathname === '/print')
          return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        const found = asset(url.pathname);
        if (found) return route.fulfill({ status: 200, contentType: found.type, body: found.body });
        return route.fulfill({ status: 404, body: '' });
      }
      return route.abort();
    });
    await page.goto(`${PDF_ORIGIN}/print`, { waitUntil: 'load', timeout: 30_000 });
    return await page.pdf({
      format: 'A4',
      landscape: true,
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
  } finally {
    running--;
    await context?.close().catch(() => {});
    releaseLater();
  }
}
