// Reference and key checks of a change set against itself and what the database already holds. Pure. The one
// validator of every catalog write: bundle import, editor publish, API and CLI; messages come from catalog.issues.ts.

import { openingHoursProblem } from '../opening-hours/opening-hours.ts';
import { type CatalogIssue, type IssueCode, type Lang, makeIssue } from './catalog.issues.ts';
import {
  agsProblem,
  arsMatchesAgs,
  type CatalogChangeSet,
  isDay,
  type Labeled,
  leikaKeyProblem,
  parentPrefixProblem,
  type Rule,
} from './catalog.ts';

export interface ExistingIds {
  services: Map<string, { tenantAgs: string; task: string | null }>;
  authorities: Map<string, string>;
  contacts: Map<string, string>;
  areas: Map<string, string>;
  areaKinds: Set<string>;
  lebenslagen: Set<string>;
  slugs: Map<string, string>;
  arsKeys: Map<string, string>;
  /** Defined tasks: "<tenant>:<code>" → owning tenant. */
  tasks?: Map<string, string>;
}

export function validateChangeSet(set: CatalogChangeSet, existing: ExistingIds, lang: Lang = 'en'): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const issue = (record: string, field: string, code: IssueCode, params: Record<string, string> = {}) =>
    issues.push(makeIssue(lang, code, field, params, record));
  const unknown = (record: string, field: string, kind: string, value: string) =>
    issue(record, field, 'reference.unknown', { kind, value });
  const duplicates = <T>(items: Labeled<T>[], key: (t: T) => string, field: string) => {
    const seen = new Map<string, string>();
    for (const item of items) {
      const k = key(item.value);
      const first = seen.get(k);
      if (first) issue(item.label, field, 'duplicate', { value: k, first });
      else seen.set(k, item.label);
    }
  };

  duplicates(set.areaKinds, (k) => k.code, 'code');
  duplicates(set.areas, (a) => a.ags, 'ags');
  duplicates(set.areas, (a) => a.slug, 'slug');
  duplicates(set.areas, (a) => a.ars, 'ars');
  duplicates(set.lebenslagen, (l) => l.id, 'id');
  duplicates(set.services, (s) => s.id, 'id');
  duplicates(set.authorities, (a) => a.id, 'id');
  duplicates(set.contacts, (c) => c.id, 'id');
  duplicates(set.localSettings ?? [], (l) => `${l.areaAgs}:${l.serviceId}`, 'serviceId');

  const kinds = new Set([...existing.areaKinds, ...set.areaKinds.map((k) => k.value.code)]);
  const areas = new Set([...existing.areas.keys(), ...set.areas.map((a) => a.value.ags)]);
  const lebenslagen = new Set([...existing.lebenslagen, ...set.lebenslagen.map((l) => l.value.id)]);
  const services = new Set([...existing.services.keys(), ...set.services.map((s) => s.value.id)]);
  const authorities = new Set([...existing.authorities.keys(), ...set.authorities.map((a) => a.value.id)]);
  const tasks = new Set<string>();
  for (const [, s] of existing.services) if (s.task) tasks.add(s.task);
  for (const s of set.services) if (s.value.task) tasks.add(s.value.task);
  // Task codes are per tenant: a county's "bauaufsicht" and another county's are different records.
  const definedTasks = new Set([
    ...[...(existing.tasks?.keys() ?? [])].map((k) => k.slice(k.indexOf(':') + 1)),
    ...(set.tasks ?? []).map((t) => t.value.code),
  ]);
  for (const code of definedTasks) tasks.add(code);
  duplicates(set.tasks ?? [], (t) => `${t.tenantAgs}:${t.code}`, 'code');

  /** The references and dates of one rule list (a service's or a task's). */
  const checkRules = (label: string, field: string, rules: readonly Rule[]) =>
    rules.forEach((r, i) => {
      const at = `${field}.${i}`;
      if (r.matchType === 'area_kind' && !kinds.has(r.matchValue))
        unknown(label, `${at}.areaKind`, 'areaKind', r.matchValue);
      if (r.matchType !== 'area_kind' && !areas.has(r.matchValue))
        unknown(label, `${at}.${r.matchType === 'subtree' ? 'subtree' : 'area'}`, 'area', r.matchValue);
      if (r.withinAgs && !areas.has(r.withinAgs)) unknown(label, `${at}.within`, 'area', r.withinAgs);
      if (r.answeredByAgs && !areas.has(r.answeredByAgs)) unknown(label, `${at}.answeredBy`, 'area', r.answeredByAgs);
      for (const key of ['validFrom', 'validUntil'] as const) {
        const d = r[key];
        if (d && !isDay(d)) issue(label, `${at}.${key}`, 'date.format', { value: d });
      }
      if (r.validFrom && r.validUntil && r.validFrom >= r.validUntil)
        issue(label, `${at}.validUntil`, 'dates.order', { from: r.validFrom, until: r.validUntil });
    });

  for (const { label, value: t } of set.tasks ?? []) {
    if (!areas.has(t.tenantAgs)) unknown(label, 'tenant', 'area', t.tenantAgs);
    checkRules(label, 'overrides', t.rules);
  }

  for (const { label, value: a } of set.areas) {
    const p = agsProblem(a.ags);
    if (p) issue(label, 'ags', 'ags.format', { problem: p });
    if (!arsMatchesAgs(a.ags, a.ars)) issue(label, 'ars', 'ars.mismatch', { ars: a.ars, ags: a.ags });
    const nesting = parentPrefixProblem(a.ags, a.parentAgs, a.ars);
    if (nesting) issue(label, 'parent', 'parent.prefix', { parent: a.parentAgs ?? '', ags: a.ags, problem: nesting });
    if (a.parentAgs && !areas.has(a.parentAgs)) unknown(label, 'parent', 'area', a.parentAgs);
    if (a.parentAgs === a.ags) issue(label, 'parent', 'parent.self', { what: 'area' });
    if (!kinds.has(a.kind)) unknown(label, 'kind', 'areaKind', a.kind);
    // Dated kind changes: known kinds, real days, strictly in date order (each holds until the next one).
    (a.kindChanges ?? []).forEach((c, i) => {
      if (!kinds.has(c.kind)) unknown(label, `kindChanges.${i}.kind`, 'areaKind', c.kind);
      if (!isDay(c.validFrom)) issue(label, `kindChanges.${i}.validFrom`, 'date.format', { value: c.validFrom });
      const before = a.kindChanges?.[i - 1];
      if (before && before.validFrom >= c.validFrom)
        issue(label, `kindChanges.${i}.validFrom`, 'dates.order', { from: before.validFrom, until: c.validFrom });
    });
    if (a.mainAuthorityId && !authorities.has(a.mainAuthorityId))
      unknown(label, 'mainAuthority', 'authority', a.mainAuthorityId);
    const slugOwner = existing.slugs.get(a.slug);
    if (slugOwner && slugOwner !== a.ags) issue(label, 'slug', 'slug.taken', { value: a.slug, owner: slugOwner });
    const arsOwner = existing.arsKeys.get(a.ars);
    if (arsOwner && arsOwner !== a.ags) issue(label, 'ars', 'ars.taken', { value: a.ars, owner: arsOwner });
  }

  for (const { label, value: l } of set.lebenslagen) {
    if (l.parentId && !lebenslagen.has(l.parentId)) unknown(label, 'parent', 'lebenslage', l.parentId);
    if (l.parentId === l.id) issue(label, 'parent', 'parent.self', { what: 'lebenslage' });
  }

  for (const { label, value: s } of set.services) {
    if (!areas.has(s.tenantAgs)) unknown(label, 'tenant', 'area', s.tenantAgs);
    const owner = existing.services.get(s.id)?.tenantAgs;
    if (owner && owner !== s.tenantAgs) issue(label, 'tenant', 'tenant.foreign', { kind: 'service', id: s.id, owner });
    if (s.leikaKey) {
      const p = leikaKeyProblem(s.leikaKey);
      if (p) issue(label, 'leikaKey', 'leikaKey.format', { problem: p === 'must start with 99' ? 'prefix' : 'digits' });
    }
    s.lebenslagen.forEach((id, i) => {
      if (!lebenslagen.has(id)) unknown(label, `lebenslagen.${i}`, 'lebenslage', id);
    });
    checkRules(label, 'responsibility.overrides', s.rules);
    if (s.inheritsResponsibility && (!s.task || !definedTasks.has(s.task)))
      issue(label, 'responsibility', 'task.undefined', { value: s.task ?? '' });
  }

  // Thousands of units of an import share a handful of opening-hours strings: each distinct one is parsed once.
  const hoursProblems = new Map<string, ReturnType<typeof openingHoursProblem>>();
  for (const { label, value: a } of set.authorities) {
    if (!areas.has(a.areaAgs)) unknown(label, 'area', 'area', a.areaAgs);
    if (!areas.has(a.tenantAgs)) unknown(label, 'tenant', 'area', a.tenantAgs);
    const owner = existing.authorities.get(a.id);
    if (owner && owner !== a.tenantAgs)
      issue(label, 'tenant', 'tenant.foreign', { kind: 'authority', id: a.id, owner });
    if (a.parentId && !authorities.has(a.parentId)) unknown(label, 'parent', 'authority', a.parentId);
    if (a.parentId && a.parentId === a.id) issue(label, 'parent', 'parent.self', { what: 'authority' });
    if (a.openingHours) {
      let p = hoursProblems.get(a.openingHours);
      if (p === undefined) {
        p = openingHoursProblem(a.openingHours);
        hoursProblems.set(a.openingHours, p);
      }
      if (p) issue(label, 'openingHours', 'openingHours.format', { problem: p });
    }
    a.assignments.forEach((x, i) => {
      const field = `responsibleFor.${x.id.split('#')[1]?.split('@')[0] ?? i}`;
      if (x.serviceId && !services.has(x.serviceId)) unknown(label, `${field}.service`, 'service', x.serviceId);
      if (x.task && !tasks.has(x.task)) issue(label, `${field}.task`, 'task.unknown', { value: x.task });
      if (!areas.has(x.areaAgs)) unknown(label, `${field}.areas`, 'area', x.areaAgs);
      if (x.validFrom && x.validUntil && x.validFrom >= x.validUntil)
        issue(label, `${field}.validUntil`, 'dates.order', { from: x.validFrom, until: x.validUntil });
    });
  }

  for (const { label, value: c } of set.contacts) {
    if (!authorities.has(c.authorityId)) unknown(label, 'authority', 'authority', c.authorityId);
    const owner = existing.contacts.get(c.id);
    if (owner && owner !== c.tenantAgs) issue(label, 'tenant', 'tenant.foreign', { kind: 'contact', id: c.id, owner });
    if (!c.name && !c.role)
      issue(label, 'name', 'required', {
        en: 'a contact needs a name or a role',
        de: 'Bitte einen Namen oder eine Funktion angeben.',
      });
    c.serviceIds.forEach((id, i) => {
      if (!services.has(id)) unknown(label, `services.${i}`, 'service', id);
    });
    c.tasks.forEach((t, i) => {
      if (!tasks.has(t)) issue(label, `tasks.${i}`, 'task.unknown', { value: t });
    });
    (c.areas ?? []).forEach((a, i) => {
      if (!areas.has(a)) unknown(label, `areas.${i}`, 'area', a);
    });
  }

  for (const { label, value: l } of set.localSettings ?? []) {
    if (!areas.has(l.areaAgs)) unknown(label, 'area', 'area', l.areaAgs);
    if (!services.has(l.serviceId)) unknown(label, 'serviceId', 'service', l.serviceId);
    if (l.alternativeServiceId && !services.has(l.alternativeServiceId))
      unknown(label, 'alternativeServiceId', 'service', l.alternativeServiceId);
    if (!l.offered && !l.reason)
      issue(label, 'reason', 'required', {
        en: 'a service that is not offered needs a reason',
        de: 'Bitte begründen, warum die Leistung hier nicht angeboten wird.',
      });
  }
  return issues;
}
