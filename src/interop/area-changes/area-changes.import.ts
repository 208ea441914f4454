/**
 * `amtsweg areas successions <file>`: every succession of a changes file through the areas service's `succeedAll`,
 * one `catalog.write` (all or nothing; a second run writes nothing). From each line's date the former area's key,
 * slug, portal and API URLs and embeds answer with a 301 to its successor (areas.redirects.ts).
 */
import type { AreasService } from '../../features/areas/index.ts';
import type { Area, WriteOptions, WriteResult } from '../../features/catalog/index.ts';
import type { TextSource } from '../destatis-addresses/delimited.ts';
import { readAreaChanges } from './area-changes.ts';

export interface AreaChangesImportResult extends WriteResult {
  rows: number;
  successions: { old: Area; successor: Area; validUntil: string }[];
}

export async function importAreaChanges(
  services: { areas: Pick<AreasService, 'succeedAll'> },
  source: TextSource,
  options: Omit<WriteOptions, 'transaction'> & { text?: boolean },
): Promise<AreaChangesImportResult> {
  const { text, ...writeOptions } = options;
  const rows = await readAreaChanges(source, { text: text ?? false });
  const { successions, result } = await services.areas.succeedAll(
    rows.map((r) => ({ record: `line ${r.line}`, oldKey: r.oldKey, newKey: r.newKey, from: r.from })),
    writeOptions,
  );
  return { ...result, rows: rows.length, successions };
}
