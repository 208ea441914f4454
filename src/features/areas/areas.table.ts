import type { Generated } from 'kysely';

/** An area kind is data, not code: NRW's "mittlere kreisangehörige Stadt" and Bavaria's "Große Kreisstadt" are rows. */
export interface AreaKindTable {
  code: string;
  name: string;
  /** JSON array of the administrative levels an area of this kind fulfils, e.g. ["gemeinde","kreis"] for a kreisfreie Stadt. */
  tiers: string;
  description: string | null;
}

export interface AreaTable {
  ags: string;
  ars: string;
  name: string;
  kind: string;
  parentAgs: string | null;
  slug: string;
  /** JSON array of 5-digit postcodes (a postcode may belong to several areas). */
  postcodes: string;
  population: number | null;
  mainAuthorityId: string | null;
  website: string | null;
  version: Generated<number>;
  updatedAt: string;
  /** The register's Textkennzeichen (register-kinds.ts), next to the deployment's own `kind`; null: not from the register. */
  registerKind: string | null;
  /** The day after which the area no longer exists (it left the register); null: current. */
  validUntil: string | null;
  /** Where a former area's citizens go now (a merger); null: none known. */
  successorAgs: string | null;
  /** JSON array of { kind, validFrom }: the kinds the area takes on from those days (decision 0150); null: none. */
  kindChanges: string | null;
}

/** A key or slug an area was known by: old URLs and embeds redirect to the area. */
export interface AreaAliasTable {
  alias: string;
  aliasType: 'slug' | 'key';
  ags: string;
  createdAt: string;
}

/** A place citizens type that is not an area of its own (an Ortsteil), pointing at its Gemeinde. */
export interface AreaPlaceTable {
  areaAgs: string;
  name: string;
  kind: string;
  source: string | null;
}
