// The responsibility resolver: pure rules over an in-memory catalog snapshot (see docs/data-format.md, "Resolution").
import type {
  Area,
  AreaKind,
  Assignment,
  Authority,
  Contact,
  Level,
  LocalServiceSetting,
  ResponsibilityRule,
  Service,
} from '../catalog/catalog.ts';
import type { ParsedOpeningHours } from '../opening-hours/opening-hours.ts';
import type {
  DecidingRule,
  ResolvedAuthority,
  ResolvedContact,
  ResolvedService,
  Responsibility,
} from './responsibility.ts';

/** Everything the resolver reads, indexed for lookups. Built once per cache generation by the catalog service. */
export interface CatalogSnapshot {
  areas: ReadonlyMap<string, Area>;
  areaKinds: ReadonlyMap<string, AreaKind>;
  services: ReadonlyMap<string, Service>;
  authorities: ReadonlyMap<string, Authority>;
  /** Assignments by area AGS. */
  assignmentsByArea: ReadonlyMap<string, readonly Assignment[]>;
  /** Contacts by authority id. */
  contactsByAuthority: ReadonlyMap<string, readonly Contact[]>;
  /** Parsed opening hours by authority id (absent when none or invalid). */
  openingHours: ReadonlyMap<string, ParsedOpeningHours>;
  /** Towns' settings for catalog services: area AGS → service id → setting. */
  localSettings: ReadonlyMap<string, ReadonlyMap<string, LocalServiceSetting>>;
  /** "Open now" and the next change for a unit at an instant; memoised until that change (see `buildSnapshot`). */
  hoursState(authorityId: string, now: Date): HoursState | null;
}

export interface HoursState {
  openNow: boolean;
  nextChange: Date | null;
}

/**
 * Evaluating opening hours costs far more than the rest of a resolution, and the answer only changes at the next
 * opening or closing: keep it per unit until then (or for a day when no change is known).
 */
export function memoisedHoursState(
  openingHours: ReadonlyMap<string, ParsedOpeningHours>,
): CatalogSnapshot['hoursState'] {
  const memo = new Map<string, { from: number; until: number; state: HoursState }>();
  return (authorityId, now) => {
    const hours = openingHours.get(authorityId);
    if (!hours) return null;
    const t = now.getTime();
    const hit = memo.get(authorityId);
    if (hit && t >= hit.from && t < hit.until) return hit.state;
    const next = hours.nextChange(now);
    const state = { openNow: hours.isOpen(now), nextChange: next };
    memo.set(authorityId, { from: t, until: next ? next.getTime() : t + 86_400_000, state });
    return state;
  };
}

/** The area and its ancestors, nearest first. Stops at cycles (data is validated, but never loop forever). */
export function areaChain(snapshot: Pick<CatalogSnapshot, 'areas'>, ags: string): Area[] {
  const chain: Area[] = [];
  const seen = new Set<string>();
  let current = snapshot.areas.get(ags);
  while (current && !seen.has(current.ags)) {
    chain.push(current);
    seen.add(current.ags);
    current = current.parentAgs ? snapshot.areas.get(current.parentAgs) : undefined;
  }
  return chain;
}

export interface LevelDecision {
  level: Level;
  rule: DecidingRule;
  legalBasis: string | null;
  reason: string | null;
}

/** Which level is responsible for a service in an area: single-area rules, then area-kind rules, then the default. */
export function decideLevel(service: Service, chain: readonly Area[]): LevelDecision {
  const area = chain[0];
  if (area) {
    const inside = (rule: ResponsibilityRule) => rule.withinAgs === null || chain.some((a) => a.ags === rule.withinAgs);
    const byPosition = [...service.rules].sort((a, b) => a.position - b.position);
    const match =
      byPosition.find((r) => r.matchType === 'area' && r.matchValue === area.ags && inside(r)) ??
      byPosition.find((r) => r.matchType === 'area_kind' && r.matchValue === area.kind && inside(r));
    if (match) {
      return {
        level: match.level,
        rule: { kind: match.matchType, ruleId: match.id, matchValue: match.matchValue },
        legalBasis: match.legalBasis ?? service.defaultLegalBasis,
        reason: match.reason,
      };
    }
  }
  return {
    level: service.defaultLevel,
    rule: { kind: 'default', ruleId: null, matchValue: null },
    legalBasis: service.defaultLegalBasis,
    reason: service.defaultReason,
  };
}

