// Test fixtures of the checklist and the link checker: an invented Kreis whose links point at a local test server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importBundle } from '../../../interop/bundle/bundle-import.ts';
import type { CatalogService } from '../../catalog/catalog.service.ts';

export const MINI_KREIS = fileURLToPath(new URL('./mini-kreis.yaml', import.meta.url));
export const MINI_CHECKLIST = fileURLToPath(new URL('./mini-checklist.yaml', import.meta.url));
export const KREIS = '17001';
export const ALTDORF = '17001001';
export const NEUSTADT = '17001002';

/** Imports the mini Kreis with every `{{BASE}}` replaced by `base` (e.g. `http://127.0.0.1:41234`). */
export async function importMiniKreis(catalog: CatalogService, base = 'https://links.example'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-mini-'));
  const file = join(dir, 'mini-kreis.yaml');
  writeFileSync(file, readFileSync(MINI_KREIS, 'utf8').replaceAll('{{BASE}}', base));
  await importBundle(catalog, file);
}
