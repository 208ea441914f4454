import type { ResolvedAuthority, ResolvedService } from '../../features/responsibility/responsibility.ts';
import { toCsv } from './csv.ts';

const LEVEL: Record<string, string> = {
  gemeinde: 'Gemeinde',
  kreis: 'Kreis',
  land: 'Land',
  bund: 'Bund',
  regierungsbezirk: 'Regierungsbezirk',
  gemeindeverband: 'Gemeindeverband',
  bezirk: 'Bezirk',
};

const address = (a: ResolvedAuthority | null) =>
  a
    ? [a.address.street, [a.address.postcode, a.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
    : '';

/**
 * A town's service list for spreadsheets: one row per service with who is responsible and how to reach them, and
 * the town's own setting from the resolver's answer — offered or not (its reason and where to go instead) and
 * whether the town replaced fees, documents or online services or added a text of its own. The columns of the
 * town's setting come last, so readers that count columns keep working.
 */
export function servicesCsv(services: readonly ResolvedService[]): string {
  const header = [
    'Leistung-ID',
    'Leistung',
    'LeiKa-Schlüssel',
    'Zuständige Ebene',
    'Zuständiges Gebiet',
    'Begründung',
    'Rechtsgrundlage',
    'Zuständige Stelle',
    'Telefon',
    'E-Mail',
    'Adresse',
    'Öffnungszeiten (OSM)',
    'Seite der Stelle',
    'Ansprechpunkt',
    'Onlinedienst',
    'Lebenslagen',
    'Beispieldaten',
    'Angeboten',
    'Hinweis der Stadt oder Gemeinde',
    'Stattdessen',
    'Eigene Angaben',
  ];
  const rows = services.map((s) => {
    const r = s.responsible;
    const a = r.authority;
    return [
      s.id,
      s.name,
      s.leikaKey,
      LEVEL[r.level] ?? r.level,
      r.areaName,
      r.reason,
      r.legalBasis,
      a?.name,
      a?.phone,
      a?.email,
      address(a),
      a?.openingHours,
      a?.deepLink ?? a?.website,
      r.contactPoint?.name,
      s.onlineServices[0]?.url,
      s.lebenslagen.join(', '),
      Boolean(a?.sample || r.contactPoint?.sample),
      s.notOffered === null,
      s.notOffered?.reason,
      [s.notOffered?.alternativeUrl, s.notOffered?.alternativeServiceId].filter(Boolean).join(', '),
      s.localData || s.localText !== null,
    ];
  });
  return toCsv([header, ...rows]);
}
