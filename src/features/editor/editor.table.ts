// Drafts, history, audit log, schedules and the per-town service settings.

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

/** Every published state of every edited record: the history, the diff and the restore source. */
export interface RevisionTable {
  id: string;
  entityType: string;
  entityId: string;
  tenantAgs: string;
  /** The record's version after this change (for 'delete': the last version). */
  version: number;
  /** 'baseline' (state before the first edit), 'publish', 'restore', 'unpublish'. */
  action: string;
  /** The edit document (JSON); null when the record was deleted. */
  data: string | null;
  actorId: string | null;
  actorLabel: string;
  at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actorId: string | null;
  /** E-mail, `cli` or `scheduler`. */
  actorLabel: string;
  /** 'web' | 'api' | 'cli' | 'scheduler'. */
  via: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  tenantAgs: string | null;
  summary: string | null;
  ip: string | null;
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

/**
 * How one town handles one catalog service. No row: the service is listed with the catalog's texts.
 * offered = 0: "not offered here", with a reason and where to go instead.
 */
export interface AreaServiceSettingTable {
  areaAgs: string;
  serviceId: string;
  tenantAgs: string;
  offered: number;
  reason: string | null;
  alternativeUrl: string | null;
  alternativeServiceId: string | null;
  /** Shown below the catalog's full text. */
  localText: string | null;
  /** Replace the catalog's fees / documents when set. */
  localFees: string | null;
  localDocuments: string | null;
  /** JSON array of { title, url, type, trustLevel }: the town's own online services, shown before the catalog's. */
  localOnlineServices: string;
  version: number;
  updatedAt: string;
}
