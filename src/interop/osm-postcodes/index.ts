export { importOsmPostcodes, type OsmPostcodeImportResult } from './osm-postcodes.import.ts';
export type { OsmPostcode } from './osm-postcodes.ts';
export { gemeindenByPostcode, OSM_POSTCODE_COLUMNS, postcodesByGemeinde, readOsmPostcodes } from './osm-postcodes.ts';
