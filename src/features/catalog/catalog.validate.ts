// Reference and key checks of a change set against itself and what the database already holds. Pure.

import type { ValidationIssue } from '../../shared/errors.ts';
import { openingHoursProblem } from '../opening-hours/opening-hours.ts';
import {
  agsProblem,
  arsMatchesAgs,
  type CatalogChangeSet,
  type Labeled,
  leikaKeyProblem,
  parentPrefixProblem,
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
}

function duplicates<T>(items: Labeled<T>[], key: (t: T) => string, field: string, issues: ValidationIssue[]): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const k = key(item.value);
    const first = seen.get(k);
    if (first) issues.push({ record: item.label, field, message: `"${k}" appears twice (first at ${first})` });
    else seen.set(k, item.label);
  }
}

export function validateChangeSet(set: CatalogChangeSet, existing: ExistingIds): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (record: string, field: string, message: string) => issues.push({ record, field, message });

  duplicates(set.areaKinds, (k) => k.code, 'code', issues);
  duplicates(set.areas, (a) => a.ags, 'ags', issues);
  duplicates(set.areas, (a) => a.slug, 'slug', issues);
  duplicates(set.areas, (a) => a.ars, 'ars', issues);
  duplicates(set.lebenslagen, (l) => l.id, 'id', issues);
  duplicates(set.services, (s) => s.id, 'id', issues);
  duplicates(set.authorities, (a) => a.id, 'id', issues);
  duplicates(set.contacts, (c) => c.id, 'id', issues);

  const kinds = new Set([...existing.areaKinds, ...set.areaKinds.map((k) => k.value.code)]);
  const areas = new Set([...existing.areas.keys(), ...set.areas.map((a) => a.value.ags)]);
  const lebenslagen = new Set([...existing.lebenslagen, ...set.lebenslagen.map((l) => l.value.id)]);
  const services = new Set([...existing.services.keys(), ...set.services.map((s) => s.value.id)]);
  const authorities = new Set([...existing.authorities.keys(), ...set.authorities.map((a) => a.value.id)]);
  const tasks = new Set<string>();
  for (const [, s] of existing.services) if (s.task) tasks.add(s.task);
  for (const s of set.services) if (s.value.task) tasks.add(s.value.task);

  for (const { label, value: a } of set.areas) {
    const p = agsProblem(a.ags);
    if (p) add(label, 'ags', p);
    if (!arsMatchesAgs(a.ags, a.ars)) add(label, 'ars', `ARS ${a.ars} does not match AGS ${a.ags}`);
    const pp = parentPrefixProblem(a.ags, a.parentAgs);
    if (pp) add(label, 'parent', pp);
    if (a.parentAgs && !areas.has(a.parentAgs)) add(label, 'parent', `unknown area "${a.parentAgs}"`);
    if (a.parentAgs === a.ags) add(label, 'parent', 'an area cannot be its own parent');
    if (!kinds.has(a.kind)) add(label, 'kind', `unknown area kind "${a.kind}"`);
    if (a.mainAuthorityId && !authorities.has(a.mainAuthorityId))
      add(label, 'mainAuthority', `unknown authority "${a.mainAuthorityId}"`);
    const slugOwner = existing.slugs.get(a.slug);
    if (slugOwner && slugOwner !== a.ags) add(label, 'slug', `"${a.slug}" is already used by area ${slugOwner}`);
    const arsOwner = existing.arsKeys.get(a.ars);
    if (arsOwner && arsOwner !== a.ags) add(label, 'ars', `"${a.ars}" is already used by area ${arsOwner}`);
  }

  for (const { label, value: l } of set.lebenslagen) {
    if (l.parentId && !lebenslagen.has(l.parentId)) add(label, 'parent', `unknown Lebenslage "${l.parentId}"`);
    if (l.parentId === l.id) add(label, 'parent', 'a Lebenslage cannot be its own parent');
  }

  for (const { label, value: s } of set.services) {
    if (!areas.has(s.tenantAgs)) add(label, 'tenant', `unknown area "${s.tenantAgs}"`);
    const owner = existing.services.get(s.id)?.tenantAgs;
    if (owner && owner !== s.tenantAgs)
      add(label, 'tenant', `service "${s.id}" belongs to ${owner}; a tenant cannot take over another's record`);
    if (s.leikaKey) {
      const p = leikaKeyProblem(s.leikaKey);
      if (p) add(label, 'leikaKey', p);
    }
    s.lebenslagen.forEach((id, i) => {
      if (!lebenslagen.has(id)) add(label, `lebenslagen.${i}`, `unknown Lebenslage "${id}"`);
    });
    s.rules.forEach((r, i) => {
      if (r.matchType === 'area_kind' && !kinds.has(r.matchValue))
        add(label, `responsibility.overrides.${i}.areaKind`, `unknown area kind "${r.matchValue}"`);
      if (r.matchType === 'area' && !areas.has(r.matchValue))
        add(label, `responsibility.overrides.${i}.area`, `unknown area "${r.matchValue}"`);
      if (r.withinAgs && !areas.has(r.withinAgs))
        add(label, `responsibility.overrides.${i}.within`, `unknown area "${r.withinAgs}"`);
    });
  }

  for (const { label, value: a } of set.authorities) {
    if (!areas.has(a.areaAgs)) add(label, 'area', `unknown area "${a.areaAgs}"`);
    if (!areas.has(a.tenantAgs)) add(label, 'tenant', `unknown area "${a.tenantAgs}"`);
    const owner = existing.authorities.get(a.id);
    if (owner && owner !== a.tenantAgs) add(label, 'tenant', `authority "${a.id}" belongs to ${owner}`);
    if (a.parentId && !authorities.has(a.parentId)) add(label, 'parent', `unknown authority "${a.parentId}"`);
    if (a.openingHours) {
      const p = openingHoursProblem(a.openingHours);
      if (p) add(label, 'openingHours', `not valid OSM opening_hours: ${p}`);
    }
    a.assignments.forEach((x, i) => {
      const field = `responsibleFor.${x.id.split('#')[1]?.split('@')[0] ?? i}`;
      if (x.serviceId && !services.has(x.serviceId)) add(label, `${field}.service`, `unknown service "${x.serviceId}"`);
      if (x.task && !tasks.has(x.task)) add(label, `${field}.task`, `no service has task "${x.task}"`);
      if (!areas.has(x.areaAgs)) add(label, `${field}.areas`, `unknown area "${x.areaAgs}"`);
    });
  }

  for (const { label, value: c } of set.contacts) {
    if (!authorities.has(c.authorityId)) add(label, 'authority', `unknown authority "${c.authorityId}"`);
    if (!c.name && !c.role) add(label, 'name', 'a contact needs a name or a role');
    c.serviceIds.forEach((id, i) => {
      if (!services.has(id)) add(label, `services.${i}`, `unknown service "${id}"`);
    });
    c.tasks.forEach((t, i) => {
      if (!tasks.has(t)) add(label, `tasks.${i}`, `no service has task "${t}"`);
    });
  }
  return issues;
}
