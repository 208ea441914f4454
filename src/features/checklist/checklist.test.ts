import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, toCsv } from '../../interop/csv/csv.ts';
import type { Level } from '../catalog/catalog.ts';
import type { ResolvedAuthority, ResolvedService } from '../responsibility/responsibility.ts';
import { type EvaluatedItem, type EvaluateInput, reviewMaxAgeDays } from './checklist.ts';
import { compareTowns } from './checklist-comparison.ts';
import { itemScore, townCoverage } from './checklist-coverage.ts';
import { evaluateItem } from './checklist-evaluate.ts';
import { heatColor, heatScale } from './checklist-heat-map.ts';
import {
  deriveInterfaceKind,
  effectiveInterface,
  INTERFACE_KIND_INFO,
  INTERFACE_KINDS,
  interfaceKindsProblem,
} from './checklist-interface-kinds.ts';

const GESEKE = '05974020';
const KREIS = '05974';
const NOW = new Date('2025-06-01T10:00:00Z');

function unit(id: string, areaAgs: string, extra: Partial<ResolvedAuthority> = {}): ResolvedAuthority {
  return {
    id,
    name: id,
    areaAgs,
    phone: '+49 2942 500-0',
    email: null,
    website: null,
    address: { street: null, postcode: null, city: null },
    openingHours: 'Mo-Fr 08:00-12:00',
    openingHoursNote: null,
    openNow: null,
    nextChange: null,
    accessibility: null,
    sample: false,
    deepLink: null,
    ...extra,
  };
}

function resolved(
  level: Level,
  areaAgs: string,
  authority: ResolvedAuthority | null,
  contactPoint: ResolvedAuthority | null = null,
  extra: Partial<ResolvedService> = {},
): ResolvedService {
  return {
    id: 'svc',
    name: 'Leistung',
    leikaKey: null,
    leikaType: null,
    synonyms: [],
    task: null,
    lebenslagen: ['ll'],
    forms: [],
    onlineServices: [],
    textModules: {},
    ownerAgs: KREIS,
    forAgs: GESEKE,
    notOffered: null,
    localText: null,
    localData: false,
    teaser: null,
    fullText: null,
    documents: null,
    prerequisites: null,
    fees: null,
    deadlines: null,
    processingTime: null,
    procedure: null,
    legalBasis: null,
    hints: null,
    furtherInfo: null,
    responsible: {
      level,
      areaAgs,
      areaName: 'x',
      rule: { kind: 'default', ruleId: null, matchValue: null },
      legalBasis: null,
      reason: null,
      authority,
      contactPoint,
      contacts: [],
    },
    ...extra,
  };
}

function input(service: ResolvedService | null, extra: Partial<EvaluateInput> = {}): EvaluateInput {
  return {
    item: { id: 'll--svc', lebenslageId: 'll', serviceId: 'svc', priority: 'wichtig', interfaceKinds: [], note: null },
    service,
    fallbackName: 'Leistung',
    townAgs: GESEKE,
    mainAuthorityOf: () => null,
    setting: null,
    reviewedAt: '2025-03-01T00:00:00Z',
    reviewMaxAgeDays: 365,
    openReports: 0,
    alternativeAuthorityOf: () => null,
    linkState: () => 'ok',
    now: NOW,
    ...extra,
  };
}

test('every interface kind is documented and names its decider', () => {
  for (const k of INTERFACE_KINDS) {
    const info = INTERFACE_KIND_INFO[k];
    assert.equal(info.kind, k);
    assert.ok(info.meaning.length > 20 && info.townPublishes.length > 20, k);
    assert.ok(
      k.startsWith(info.decider === 'land_bund' ? 'land_bund' : info.decider === 'kreis' ? 'kreis' : 'gemeinde') ||
        k.startsWith('gemeinde_nimmt_an'),
      k,
    );
  }
});

