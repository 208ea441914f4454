// Stale local data (decision 0140): a town's setting replaces or adds to a field of a service above it; when the
// owner changes that field, the town's value may no longer fit. Pure rules: which setting field covers which
// service field, what changed between two states of a service, and the German words for it.
import { SERVICE_TEXT_FIELDS } from './catalog.records.ts';

/** The owner's fields a town's setting can replace (fees, documents, online services) or add to (full text). */
export const STALE_FIELDS = ['fullText', 'fees', 'documents', 'onlineServices'] as const;
export type StaleField = (typeof STALE_FIELDS)[number];

export function isStaleField(value: string): value is StaleField {
  return (STALE_FIELDS as readonly string[]).includes(value);
}

/** Which field of the town's setting stands for which field of the service. */
export const LOCAL_FIELD_OF: Record<StaleField, 'localText' | 'localFees' | 'localDocuments' | 'localOnlineServices'> =
  {
    fullText: 'localText',
    fees: 'localFees',
    documents: 'localDocuments',
    onlineServices: 'localOnlineServices',
  };

/** German names of a Leistung's fields, for the inbox, the workspace and the portal's notice. */
export const SERVICE_FIELD_LABELS: Record<string, string> = {
  name: 'Bezeichnung',
  teaser: 'Kurztext',
  fullText: 'Volltext',
  documents: 'Erforderliche Unterlagen',
  prerequisites: 'Voraussetzungen',
  fees: 'Kosten',
  deadlines: 'Fristen',
  processingTime: 'Bearbeitungsdauer',
  procedure: 'Verfahrensablauf',
  legalBasis: 'Rechtsgrundlage',
  hints: 'Hinweise',
  furtherInfo: 'Weiterführende Informationen',
  forms: 'Formulare',
  onlineServices: 'Online-Dienste',
};

export const fieldLabel = (field: string): string => SERVICE_FIELD_LABELS[field] ?? field;

/** The fields an upstream change is told for: everything a citizen reads of the service. */
export const WATCHED_SERVICE_FIELDS = ['name', ...SERVICE_TEXT_FIELDS, 'forms', 'onlineServices'] as const;

/** A service's readable fields as stored (JSON text for lists), to compare two states of it. */
export interface ServiceState {
  id: string;
  tenantAgs: string;
  name: string;
  fields: Record<string, string | null>;
}

/** The watched fields whose stored value differs between two states (a list compared as its JSON). */
export function changedFields(before: ServiceState, after: ServiceState): string[] {
  return WATCHED_SERVICE_FIELDS.filter((f) => norm(before.fields[f]) !== norm(after.fields[f]));
}

/** Empty text and no text are the same to a reader; so are an empty list and none. */
function norm(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  return v === '[]' ? '' : v;
}

/** What a town's setting holds of its own, as stored (`localOnlineServices` is JSON text). */
export interface LocalValues {
  localText: string | null;
  localFees: string | null;
  localDocuments: string | null;
  localOnlineServices: string | null;
}

/** The service fields a town's setting replaces or adds to: those it has a value of its own for. */
export function overriddenFields(setting: LocalValues): StaleField[] {
  return STALE_FIELDS.filter((f) => norm(setting[LOCAL_FIELD_OF[f]]) !== '');
}

/** The setting fields whose value the town changed between two states (a change of its own answers the flag). */
export function changedLocalFields(before: LocalValues | null, after: LocalValues | null): StaleField[] {
  return STALE_FIELDS.filter((f) => norm(before?.[LOCAL_FIELD_OF[f]]) !== norm(after?.[LOCAL_FIELD_OF[f]]));
}

/**
 * The town's answer "take the new version over" to flags on `fields`: its setting without its own values for them
 * (own text, fees, documents, online services), so the owner's text stands alone again. Writing it lifts the flags,
 * as every change of its own value does.
 */
export function withoutOwnValues<
  T extends {
    localText: string | null;
    localFees: string | null;
    localDocuments: string | null;
    localOnlineServices: unknown[];
  },
>(setting: T, fields: readonly StaleField[]): T {
  const out = { ...setting };
  for (const f of fields) {
    if (f === 'onlineServices') out.localOnlineServices = [];
    else out[LOCAL_FIELD_OF[f] as 'localText' | 'localFees' | 'localDocuments'] = null;
  }
  return out;
}

/** One flag on a town's setting: the owner changed a field the town overrides. */
export interface StaleMark {
  areaAgs: string;
  serviceId: string;
  field: StaleField;
  ownerAgs: string;
  /** When the owner first changed the field since the town last looked (ISO-8601). */
  since: string;
  ownerOld: string | null;
  ownerNew: string | null;
}

/** What the catalog hands to other tenants' inboxes after a write (stale_text, upstream_change). */
export interface CatalogNotice {
  id: string;
  tenantAgs: string;
  kind: 'stale_text' | 'upstream_change';
  serviceId: string;
  serviceName: string;
  fields: string[];
  source: string;
  actorLabel: string;
  createdAt: string;
}

/** The owner's list of online services as readable text (the workspace's diff shows it line by line). */
export function readableValue(field: string, value: string | null): string {
  if (value === null) return '';
  if (field !== 'onlineServices' && field !== 'forms') return value;
  try {
    const list = JSON.parse(value) as Array<{ title?: string; url?: string }>;
    return list.map((l) => `${l.title ?? ''} – ${l.url ?? ''}`).join('\n');
  } catch {
    return value;
  }
}
