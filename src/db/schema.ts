// The database as Kysely sees it: every feature's tables in one interface. Type-only imports: no feature code runs here.
import type { AreaAliasTable, AreaKindTable, AreaPlaceTable, AreaTable } from '../features/areas/areas.table.ts';
import type {
  ApiTokenTable,
  AuditLogTable,
  LoginThrottleTable,
  PasswordResetTable,
  SessionTable,
  UserRoleTable,
  UserTable,
} from '../features/auth/auth.table.ts';
import type {
  AreaServiceSettingTable,
  AssignmentTable,
  AuthorityTable,
  CacheGenerationTable,
  CatalogNoticeTable,
  ContactServiceTable,
  ContactTable,
  LebenslageTable,
  ResponsibilityRuleTable,
  RevisionTable,
  ServiceLebenslageTable,
  ServiceTable,
  StaleLocalFieldTable,
  TaskRuleTable,
  TaskTable,
} from '../features/catalog/catalog.table.ts';
import type { ChecklistItemTable, ChecklistReviewTable } from '../features/checklist/checklist.table.ts';
import type { DraftTable, ScheduledActionTable } from '../features/editor/editor.table.ts';
import type { FeedbackReportTable } from '../features/feedback/feedback.table.ts';
import type { LinkCheckRunTable, LinkTable } from '../features/links/links.table.ts';
import type { NotificationRecipientTable, NotificationTable } from '../features/notifications/notifications.table.ts';
import type { SearchMissTable, SearchSynonymTable } from '../features/search/search.table.ts';

export interface Database {
  areaKinds: AreaKindTable;
  areas: AreaTable;
  lebenslagen: LebenslageTable;
  authorities: AuthorityTable;
  contacts: ContactTable;
  contactServices: ContactServiceTable;
  services: ServiceTable;
  serviceLebenslagen: ServiceLebenslageTable;
  responsibilityRules: ResponsibilityRuleTable;
  assignments: AssignmentTable;
  cacheGenerations: CacheGenerationTable;
  users: UserTable;
  userRoles: UserRoleTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable; // auth (#5)
  loginThrottle: LoginThrottleTable;
  passwordResets: PasswordResetTable; // auth (#13, migration 0020)
  drafts: DraftTable;
  revisions: RevisionTable;
  auditLog: AuditLogTable;
  scheduledActions: ScheduledActionTable;
  areaServiceSettings: AreaServiceSettingTable; // catalog (a town's settings for a service above it)
  links: LinkTable;
  linkCheckRuns: LinkCheckRunTable; // links (#6)
  checklistItems: ChecklistItemTable;
  checklistReviews: ChecklistReviewTable; // checklist (#6)
  searchSynonyms: SearchSynonymTable;
  searchMisses: SearchMissTable; // search (#4)
  tasks: TaskTable;
  taskRules: TaskRuleTable; // responsibility (decision 0120)
  feedbackReports: FeedbackReportTable;
  notifications: NotificationTable;
  notificationRecipients: NotificationRecipientTable; // feedback loops
  areaAliases: AreaAliasTable;
  areaPlaces: AreaPlaceTable; // areas from the register (0013)
  staleLocalFields: StaleLocalFieldTable;
  catalogNotices: CatalogNoticeTable; // catalog: stale local data and its outbox (0014)
}
