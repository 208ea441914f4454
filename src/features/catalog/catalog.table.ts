import type { ColumnType, Generated } from 'kysely';

// Every tenant-owned table carries `tenant_ags`: the AGS of the area (county or town) that owns the record.
// `version` enables optimistic locking; `updated_at` is an ISO-8601 timestamp (text in both dialects).

export interface LebenslageTable {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string | null;
  description: string | null;
  /** OZG Themenfeld, e.g. "Familie & Kind". */
  themenfeld: string | null;
  position: number;
  version: Generated<number>;
  updatedAt: string;
}

export interface AuthorityTable {
  id: string;
  tenantAgs: string;
  areaAgs: string;
  parentId: string | null;
  name: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  /** OpenStreetMap opening_hours syntax. */
  openingHours: string | null;
  openingHoursNote: string | null;
  accessibility: string | null;
  /** 1 when phone/e-mail etc. are invented sample data, not the authority's real contact data. */
  sample: number;
  version: Generated<number>;
  updatedAt: string;
}

export interface ContactTable {
  id: string;
  tenantAgs: string;
  authorityId: string;
  name: string | null;
  role: string | null;
  phone: string | null;
  email: string | null;
  room: string | null;
  sample: number;
  /** JSON array of area keys the contact serves; null: every area its unit serves. */
  areas: string | null;
  version: Generated<number>;
  updatedAt: string;
}

export interface ContactServiceTable {
  contactId: string;
  /** Exactly one of serviceId / task is set. */
  serviceId: string | null;
  task: string | null;
  tenantAgs: string;
}

export interface ServiceTable {
  id: string;
  tenantAgs: string;
  leikaKey: string | null;
  leikaType: string | null;
  name: string;
  /** JSON array of strings. */
  synonyms: string;
  /** Task code grouping services one unit handles (e.g. "meldewesen"). */
  task: string | null;
  teaser: string | null;
  fullText: string | null;
  documents: string | null;
  prerequisites: string | null;
  fees: string | null;
  deadlines: string | null;
  processingTime: string | null;
  procedure: string | null;
  legalBasis: string | null;
  hints: string | null;
  furtherInfo: string | null;
  /** JSON array of { title, url }. */
  forms: string;
  /** JSON array of { title, url, type, trustLevel }. */
  onlineServices: string;
  /** JSON object: further XZuFi text modules by code ("25": Rechtsbehelf …) that have no column of their own. */
  textModules: string;
  defaultLevel: string;
  defaultLegalBasis: string | null;
  defaultReason: string | null;
  /** What decides responsibility (residence, event_place …); null: the task's, else residence. */
  connectingFactor: string | null;
  /** JSON array of audiences (citizens, businesses); null: not stated. */
  audience: string | null;
  /** JSON { source, externalId, upstreamUpdatedAt } of an imported service; null: written here. */
  provenance: string | null;
  /** 1: the service declares no responsibility of its own and takes its task's default. */
  inheritsResponsibility: Generated<number>;
  /** Set when the service was removed: it stays (with everything that hangs on it) for a restore; public reads skip it. */
  archivedAt: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  updatedAt: string;
}

export interface ServiceLebenslageTable {
  serviceId: string;
  lebenslageId: string;
  position: number;
}

export interface ResponsibilityRuleTable {
  id: string;
  tenantAgs: string;
  serviceId: string;
  position: number;
  /** 'area' (one area by AGS) or 'area_kind' (all areas of a kind). */
  matchType: string;
  matchValue: string;
  /** Optional: the rule applies only inside this area (e.g. a Land's AGS for a Land-specific tier). */
  withinAgs: string | null;
  level: string;
  legalBasis: string | null;
  reason: string | null;
  answeredByAgs: string | null;
  validFrom: string | null;
  validUntil: string | null;
  version: Generated<number>;
  updatedAt: string;
}

/** An Aufgabe with the responsibility its services inherit (decision 0120). */
export interface TaskTable {
  /** "<tenant>:<code>" */
  id: string;
  code: string;
  tenantAgs: string;
  name: string;
  defaultLevel: string;
  defaultLegalBasis: string | null;
  defaultReason: string | null;
  connectingFactor: string | null;
  version: Generated<number>;
  updatedAt: string;
}

/** A task's override rules: the same shape as a service's (see ResponsibilityRuleTable). */
export interface TaskRuleTable {
  id: string;
  taskId: string;
  tenantAgs: string;
  position: number;
  matchType: string;
  matchValue: string;
  withinAgs: string | null;
  level: string;
  legalBasis: string | null;
  reason: string | null;
  answeredByAgs: string | null;
  validFrom: string | null;
  validUntil: string | null;
}

/** XZuFi Zuständigkeit: which unit handles a service for an area, and in which role. */
export interface AssignmentTable {
  id: string;
  tenantAgs: string;
  /** Exactly one of serviceId / task is set: a task assignment covers every service of that task. */
  serviceId: string | null;
  task: string | null;
  areaAgs: string;
  authorityId: string;
  /** 'zustaendige_stelle' (decides) or 'ansprechpunkt' (where citizens go). */
  role: string;
  deepLink: string | null;
  note: string | null;
  validFrom: string | null;
  validUntil: string | null;
  version: Generated<number>;
  updatedAt: string;
}

/** Bumped in the same transaction as every write, so each app instance can tell its caches are stale. */
export interface CacheGenerationTable {
  scope: string;
  generation: number;
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

/** Every published state of every catalog record, whatever wrote it: the history, the diff and the restore source. */
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

/**
 * A town's setting that replaces (or adds to) a field of a service above it, after the owner changed that field
 * (decision 0140). Written only inside `catalog.write`; cleared when the town changes its value or confirms it.
 */
export interface StaleLocalFieldTable {
  areaAgs: string;
  serviceId: string;
  /** fees | documents | onlineServices | fullText */
  field: string;
  ownerAgs: string;
  /** When the owner first changed the field since the town last looked. */
  since: string;
  /** The owner's value before that change and now (JSON for online services). */
  ownerOld: string | null;
  ownerNew: string | null;
  updatedAt: string;
}

/** The catalog's outbox: notices for other tenants' inboxes, written with the change, delivered after the commit. */
export interface CatalogNoticeTable {
  id: string;
  tenantAgs: string;
  /** stale_text | upstream_change */
  kind: string;
  serviceId: string;
  serviceName: string;
  /** JSON array of field names. */
  fields: string;
  source: string;
  actorLabel: string;
  createdAt: string;
}
