/**
 * `amtsweg areas addresses <file>`: every Kreis, Gemeindeverband and Gemeinde administration of Destatis' address
 * list becomes its area's main unit (Verwaltung), with the postal address and nothing else. Phone, e-mail, website
 * and opening hours stay empty until an editor adds them — the list has none, and nothing is invented.
 *
 * Through the catalog's write path in one transaction (all or nothing); a second run writes nothing. A unit this
 * command made keeps what editors added (phone, e-mail, hours, assignments) and only follows the list's address.
 * An area whose deployment already names a main unit of its own keeps it untouched.
 */
import type { AreasService } from '../../features/areas/index.ts';
import type {
  Area,
  Assignment,
  Authority,
  AuthorityWithAssignments,
  CatalogService,
  WriteOptions,
  WriteResult,
} from '../../features/catalog/index.ts';
import { emptyChangeSet, systemPrincipal, systemScope } from '../../features/catalog/index.ts';
import type { TextSource } from './delimited.ts';
import { type AdministrationAddress, readAdministrationAddresses } from './destatis-addresses.ts';

/** The levels whose administrations get a unit: Kreis (40), Gemeindeverband (50), Gemeinde (60). */
const WITH_UNIT = new Set(['40', '50', '60']);

/** The id of the unit this command makes for an area: stable, so a second run finds it again. */
export function administrationUnitId(ags: string): string {
  return `verwaltung-${ags}`;
}

export interface AddressImportResult extends WriteResult {
  rows: number;
  /** Units made or updated from the list. */
  units: number;
  /** Areas that keep the main unit their deployment gave them. */
  kept: string[];
  /** Keys of the list no area answers to (import the register first; verbandsfreie Verband rows are expected here). */
  unknownKeys: string[];
}

export interface AddressPlan {
  changeSet: ReturnType<typeof emptyChangeSet>;
  units: number;
  kept: string[];
  unknownKeys: string[];
}

/** Pure: the list, the areas (by any key) and the units this command made before → what to write. */
export function addressChangeSet(
  rows: readonly AdministrationAddress[],
  resolve: (key: string) => Area | undefined,
  existingUnits: ReadonlyMap<string, AuthorityWithAssignments>,
): AddressPlan {
  // A kreisfreie Stadt is listed as Kreis (40) and as Gemeinde (60): one area, one unit; the row under the area's
  // own key wins, else the first.
  const chosen = new Map<string, { area: Area; row: AdministrationAddress }>();
  const unknown = new Set<string>();
  for (const row of rows) {
    if (!WITH_UNIT.has(row.satzart)) continue;
    const area = resolve(row.key);
    if (!area || area.validUntil) {
      // A verbandsfreie Gemeinde's own Verband row names the Gemeinde again (same ARS): no second unit.
      if (!(row.satzart === '50' && row.textkennzeichen === '50')) unknown.add(row.key);
      continue;
    }
    const before = chosen.get(area.ags);
    if (!before || (before.row.key !== area.ags && row.key === area.ags)) chosen.set(area.ags, { area, row });
  }
  const set = emptyChangeSet();
  const kept: string[] = [];
  let units = 0;
  for (const { area, row } of chosen.values()) {
    const id = administrationUnitId(area.ags);
    if (area.mainAuthorityId && area.mainAuthorityId !== id) {
      kept.push(area.ags);
      continue;
    }
    const before = existingUnits.get(id);
    const unit: AuthorityWithAssignments = {
      id,
      tenantAgs: area.ags,
      areaAgs: area.ags,
      parentId: before?.parentId ?? null,
      name: row.administration,
      address: { street: row.street, postcode: row.postcode, city: row.city },
      // Not in the list: empty until an editor fills them in; an editor's entries survive a second run.
      phone: before?.phone ?? null,
      fax: before?.fax ?? null,
      email: before?.email ?? null,
      website: before?.website ?? area.website ?? null,
      openingHours: before?.openingHours ?? null,
      openingHoursNote: before?.openingHoursNote ?? null,
      accessibility: before?.accessibility ?? null,
      sample: false,
      version: before?.version ?? 0,
      assignments: before?.assignments ?? [],
    };
    units++;
    const where = `Destatis addresses line ${row.line} (${row.key} ${row.name})`;
    set.authorities.push({ label: where, value: unit });
    if (area.mainAuthorityId !== id) set.areas.push({ label: where, value: { ...area, mainAuthorityId: id } });
  }
  return { changeSet: set, units, kept: kept.sort(), unknownKeys: [...unknown].sort() };
}

export async function importAdministrationAddresses(
  services: { catalog: CatalogService; areas: Pick<AreasService, 'resolver'> },
  source: TextSource,
  options: Omit<WriteOptions, 'transaction'> & { text?: boolean },
): Promise<AddressImportResult> {
  const { text, ...writeOptions } = options;
  const rows = await readAdministrationAddresses(source, { text: text ?? false });
  const resolve = await services.areas.resolver();
  const catalog = await services.catalog.readTenants(systemScope(systemPrincipal('cli')));
  const assignments = new Map<string, Assignment[]>();
  for (const a of catalog.assignments) assignments.set(a.authorityId, [...(assignments.get(a.authorityId) ?? []), a]);
  const existing = new Map<string, AuthorityWithAssignments>();
  for (const a of catalog.authorities as Authority[])
    if (a.id.startsWith('verwaltung-')) existing.set(a.id, { ...a, assignments: assignments.get(a.id) ?? [] });
  const plan = addressChangeSet(rows, resolve, existing);
  const result = await services.catalog.write(plan.changeSet, writeOptions);
  return { ...result, rows: rows.length, units: plan.units, kept: plan.kept, unknownKeys: plan.unknownKeys };
}
