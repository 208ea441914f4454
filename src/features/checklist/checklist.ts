// The checklist's vocabulary (issue #6): the project group's products, the checks and their states, the evaluated
// item. Pure types and constants; the rules are in checklist-*.ts, one job each. The responsibility facts come from
// the catalog service's resolver (ResolvedService); nothing here decides who is responsible.
// Decision record: docs/decisions/0040-checklist-and-link-checker.md.

import { ConfigError } from '../../shared/errors.ts';
import type { OnlineService } from '../catalog/catalog.ts';
import type { LinkKind, LinkState } from '../links/links.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import type { EffectiveInterface, InterfaceKind } from './checklist-interface-kinds.ts';

export const PRIORITIES = ['wichtig', 'empfohlen'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = { wichtig: 'wichtig', empfohlen: 'empfohlen' };

/** One product of a Lebenslage in the project group's checklist. */
export interface ChecklistItem {
  id: string;
  /** The tenant that maintains the checklist (the county). */
  tenantAgs: string;
  lebenslageId: string;
  serviceId: string;
  /** The product's name when the item was written (shown when the catalog no longer has it). */
  serviceName: string;
  priority: Priority;
  /** Explicit interface kinds, at most one per decider; empty = derive from the resolver. */
  interfaceKinds: InterfaceKind[];
  position: number;
  note: string | null;
  version: number;
  updatedAt: string;
}

export function checklistItemId(lebenslageId: string, serviceId: string): string {
  return `${lebenslageId}--${serviceId}`;
}

// ---- judging one product in one town --------------------------------------------------------------------------------

export const CHECK_NAMES = [
  'unit',
  'contact',
  'hours',
  'online',
  'reviewed',
  'links',
  'reports',
  'reason',
  'alternative',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
export type CheckState = 'ok' | 'warn' | 'fail' | 'na';

export const CHECK_LABELS: Record<CheckName, string> = {
  unit: 'Zuständige Stelle / Anlaufstelle',
  contact: 'Ansprechpartner',
  hours: 'Öffnungszeiten',
  online: 'Onlinedienst',
  reviewed: 'Texte für die Kommune geprüft',
  links: 'Links funktionieren',
  reports: 'Keine offenen Fehlermeldungen',
  reason: 'Begründung, warum nicht angeboten',
  alternative: 'Andere zuständige Stelle genannt',
};

export const CHECK_STATE_LABELS: Record<CheckState, string> = {
  ok: 'erfüllt',
  warn: 'Hinweis',
  fail: 'fehlt',
  na: 'entfällt',
};

export interface Check {
  name: CheckName;
  state: CheckState;
  message: string;
  /** The check failed because what is there is sample data (shown as "Beispieldaten"), not real. */
  sample?: boolean;
}

/** The word the checklist shows for sample data, as the portal does. */
export const SAMPLE_LABEL = 'Beispieldaten';

export const ITEM_STATUSES = ['offered', 'not_offered', 'missing'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  offered: 'angeboten',
  not_offered: 'nicht angeboten',
  missing: 'fehlt',
};

/** The town's own setting for a catalog service (the editor's "offered / not offered (reason)"). */
export interface TownSetting {
  offered: boolean;
  reason: string | null;
  alternativeUrl: string | null;
  /** The catalog service citizens are sent to instead (its responsible authority is the named alternative). */
  alternativeServiceId: string | null;
  localOnlineServices: OnlineService[];
}

export interface ItemLink {
  url: string;
  kind: LinkKind;
  label: string;
  state: LinkState;
}

export interface EvaluatedItem {
  itemId: string;
  lebenslageId: string;
  serviceId: string;
  serviceName: string;
  leikaKey: string | null;
  priority: Priority;
  note: string | null;
  status: ItemStatus;
  /** For not_offered: the town's reason; for missing: why it counts as missing. */
  statusReason: string | null;
  interface: EffectiveInterface | null;
  level: string | null;
  authorityName: string | null;
  contactPointName: string | null;
  checks: Check[];
  /** No check failed: nothing left to do for this product in this town. */
  complete: boolean;
  lastReviewedAt: string | null;
  links: ItemLink[];
}

export interface EvaluateInput {
  item: Pick<ChecklistItem, 'id' | 'lebenslageId' | 'serviceId' | 'priority' | 'interfaceKinds' | 'note'>;
  /** The service as the resolver sees it from the town; null when the town's list does not contain it. */
  service: ResolvedService | null;
  /** Name from the catalog even when the town's list lacks it. */
  fallbackName: string;
  townAgs: string;
  /** AGS → main authority id, to tell "only the general administration" from an assigned unit. */
  mainAuthorityOf: (ags: string) => string | null;
  setting: TownSetting | null;
  /**
   * When an editor of the town last confirmed the product's text for the town. The catalog's own change date does
   * not count: an import or the Kreis's edit is nobody's confirmation that the town's page is right.
   */
  reviewedAt: string | null;
  /** How long a confirmation holds (days); see CHECKLIST_REVIEW_MAX_DAYS. */
  reviewMaxAgeDays: number;
  /** Open citizen reports about this product in this town. */
  openReports: number;
  /** The authority responsible for the alternative service the town names when it does not offer one. */
  alternativeAuthorityOf: (serviceId: string) => string | null;
  linkState: (url: string) => LinkState;
  now: Date;
}

export const REVIEW_MAX_AGE_DAYS = 365;

/** CHECKLIST_REVIEW_MAX_DAYS (default 365): how long a person's "Texte geprüft" holds. */
export function reviewMaxAgeDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CHECKLIST_REVIEW_MAX_DAYS;
  if (raw === undefined || raw === '') return REVIEW_MAX_AGE_DAYS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`CHECKLIST_REVIEW_MAX_DAYS must be a whole number of days ≥ 1, got "${raw}"`);
  return n;
}

/**
 * The cache generation scope of the checklist's own data, the review ticks and the checklist items: a service page
 * shows "Zuletzt geprüft" from the ticks and is kept per generation (docs/decisions/0220), and a kept checklist answer
 * is versioned by it (0275); neither is a catalog write, so they bump a scope of their own.
 */
export const REVIEWS_SCOPE = 'checklist-reviews';
