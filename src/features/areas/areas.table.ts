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
}
