import type { ApplyOptions, CatalogService, ImportSummary } from '../../features/catalog/catalog.service.ts';
import { parseBundle, readBundleSources } from './bundle.reader.ts';

/** Reads, checks and imports a bundle file or folder in one transaction (all or nothing). */
export async function importBundle(
  catalog: CatalogService,
  path: string,
  options: ApplyOptions = {},
): Promise<ImportSummary> {
  const set = parseBundle(readBundleSources(path));
  return catalog.applyChangeSet(set, options);
}
