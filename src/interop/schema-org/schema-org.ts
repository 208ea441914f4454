// schema.org JSON-LD for the portal's pages: a service as GovernmentService, authorities as GovernmentOrganization
// with ContactPoint and OpeningHoursSpecification, a town site as GovernmentOrganization + WebSite with a SearchAction.
// Pure mapping: the caller passes absolute URLs and the regular week of each authority's hours.
import type { Area } from '../../features/catalog/catalog.ts';
import type {
  ResolvedAuthority,
  ResolvedContact,
  ResolvedService,
} from '../../features/responsibility/responsibility.ts';

export type JsonLd = Record<string, unknown>;

/** One day of regular hours, Monday = 0 … Sunday = 6 (the portal's `regularWeek`). */
export interface WeekDay {
  weekday: number;
  intervals: Array<{ from: string; to: string }>;
}

export type HoursOf = (authority: ResolvedAuthority) => readonly WeekDay[] | null;

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Regular hours as OpeningHoursSpecification, one entry per interval (schema.org's recommended shape). */
export function openingHoursSpecification(week: readonly WeekDay[]): JsonLd[] {
  return week.flatMap((day) =>
    day.intervals.map((i) => ({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: `https://schema.org/${DAYS[day.weekday]}`,
      opens: i.from,
      closes: i.to === '24:00' ? '23:59' : i.to,
    })),
  );
}

function postalAddress(a: ResolvedAuthority): JsonLd | undefined {
  const { street, postcode, city } = a.address;
  if (!street && !postcode && !city) return undefined;
  return compact({
    '@type': 'PostalAddress',
    streetAddress: street,
    postalCode: postcode,
    addressLocality: city,
    addressCountry: 'DE',
  });
}

function contactPointOf(c: ResolvedContact): JsonLd {
  return compact({
    '@type': 'ContactPoint',
    name: c.name,
    contactType: c.role ?? 'Sachbearbeitung',
    telephone: c.phone,
    email: c.email,
    availableLanguage: 'de',
  });
}

/** An authority as GovernmentOrganization; its office channel as ContactPoint with the opening hours. */
export function governmentOrganization(
  a: ResolvedAuthority,
  hoursOf: HoursOf,
  contacts: readonly ResolvedContact[] = [],
): JsonLd {
  const week = hoursOf(a);
  const office = compact({
    '@type': 'ContactPoint',
    contactType: 'Bürgerservice',
    telephone: a.phone,
    email: a.email,
    availableLanguage: 'de',
    hoursAvailable: week && week.length ? openingHoursSpecification(week) : undefined,
  });
  return compact({
    '@type': 'GovernmentOrganization',
    name: a.name,
    url: a.website,
    telephone: a.phone,
    email: a.email,
    address: postalAddress(a),
    contactPoint: [office, ...contacts.filter((c) => c.authorityId === a.id).map(contactPointOf)],
  });
}

export interface ServiceJsonLdOptions {
  /** Absolute URL of the service page. */
  url: string;
  /** The area the page is for (the citizen's town, or the county). */
  area: Area;
  /** Display name of the responsible area ("Kreis Soest", "Stadt Geseke"). */
  responsibleName: string;
  hoursOf: HoursOf;
}

export function governmentService(s: ResolvedService, o: ServiceJsonLdOptions): JsonLd {
  const r = s.responsible;
  const provider = r.authority
    ? governmentOrganization(r.authority, o.hoursOf, r.contacts)
    : { '@type': 'GovernmentOrganization', name: o.responsibleName };
  const channels: JsonLd[] = s.onlineServices.map((os) => ({
    '@type': 'ServiceChannel',
    name: os.title,
    serviceUrl: os.url,
  }));
  const place = r.contactPoint ?? r.authority;
  if (place) {
    channels.push(
      compact({
        '@type': 'ServiceChannel',
        name: place.name,
        servicePhone: place.phone ? { '@type': 'ContactPoint', telephone: place.phone } : undefined,
        serviceLocation: compact({
          '@type': 'GovernmentOffice',
          name: place.name,
          address: postalAddress(place),
          telephone: place.phone,
          openingHoursSpecification: (() => {
            const week = o.hoursOf(place);
            return week && week.length ? openingHoursSpecification(week) : undefined;
          })(),
        }),
      }),
    );
  }
  return compact({
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': o.url,
    url: o.url,
    name: s.name,
    alternateName: s.synonyms.length ? s.synonyms : undefined,
    description: s.teaser ?? undefined,
    identifier: s.leikaKey ? { '@type': 'PropertyValue', propertyID: 'LeiKa', value: s.leikaKey } : undefined,
    serviceType: s.name,
    areaServed: { '@type': 'AdministrativeArea', name: o.area.name, identifier: o.area.ags },
    jurisdiction: { '@type': 'AdministrativeArea', name: r.areaName, identifier: r.areaAgs },
    provider,
    serviceOperator: r.contactPoint ? governmentOrganization(r.contactPoint, o.hoursOf, r.contacts) : undefined,
    availableChannel: channels.length ? channels : undefined,
    inLanguage: 'de',
  });
}

export interface SiteJsonLdOptions {
  /** Absolute URL of the town site's start page. */
  url: string;
  /** Absolute search URL with `{q}` where the query goes. */
  searchUrlTemplate: string;
  displayName: string;
  parent: Area | null;
  parentDisplayName: string | null;
}

/** A town site: the town as GovernmentOrganization and the site as WebSite with a SearchAction. */
export function townSite(area: Area, o: SiteJsonLdOptions): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@graph': [
      compact({
        '@type': 'GovernmentOrganization',
        '@id': `${o.url}#organisation`,
        name: o.displayName,
        url: area.website,
        areaServed: { '@type': 'AdministrativeArea', name: area.name, identifier: area.ags },
        parentOrganization:
          o.parent && o.parentDisplayName
            ? { '@type': 'GovernmentOrganization', name: o.parentDisplayName }
            : undefined,
      }),
      {
        '@type': 'WebSite',
        '@id': `${o.url}#website`,
        url: o.url,
        name: `Virtuelles Rathaus ${o.displayName}`,
        inLanguage: 'de',
        publisher: { '@id': `${o.url}#organisation` },
        potentialAction: {
          '@type': 'SearchAction',
          target: { '@type': 'EntryPoint', urlTemplate: o.searchUrlTemplate.replace('{q}', '{search_term_string}') },
          'query-input': 'required name=search_term_string',
        },
      },
    ],
  };
}

export function breadcrumbList(items: ReadonlyArray<{ name: string; url: string }>): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: item.name,
      item: item.url,
    })),
  };
}

/**
 * JSON for a `<script type="application/ld+json">`: `<` and the line separators are escaped so that no catalog text
 * can close the element or break the script.
 */
export function serializeJsonLd(data: JsonLd | JsonLd[]): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Drops undefined, null and empty strings so the output carries only what is known. */
function compact(obj: Record<string, unknown>): JsonLd {
  const out: JsonLd = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}