/** The first area of the chain (itself first) whose kind fulfils the level; e.g. a kreisfreie Stadt for "kreis". */
export function responsibleArea(
  snapshot: Pick<CatalogSnapshot, 'areaKinds'>,
  chain: readonly Area[],
  level: Level,
): Area | null {
  return chain.find((a) => snapshot.areaKinds.get(a.kind)?.tiers.includes(level)) ?? null;
}

function findAssignment(
  snapshot: CatalogSnapshot,
  service: Service,
  areaAgs: string,
  role: Assignment['role'],
): Assignment | undefined {
  const candidates = snapshot.assignmentsByArea.get(areaAgs) ?? [];
  // A unit named for this very service beats one that covers the service's whole task.
  return (
    candidates.find((a) => a.role === role && a.serviceId === service.id) ??
    (service.task
      ? candidates.find((a) => a.role === role && a.serviceId === null && a.task === service.task)
      : undefined)
  );
}

/** Fills `{area}` in a reason sentence with the citizen's area name. */
export function fillReason(reason: string | null, area: Area | undefined): string | null {
  if (!reason) return null;
  return area ? reason.replaceAll('{area}', area.name) : reason;
}

function toResolvedAuthority(
  snapshot: CatalogSnapshot,
  authority: Authority,
  deepLink: string | null,
  now: Date,
): ResolvedAuthority {
  const state = snapshot.hoursState(authority.id, now);
  return {
    id: authority.id,
    name: authority.name,
    areaAgs: authority.areaAgs,
    phone: authority.phone,
    email: authority.email,
    website: authority.website,
    address: authority.address,
    openingHours: authority.openingHours,
    openingHoursNote: authority.openingHoursNote,
    openNow: state ? state.openNow : null,
    nextChange: state?.nextChange ? state.nextChange.toISOString() : null,
    accessibility: authority.accessibility,
    sample: authority.sample,
    deepLink,
  };
}

function contactsFor(snapshot: CatalogSnapshot, service: Service, authorityIds: readonly string[]): ResolvedContact[] {
  const out: ResolvedContact[] = [];
  for (const id of authorityIds) {
    for (const c of snapshot.contactsByAuthority.get(id) ?? []) {
      if (c.serviceIds.includes(service.id) || (service.task !== null && c.tasks.includes(service.task))) {
        out.push({
          id: c.id,
          authorityId: c.authorityId,
          name: c.name,
          role: c.role,
          phone: c.phone,
          email: c.email,
          room: c.room,
          sample: c.sample,
        });
      }
    }
  }
  return out;
}

