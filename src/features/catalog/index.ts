// The catalog's public face: what other features, interop modules, the CLI and src/app may use.
export type {
  AreaServiceDoc,
  AssignmentDoc,
  AuthorityDoc,
  ContactDoc,
  DocOf,
  LebenslageDoc,
  RuleDoc,
  ServiceDoc,
} from './catalog.documents.ts';
export {
  authorityFromDoc,
  canonicalJson,
  contactFromDoc,
  lebenslageFromDoc,
  localSettingFromDoc,
  sameRecord,
  serviceFromDoc,
} from './catalog.documents.ts';
export type { CatalogIssue, IssueCode, Lang } from './catalog.issues.ts';
export { ISSUE_CODES, makeIssue, renderIssue } from './catalog.issues.ts';
export { SERVICE_TEXT_FIELDS, type ServiceTextField } from './catalog.records.ts';
export {
  type DataReport,
  dataReport,
  dataReportTable,
  REPORT_KINDS,
  REPORT_LABELS,
  REPORT_MEASURES,
  type ReportRow,
} from './catalog.report.ts';
export type {
  AuthorityListItem,
  ContactListItem,
  LebenslageListItem,
  Published,
  ServiceListItem,
} from './catalog.repository.ts';
export {
  AmbiguousPlaceError,
  type ApplyOptions,
  type CatalogHooks,
  type CatalogService,
  createCatalogService,
  type ImportSummary,
  type Structure,
  UnknownAreaError,
  UnknownLebenslageError,
  UnknownServiceError,
} from './catalog.service.ts';
export {
  type CatalogNotice,
  fieldLabel,
  readableValue,
  STALE_FIELDS,
  type StaleField,
  type StaleMark,
  withoutOwnValues,
} from './catalog.stale.ts';
export {
  type Actor,
  asTenant,
  isAllTenants,
  type SystemPrincipal,
  scopeIncludes,
  scopeOfGrants,
  scopeTenants,
  systemPrincipal,
  systemScope,
  type Tenant,
  type TenantScope,
  tenantScope,
  tenantsScope,
} from './catalog.tenant.ts';
export * from './catalog.ts';
export {
  type RecordChange,
  type StageBatch,
  type StagedReads,
  VersionConflictError,
  type WriteOptions,
  type WriteResult,
} from './catalog.write.ts';
