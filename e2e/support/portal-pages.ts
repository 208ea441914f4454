import { SHARED_POSTCODE } from '../../src/features/portal/portal.testing.ts';

/** One URL per page type of the public portal (and the states worth checking: errors, the chooser, English). */
export const PORTAL_PAGES: ReadonlyArray<{ name: string; path: string; status?: number }> = [
  { name: 'start', path: '/' },
  { name: 'start-error', path: '/wahl?ort=Atlantis' },
  { name: 'chooser-shared-postcode', path: `/wahl?ort=${SHARED_POSTCODE}` },
  { name: 'town', path: '/geseke/' },
  { name: 'county', path: '/kreis-soest/' },
  { name: 'a-z', path: '/geseke/a-z' },
  { name: 'lebenslage', path: '/geseke/lebenslagen/wohnen-umzug' },
  { name: 'service-county', path: '/geseke/leistungen/baugenehmigung-beantragen' },
  { name: 'service-town', path: '/warstein/leistungen/baugenehmigung-beantragen' },
  { name: 'service-contact-point', path: '/geseke/leistungen/fuehrungszeugnis-beantragen' },
  { name: 'service-any-town', path: '/kreis-soest/leistungen/wohnsitz-anmelden' },
  { name: 'search', path: '/geseke/suche?q=Ausweis' },
  { name: 'search-error', path: '/geseke/suche?q=' },
  { name: 'not-found', path: '/geseke/leistungen/gibt-es-nicht', status: 404 },
  { name: 'accessibility-statement', path: '/geseke/barrierefreiheit' },
  { name: 'imprint', path: '/geseke/impressum' },
  { name: 'privacy', path: '/geseke/datenschutz' },
  { name: 'embed-docs', path: '/embed?ort=geseke' },
  { name: 'embed-frame', path: '/embed/geseke' },
  { name: 'english-service', path: '/en/geseke/leistungen/baugenehmigung-beantragen' },
  { name: 'english-town', path: '/en/geseke/' },
];