/** Resolves one service for one area. Returns null when the area is unknown. */
export function resolveService(
  snapshot: CatalogSnapshot,
  forAgs: string,
  service: Service,
  now: Date = new Date(),
): ResolvedService | null {
  const chain = areaChain(snapshot, forAgs);
  const area = chain[0];
  if (!area) return null;
  const decision = decideLevel(service, chain);
  // No area of the chain fulfils the level (a town-level service seen from the Kreis as a whole): the level is
  // known but the authority depends on where the citizen lives, so none is named.
  const target = responsibleArea(snapshot, chain, decision.level);

  const deciding = target ? findAssignment(snapshot, service, target.ags, 'zustaendige_stelle') : undefined;
  const decidingAuthority = target
    ? (deciding && snapshot.authorities.get(deciding.authorityId)) ||
      (target.mainAuthorityId ? snapshot.authorities.get(target.mainAuthorityId) : undefined)
    : undefined;

  const point = findAssignment(snapshot, service, area.ags, 'ansprechpunkt');
  const pointAuthority = point ? snapshot.authorities.get(point.authorityId) : undefined;
  const contactPoint = pointAuthority && pointAuthority.id !== decidingAuthority?.id ? pointAuthority : undefined;

  const responsible: Responsibility = {
    level: decision.level,
    areaAgs: (target ?? area).ags,
    areaName: (target ?? area).name,
    rule: decision.rule,
    legalBasis: decision.legalBasis,
    reason: fillReason(decision.reason, area),
    authority: decidingAuthority
      ? toResolvedAuthority(snapshot, decidingAuthority, deciding?.deepLink ?? null, now)
      : null,
    contactPoint: contactPoint ? toResolvedAuthority(snapshot, contactPoint, point?.deepLink ?? null, now) : null,
    contacts: contactsFor(
      snapshot,
      service,
      [contactPoint?.id, decidingAuthority?.id].filter((x): x is string => !!x),
    ),
  };

  // A town's local setting only applies to services it does not own itself (its own it edits directly).
  const local = service.tenantAgs === area.ags ? undefined : snapshot.localSettings.get(area.ags)?.get(service.id);

  return {
    id: service.id,
    name: service.name,
    leikaKey: service.leikaKey,
    leikaType: service.leikaType,
    synonyms: service.synonyms,
    task: service.task,
    lebenslagen: service.lebenslagen,
    teaser: service.teaser,
    fullText: service.fullText,
    documents: local?.localDocuments ?? service.documents,
    prerequisites: service.prerequisites,
    fees: local?.localFees ?? service.fees,
    deadlines: service.deadlines,
    processingTime: service.processingTime,
    procedure: service.procedure,
    legalBasis: service.legalBasis,
    hints: service.hints,
    furtherInfo: service.furtherInfo,
    forms: service.forms,
    onlineServices: local ? [...local.localOnlineServices, ...service.onlineServices] : service.onlineServices,
    textModules: service.textModules,
    ownerAgs: service.tenantAgs,
    forAgs: area.ags,
    notOffered:
      local && !local.offered
        ? {
            reason: local.reason,
            alternativeUrl: local.alternativeUrl,
            alternativeServiceId: local.alternativeServiceId,
          }
        : null,
    localText: local?.localText ?? null,
    responsible,
  };
}

/** The services visible in an area: those owned by the area itself or by any area above it. */
export function visibleServices(snapshot: CatalogSnapshot, forAgs: string): Service[] {
  const owners = new Set(areaChain(snapshot, forAgs).map((a) => a.ags));
  return [...snapshot.services.values()].filter((s) => owners.has(s.tenantAgs));
}

/** Builds a snapshot straight from domain records (tests, dry runs and tools that work without a database). */
export function buildSnapshot(input: {
  areas: readonly Area[];
  areaKinds: readonly AreaKind[];
  services: readonly Service[];
  authorities: readonly Authority[];
  assignments: readonly Assignment[];
  contacts: readonly Contact[];
  localSettings?: readonly LocalServiceSetting[];
  openingHours?: ReadonlyMap<string, ParsedOpeningHours>;
}): CatalogSnapshot {
  const localSettings = new Map<string, Map<string, LocalServiceSetting>>();
  for (const x of input.localSettings ?? []) {
    const perArea = localSettings.get(x.areaAgs) ?? new Map<string, LocalServiceSetting>();
    perArea.set(x.serviceId, x);
    localSettings.set(x.areaAgs, perArea);
  }
  const assignmentsByArea = new Map<string, Assignment[]>();
  for (const a of input.assignments) assignmentsByArea.set(a.areaAgs, [...(assignmentsByArea.get(a.areaAgs) ?? []), a]);
  const contactsByAuthority = new Map<string, Contact[]>();
  for (const c of input.contacts)
    contactsByAuthority.set(c.authorityId, [...(contactsByAuthority.get(c.authorityId) ?? []), c]);
  const openingHours = input.openingHours ?? new Map();
  return {
    areas: new Map(input.areas.map((a) => [a.ags, a])),
    areaKinds: new Map(input.areaKinds.map((k) => [k.code, k])),
    services: new Map(input.services.map((s) => [s.id, s])),
    authorities: new Map(input.authorities.map((a) => [a.id, a])),
    assignmentsByArea,
    contactsByAuthority,
    localSettings,
    openingHours,
    hoursState: memoisedHoursState(openingHours),
  };
}