test('the default interface comes from the resolver: level and contact point', () => {
  assert.equal(
    deriveInterfaceKind(resolved('gemeinde', GESEKE, unit('buergerbuero', GESEKE)), GESEKE),
    'gemeinde_entscheidet',
  );
  assert.equal(
    deriveInterfaceKind(resolved('kreis', KREIS, unit('kreis-strassenverkehr', KREIS)), GESEKE),
    'kreis_entscheidet_gemeinde_informiert',
  );
  assert.equal(
    deriveInterfaceKind(resolved('kreis', KREIS, unit('kreis-sozialamt', KREIS), unit('buergerbuero', GESEKE)), GESEKE),
    'kreis_entscheidet_gemeinde_ist_ansprechpunkt',
  );
  assert.equal(
    deriveInterfaceKind(resolved('bund', '00', unit('bundesamt-justiz', '00'), unit('buergerbuero', GESEKE)), GESEKE),
    'land_bund_entscheidet_gemeinde_ist_ansprechpunkt',
  );
  assert.equal(
    deriveInterfaceKind(resolved('land', '05', unit('lva', '05')), GESEKE),
    'land_bund_entscheidet_gemeinde_informiert',
  );
  // A Kreis-level service that a kreisfreie Stadt answers itself: the town decides.
  assert.equal(
    deriveInterfaceKind(resolved('kreis', '05911000', unit('bochum', '05911000')), '05911000'),
    'gemeinde_entscheidet',
  );
});

test('an explicit kind wins only where its decider matches the resolver', () => {
  const explicit = ['kreis_entscheidet_gemeinde_beteiligt'] as const;
  const kreis = effectiveInterface(resolved('kreis', KREIS, unit('bauaufsicht', KREIS)), GESEKE, explicit);
  assert.deepEqual(kreis, {
    kind: 'kreis_entscheidet_gemeinde_beteiligt',
    derived: 'kreis_entscheidet_gemeinde_informiert',
    source: 'explicit',
    explicitMismatch: false,
  });
  // Soest has its own Bauaufsicht: the explicit Kreis kind does not apply there.
  const soest = effectiveInterface(
    resolved('gemeinde', '05974040', unit('soest-bauaufsicht', '05974040')),
    '05974040',
    explicit,
  );
  assert.equal(soest.kind, 'gemeinde_entscheidet');
  assert.equal(soest.source, 'derived');
  assert.equal(soest.explicitMismatch, true);
});

test('explicit kinds: unknown codes and two kinds for one decider are refused', () => {
  assert.equal(interfaceKindsProblem(['gemeinde_entscheidet', 'kreis_entscheidet_gemeinde_beteiligt']), null);
  assert.match(interfaceKindsProblem(['kreis_macht_alles']) ?? '', /unknown interface kind/);
  assert.match(
    interfaceKindsProblem(['kreis_entscheidet_gemeinde_informiert', 'gemeinde_nimmt_an_kreis_entscheidet']) ?? '',
    /at most one/,
  );
});

test('a complete town-decided product', () => {
  const s = resolved(
    'gemeinde',
    GESEKE,
    unit('buergerbuero', GESEKE, { deepLink: 'https://www.geseke.de/anmelden' }),
    null,
    {
      onlineServices: [{ title: 'Online', url: 'https://portal.example/x', type: 'antrag' }],
    },
  );
  s.responsible.contacts = [
    {
      id: 'c',
      authorityId: 'buergerbuero',
      name: 'Team Bürgerbüro',
      role: null,
      phone: null,
      email: null,
      room: null,
      sample: false,
    },
  ];
  const e = evaluateItem(input(s));
  assert.equal(e.status, 'offered');
  assert.deepEqual(
    e.checks.map((c) => [c.name, c.state]),
    [
      ['unit', 'ok'],
      ['contact', 'ok'],
      ['hours', 'ok'],
      ['online', 'ok'],
      ['reviewed', 'ok'],
      ['links', 'ok'],
      ['reports', 'na'],
    ],
  );
  assert.equal(e.complete, true);
});

