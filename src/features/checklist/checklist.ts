// Pure rules of the checklist catalog (issue #6): the interfaces to the county, what a town must publish for each
// product, how one product is judged in one town, and how towns are compared. No I/O here. The responsibility
// facts come from the catalog service's resolver (ResolvedService); nothing here decides who is responsible.
// Decision record: docs/decisions/0040-checklist-and-link-checker.md.

import { toCsv } from '../../interop/csv/csv.ts';
import type { OnlineService } from '../catalog/catalog.ts';
import { type LinkKind, type LinkState, linksOfResolvedService, normalizeUrl } from '../links/links.ts';
import type { ResolvedAuthority, ResolvedService } from '../responsibility/responsibility.ts';

// The CSV writer is shared with the catalog's exports (one implementation of quoting and formula defusing).
export { csvField, toCsv } from '../../interop/csv/csv.ts';

// ---- interfaces to the county ------------------------------------------------------------------------------------

/** Who decides, as the checklist groups it: the town itself, the county, or an authority above (Land, Bund). */
export type Decider = 'gemeinde' | 'kreis' | 'land_bund';

/** Whom the citizen turns to: a unit of the town, or the deciding authority (the town only informs and links). */
export type CitizenFacing = 'town' | 'decider';

export const INTERFACE_KINDS = [
  'gemeinde_entscheidet',
  'gemeinde_entscheidet_kreis_beteiligt',
  'gemeinde_nimmt_an_kreis_entscheidet',
  'kreis_entscheidet_gemeinde_ist_ansprechpunkt',
  'kreis_entscheidet_gemeinde_beteiligt',
  'kreis_entscheidet_gemeinde_informiert',
  'land_bund_entscheidet_gemeinde_ist_ansprechpunkt',
  'land_bund_entscheidet_gemeinde_informiert',
] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];

export interface InterfaceKindInfo {
  kind: InterfaceKind;
  decider: Decider;
  citizenFacing: CitizenFacing;
  /** Short label for tables. */
  label: string;
  /** What it means, in one or two sentences. */
  meaning: string;
  /** What the town has to publish for such a product. */
  townPublishes: string;
  /** Whether the resolver can derive it (level + contact point); the others are set by the project group. */
  derivable: boolean;
}

