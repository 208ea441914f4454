import type { ApplyOptions, CatalogService, ImportSummary } from '../../features/catalog/catalog.service.ts';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { readBundle, readBundleSources } from './bundle.reader.ts';

/** Issue codes of a reference that may only dangle because the record it names was left out for a schema problem. */
const REFERENCE_CODES = new Set(['reference.unknown', 'task.unknown', 'task.undefined']);

/**
 * Reads, checks and imports a bundle file or folder in one transaction (all or nothing). A bundle with problems is
 * refused with every problem of one run: the schema problems, and the reference problems of the records that
 * passed the schema (checked against the database too), so an author does not fix the files stage by stage.
 */
export async function importBundle(
  catalog: CatalogService,
  path: string,
  options: ApplyOptions = {},
): Promise<ImportSummary> {
  const { set, issues, leftOut } = readBundle(readBundleSources(path));
  if (issues.length === 0) return catalog.applyChangeSet(set, options);
  const references = (await catalog.check(set, options.lang ? { lang: options.lang } : {})).filter(
    (i) => !(REFERENCE_CODES.has(i.code) && [...leftOut].some((key) => i.message.includes(`"${key}"`))),
  );
  const all: ValidationIssue[] = [...issues, ...references];
  throw new ValidationError(`the bundle has ${all.length} problem(s); nothing was imported`, all);
}