test('gaps: no contact, only a note on hours, old texts, a broken link', () => {
  const s = resolved(
    'gemeinde',
    GESEKE,
    unit('buergerbuero', GESEKE, {
      phone: null,
      openingHours: null,
      openingHoursNote: 'nach Vereinbarung',
      deepLink: 'https://x.example/a',
    }),
  );
  const e = evaluateItem(input(s, { reviewedAt: '2023-01-01T00:00:00Z', linkState: () => 'broken' }));
  const state = Object.fromEntries(e.checks.map((c) => [c.name, c.state]));
  assert.deepEqual(state, {
    unit: 'ok',
    contact: 'fail',
    hours: 'warn',
    online: 'warn',
    reviewed: 'fail',
    links: 'fail',
    reports: 'na',
  });
  assert.equal(e.complete, false);
  // A review tick by the town makes the texts count as reviewed.
  const ticked = evaluateItem(input(s, { reviewedAt: '2025-05-01T00:00:00Z' }));
  assert.equal(ticked.checks.find((c) => c.name === 'reviewed')?.state, 'ok');
  assert.equal(ticked.lastReviewedAt, '2025-05-01T00:00:00Z');
});

test('"Texte geprüft" needs a person\'s confirmation within the configured period, never the catalog date', () => {
  const s = resolved('gemeinde', GESEKE, unit('buergerbuero', GESEKE));
  const never = evaluateItem(input(s, { reviewedAt: null }));
  assert.equal(never.checks.find((c) => c.name === 'reviewed')?.state, 'fail');
  assert.equal(never.lastReviewedAt, null);
  const recent = input(s, { reviewedAt: '2025-04-01T00:00:00Z' });
  assert.equal(evaluateItem(recent).checks.find((c) => c.name === 'reviewed')?.state, 'ok');
  const strict = evaluateItem({ ...recent, reviewMaxAgeDays: 30 });
  assert.equal(strict.checks.find((c) => c.name === 'reviewed')?.state, 'fail');
  assert.match(strict.checks.find((c) => c.name === 'reviewed')?.message ?? '', /älter als 30 Tage/);
  assert.equal(reviewMaxAgeDays({}), 365);
  assert.equal(reviewMaxAgeDays({ CHECKLIST_REVIEW_MAX_DAYS: '90' }), 90);
  assert.throws(() => reviewMaxAgeDays({ CHECKLIST_REVIEW_MAX_DAYS: 'bald' }), /whole number of days/);
});

test('sample data counts as missing and says "Beispieldaten"', () => {
  const real = resolved('gemeinde', GESEKE, unit('buergerbuero', GESEKE));
  const withContact = (sample: boolean): ResolvedService => ({
    ...real,
    responsible: {
      ...real.responsible,
      contacts: [
        {
          id: 'c',
          authorityId: 'buergerbuero',
          name: 'Frau Muster',
          role: null,
          phone: '1',
          email: null,
          room: null,
          sample,
        },
      ],
    },
  });
  const ok = evaluateItem(input(withContact(false)));
  assert.equal(ok.checks.find((c) => c.name === 'contact')?.state, 'ok');
  const sampleContact = evaluateItem(input(withContact(true))).checks.find((c) => c.name === 'contact');
  assert.equal(sampleContact?.state, 'fail');
  assert.equal(sampleContact?.sample, true);
  assert.match(sampleContact?.message ?? '', /Beispieldaten/);

  const sampleUnit = resolved('gemeinde', GESEKE, unit('buergerbuero', GESEKE, { sample: true }));
  const e = evaluateItem(input(sampleUnit));
  assert.equal(e.checks.find((c) => c.name === 'unit')?.state, 'fail');
  assert.equal(e.checks.find((c) => c.name === 'unit')?.sample, true);
  assert.equal(e.status, 'missing', 'a sample unit without a real contact is no way to reach anyone');
  assert.match(e.statusReason ?? '', /Beispieldaten/);
  assert.equal(itemScore(e), 0);
});

test('open citizen reports fail the product and lower its score; none leave it alone', () => {
  const s = resolved('gemeinde', GESEKE, unit('buergerbuero', GESEKE));
  const quiet = evaluateItem(input(s));
  const reported = evaluateItem(input(s, { openReports: 2 }));
  assert.equal(quiet.checks.find((c) => c.name === 'reports')?.state, 'na');
  assert.equal(reported.checks.find((c) => c.name === 'reports')?.state, 'fail');
  assert.match(reported.checks.find((c) => c.name === 'reports')?.message ?? '', /2 offene Fehlermeldungen/);
  assert.equal(reported.complete, false);
  assert.ok(itemScore(reported) < itemScore(quiet));
});

