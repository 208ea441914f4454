export { type AreaChangesImportResult, importAreaChanges } from './area-changes.import.ts';
export { AREA_CHANGE_COLUMNS, type AreaChange, readAreaChanges } from './area-changes.ts';
