/**
 * `amtsweg areas postcodes <file>`: OpenStreetMap's postcode ↔ Gemeinde table onto the areas, through the catalog's
 * write path in one transaction. A Gemeinde keeps every postcode it already has (a deployment's own list wins) and
 * gains OSM's; a second run writes nothing. Keys OSM still uses for merged Gemeinden are followed to the successor.
 * The table is ODbL: docs/data-format.md names the source wherever postcodes are shown or exported.
 */
import type { AreasService } from '../../features/areas/index.ts';
import type { CatalogService, WriteOptions, WriteResult } from '../../features/catalog/index.ts';
import { emptyChangeSet } from '../../features/catalog/index.ts';
import type { TextSource } from '../destatis-addresses/delimited.ts';
import { readOsmPostcodes } from './osm-postcodes.ts';

export interface OsmPostcodeImportResult extends WriteResult {
  /** Rows read from the file. */
  rows: number;
  /** Gemeinden that gained postcodes. */
  areasChanged: number;
  /** Postcodes added across all Gemeinden. */
  postcodesAdded: number;
  /** OSM keys no area of the catalog answers to (import the register first), sorted, unique. */
  unknownKeys: string[];
}

export async function importOsmPostcodes(
  services: { catalog: CatalogService; areas: Pick<AreasService, 'resolver'> },
  source: TextSource,
  options: Omit<WriteOptions, 'transaction'> & { text?: boolean },
): Promise<OsmPostcodeImportResult> {
  const { text, ...writeOptions } = options;
  const rows = await readOsmPostcodes(source, { text: text ?? false });
  const resolve = await services.areas.resolver();
  const wanted = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  for (const row of rows) {
    const area = resolve(row.ags);
    if (!area) {
      unknown.add(row.ags);
      continue;
    }
    const set = wanted.get(area.ags) ?? new Set<string>();
    set.add(row.postcode);
    wanted.set(area.ags, set);
  }
  const set = emptyChangeSet();
  let postcodesAdded = 0;
  for (const [ags, postcodes] of wanted) {
    const area = resolve(ags);
    if (!area) continue;
    const added = [...postcodes].filter((p) => !area.postcodes.includes(p));
    if (added.length === 0) continue;
    postcodesAdded += added.length;
    set.areas.push({
      label: `area ${ags} (${area.name}): postcodes from OSM`,
      value: { ...area, postcodes: [...area.postcodes, ...added].sort() },
    });
  }
  const result = await services.catalog.write(set, writeOptions);
  return {
    ...result,
    rows: rows.length,
    areasChanged: set.areas.length,
    postcodesAdded,
    unknownKeys: [...unknown].sort(),
  };
}