test('only the main administration as unit is a hint, not a pass', () => {
  const s = resolved('gemeinde', GESEKE, unit('geseke-stadtverwaltung', GESEKE));
  const e = evaluateItem(input(s, { mainAuthorityOf: (ags) => (ags === GESEKE ? 'geseke-stadtverwaltung' : null) }));
  assert.equal(e.checks.find((c) => c.name === 'unit')?.state, 'warn');
});

test('an explicit "Gemeinde nimmt an" needs a town unit even when the catalog names only the Kreis', () => {
  const s = resolved('kreis', KREIS, unit('kreis-sozialamt', KREIS));
  const e = evaluateItem(
    input(s, {
      item: {
        id: 'x',
        lebenslageId: 'll',
        serviceId: 'svc',
        priority: 'wichtig',
        interfaceKinds: ['gemeinde_nimmt_an_kreis_entscheidet'],
        note: null,
      },
    }),
  );
  assert.equal(e.interface?.kind, 'gemeinde_nimmt_an_kreis_entscheidet');
  assert.equal(e.checks.find((c) => c.name === 'unit')?.state, 'fail');
});

test('"Kreis entscheidet, Gemeinde informiert" needs a working link and the Kreis unit', () => {
  const noLinks = evaluateItem(input(resolved('kreis', KREIS, unit('kreis-strassenverkehr', KREIS))));
  assert.equal(noLinks.interface?.kind, 'kreis_entscheidet_gemeinde_informiert');
  assert.equal(noLinks.checks.find((c) => c.name === 'unit')?.state, 'ok');
  assert.equal(noLinks.checks.find((c) => c.name === 'links')?.state, 'fail');
  const linked = evaluateItem(
    input(resolved('kreis', KREIS, unit('kreis-strassenverkehr', KREIS, { website: 'https://www.kreis-soest.de' }))),
  );
  assert.equal(linked.checks.find((c) => c.name === 'links')?.state, 'ok');
});

test('not offered: settled only with a reason and a named alternative authority', () => {
  const s = resolved('gemeinde', GESEKE, unit('buergerbuero', GESEKE));
  const setting = {
    offered: false,
    reason: 'Kein Friedhof in Trägerschaft der Stadt.',
    alternativeUrl: null,
    alternativeServiceId: null,
    localOnlineServices: [],
    updatedAt: '2025-01-01T00:00:00Z',
  };
  const reasonOnly = evaluateItem(input(s, { setting }));
  assert.equal(reasonOnly.status, 'not_offered');
  assert.equal(reasonOnly.complete, false, 'any reason alone no longer covers the product');
  assert.equal(reasonOnly.checks.find((c) => c.name === 'alternative')?.state, 'fail');
  const named = evaluateItem(
    input(s, {
      setting: { ...setting, alternativeServiceId: 'friedhof-kreis' },
      alternativeAuthorityOf: (id) => (id === 'friedhof-kreis' ? 'Kreis Soest – Friedhofsamt' : null),
    }),
  );
  assert.equal(named.complete, true);
  assert.equal(named.checks.find((c) => c.name === 'alternative')?.message, 'Kreis Soest – Friedhofsamt');
  const unresolvable = evaluateItem(input(s, { setting: { ...setting, alternativeServiceId: 'gibt-es-nicht' } }));
  assert.equal(unresolvable.complete, false);
  const without = evaluateItem(input(s, { setting: { ...setting, reason: '  ' } }));
  assert.equal(without.complete, false);
  assert.equal(without.checks[0]?.state, 'fail');
});

test('missing: not in the town list, or neither unit nor contact', () => {
  const absent = evaluateItem(input(null));
  assert.equal(absent.status, 'missing');
  assert.equal(absent.complete, false);
  const empty = evaluateItem(input(resolved('gemeinde', GESEKE, null)));
  assert.equal(empty.status, 'missing');
});

