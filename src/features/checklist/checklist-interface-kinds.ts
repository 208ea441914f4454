// The interfaces between a town and the county: who decides, whom the citizen turns to, what the town publishes.
// Decision record: docs/decisions/0040-checklist-and-link-checker.md.

import type { ResolvedAuthority, ResolvedService } from '../responsibility/responsibility.ts';

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