export const INTERFACE_KIND_INFO: Record<InterfaceKind, InterfaceKindInfo> = {
  gemeinde_entscheidet: {
    kind: 'gemeinde_entscheidet',
    decider: 'gemeinde',
    citizenFacing: 'town',
    label: 'Gemeinde entscheidet',
    meaning: 'Die Stadt oder Gemeinde ist zuständige Stelle und entscheidet selbst; der Kreis ist nicht beteiligt.',
    townPublishes:
      'Vollständige Leistung: eigene Stelle, Ansprechpartner, Öffnungszeiten, Unterlagen, Gebühren, Onlinedienst.',
    derivable: true,
  },
  gemeinde_entscheidet_kreis_beteiligt: {
    kind: 'gemeinde_entscheidet_kreis_beteiligt',
    decider: 'gemeinde',
    citizenFacing: 'town',
    label: 'Gemeinde entscheidet, Kreis beteiligt',
    meaning:
      'Die Stadt oder Gemeinde entscheidet, holt aber eine Stellungnahme oder Zustimmung des Kreises ein (z. B. Fachämter des Kreises).',
    townPublishes: 'Vollständige Leistung mit eigener Stelle; Hinweis auf die Beteiligung des Kreises und deren Dauer.',
    derivable: false,
  },
  gemeinde_nimmt_an_kreis_entscheidet: {
    kind: 'gemeinde_nimmt_an_kreis_entscheidet',
    decider: 'kreis',
    citizenFacing: 'town',
    label: 'Gemeinde nimmt an, Kreis entscheidet',
    meaning:
      'Der Antrag wird bei der Stadt oder Gemeinde gestellt (Antragsannahme) und an den Kreis weitergeleitet, der entscheidet.',
    townPublishes:
      'Eigene annehmende Stelle mit Öffnungszeiten und Ansprechpartner; Kreis als entscheidende Stelle nennen.',
    derivable: false,
  },
  kreis_entscheidet_gemeinde_ist_ansprechpunkt: {
    kind: 'kreis_entscheidet_gemeinde_ist_ansprechpunkt',
    decider: 'kreis',
    citizenFacing: 'town',
    label: 'Kreis entscheidet, Gemeinde ist Ansprechpunkt',
    meaning:
      'Der Kreis ist zuständig; eine Stelle der Stadt oder Gemeinde berät, gibt Formulare aus und ist erste Anlaufstelle.',
    townPublishes:
      'Eigene Anlaufstelle (Ansprechpunkt) mit Öffnungszeiten; Vermerk „Leistung des Kreises“ und Link zur Kreisstelle.',
    derivable: true,
  },
  kreis_entscheidet_gemeinde_beteiligt: {
    kind: 'kreis_entscheidet_gemeinde_beteiligt',
    decider: 'kreis',
    citizenFacing: 'decider',
    label: 'Kreis entscheidet, Gemeinde beteiligt',
    meaning:
      'Der Kreis entscheidet; die Stadt oder Gemeinde wird im Verfahren beteiligt (z. B. gemeindliches Einvernehmen nach § 36 BauGB).',
    townPublishes:
      'Vermerk „Leistung des Kreises“, Link zur Kreisstelle und Hinweis auf die Rolle der Gemeinde im Verfahren.',
    derivable: false,
  },
  kreis_entscheidet_gemeinde_informiert: {
    kind: 'kreis_entscheidet_gemeinde_informiert',
    decider: 'kreis',
    citizenFacing: 'decider',
    label: 'Kreis entscheidet, Gemeinde informiert',
    meaning:
      'Der Kreis ist zuständig und Anlaufstelle; die Stadt oder Gemeinde führt die Leistung in ihrer Liste und verlinkt auf den Kreis.',
    townPublishes:
      'Eintrag in der eigenen Leistungsliste mit Vermerk „Leistung des Kreises“ und funktionierendem Link zur Kreisstelle.',
    derivable: true,
  },
  land_bund_entscheidet_gemeinde_ist_ansprechpunkt: {
    kind: 'land_bund_entscheidet_gemeinde_ist_ansprechpunkt',
    decider: 'land_bund',
    citizenFacing: 'town',
    label: 'Land/Bund entscheidet, Gemeinde ist Ansprechpunkt',
    meaning:
      'Eine Landes- oder Bundesbehörde entscheidet; der Antrag wird bei der Stadt oder Gemeinde gestellt (z. B. Führungszeugnis).',
    townPublishes: 'Eigene annehmende Stelle mit Öffnungszeiten und Ansprechpartner; entscheidende Behörde nennen.',
    derivable: true,
  },
  land_bund_entscheidet_gemeinde_informiert: {
    kind: 'land_bund_entscheidet_gemeinde_informiert',
    decider: 'land_bund',
    citizenFacing: 'decider',
    label: 'Land/Bund entscheidet, Gemeinde informiert',
    meaning: 'Eine Landes- oder Bundesbehörde ist zuständig und Anlaufstelle; die Stadt oder Gemeinde verlinkt nur.',
    townPublishes: 'Eintrag mit Vermerk der zuständigen Behörde und funktionierendem Link.',
    derivable: true,
  },
};

export function isInterfaceKind(value: string): value is InterfaceKind {
  return (INTERFACE_KINDS as readonly string[]).includes(value);
}

/** Who decides for this town, from the resolver's answer: the town itself when the responsible area is the town. */
export function deciderOf(service: Pick<ResolvedService, 'responsible'>, townAgs: string): Decider {
  if (service.responsible.areaAgs === townAgs || service.responsible.level === 'gemeinde') return 'gemeinde';
  if (service.responsible.level === 'kreis') return 'kreis';
  return 'land_bund';
}