test('town coverage and county comparison', () => {
  const mk = (serviceId: string, lebenslageId: string, complete: boolean, contactFail = false): EvaluatedItem => ({
    itemId: `${lebenslageId}--${serviceId}`,
    lebenslageId,
    serviceId,
    serviceName: serviceId,
    leikaKey: null,
    priority: 'wichtig',
    note: null,
    status: 'offered',
    statusReason: null,
    interface: null,
    level: 'gemeinde',
    authorityName: null,
    contactPointName: null,
    checks: contactFail ? [{ name: 'contact', state: 'fail', message: '' }] : [],
    complete,
    lastReviewedAt: null,
    links: complete ? [] : [{ url: `https://x.example/${serviceId}`, kind: 'form', label: 'f', state: 'broken' }],
  });
  const ll = [
    { id: 'wohnen', name: 'Wohnen' },
    { id: 'kfz', name: 'Kfz' },
    { id: 'leer', name: 'Leer' },
  ];
  const a = townCoverage(
    { ags: '1', name: 'Anröchte', slug: 'a' },
    ll,
    [mk('anmelden', 'wohnen', true), mk('zulassen', 'kfz', false, true), mk('abmelden', 'kfz', false, true)],
    NOW,
  );
  assert.deepEqual(
    a.lebenslagen.map((l) => [l.lebenslageId, l.percent]),
    [
      ['wohnen', 100],
      ['kfz', 0],
    ],
  );
  assert.equal(a.percent, 33);
  assert.equal(a.missingContacts, 2);
  assert.equal(a.brokenLinks, 2);
  const b = townCoverage(
    { ags: '2', name: 'Bad Sassendorf', slug: 'b' },
    ll,
    [mk('anmelden', 'wohnen', false), mk('zulassen', 'kfz', false, true), mk('zulassen', 'wohnen', false)],
    NOW,
  );
  const cmp = compareTowns([a, b], NOW);
  assert.deepEqual(
    cmp.lebenslagen.map((l) => l.id),
    ['wohnen', 'kfz'],
  );
  assert.deepEqual(cmp.cells, [
    [100, 0],
    [0, 0],
  ]);
  assert.equal(cmp.commonGaps[0]?.serviceId, 'zulassen', 'the gap both towns share comes first');
  assert.deepEqual(cmp.commonGaps[0]?.towns, ['1', '2'], 'counted once per town even in two Lebenslagen');
  assert.deepEqual(
    cmp.mostMissingContacts.map((t) => [t.name, t.count]),
    [
      ['Anröchte', 2],
      ['Bad Sassendorf', 1],
    ],
  );
});

test('heat colours: five bins, readable text, a blank for no data', () => {
  assert.equal(heatColor(100).fill, '#08306b');
  assert.equal(heatColor(100).text, '#ffffff');
  assert.equal(heatColor(45).text, '#000000');
  assert.equal(heatColor(0).fill, '#f7fbff');
  assert.equal(heatColor(null).fill, '#ffffff');
});

test('the heat scale stretches over the values shown, so close towns get different colours', () => {
  const values = [65, 68, 71, 74, 79, null];
  // On the fixed scale every town falls into one band …
  assert.equal(new Set(values.map((v) => heatColor(v).fill)).size, 2, 'one band plus the blank');
  // … the fitted scale spreads them over all five shades, and the legend names the ranges.
  const scale = heatScale(values);
  assert.equal(new Set(values.filter((v) => v !== null).map((v) => heatColor(v, scale).fill)).size, 5);
  assert.equal(heatColor(79, scale).fill, '#08306b');
  assert.equal(heatColor(65, scale).fill, '#f7fbff');
  assert.equal(scale[scale.length - 1]?.label.startsWith('65'), true);
  assert.match(scale[0]?.label ?? '', /79 %$/);
});

test('CSV: separators quoted, formulas defused, BOM and CRLF', () => {
  assert.equal(csvField('a;b'), '"a;b"');
  assert.equal(csvField('sagt "hallo"'), '"sagt ""hallo"""');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(-5), '-5', 'numbers stay numbers');
  assert.equal(csvField(true), 'ja');
  assert.equal(
    toCsv([
      ['a', 1],
      ['b', null],
    ]),
    '\uFEFFa;1\r\nb;\r\n',
  );
});
