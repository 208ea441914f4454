// The editor's own tables: drafts and schedules. (Revisions are the catalog's, the audit log is auth's: see
// docs/decisions/0051-table-ownership.md.)

/** Unpublished changes to one record. `data` is the whole edit document (JSON); `baseVersion` the published version it started from. */
export interface DraftTable {
  id: string;
  entityType: string;
  entityId: string;
  tenantAgs: string;
  data: string;
  /** Version of the published record when the draft was started; null for a record that does not exist yet. */
  baseVersion: number | null;
  /** Bumped on every save of the draft (optimistic locking between two editors of the same draft). */
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface ScheduledActionTable {
  id: string;
  entityType: string;
  entityId: string;
  tenantAgs: string;
  /** 'publish' (the current draft) or 'unpublish' (remove the published record). */
  action: string;
  runAt: string;
  createdBy: string | null;
  createdAt: string;
}