/** Whether a unit belongs to the town (its area is the town or lies inside it). */
export function isTownUnit(unit: ResolvedAuthority | null, townAgs: string): boolean {
  return unit !== null && unit.areaAgs.startsWith(townAgs);
}

/** The default interface from the resolver: who decides (level) and whether the town is the contact point. */
export function deriveInterfaceKind(service: Pick<ResolvedService, 'responsible'>, townAgs: string): InterfaceKind {
  const decider = deciderOf(service, townAgs);
  if (decider === 'gemeinde') return 'gemeinde_entscheidet';
  const townPoint = isTownUnit(service.responsible.contactPoint, townAgs);
  if (decider === 'kreis')
    return townPoint ? 'kreis_entscheidet_gemeinde_ist_ansprechpunkt' : 'kreis_entscheidet_gemeinde_informiert';
  return townPoint ? 'land_bund_entscheidet_gemeinde_ist_ansprechpunkt' : 'land_bund_entscheidet_gemeinde_informiert';
}

export interface EffectiveInterface {
  kind: InterfaceKind;
  derived: InterfaceKind;
  source: 'explicit' | 'derived';
  /** Explicit kinds were set, but none fits who decides in this town (e.g. the town has its own Bauaufsicht). */
  explicitMismatch: boolean;
}

/**
 * The project group may set explicit kinds per product, at most one per decider (a product can be decided by the
 * town in one town and by the county in another). The explicit kind whose decider matches the resolver wins;
 * without one, the derived kind stands.
 */
export function effectiveInterface(
  service: Pick<ResolvedService, 'responsible'>,
  townAgs: string,
  explicit: readonly InterfaceKind[],
): EffectiveInterface {
  const derived = deriveInterfaceKind(service, townAgs);
  const decider = INTERFACE_KIND_INFO[derived].decider;
  const match = explicit.find((k) => INTERFACE_KIND_INFO[k].decider === decider);
  if (match) return { kind: match, derived, source: 'explicit', explicitMismatch: false };
  return { kind: derived, derived, source: 'derived', explicitMismatch: explicit.length > 0 };
}

/** Problems of a list of explicit kinds (for the seed file and the API): unknown codes, two kinds for one decider. */
export function interfaceKindsProblem(kinds: readonly string[]): string | null {
  const seen = new Map<Decider, string>();
  for (const k of kinds) {
    if (!isInterfaceKind(k)) return `unknown interface kind "${k}" (known: ${INTERFACE_KINDS.join(', ')})`;
    const d = INTERFACE_KIND_INFO[k].decider;
    const other = seen.get(d);
    if (other) return `"${other}" and "${k}" both apply when ${d} decides: give at most one kind per decider`;
    seen.set(d, k);
  }
  return null;
}

// ---- the catalog structure ------------------------------------------------------------------------------------------

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

export const CHECK_NAMES = ['unit', 'contact', 'hours', 'online', 'reviewed', 'links', 'reason'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
export type CheckState = 'ok' | 'warn' | 'fail' | 'na';

export const CHECK_LABELS: Record<CheckName, string> = {
  unit: 'Zuständige Stelle / Anlaufstelle',
  contact: 'Ansprechpartner',
  hours: 'Öffnungszeiten',
  online: 'Onlinedienst',
  reviewed: 'Texte in den letzten 12 Monaten geprüft',
  links: 'Links funktionieren',
  reason: 'Begründung, warum nicht angeboten',
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
}

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
  localOnlineServices: OnlineService[];
  updatedAt: string;
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
  /** When the catalog entry was last changed (services.updated_at). */
  serviceUpdatedAt: string | null;
  /** When an editor of the town last ticked the product as reviewed. */
  reviewedAt: string | null;
  linkState: (url: string) => LinkState;
  now: Date;
}

