import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Area } from '../../features/catalog/catalog.ts';
import type { ResolvedAuthority, ResolvedService } from '../../features/responsibility/responsibility.ts';
import {
  breadcrumbList,
  governmentService,
  openingHoursSpecification,
  serializeJsonLd,
  townSite,
} from './schema-org.ts';

const authority = (over: Partial<ResolvedAuthority>): ResolvedAuthority => ({
  id: 'kreis-soest-bauaufsicht',
  name: 'Kreis Soest – Bauaufsicht',
  areaAgs: '05974',
  phone: '+49 2921 30-0',
  email: 'bauaufsicht@kreis-soest.de',
  website: 'https://www.kreis-soest.de',
  address: { street: 'Hoher Weg 1-3', postcode: '59494', city: 'Soest' },
  openingHours: 'Mo-Fr 08:00-12:00',
  openingHoursNote: null,
  openNow: null,
  nextChange: null,
  accessibility: null,
  sample: false,
  deepLink: null,
  ...over,
});

const geseke = { ags: '05974020', name: 'Geseke', slug: 'geseke', kind: 'kreisangehoerige_gemeinde' } as Area;

const service = {
  id: 'baugenehmigung-beantragen',
  name: 'Baugenehmigung beantragen',
  leikaKey: '99124003000000',
  synonyms: ['Bauantrag'],
  teaser: 'Wer bauen will, braucht meist eine Baugenehmigung.',
  onlineServices: [{ title: 'Bauportal.NRW', url: 'https://www.bauportal.nrw/', type: 'antrag' }],
  responsible: {
    level: 'kreis',
    areaAgs: '05974',
    areaName: 'Kreis Soest',
    legalBasis: '§ 57 BauO NRW',
    reason: null,
    authority: authority({}),
    contactPoint: null,
    contacts: [
      {
        id: 'c1',
        authorityId: 'kreis-soest-bauaufsicht',
        name: 'Team Bauaufsicht',
        role: 'Sachbearbeitung',
        phone: '+49 2921 30-123',
        email: null,
        room: null,
        sample: true,
      },
    ],
  },
} as unknown as ResolvedService;

const week = [
  { weekday: 0, intervals: [{ from: '08:00', to: '12:00' }] },
  { weekday: 5, intervals: [] },
];

describe('schema.org mapping', () => {
  it('maps opening hours to one OpeningHoursSpecification per interval', () => {
    assert.deepEqual(openingHoursSpecification(week), [
      { '@type': 'OpeningHoursSpecification', dayOfWeek: 'https://schema.org/Monday', opens: '08:00', closes: '12:00' },
    ]);
  });

  it('maps a service to GovernmentService with provider, contact points, hours and channels', () => {
    const ld = governmentService(service, {
      url: 'https://x.test/geseke/leistungen/baugenehmigung-beantragen',
      area: geseke,
      responsibleName: 'Kreis Soest',
      hoursOf: () => week,
    });
    assert.equal(ld['@type'], 'GovernmentService');
    assert.equal(ld.name, 'Baugenehmigung beantragen');
    assert.deepEqual(ld.identifier, { '@type': 'PropertyValue', propertyID: 'LeiKa', value: '99124003000000' });
    const provider = ld.provider as Record<string, unknown>;
    assert.equal(provider['@type'], 'GovernmentOrganization');
    assert.deepEqual(provider.address, {
      '@type': 'PostalAddress',
      streetAddress: 'Hoher Weg 1-3',
      postalCode: '59494',
      addressLocality: 'Soest',
      addressCountry: 'DE',
    });
    const points = provider.contactPoint as Array<Record<string, unknown>>;
    assert.equal(points[0]?.['@type'], 'ContactPoint');
    assert.equal((points[0]?.hoursAvailable as unknown[] | undefined)?.length, 1);
    assert.equal(points[1]?.name, 'Team Bauaufsicht');
    const channels = ld.availableChannel as Array<Record<string, unknown>>;
    assert.equal(channels[0]?.serviceUrl, 'https://www.bauportal.nrw/');
    assert.equal((channels[1]?.serviceLocation as Record<string, unknown> | undefined)?.['@type'], 'GovernmentOffice');
    assert.deepEqual(ld.areaServed, { '@type': 'AdministrativeArea', name: 'Geseke', identifier: '05974020' });
  });

  it('describes a town site with a SearchAction, and breadcrumbs', () => {
    const ld = townSite(geseke, {
      url: 'https://x.test/geseke/',
      searchUrlTemplate: 'https://x.test/geseke/suche?q={q}',
      displayName: 'Stadt Geseke',
      parent: null,
      parentDisplayName: null,
    });
    const graph = ld['@graph'] as Array<Record<string, unknown>>;
    assert.equal(graph[0]?.['@type'], 'GovernmentOrganization');
    const action = graph[1]?.potentialAction as { target: { urlTemplate: string } };
    assert.equal(action.target.urlTemplate, 'https://x.test/geseke/suche?q={search_term_string}');
    assert.equal((breadcrumbList([{ name: 'A', url: 'u' }]).itemListElement as unknown[]).length, 1);
  });

  it('serialises so that no text can close the script element', () => {
    const out = serializeJsonLd({ name: '</script><script>alert(1)</script> & \u2028' });
    assert.ok(!out.includes('<'));
    assert.ok(!out.includes('&'));
    assert.deepEqual(JSON.parse(out), { name: '</script><script>alert(1)</script> & \u2028' });
  });
});
