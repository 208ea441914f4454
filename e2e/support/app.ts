// The app in-process on a free port, with the seeded SQLite database (and the shared-postcode fixture).
import { seededApp, type SeededApp } from '../../src/features/portal/portal.testing.ts';

export interface RunningApp extends SeededApp {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
}

export async function startApp(): Promise<RunningApp> {
  const seeded = await seededApp();
  const address = await seeded.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...seeded, origin: address.replace('localhost', '127.0.0.1') };
}
