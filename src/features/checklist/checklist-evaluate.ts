// Judging one product in one town: the checks (unit, contact, hours, online, reviewed, links, reason) and the status.
// Pure: the catalog service's resolver supplies the facts.

import { linksOfResolvedService, normalizeUrl } from '../links/links.ts';
import type { ResolvedAuthority } from '../responsibility/responsibility.ts';
import {
  CHECK_NAMES,
  type Check,
  type EvaluatedItem,
  type EvaluateInput,
  type ItemLink,
  type ItemStatus,
  SAMPLE_LABEL,
} from './checklist.ts';
import { effectiveInterface, INTERFACE_KIND_INFO, isTownUnit } from './checklist-interface-kinds.ts';

function hasReach(unit: ResolvedAuthority | null): boolean {
  return !!unit && !!(unit.phone || unit.email);
}

/** Open citizen reports lower the score; none leaves the score alone (an absence of reports proves nothing). */
function reportsCheck(open: number): Check {
  return open > 0
    ? {
        name: 'reports',
        state: 'fail',
        message:
          open === 1
            ? '1 offene Fehlermeldung von Bürgerinnen und Bürgern.'
            : `${open} offene Fehlermeldungen von Bürgerinnen und Bürgern.`,
      }
    : { name: 'reports', state: 'na', message: 'Keine offenen Fehlermeldungen.' };
}

/** Judges one product for one town. */
export function evaluateItem(input: EvaluateInput): EvaluatedItem {
  const { item, service, townAgs, setting, now } = input;
  // Only a person's confirmation for this town counts (see EvaluateInput.reviewedAt).
  const lastReviewedAt = input.reviewedAt;
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
    const checks: Check[] = CHECK_NAMES.filter((n) => n !== 'reason' && n !== 'alternative' && n !== 'reports').map(
      (name) => ({
        name,
        state: 'fail' as const,
        message: 'Die Leistung steht nicht in der Leistungsliste der Kommune.',
      }),
    );
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
    // "Not offered" covers the product only when citizens learn why and where to go instead: a reason and a named
    // alternative authority (the one responsible for the alternative service). A reason alone leaves them stranded.
    const reason = setting.reason?.trim() || null;
    const alternative = setting.alternativeServiceId
      ? input.alternativeAuthorityOf(setting.alternativeServiceId)
      : null;
    const checks: Check[] = [
      reason
        ? { name: 'reason', state: 'ok', message: reason }
        : {
            name: 'reason',
            state: 'fail',
            message: 'Nicht angeboten, aber ohne Begründung für die Bürgerinnen und Bürger.',
          },
      alternative
        ? { name: 'alternative', state: 'ok', message: alternative }
        : {
            name: 'alternative',
            state: 'fail',
            message:
              'Nicht angeboten, aber keine andere zuständige Stelle genannt, an die sich Bürgerinnen und Bürger wenden können.',
          },
      reportsCheck(input.openReports),
    ];
    return {
      ...common,
      status: 'not_offered',
      statusReason: reason,
      checks,
      complete: checks.every((c) => c.state !== 'fail'),
      links: [],
    };
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
  } else if (facing.sample) {
    checks.push({
      name: 'unit',
      state: 'fail',
      message: `${SAMPLE_LABEL}: ${facing.name} ist nicht bestätigt.`,
      sample: true,
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
  const relevant = r.contacts.filter((c) => !facing || c.authorityId === facing.id || info.citizenFacing === 'decider');
  // Sample contacts are invented placeholders: they count as missing, and say so.
  const contacts = relevant.filter((c) => !c.sample);
  const sampleOnly = contacts.length === 0 && relevant.length > 0;
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
  } else if (sampleOnly) {
    checks.push({
      name: 'contact',
      state: 'fail',
      message: `${SAMPLE_LABEL}: ${relevant.length} Ansprechpartner hinterlegt, aber keiner bestätigt.`,
      sample: true,
    });
  } else if (hasReach(facing) && !facing?.sample) {
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

  // reviewed: a person confirmed the text for this town within the configured period
  const maxDays = input.reviewMaxAgeDays;
  const ageDays = lastReviewedAt ? (now.getTime() - Date.parse(lastReviewedAt)) / 86_400_000 : Number.POSITIVE_INFINITY;
  checks.push(
    ageDays <= maxDays
      ? { name: 'reviewed', state: 'ok', message: `bestätigt am ${lastReviewedAt?.slice(0, 10)}` }
      : {
          name: 'reviewed',
          state: 'fail',
          message: lastReviewedAt
            ? `zuletzt bestätigt am ${lastReviewedAt.slice(0, 10)}: älter als ${maxDays} Tage`
            : 'Noch von niemandem für die Kommune bestätigt.',
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

  checks.push(reportsCheck(input.openReports));

  // A unit or contact that is only sample data is no real way to reach anyone.
  const unitFailed = !facing || facing.sample;
  const status: ItemStatus = unitFailed && contacts.length === 0 ? 'missing' : 'offered';
  return {
    ...common,
    status,
    statusReason:
      status === 'missing'
        ? facing?.sample
          ? `Nur ${SAMPLE_LABEL}: keine bestätigte Stelle und kein bestätigter Ansprechpartner.`
          : 'Keine zuständige Stelle und kein Ansprechpartner.'
        : null,
    checks,
    complete: checks.every((c) => c.state !== 'fail'),
    links,
  };
}
