// The responsibility resolver: pure rules over an in-memory catalog snapshot (see docs/data-format.md, "Resolution").

import { berlinDay } from '../../shared/berlin-time.ts';
import type {
  Area,
  AreaKind,
  Assignment,
  Authority,
  ConnectingFactor,
  Contact,
  Level,
  LocalServiceSetting,
  Rule,
  Service,
  Task,
} from '../catalog/catalog.ts';
import { areaOn, validOn } from '../catalog/catalog.ts';
import type { ParsedOpeningHours } from '../opening-hours/opening-hours.ts';
import type {
  DecidedBy,
  DecidingRule,
  ResolvedAuthority,
  ResolvedContact,
  ResolvedService,
  Responsibility,
  Upcoming,
} from './responsibility.ts';

/** Everything the resolver reads, indexed for lookups. Built once per cache generation by the catalog service. */
export interface CatalogSnapshot {
  areas: ReadonlyMap<string, Area>;
  areaKinds: ReadonlyMap<string, AreaKind>;
  services: ReadonlyMap<string, Service>;
  /** Tasks with the responsibility their services inherit, by code (one per defining tenant). */
  tasks: ReadonlyMap<string, readonly Task[]>;
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

// Each area's children, per areas map: the catalog service shares one map of all of Germany's areas between every
// county's snapshot, so asking "which areas lie below" must not walk 12,000 areas each time.
const childIndexes = new WeakMap<ReadonlyMap<string, Area>, Map<string, Area[]>>();
function childrenOf(areas: ReadonlyMap<string, Area>): ReadonlyMap<string, readonly Area[]> {
  let index = childIndexes.get(areas);
  if (!index) {
    index = new Map();
    for (const a of areas.values()) {
      if (!a.parentAgs) continue;
      const list = index.get(a.parentAgs);
      if (list) list.push(a);
      else index.set(a.parentAgs, [a]);
    }
    childIndexes.set(areas, index);
  }
  return index;
}

/** Every area below `ags` (not itself), each once even in cyclic data. */
function descendantsOf(areas: ReadonlyMap<string, Area>, ags: string): Area[] {
  const index = childrenOf(areas);
  const out: Area[] = [];
  const seen = new Set([ags]);
  const stack = [ags];
  while (stack.length) {
    for (const child of index.get(stack.pop()!) ?? []) {
      if (seen.has(child.ags)) continue;
      seen.add(child.ags);
      out.push(child);
      stack.push(child.ags);
    }
  }
  return out;
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

/**
 * The chain as it stands on a day: every area with the kind it has then (dated kind changes, decision 0150), so
 * area-kind rules and the tier walk see a town that becomes a "mittlere kreisangehörige Stadt" from that day on.
 */
export function areaChainOn(snapshot: Pick<CatalogSnapshot, 'areas'>, ags: string, day: string): Area[] {
  return areaChain(snapshot, ags).map((a) => areaOn(a, day));
}

export interface LevelDecision {
  level: Level;
  rule: DecidingRule;
  legalBasis: string | null;
  reason: string | null;
  /** The area a rule names to answer instead of the tier walk. */
  answeredByAgs: string | null;
}

/** The day (YYYY-MM-DD, Europe/Berlin) an instant falls on: rules and assignments are dated by day. */
export function dayOf(at: Date): string {
  return berlinDay(at);
}

/**
 * The first rule of one list that matches the area: single-area rules, then subtree rules (the nearest root first),
 * then area-kind rules; list order breaks ties. Rules not valid on `day` are skipped.
 */
function matchRule(rules: readonly Rule[], chain: readonly Area[], day: string): Rule | undefined {
  const area = chain[0];
  if (!area) return undefined;
  const inside = (rule: Rule) => rule.withinAgs === null || chain.some((a) => a.ags === rule.withinAgs);
  const live = [...rules].filter((r) => validOn(r, day) && inside(r)).sort((a, b) => a.position - b.position);
  const bySubtree = chain
    .map((a) => live.find((r) => r.matchType === 'subtree' && r.matchValue === a.ags))
    .find((r) => r !== undefined);
  return (
    live.find((r) => r.matchType === 'area' && r.matchValue === area.ags) ??
    bySubtree ??
    live.find((r) => r.matchType === 'area_kind' && r.matchValue === area.kind)
  );
}

/**
 * The task whose responsibility a service inherits, if one is defined: the definition of the tenant nearest to the
 * citizen's area (a county's own over its Land's), else the service owner's.
 */
export function taskOf(
  snapshot: Pick<CatalogSnapshot, 'tasks'>,
  service: Service,
  chain: readonly Area[] = [],
): Task | undefined {
  const defined = service.task ? snapshot.tasks.get(service.task) : undefined;
  if (!defined?.length) return undefined;
  for (const area of chain) {
    const own = defined.find((t) => t.tenantAgs === area.ags);
    if (own) return own;
  }
  return defined.find((t) => t.tenantAgs === service.tenantAgs) ?? defined[0];
}

/**
 * Which level is responsible for a service in an area on a day. A service that declares no responsibility of its
 * own inherits its task's (rules and default); one that declares its own is answered by it alone, so a per-service
 * override never mixes with the task's exceptions.
 */
export function decideLevel(
  service: Service,
  chain: readonly Area[],
  task?: Task,
  day: string = dayOf(new Date()),
): LevelDecision {
  const inherits = !!task && !!service.inheritsResponsibility;
  const source = inherits ? task : service;
  const match = matchRule(source.rules, chain, day);
  const origin = inherits ? { origin: 'task' as const } : {};
  if (match) {
    return {
      level: match.level,
      rule: { kind: match.matchType, ruleId: match.id, matchValue: match.matchValue, ...origin },
      legalBasis: match.legalBasis ?? source.defaultLegalBasis,
      reason: match.reason,
      answeredByAgs: match.answeredByAgs ?? null,
    };
  }
  return {
    level: source.defaultLevel,
    rule: { kind: 'default', ruleId: null, matchValue: null, ...origin },
    legalBasis: source.defaultLegalBasis,
    reason: source.defaultReason,
    answeredByAgs: null,
  };
}

/**
 * The first area of the chain (itself first) whose kind fulfils the level; e.g. a kreisfreie Stadt for "kreis".
 * A Gemeindeverband level falls back to the Gemeinde itself (a verbandsfreie Gemeinde runs those offices); a Bezirk
 * level falls back to the Gemeinde when it has no Bezirke (a city without Stadtbezirke).
 */
export function responsibleArea(
  snapshot: Pick<CatalogSnapshot, 'areaKinds'> & Partial<Pick<CatalogSnapshot, 'areas'>>,
  chain: readonly Area[],
  level: Level,
): Area | null {
  const fulfils = (a: Area, l: Level) => snapshot.areaKinds.get(a.kind)?.tiers.includes(l) ?? false;
  const direct = chain.find((a) => fulfils(a, level));
  if (direct) return direct;
  if (level === 'gemeindeverband') return chain.find((a) => fulfils(a, 'gemeinde')) ?? null;
  if (level === 'bezirk') {
    const gemeinde = chain.find((a) => fulfils(a, 'gemeinde'));
    const hasBezirke =
      gemeinde && snapshot.areas
        ? (childrenOf(snapshot.areas).get(gemeinde.ags) ?? []).some((a) => fulfils(a, 'bezirk'))
        : false;
    return gemeinde && !hasBezirke ? gemeinde : null;
  }
  return null;
}

/** What decides responsibility for a service: its own connecting factor, its task's, else the residence. */
export function connectingFactorOf(
  snapshot: Pick<CatalogSnapshot, 'tasks'>,
  service: Service,
  chain: readonly Area[] = [],
): ConnectingFactor {
  return service.connectingFactor ?? taskOf(snapshot, service, chain)?.connectingFactor ?? 'residence';
}

/** Connecting factors that can differ from the place the citizen chose, so the portal asks for the place. */
export const PLACE_FACTORS: readonly ConnectingFactor[] = ['event_place', 'property_location', 'business_seat'];

/**
 * The unit assigned in a role for a service, searched at every area from `chain[0]` up to `target`, nearest first:
 * an office with a region (an Amtsgericht for its towns, a Kreis team for some towns) is assigned to the areas it
 * serves. Below the target an assignment counts only when its unit belongs to the target or an area above it, so a
 * town's own office never answers for a Kreis task.
 */
function findAssignment(
  snapshot: CatalogSnapshot,
  service: Service,
  chain: readonly Area[],
  target: Area,
  role: Assignment['role'],
  day: string,
): Assignment | undefined {
  const targetIndex = chain.findIndex((a) => a.ags === target.ags);
  const searched = targetIndex >= 0 ? chain.slice(0, targetIndex + 1) : [target];
  const above = new Set((targetIndex >= 0 ? chain.slice(targetIndex) : [target]).map((a) => a.ags));
  for (const area of searched) {
    const candidates = (snapshot.assignmentsByArea.get(area.ags) ?? []).filter(
      (a) =>
        a.role === role &&
        validOn(a, day) &&
        (area.ags === target.ags || above.has(snapshot.authorities.get(a.authorityId)?.areaAgs ?? '')),
    );
    // A unit named for this very service beats one that covers the service's whole task.
    const hit =
      candidates.find((a) => a.serviceId === service.id) ??
      (service.task ? candidates.find((a) => a.serviceId === null && a.task === service.task) : undefined);
    if (hit) return hit;
  }
  return undefined;
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

function contactsFor(
  snapshot: CatalogSnapshot,
  service: Service,
  authorityIds: readonly string[],
  chain: readonly Area[],
): ResolvedContact[] {
  const out: ResolvedContact[] = [];
  const inChain = new Set(chain.map((a) => a.ags));
  for (const id of authorityIds) {
    for (const c of snapshot.contactsByAuthority.get(id) ?? []) {
      // A contact scoped to some areas (a team for the northern towns) serves only citizens of those areas.
      if (c.areas?.length && !c.areas.some((a) => inChain.has(a))) continue;
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

export interface ResolveOptions {
  /**
   * The area of the fact that decides (place of birth, plot, business premises) when the service's connecting
   * factor is not the residence. Unknown or absent: the citizen's area stands in, and the answer says so.
   */
  place?: string | null;
}

/** Level and answering area of a decision for a chain (the rule's `answeredBy`, else the tier walk). */
function targetOf(snapshot: CatalogSnapshot, chain: readonly Area[], decision: LevelDecision): Area | null {
  if (decision.answeredByAgs) return snapshot.areas.get(decision.answeredByAgs) ?? null;
  return responsibleArea(snapshot, chain, decision.level);
}

/** The unit that decides for a target on a day: the one assigned (for the service or its task), else the main one. */
function decidingAuthorityOn(
  snapshot: CatalogSnapshot,
  service: Service,
  chain: readonly Area[],
  target: Area | null,
  day: string,
): Authority | undefined {
  if (!target) return undefined;
  const deciding = findAssignment(snapshot, service, chain, target, 'zustaendige_stelle', day);
  return (
    (deciding && snapshot.authorities.get(deciding.authorityId)) ||
    (target.mainAuthorityId ? snapshot.authorities.get(target.mainAuthorityId) : undefined)
  );
}

/**
 * The first dated change of the answer after `day` (a rule, an area kind or a unit's assignment taking or losing
 * effect), if any: another level, another area, or the same area with another deciding unit.
 */
function upcomingChange(
  snapshot: CatalogSnapshot,
  service: Service,
  chain: readonly Area[],
  task: Task | undefined,
  day: string,
  current: { level: Level; areaAgs: string | null; authorityId: string | null },
): Upcoming | null {
  const dates = new Set<string>();
  for (const r of [...service.rules, ...(task?.rules ?? [])])
    for (const d of [r.validFrom, r.validUntil]) if (d && d > day) dates.add(d);
  // A unit that takes the service (or its task) over from a day, or gives it up, in an area of the chain.
  for (const a of chain)
    for (const x of snapshot.assignmentsByArea.get(a.ags) ?? [])
      if (x.role === 'zustaendige_stelle' && (x.serviceId === service.id || (!x.serviceId && x.task === service.task)))
        for (const d of [x.validFrom, x.validUntil]) if (d && d > day) dates.add(d);
  // An area of the chain that changes its kind on a day changes the tiers and the area-kind rules with it.
  for (const a of chain)
    for (const c of snapshot.areas.get(a.ags)?.kindChanges ?? []) if (c.validFrom > day) dates.add(c.validFrom);
  for (const d of [...dates].sort()) {
    const then = chain.map((a) => areaOn(snapshot.areas.get(a.ags) ?? a, d));
    const next = decideLevel(service, then, task, d);
    const area = targetOf(snapshot, then, next);
    const authority = decidingAuthorityOn(snapshot, service, then, area, d);
    if (
      next.level !== current.level ||
      (area?.ags ?? null) !== current.areaAgs ||
      (authority?.id ?? null) !== current.authorityId
    ) {
      return {
        from: d,
        level: next.level,
        areaAgs: area?.ags ?? null,
        areaName: area?.name ?? null,
        authorityName: authority?.name ?? null,
        legalBasis: next.legalBasis,
        reason: fillReason(next.reason, then[0]),
      };
    }
  }
  return null;
}

/** Resolves one service for one area. Returns null when the area is unknown. */
export function resolveService(
  snapshot: CatalogSnapshot,
  forAgs: string,
  service: Service,
  now: Date = new Date(),
  options: ResolveOptions = {},
): ResolvedService | null {
  const day = dayOf(now);
  const home = areaChainOn(snapshot, forAgs, day);
  const area = home[0];
  if (!area) return null;
  const factor = connectingFactorOf(snapshot, service, home);
  const asksPlace = PLACE_FACTORS.includes(factor);
  const placeChain = asksPlace && options.place ? areaChainOn(snapshot, options.place, day) : [];
  // The chain of the deciding fact: the place of the matter when given, else the citizen's own area.
  const chain = placeChain.length > 0 ? placeChain : home;
  const place = chain[0] ?? area;
  const decidedBy: DecidedBy = {
    factor,
    areaAgs: place.ags,
    areaName: place.name,
    assumed: asksPlace && placeChain.length === 0,
  };
  const task = taskOf(snapshot, service, chain);
  const decision = decideLevel(service, chain, task, day);
  // No area of the chain fulfils the level (a town-level service seen from the Kreis as a whole): the level is
  // known but the authority depends on where the citizen lives, so none is named.
  const target = targetOf(snapshot, chain, decision);

  const deciding = target ? findAssignment(snapshot, service, chain, target, 'zustaendige_stelle', day) : undefined;
  const decidingAuthority = target
    ? (deciding && snapshot.authorities.get(deciding.authorityId)) ||
      (target.mainAuthorityId ? snapshot.authorities.get(target.mainAuthorityId) : undefined)
    : undefined;

  // Where citizens go is asked at their own area (the town's Bürgerbüro takes the application).
  const point = findAssignment(snapshot, service, [area], area, 'ansprechpunkt', day);
  const pointAuthority = point ? snapshot.authorities.get(point.authorityId) : undefined;
  const contactPoint = pointAuthority && pointAuthority.id !== decidingAuthority?.id ? pointAuthority : undefined;
  const upcoming = upcomingChange(snapshot, service, chain, task, day, {
    level: decision.level,
    areaAgs: target?.ags ?? null,
    authorityId: decidingAuthority?.id ?? null,
  });

  const responsible: Responsibility = {
    level: decision.level,
    areaAgs: (target ?? place).ags,
    areaName: (target ?? place).name,
    rule: decision.rule,
    legalBasis: decision.legalBasis,
    reason: fillReason(decision.reason, place),
    authority: decidingAuthority
      ? toResolvedAuthority(snapshot, decidingAuthority, deciding?.deepLink ?? null, now)
      : null,
    contactPoint: contactPoint ? toResolvedAuthority(snapshot, contactPoint, point?.deepLink ?? null, now) : null,
    contacts: contactsFor(
      snapshot,
      service,
      [contactPoint?.id, decidingAuthority?.id].filter((x): x is string => !!x),
      home,
    ),
    ...(factor !== 'residence' ? { decidedBy } : {}),
    ...(upcoming ? { upcoming } : {}),
  };

  const local = localSettingFor(snapshot, home, service);

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
    // In the order of the API's schema (catalog.schemas.ts); absent when not stated, so answers without them keep
    // their bytes.
    ...(service.audience?.length ? { audience: service.audience } : {}),
    ...(service.provenance ? { provenance: service.provenance } : {}),
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
    ...(local ? { localFrom: local.areaAgs } : {}),
    localData:
      !!local && (local.localFees !== null || local.localDocuments !== null || local.localOnlineServices.length > 0),
    responsible,
  };
}

/**
 * The setting that applies to a service in an area (decision 0238): the nearest along the area's chain — the
 * Gemeinde's own, else its Gemeindeverband's, else its Kreis's — below the service's owner (an owner edits its own
 * service directly, and an area above the owner has nothing to add to it).
 */
export function localSettingFor(
  snapshot: Pick<CatalogSnapshot, 'localSettings'>,
  chain: readonly Area[],
  service: Pick<Service, 'id' | 'tenantAgs'>,
): LocalServiceSetting | undefined {
  for (const a of chain) {
    if (a.ags === service.tenantAgs) return undefined;
    const setting = snapshot.localSettings.get(a.ags)?.get(service.id);
    if (setting) return setting;
  }
  return undefined;
}

/** A group of areas below a county (or Verband) whose answer differs from the area's own. */
export interface ResponsibilityException {
  level: Level;
  /** The answering area when it is one area for the whole group (a StädteRegion); null: each area answers itself. */
  areaAgs: string | null;
  areaName: string | null;
  /** The areas of the group, in name order. */
  areas: Array<{ ags: string; name: string; slug: string }>;
  /** The reason of the first area of the group (with its name filled in). */
  reason: string | null;
  legalBasis: string | null;
}

/**
 * Which Gemeinden below an area answer differently from the area's own answer for a service: "in Lippstadt,
 * Soest, Warstein und Werl: die Stadt". A Gemeinde differs when its level differs, or when the area's answer names
 * one responsible area and the Gemeinde's names another.
 */
export function exceptionsBelow(
  snapshot: CatalogSnapshot,
  ags: string,
  service: Service,
  now: Date = new Date(),
): ResponsibilityException[] {
  const own = resolveService(snapshot, ags, service, now);
  if (!own) return [];
  const day = dayOf(now);
  const ownChain = areaChainOn(snapshot, ags, day);
  const ownTarget = targetOf(
    snapshot,
    ownChain,
    decideLevel(service, ownChain, taskOf(snapshot, service, ownChain), day),
  );
  const groups = new Map<string, ResponsibilityException>();
  const below = descendantsOf(snapshot.areas, ags)
    .filter((a) => snapshot.areaKinds.get(areaOn(a, day).kind)?.tiers.includes('gemeinde') ?? false)
    // Same names in AGS order, as the areas map lists them.
    .sort((a, b) => a.name.localeCompare(b.name, 'de') || (a.ags < b.ags ? -1 : a.ags > b.ags ? 1 : 0));
  for (const area of below) {
    const r = resolveService(snapshot, area.ags, service, now)?.responsible;
    if (!r) continue;
    const differs = r.level !== own.responsible.level || (ownTarget !== null && r.areaAgs !== ownTarget.ags);
    if (!differs) continue;
    const itself = r.areaAgs === area.ags;
    const key = `${r.level}|${itself ? '' : r.areaAgs}`;
    const group = groups.get(key) ?? {
      level: r.level,
      areaAgs: itself ? null : r.areaAgs,
      areaName: itself ? null : r.areaName,
      areas: [],
      reason: r.reason,
      legalBasis: r.legalBasis,
    };
    group.areas.push({ ags: area.ags, name: area.name, slug: area.slug });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The services visible in an area: those owned by the area itself or by any area above it, each Leistung once. */
export function visibleServices(snapshot: CatalogSnapshot, forAgs: string): Service[] {
  // Owner → distance from the area (0: the area itself, then its Kreis, Land, Bund …).
  const distance = new Map(areaChain(snapshot, forAgs).map((a, i) => [a.ags, i]));
  const visible = [...snapshot.services.values()].filter((s) => distance.has(s.tenantAgs));
  // One Leistung described twice along the chain — the Bund's national record (a PVOG import) and the Kreis's own,
  // with its responsibility and units — is listed once: the description nearest to the area answers, as the nearest
  // setting does (decision 0238). The same LeiKa key twice at one owner stays as it is.
  const nearest = new Map<string, number>();
  for (const s of visible) {
    if (!s.leikaKey) continue;
    const d = distance.get(s.tenantAgs) as number;
    if (d < (nearest.get(s.leikaKey) ?? Number.POSITIVE_INFINITY)) nearest.set(s.leikaKey, d);
  }
  return visible.filter((s) => !s.leikaKey || nearest.get(s.leikaKey) === distance.get(s.tenantAgs));
}

/** Builds a snapshot straight from domain records (tests, dry runs and tools that work without a database). */
export function buildSnapshot(input: {
  areas: readonly Area[];
  /** The same areas by AGS, when the caller has the map already: shared by every snapshot instead of copied. */
  areasByAgs?: ReadonlyMap<string, Area>;
  areaKindsByCode?: ReadonlyMap<string, AreaKind>;
  areaKinds: readonly AreaKind[];
  services: readonly Service[];
  tasks?: readonly Task[];
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
    areas: input.areasByAgs ?? new Map(input.areas.map((a) => [a.ags, a])),
    areaKinds: input.areaKindsByCode ?? new Map(input.areaKinds.map((k) => [k.code, k])),
    services: new Map(input.services.map((s) => [s.id, s])),
    tasks: groupTasks(input.tasks ?? []),
    authorities: new Map(input.authorities.map((a) => [a.id, a])),
    assignmentsByArea,
    contactsByAuthority,
    localSettings,
    openingHours,
    hoursState: memoisedHoursState(openingHours),
  };
}

function groupTasks(tasks: readonly Task[]): Map<string, Task[]> {
  const by = new Map<string, Task[]>();
  for (const t of tasks) by.set(t.code, [...(by.get(t.code) ?? []), t]);
  return by;
}
