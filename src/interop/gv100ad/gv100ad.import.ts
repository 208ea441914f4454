/**
 * `amtsweg areas import <GV100AD file>`: read the whole file (a bad line refuses it all, named by line), build the
 * tree, map it onto the current catalog, and write it through the catalog's write path in one transaction.
 */
import type { AreasService, RegisterWriteResult } from '../../features/areas/index.ts';
import type { CatalogService, WriteOptions } from '../../features/catalog/index.ts';
import { registerChangeSet } from './gv100ad.changeset.ts';
import { type Gv100Source, loadGv100ad } from './gv100ad.reader.ts';
import { buildAreaTree } from './gv100ad.tree.ts';

export interface Gv100ImportResult extends RegisterWriteResult {
  gebietsstand: string;
  /** Areas the register no longer lists; they got an end date. */
  ended: string[];
}

export async function importGv100ad(
  services: { catalog: CatalogService; areas: AreasService },
  source: Gv100Source,
  options: Omit<WriteOptions, 'transaction' | 'dryRun'>,
): Promise<Gv100ImportResult> {
  const tree = buildAreaTree(await loadGv100ad(source));
  const [areas, kinds] = await Promise.all([services.catalog.listAreas(), services.catalog.listAreaKinds()]);
  const plan = registerChangeSet(tree, { areas, kindCodes: new Set(kinds.map((k) => k.code)) });
  const result = await services.areas.importRegister(plan, options);
  return { ...result, gebietsstand: plan.gebietsstand, ended: plan.ended };
}
