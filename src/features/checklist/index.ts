// The checklist's public face: the service the app builds, the plugin it registers, and what the CLI prints.
export { type ChecklistDeps, checklistRoutes } from './checklist.routes.ts';
export {
  type ChecklistImportResult,
  type ChecklistService,
  type CountyComparisonView,
  createChecklistService,
  KREIS_SOEST_CHECKLIST,
  NoChecklistError,
} from './checklist.service.ts';
export {
  CHECK_LABELS,
  CHECK_STATE_LABELS,
  type ChecklistItem,
  type EvaluatedItem,
  ITEM_STATUS_LABELS,
  REVIEWS_SCOPE,
} from './checklist.ts';
export type { CountyComparison } from './checklist-comparison.ts';
export type { TownCoverage } from './checklist-coverage.ts';
export { comparisonCsv, townCoverageCsv } from './checklist-csv.ts';
export { INTERFACE_KIND_INFO, INTERFACE_KINDS, type InterfaceKind } from './checklist-interface-kinds.ts';
