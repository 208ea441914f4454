import type { ResolvedAuthority, ResolvedService } from '../features/responsibility/responsibility.ts';

const LEVEL_NAMES: Record<string, string> = {
  gemeinde: 'Stadt/Gemeinde',
  kreis: 'Kreis',
  land: 'Land',
  bund: 'Bund',
  regierungsbezirk: 'Regierungsbezirk',
  gemeindeverband: 'Gemeindeverband',
  bezirk: 'Bezirk',
};

function authorityLines(title: string, a: ResolvedAuthority): string[] {
  const address = [a.address.street, [a.address.postcode, a.address.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [
    `${title}: ${a.name}${a.sample ? '  [Beispieldaten]' : ''}`,
    address && `  Adresse:   ${address}`,
    a.phone && `  Telefon:   ${a.phone}`,
    a.email && `  E-Mail:    ${a.email}`,
    a.openingHours &&
      `  Öffnung:   ${a.openingHours}${a.openNow === null ? '' : a.openNow ? '  (jetzt geöffnet)' : '  (jetzt geschlossen)'}`,
    a.deepLink && `  Seite:     ${a.deepLink}`,
  ].filter((l): l is string => !!l);
}

/** A human answer to "who is responsible?" for the terminal. */
export function describeResolution(r: ResolvedService): string {
  const resp = r.responsible;
  const lines = [
    `${r.name}${r.leikaKey ? `  (LeiKa ${r.leikaKey})` : ''}`,
    `Zuständig: ${LEVEL_NAMES[resp.level] ?? resp.level} – ${resp.areaName}`,
    resp.reason && `Warum:     ${resp.reason}`,
    resp.legalBasis && `Grundlage: ${resp.legalBasis}`,
    `Regel:     ${resp.rule.kind}${resp.rule.matchValue ? ` (${resp.rule.matchValue})` : ''}`,
    ...(resp.authority
      ? authorityLines('Zuständige Stelle', resp.authority)
      : ['Zuständige Stelle: (keine hinterlegt)']),
    ...(resp.contactPoint ? authorityLines('Ansprechpunkt', resp.contactPoint) : []),
    ...resp.contacts.map(
      (c) =>
        `Ansprechpartner: ${[c.name, c.role].filter(Boolean).join(', ')}${c.phone ? `, ${c.phone}` : ''}${c.sample ? '  [Beispieldaten]' : ''}`,
    ),
  ];
  return lines.filter((l): l is string => !!l).join('\n');
}
