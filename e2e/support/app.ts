// The app in-process on a free port, with the seeded SQLite database (and the shared-postcode fixture).
import { type SeededApp, seededApp } from '../../src/features/portal/portal.testing.ts';

export interface RunningApp extends SeededApp {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
}

/** Pages whose first request builds caches (the county's resolution snapshot, the search index): warmed up front. */
const WARM_UP = [
  '/',
  '/geseke/',
  '/geseke/a-z',
  '/geseke/suche?q=Ausweis',
  '/geseke/leistungen/wohnsitz-anmelden',
  '/kreis-soest/',
  '/embed/v1/data/geseke',
];

export async function startApp(): Promise<RunningApp> {
  const seeded = await seededApp();
  for (const url of WARM_UP) await seeded.app.inject({ url, headers: { accept: 'text/html' } });
  const address = await seeded.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...seeded, origin: address.replace('localhost', '127.0.0.1') };
}
