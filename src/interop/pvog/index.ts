// Public face of the PVOG readers (the national portal network's CSV export and JSON service descriptions).
export { type PvogCsvResult, type PvogProvenance, pvogServiceId, readPvogCsv } from './pvog-csv.ts';
export { type PvogDescriptionResult, readPvogDescription, type ServicePatch } from './pvog-json.ts';
