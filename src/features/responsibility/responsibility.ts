import type {
  Address,
  ConnectingFactor,
  Level,
  Link,
  OnlineService,
  Service,
  ServiceTexts,
} from '../catalog/catalog.ts';

/** The authority as a citizen needs it: where, how to reach, when open. */
export interface ResolvedAuthority {
  id: string;
  name: string;
  areaAgs: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  address: Address;
  openingHours: string | null;
  openingHoursNote: string | null;
  /** Evaluated at resolve time; null when no (valid) opening hours are known. */
  openNow: boolean | null;
  /** ISO timestamp of the next change (opening or closing), when known. */
  nextChange: string | null;
  accessibility: string | null;
  sample: boolean;
  /** The unit's own page for this service (XZuFi deep link), when known. */
  deepLink: string | null;
}

export interface ResolvedContact {
  id: string;
  authorityId: string;
  name: string | null;
  role: string | null;
  phone: string | null;
  email: string | null;
  room: string | null;
  sample: boolean;
}

/** Which rule decided: the default, or an override by area kind / single area / subtree. */
export interface DecidingRule {
  kind: 'default' | 'area_kind' | 'area' | 'subtree';
  ruleId: string | null;
  /** For overrides: the area kind code or AGS the rule names. */
  matchValue: string | null;
  /** Set when the rule or default came from the service's task (decision 0120). */
  origin?: 'task';
}

/** The fact that decided, when it is not simply the residence: which factor, and the area it points to. */
export interface DecidedBy {
  factor: ConnectingFactor;
  areaAgs: string;
  areaName: string;
  /** No place was given: the citizen's own area stood in for the place of the matter. */
  assumed: boolean;
}

/** A dated change of the answer ahead: from that day the level or the answering area is different. */
export interface Upcoming {
  /** YYYY-MM-DD */
  from: string;
  level: Level;
  areaAgs: string | null;
  areaName: string | null;
  /** The unit that decides from then on (a change of unit alone, in the same area, is announced too). */
  authorityName?: string | null;
  legalBasis: string | null;
  reason: string | null;
}

export interface Responsibility {
  level: Level;
  /** AGS of the area whose authority is responsible (the town itself, its Kreis, the Land …). */
  areaAgs: string;
  areaName: string;
  rule: DecidingRule;
  legalBasis: string | null;
  /** One sentence why, with the area's name filled in. */
  reason: string | null;
  /** zuständige Stelle: the authority that decides; null when the catalog names none for that area. */
  authority: ResolvedAuthority | null;
  /** Ansprechpunkt: where citizens go when it is not the deciding authority (e.g. the town's Bürgerbüro). */
  contactPoint: ResolvedAuthority | null;
  contacts: ResolvedContact[];
  /** Present when the service's connecting factor is not the residence. */
  decidedBy?: DecidedBy;
  /** Present when a dated rule changes the answer later. */
  upcoming?: Upcoming;
}

/** A service as seen from one area: the unit of every list, page and API answer. */
export interface ResolvedService extends ServiceTexts {
  id: string;
  name: string;
  leikaKey: string | null;
  leikaType: string | null;
  synonyms: string[];
  task: string | null;
  /** Lebenslage ids. */
  lebenslagen: string[];
  forms: Link[];
  onlineServices: OnlineService[];
  textModules: Record<string, string>;
  /** Who the service is for (PVOG's addressees), when stated: a town's list shows citizens' services first. */
  audience?: NonNullable<Service['audience']>;
  /** Where an imported service came from (PVOG, XZuFi), when it came through an exchange. */
  provenance?: NonNullable<Service['provenance']>;
  /** The tenant that owns the catalog entry (the county for the shared catalog). */
  ownerAgs: string;
  /** The area this resolution was made for. */
  forAgs: string;
  /** Set when the town does not offer this catalog service itself: why, and where to go instead. */
  notOffered: { reason: string | null; alternativeUrl: string | null; alternativeServiceId: string | null } | null;
  /** The town's own note on this service, shown below the catalog text. */
  localText: string | null;
  /** The town replaces catalog data for this service (its own fees, documents or online services). */
  localData: boolean;
  /**
   * The area whose setting applies (`forAgs` itself, or its Gemeindeverband or Kreis, decision 0238); absent when
   * none does. Stale flags are read at this area.
   */
  localFrom?: string;
  responsible: Responsibility;
}
