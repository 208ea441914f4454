// Public face of the XZuFi 2.2 exchange: export = domain records → XML stream; import = XML stream → batches of a
// staged catalog write (or one change set for small messages).

export { LOESCHE_KLASSEN, type LoescheKlasse, XZUFI_NAMESPACE, XZUFI_VERSION, type XzufiRemoval } from './xzufi.ts';
export {
  type ExistingCatalog,
  importXzufi,
  importXzufiStaged,
  type XzufiImportOptions,
  type XzufiImportRemoval,
  type XzufiImportReport,
  type XzufiImportResult,
  type XzufiImportTarget,
  type XzufiPreviewEntry,
  type XzufiPreviewTotals,
  type XzufiStagedResult,
} from './xzufi-import.ts';
export {
  readXzufiRecords,
  XzufiImportError,
  type XzufiProblem,
  type XzufiReadOptions,
  type XzufiRecord,
} from './xzufi-reader.ts';
export { writeXzufi, writeXzufiTo, XzufiExportError, type XzufiExportInput, type XzufiHeader } from './xzufi-writer.ts';