export const REVIEW_MAX_AGE_DAYS = 365;

function latest(...dates: Array<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && (best === null || Date.parse(d) > Date.parse(best))) best = d;
  return best;
}

function hasReach(unit: ResolvedAuthority | null): boolean {
  return !!unit && !!(unit.phone || unit.email);
}

/** Judges one product for one town. */
export function evaluateItem(input: EvaluateInput): EvaluatedItem {
  const { item, service, townAgs, setting, now } = input;
  const lastReviewedAt = latest(input.serviceUpdatedAt, input.reviewedAt, setting?.updatedAt);
  const base = {
    itemId: item.id,
    lebenslageId: item.lebenslageId,
    serviceId: item.serviceId,
    serviceName: service?.name ?? input.fallbackName,
    leikaKey: service?.leikaKey ?? null,
    priority: item.priority,
    note: item.note,
    lastReviewedAt,
  };

  if (!service) {
    const checks: Check[] = CHECK_NAMES.filter((n) => n !== 'reason').map((name) => ({
      name,
      state: 'fail' as const,
      message: 'Die Leistung steht nicht in der Leistungsliste der Kommune.',
    }));
    return {
      ...base,
      status: 'missing',
      statusReason: 'Die Leistung fehlt im Katalog dieser Kommune.',
      interface: null,
      level: null,
      authorityName: null,
      contactPointName: null,
      checks,
      complete: false,
      links: [],
    };
  }

  const iface = effectiveInterface(service, townAgs, item.interfaceKinds);
  const info = INTERFACE_KIND_INFO[iface.kind];
  const r = service.responsible;
  const common = {
    ...base,
    interface: iface,
    level: r.level,
    authorityName: r.authority?.name ?? null,
    contactPointName: r.contactPoint?.name ?? null,
  };

  if (setting && !setting.offered) {
    const reason = setting.reason?.trim() || null;
    const checks: Check[] = [
      reason
        ? { name: 'reason', state: 'ok', message: reason }
        : {
            name: 'reason',
            state: 'fail',
            message: 'Nicht angeboten, aber ohne Begründung für die Bürgerinnen und Bürger.',
          },
    ];
    return { ...common, status: 'not_offered', statusReason: reason, checks, complete: reason !== null, links: [] };
  }

  // The unit the citizen turns to: the town's own unit, or the deciding authority when the town only informs.
  const townUnit = iface.kind === 'gemeinde_entscheidet' || info.decider === 'gemeinde' ? r.authority : r.contactPoint;
  const facing = info.citizenFacing === 'town' ? (isTownUnit(townUnit, townAgs) ? townUnit : null) : r.authority;
  const checks: Check[] = [];

  // unit
  if (!facing) {
    checks.push({
      name: 'unit',
      state: 'fail',
      message:
        info.citizenFacing === 'town'
          ? info.decider === 'gemeinde'
            ? 'Keine zuständige Stelle der Kommune hinterlegt.'
            : 'Die Schnittstelle verlangt eine Anlaufstelle der Kommune, der Katalog nennt keine.'
          : 'Keine zuständige Stelle hinterlegt.',
    });
  } else if (facing.id === input.mainAuthorityOf(facing.areaAgs) && !facing.deepLink) {
    checks.push({
      name: 'unit',
      state: 'warn',
      message: `Nur die allgemeine Verwaltung ist hinterlegt (${facing.name}), kein Fachbereich.`,
    });
  } else {
    checks.push({ name: 'unit', state: 'ok', message: facing.name });
  }

  // contact
  const contacts = r.contacts.filter((c) => !facing || c.authorityId === facing.id || info.citizenFacing === 'decider');
  if (contacts.length > 0) {
    checks.push({
      name: 'contact',
      state: 'ok',
      message:
        contacts
          .map((c) => c.name ?? c.role ?? '')
          .filter(Boolean)
          .join(', ') || 'Ansprechpartner hinterlegt',
    });
  } else if (hasReach(facing)) {
    checks.push({
      name: 'contact',
      state: 'warn',
      message: 'Kein Ansprechpartner, nur die allgemeine Telefonnummer oder E-Mail der Stelle.',
    });
  } else {
    checks.push({
      name: 'contact',
      state: 'fail',
      message: 'Kein Ansprechpartner und keine Telefonnummer oder E-Mail.',
    });
  }

  // opening hours
  if (!facing) checks.push({ name: 'hours', state: 'fail', message: 'Ohne Stelle keine Öffnungszeiten.' });
  else if (facing.openingHours) checks.push({ name: 'hours', state: 'ok', message: facing.openingHours });
  else if (facing.openingHoursNote)
    checks.push({ name: 'hours', state: 'warn', message: `Nur ein Hinweis: ${facing.openingHoursNote}` });
  else checks.push({ name: 'hours', state: 'fail', message: 'Keine Öffnungszeiten hinterlegt.' });

  // online service (a recommendation: not every product has one)
  const online = [...(setting?.localOnlineServices ?? []), ...service.onlineServices];
  checks.push(
    online.length > 0
      ? { name: 'online', state: 'ok', message: online.map((o) => o.title).join(', ') }
      : { name: 'online', state: 'warn', message: 'Kein Onlinedienst verknüpft.' },
  );

  // reviewed in the last 12 months
  const ageDays = lastReviewedAt ? (now.getTime() - Date.parse(lastReviewedAt)) / 86_400_000 : Number.POSITIVE_INFINITY;
  checks.push(
    ageDays <= REVIEW_MAX_AGE_DAYS
      ? { name: 'reviewed', state: 'ok', message: `zuletzt ${lastReviewedAt?.slice(0, 10)}` }
      : {
          name: 'reviewed',
          state: 'fail',
          message: lastReviewedAt ? `zuletzt ${lastReviewedAt.slice(0, 10)}: älter als 12 Monate` : 'Nie geprüft.',
        },
  );

  // links
  const links: ItemLink[] = [];
  const seen = new Set<string>();
  const sources = [
    ...(setting?.localOnlineServices ?? []).map((o) => ({
      url: o.url,
      kind: 'online_service' as const,
      label: o.title,
    })),
    ...(setting?.alternativeUrl
      ? [{ url: setting.alternativeUrl, kind: 'deep_link' as const, label: 'Alternative der Kommune' }]
      : []),
    ...linksOfResolvedService(service),
  ];
  for (const s of sources) {
    const key = normalizeUrl(s.url) ?? s.url;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ url: s.url, kind: s.kind, label: s.label, state: input.linkState(s.url) });
  }
  const broken = links.filter((l) => l.state === 'broken');
  const shaky = links.filter((l) => l.state === 'failing' || l.state === 'moved' || l.state === 'unchecked');
  if (links.length === 0) {
    checks.push(
      info.citizenFacing === 'decider'
        ? { name: 'links', state: 'fail', message: 'Die Kommune verlinkt nur, aber es ist kein Link hinterlegt.' }
        : { name: 'links', state: 'na', message: 'Keine Links.' },
    );
  } else if (broken.length > 0) {
    checks.push({ name: 'links', state: 'fail', message: `${broken.length} von ${links.length} Links defekt.` });
  } else if (shaky.length > 0) {
    const unchecked = shaky.filter((l) => l.state === 'unchecked').length;
    checks.push({
      name: 'links',
      state: 'warn',
      message:
        unchecked === shaky.length
          ? `${unchecked} Links noch nicht geprüft.`
          : `${shaky.length} von ${links.length} Links gestört oder umgezogen.`,
    });
  } else {
    checks.push({ name: 'links', state: 'ok', message: `${links.length} Links funktionieren.` });
  }

  const unitFailed = !facing;
  const status: ItemStatus = unitFailed && contacts.length === 0 ? 'missing' : 'offered';
  return {
    ...common,
    status,
    statusReason: status === 'missing' ? 'Keine zuständige Stelle und kein Ansprechpartner.' : null,
    checks,
    complete: checks.every((c) => c.state !== 'fail'),
    links,
  };
}

