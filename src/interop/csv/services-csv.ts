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

/** A town's service list for spreadsheets: one row per service with who is responsible and how to reach them. */
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
    ];
  });
  return toCsv([header, ...rows]);
}