// ---- a town's coverage --------------------------------------------------------------------------------------------------

export interface CoverageCounts {
  total: number;
  complete: number;
  offered: number;
  notOffered: number;
  missing: number;
  /** Products whose contact check failed. */
  missingContacts: number;
  /** Distinct broken URLs shown in these products. */
  brokenLinks: number;
  /** complete / total in whole percent (0 when total is 0). */
  percent: number;
  /**
   * Degree of fulfilment in whole percent: the mean over products of their checks (ok = 1, hint = ½, missing = 0;
   * not applicable left out). Finer than `percent`, which counts a product only when nothing is missing.
   */
  score: number;
  importantTotal: number;
  importantComplete: number;
}

export interface LebenslageCoverage extends CoverageCounts {
  lebenslageId: string;
  name: string;
  items: EvaluatedItem[];
}

export interface TownCoverage extends CoverageCounts {
  ags: string;
  name: string;
  slug: string;
  generatedAt: string;
  lebenslagen: LebenslageCoverage[];
}

export function percent(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 100);
}

const CHECK_VALUE: Record<CheckState, number | null> = { ok: 1, warn: 0.5, fail: 0, na: null };

/** One product's degree of fulfilment, 0…1. */
export function itemScore(item: EvaluatedItem): number {
  if (item.status === 'missing') return 0;
  const values = item.checks.map((c) => CHECK_VALUE[c.state]).filter((v): v is number => v !== null);
  if (values.length === 0) return item.complete ? 1 : 0;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function countItems(items: readonly EvaluatedItem[]): CoverageCounts {
  const broken = new Set<string>();
  for (const i of items) for (const l of i.links) if (l.state === 'broken') broken.add(normalizeUrl(l.url) ?? l.url);
  const complete = items.filter((i) => i.complete).length;
  const important = items.filter((i) => i.priority === 'wichtig');
  return {
    total: items.length,
    complete,
    offered: items.filter((i) => i.status === 'offered').length,
    notOffered: items.filter((i) => i.status === 'not_offered').length,
    missing: items.filter((i) => i.status === 'missing').length,
    missingContacts: items.filter((i) => i.checks.some((c) => c.name === 'contact' && c.state === 'fail')).length,
    brokenLinks: broken.size,
    percent: percent(complete, items.length),
    score: items.length === 0 ? 0 : Math.round((items.reduce((sum, i) => sum + itemScore(i), 0) / items.length) * 100),
    importantTotal: important.length,
    importantComplete: important.filter((i) => i.complete).length,
  };
}

/** Groups evaluated items by Lebenslage in the given order (Lebenslagen without items are left out). */
export function townCoverage(
  town: { ags: string; name: string; slug: string },
  lebenslagen: ReadonlyArray<{ id: string; name: string }>,
  items: readonly EvaluatedItem[],
  now: Date,
): TownCoverage {
  const groups: LebenslageCoverage[] = [];
  for (const ll of lebenslagen) {
    const own = items.filter((i) => i.lebenslageId === ll.id);
    if (own.length > 0) groups.push({ lebenslageId: ll.id, name: ll.name, items: own, ...countItems(own) });
  }
  return {
    ags: town.ags,
    name: town.name,
    slug: town.slug,
    generatedAt: now.toISOString(),
    lebenslagen: groups,
    ...countItems(items),
  };
}

// ---- the county comparison -----------------------------------------------------------------------------------------------

export interface CommonGap {
  serviceId: string;
  serviceName: string;
  priority: Priority;
  /** Towns (AGS) where this product is not complete. */
  towns: string[];
  /** Which checks fail, and in how many towns. */
  failing: Array<{ check: CheckName | 'status'; count: number }>;
}

export interface CountyComparison {
  generatedAt: string;
  towns: Array<{ ags: string; name: string; slug: string } & CoverageCounts>;
  lebenslagen: Array<{ id: string; name: string }>;
  /** cells[l][t]: degree of fulfilment (score) of Lebenslage l in town t; null when the town has no item there. */
  cells: Array<Array<number | null>>;
  commonGaps: CommonGap[];
  /** Towns by missing contacts (desc), then by broken links. */
  mostMissingContacts: Array<{ ags: string; name: string; count: number }>;
  mostBrokenLinks: Array<{ ags: string; name: string; count: number }>;
  totals: CoverageCounts;
}

export function compareTowns(coverages: readonly TownCoverage[], now: Date, limit = 10): CountyComparison {
  const lebenslagen: Array<{ id: string; name: string }> = [];
  const seen = new Set<string>();
  for (const c of coverages)
    for (const l of c.lebenslagen)
      if (!seen.has(l.lebenslageId)) {
        seen.add(l.lebenslageId);
        lebenslagen.push({ id: l.lebenslageId, name: l.name });
      }
  const cells = lebenslagen.map((l) =>
    coverages.map((c) => {
      const group = c.lebenslagen.find((g) => g.lebenslageId === l.id);
      return group ? group.score : null;
    }),
  );

  // One product may sit in several Lebenslagen: count it once per town.
  const gaps = new Map<string, CommonGap & { failingMap: Map<CheckName | 'status', Set<string>> }>();
  for (const c of coverages) {
    const done = new Set<string>();
    for (const l of c.lebenslagen)
      for (const i of l.items) {
        if (i.complete || done.has(i.serviceId)) continue;
        done.add(i.serviceId);
        const gap = gaps.get(i.serviceId) ?? {
          serviceId: i.serviceId,
          serviceName: i.serviceName,
          priority: i.priority,
          towns: [] as string[],
          failing: [],
          failingMap: new Map<CheckName | 'status', Set<string>>(),
        };
        if (i.priority === 'wichtig') gap.priority = 'wichtig';
        gap.towns.push(c.ags);
        const failed: Array<CheckName | 'status'> =
          i.status === 'missing' ? ['status'] : i.checks.filter((k) => k.state === 'fail').map((k) => k.name);
        for (const f of failed) {
          const set = gap.failingMap.get(f) ?? new Set<string>();
          set.add(c.ags);
          gap.failingMap.set(f, set);
        }
        gaps.set(i.serviceId, gap);
      }
  }
  const commonGaps = [...gaps.values()]
    .map(({ failingMap, ...g }) => ({
      ...g,
      failing: [...failingMap]
        .map(([check, towns]) => ({ check, count: towns.size }))
        .sort((a, b) => b.count - a.count),
    }))
    .sort(
      (a, b) =>
        b.towns.length - a.towns.length ||
        (a.priority === b.priority ? 0 : a.priority === 'wichtig' ? -1 : 1) ||
        a.serviceName.localeCompare(b.serviceName, 'de'),
    )
    .slice(0, limit);

  const towns = coverages.map((c) => {
    const { lebenslagen: _l, generatedAt: _g, ...rest } = c;
    return rest;
  });
  const rank = (key: 'missingContacts' | 'brokenLinks') =>
    towns
      .filter((t) => t[key] > 0)
      .map((t) => ({ ags: t.ags, name: t.name, count: t[key] }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'de'))
      .slice(0, limit);

  return {
    generatedAt: now.toISOString(),
    towns,
    lebenslagen,
    cells,
    commonGaps,
    mostMissingContacts: rank('missingContacts'),
    mostBrokenLinks: rank('brokenLinks'),
    totals: countItems(coverages.flatMap((c) => c.lebenslagen.flatMap((l) => l.items))),
  };
}

// ---- heat map and CSV ----------------------------------------------------------------------------------------------------

/** Five bins of one blue hue (readable for colour-blind people); the number is always printed in the cell, too. */
export const HEAT_BINS = [
  { min: 80, fill: '#08306b', text: '#ffffff', label: '80–100 %' },
  { min: 60, fill: '#2171b5', text: '#ffffff', label: '60–79 %' },
  { min: 40, fill: '#6baed6', text: '#000000', label: '40–59 %' },
  { min: 20, fill: '#c6dbef', text: '#000000', label: '20–39 %' },
  { min: 0, fill: '#f7fbff', text: '#000000', label: '0–19 %' },
] as const;

export function heatColor(value: number | null): { fill: string; text: string } {
  if (value === null) return { fill: '#ffffff', text: '#595959' };
  const bin = HEAT_BINS.find((b) => value >= b.min) ?? HEAT_BINS[HEAT_BINS.length - 1];
  return { fill: bin?.fill ?? '#ffffff', text: bin?.text ?? '#000000' };
}

function checkCell(item: EvaluatedItem, name: CheckName): string {
  const c = item.checks.find((k) => k.name === name);
  return c ? CHECK_STATE_LABELS[c.state] : '';
}

export function townCoverageCsv(coverage: TownCoverage, editUrl: (serviceId: string) => string): string {
  const rows: Array<Array<string | number | boolean | null>> = [
    [
      'Lebenslage',
      'Leistung',
      'Leistungs-ID',
      'LeiKa-Schlüssel',
      'Priorität',
      'Schnittstelle zum Kreis',
      'Status',
      'Grund',
      'Zuständige Stelle',
      'Ansprechpunkt',
      ...CHECK_NAMES.map((n) => CHECK_LABELS[n]),
      'Zuletzt geprüft',
      'Defekte Links',
      'Vollständig',
      'Bearbeiten',
    ],
  ];
  for (const l of coverage.lebenslagen)
    for (const i of l.items)
      rows.push([
        l.name,
        i.serviceName,
        i.serviceId,
        i.leikaKey,
        PRIORITY_LABELS[i.priority],
        i.interface ? INTERFACE_KIND_INFO[i.interface.kind].label : '',
        ITEM_STATUS_LABELS[i.status],
        i.statusReason,
        i.authorityName,
        i.contactPointName,
        ...CHECK_NAMES.map((n) => checkCell(i, n)),
        i.lastReviewedAt?.slice(0, 10) ?? null,
        i.links
          .filter((k) => k.state === 'broken')
          .map((k) => k.url)
          .join(' '),
        i.complete,
        editUrl(i.serviceId),
      ]);
  return toCsv(rows);
}

export function comparisonCsv(comparison: CountyComparison): string {
  const rows: Array<Array<string | number | null>> = [
    ['Lebenslage (Erfüllungsgrad in %)', ...comparison.towns.map((t) => t.name)],
  ];
  comparison.lebenslagen.forEach((l, li) => {
    rows.push([l.name, ...(comparison.cells[li] ?? []).map((v) => (v === null ? null : v))]);
  });
  rows.push([]);
  rows.push(['Kennzahl', ...comparison.towns.map((t) => t.name)]);
  const metric = (label: string, pick: (t: CountyComparison['towns'][number]) => number) =>
    rows.push([label, ...comparison.towns.map(pick)]);
  metric('Erfüllungsgrad (%)', (t) => t.score);
  metric('Vollständig (%)', (t) => t.percent);
  metric('Produkte', (t) => t.total);
  metric('Vollständig', (t) => t.complete);
  metric('Angeboten', (t) => t.offered);
  metric('Nicht angeboten', (t) => t.notOffered);
  metric('Fehlt', (t) => t.missing);
  metric('Ohne Ansprechpartner', (t) => t.missingContacts);
  metric('Defekte Links', (t) => t.brokenLinks);
  return toCsv(rows);
}
