// All SQL of the catalog. Tenant data is only read or written with the tenant scope named by the caller; the few
// deliberate cross-tenant lookups are collected in one section below and named as such.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AreaKindTable, AreaTable } from '../areas/areas.table.ts';
import {
  type AreaServiceDoc,
  type AuthorityDoc,
  areaServiceDoc,
  authorityDoc,
  type ContactDoc,
  canonicalJson,
  contactDoc,
  type DocOf,
  type LebenslageDoc,
  lebenslageDoc,
  type ServiceDoc,
  serviceDoc,
} from './catalog.documents.ts';
import type {
  AreaServiceSettingTable,
  AuthorityTable,
  ContactTable,
  LebenslageTable,
  RevisionTable,
  ServiceTable,
} from './catalog.table.ts';
import { scopeTenants, type Tenant, type TenantScope } from './catalog.tenant.ts';
import type {
  Area,
  AreaKind,
  Assignment,
  Authority,
  AuthorityWithAssignments,
  ConnectingFactor,
  Contact,
  Lebenslage,
  Level,
  LocalServiceSetting,
  Removal,
  ResponsibilityRule,
  Rule,
  Service,
  Task,
} from './catalog.ts';

type Q = Kysely<Database>;

const json = <T>(text: string | null, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

// ---- mapping ---------------------------------------------------------------------------------------------------

export const toAreaKind = (r: Selectable<AreaKindTable>): AreaKind => ({
  code: r.code,
  name: r.name,
  tiers: json<Level[]>(r.tiers, []),
  description: r.description,
});

export const toArea = (r: Selectable<AreaTable>): Area => ({
  ags: r.ags,
  ars: r.ars,
  name: r.name,
  kind: r.kind,
  parentAgs: r.parentAgs,
  slug: r.slug,
  postcodes: json<string[]>(r.postcodes, []),
  population: r.population,
  mainAuthorityId: r.mainAuthorityId,
  website: r.website,
  // Only when set, so areas without register data look as they always did (API, exports, history).
  ...(r.registerKind ? { registerKind: r.registerKind } : {}),
  ...(r.validUntil ? { validUntil: r.validUntil } : {}),
  ...(r.successorAgs ? { successorAgs: r.successorAgs } : {}),
  ...(r.kindChanges ? { kindChanges: json<Array<{ kind: string; validFrom: string }>>(r.kindChanges, []) } : {}),
});

export const toLebenslage = (r: Selectable<LebenslageTable>): Lebenslage => ({
  id: r.id,
  parentId: r.parentId,
  name: r.name,
  nameEn: r.nameEn,
  description: r.description,
  themenfeld: r.themenfeld,
  position: r.position,
});

export const toAuthority = (r: Selectable<AuthorityTable>): Authority => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  areaAgs: r.areaAgs,
  parentId: r.parentId,
  name: r.name,
  address: { street: r.street, postcode: r.postcode, city: r.city },
  phone: r.phone,
  fax: r.fax,
  email: r.email,
  website: r.website,
  openingHours: r.openingHours,
  openingHoursNote: r.openingHoursNote,
  accessibility: r.accessibility,
  sample: r.sample === 1,
  version: r.version,
});

const toService = (r: Selectable<ServiceTable>, rules: ResponsibilityRule[], lebenslagen: string[]): Service => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  leikaKey: r.leikaKey,
  leikaType: r.leikaType,
  name: r.name,
  synonyms: json<string[]>(r.synonyms, []),
  task: r.task,
  lebenslagen,
  teaser: r.teaser,
  fullText: r.fullText,
  documents: r.documents,
  prerequisites: r.prerequisites,
  fees: r.fees,
  deadlines: r.deadlines,
  processingTime: r.processingTime,
  procedure: r.procedure,
  legalBasis: r.legalBasis,
  hints: r.hints,
  furtherInfo: r.furtherInfo,
  forms: json(r.forms, []),
  onlineServices: json(r.onlineServices, []),
  textModules: json<Record<string, string>>(r.textModules, {}),
  defaultLevel: r.defaultLevel as Level,
  defaultLegalBasis: r.defaultLegalBasis,
  defaultReason: r.defaultReason,
  rules,
  ...(r.inheritsResponsibility === 1 ? { inheritsResponsibility: true } : {}),
  ...(r.connectingFactor ? { connectingFactor: r.connectingFactor as ConnectingFactor } : {}),
  ...(r.audience ? { audience: json<NonNullable<Service['audience']>>(r.audience, []) } : {}),
  ...(r.provenance ? { provenance: json<NonNullable<Service['provenance']>>(r.provenance, {} as never) } : {}),
  version: r.version,
});

const toContact = (r: Selectable<ContactTable>, serviceIds: string[], tasks: string[]): Contact => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  authorityId: r.authorityId,
  name: r.name,
  role: r.role,
  phone: r.phone,
  email: r.email,
  room: r.room,
  sample: r.sample === 1,
  serviceIds,
  tasks,
  ...(r.areas ? { areas: json<string[]>(r.areas, []) } : {}),
  version: r.version,
});

/** A town's published setting for a service of a tenant above it (`area_service_settings`). */
export const toLocalServiceSetting = (r: Selectable<AreaServiceSettingTable>): LocalServiceSetting => ({
  areaAgs: r.areaAgs,
  serviceId: r.serviceId,
  offered: r.offered === 1,
  reason: r.reason,
  alternativeUrl: r.alternativeUrl,
  alternativeServiceId: r.alternativeServiceId,
  localText: r.localText,
  localFees: r.localFees,
  localDocuments: r.localDocuments,
  localOnlineServices: json(r.localOnlineServices, []),
});

/** The dated and answered-elsewhere parts of a rule or assignment, present only when set (old records stay equal). */
const extras = (x: { answeredByAgs?: string | null; validFrom: string | null; validUntil: string | null }) => ({
  ...(x.answeredByAgs ? { answeredByAgs: x.answeredByAgs } : {}),
  ...(x.validFrom ? { validFrom: x.validFrom } : {}),
  ...(x.validUntil ? { validUntil: x.validUntil } : {}),
});

const toBaseRule = (x: Selectable<Database['taskRules']> | Selectable<Database['responsibilityRules']>): Rule => ({
  id: x.id,
  position: x.position,
  matchType: x.matchType as Rule['matchType'],
  matchValue: x.matchValue,
  withinAgs: x.withinAgs,
  level: x.level as Level,
  legalBasis: x.legalBasis,
  reason: x.reason,
  ...extras(x),
});

const toRule = (x: Selectable<Database['responsibilityRules']>): ResponsibilityRule => ({
  ...toBaseRule(x),
  serviceId: x.serviceId,
});

const toTask = (r: Selectable<Database['tasks']>, rules: Rule[]): Task => ({
  code: r.code,
  tenantAgs: r.tenantAgs,
  name: r.name,
  defaultLevel: r.defaultLevel as Level,
  defaultLegalBasis: r.defaultLegalBasis,
  defaultReason: r.defaultReason,
  connectingFactor: (r.connectingFactor as ConnectingFactor | null) ?? null,
  rules,
  version: r.version,
});

/** The dated/answering columns of a rule, for inserts. */
/** The columns a rule has in both rule tables (a service's `responsibility_rules`, a task's `task_rules`). */
const ruleColumns = (r: Rule) => ({
  position: r.position,
  matchType: r.matchType,
  matchValue: r.matchValue,
  withinAgs: r.withinAgs,
  level: r.level,
  legalBasis: r.legalBasis,
  reason: r.reason,
  answeredByAgs: r.answeredByAgs ?? null,
  validFrom: r.validFrom ?? null,
  validUntil: r.validUntil ?? null,
});

const toAssignment = (r: Selectable<Database['assignments']>): Assignment => ({
  id: r.id,
  tenantAgs: r.tenantAgs,
  serviceId: r.serviceId,
  task: r.task,
  areaAgs: r.areaAgs,
  authorityId: r.authorityId,
  role: r.role as Assignment['role'],
  deepLink: r.deepLink,
  note: r.note,
  ...extras(r),
});

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// ---- reads: structure (shared by every tenant) -----------------------------------------------------------------

export async function readAreaKinds(db: Q): Promise<AreaKind[]> {
  return (await db.selectFrom('areaKinds').selectAll().orderBy('code').execute()).map(toAreaKind);
}

export async function readAreas(db: Q): Promise<Area[]> {
  return (await db.selectFrom('areas').selectAll().orderBy('ags').execute()).map(toArea);
}

export async function readLebenslagen(db: Q): Promise<Lebenslage[]> {
  return (await db.selectFrom('lebenslagen').selectAll().orderBy('position').orderBy('id').execute()).map(toLebenslage);
}

// The cache generation counters are shared infrastructure (src/db/cache-generations.ts); re-exported for the
// catalog's service, write path and tests.
export { bumpCacheGeneration, localBumpCount, readCacheGeneration } from '../../db/cache-generations.ts';

// ---- reads: tenant data -----------------------------------------------------------------------------------------

export interface TenantCatalog {
  services: Service[];
  authorities: Authority[];
  assignments: Assignment[];
  contacts: Contact[];
  /** Each town's published settings for catalog services (only a town's own rows count). */
  localSettings: LocalServiceSetting[];
}

/** Every service, unit, assignment and contact owned by the tenants of the scope. */
export async function readTenantCatalog(db: Q, scope: TenantScope): Promise<TenantCatalog> {
  const tenants = scopeTenants(scope);
  // "All tenants" filters by nothing; a list filters every table by owner.
  const list: string[] = tenants ?? [];
  const all = tenants === null;
  const [serviceRows, ruleRows, llRows, authorityRows, assignmentRows, contactRows, linkRows, settingRows] =
    await Promise.all([
      db
        .selectFrom('services')
        .selectAll()
        .$if(!all, (q) => q.where('tenantAgs', 'in', list))
        .orderBy('name')
        .execute(),
      db
        .selectFrom('responsibilityRules as r')
        .innerJoin('services as s', 's.id', 'r.serviceId')
        .selectAll('r')
        .$if(!all, (q) => q.where('s.tenantAgs', 'in', list))
        .orderBy('r.position')
        .execute(),
      db
        .selectFrom('serviceLebenslagen as sl')
        .innerJoin('services as s', 's.id', 'sl.serviceId')
        .select(['sl.serviceId', 'sl.lebenslageId', 'sl.position'])
        .$if(!all, (q) => q.where('s.tenantAgs', 'in', list))
        .orderBy('sl.position')
        .execute(),
      db
        .selectFrom('authorities')
        .selectAll()
        .$if(!all, (q) => q.where('tenantAgs', 'in', list))
        .orderBy('name')
        .execute(),
      db
        .selectFrom('assignments')
        .selectAll()
        .$if(!all, (q) => q.where('tenantAgs', 'in', list))
        .orderBy('id')
        .execute(),
      db
        .selectFrom('contacts')
        .selectAll()
        .$if(!all, (q) => q.where('tenantAgs', 'in', list))
        .orderBy('id')
        .execute(),
      db
        .selectFrom('contactServices')
        .selectAll()
        .$if(!all, (q) => q.where('tenantAgs', 'in', list))
        .execute(),
      db
        .selectFrom('areaServiceSettings')
        .selectAll()
        .$if(!all, (q) => q.where('tenantAgs', 'in', list))
        .whereRef('tenantAgs', '=', 'areaAgs')
        .execute(),
    ]);
  // An archived (removed) service is kept with everything that hangs on it, for a restore; the catalog skips it all.
  const archived = new Set(
    (await db.selectFrom('services').select('id').where('archivedAt', 'is not', null).execute()).map((r) => r.id),
  );
  const live = (serviceId: string | null) => serviceId === null || !archived.has(serviceId);
  const rulesBy = groupBy(ruleRows, (r) => r.serviceId);
  const llBy = groupBy(llRows, (r) => r.serviceId);
  const linksBy = groupBy(
    linkRows.filter((l) => live(l.serviceId)),
    (r) => r.contactId,
  );
  return {
    services: serviceRows
      .filter((r) => r.archivedAt === null)
      .map((r) =>
        toService(
          r,
          (rulesBy.get(r.id) ?? []).map(toRule),
          (llBy.get(r.id) ?? []).map((x) => x.lebenslageId),
        ),
      ),
    authorities: authorityRows.map(toAuthority),
    assignments: assignmentRows.filter((a) => live(a.serviceId)).map(toAssignment),
    contacts: contactRows.map((r) => {
      const links = linksBy.get(r.id) ?? [];
      return toContact(
        r,
        links.flatMap((l) => (l.serviceId ? [l.serviceId] : [])),
        links.flatMap((l) => (l.task ? [l.task] : [])),
      );
    }),
    localSettings: settingRows
      .filter((l) => live(l.serviceId))
      .map((l) => (l.alternativeServiceId && !live(l.alternativeServiceId) ? { ...l, alternativeServiceId: null } : l))
      .map(toLocalServiceSetting),
  };
}

/** Ids (and owners) of existing records, to validate references and tenant ownership before a write. */
export async function readExistingIds(db: Q): Promise<{
  services: Map<string, { tenantAgs: string; task: string | null }>;
  authorities: Map<string, string>;
  contacts: Map<string, string>;
  areas: Map<string, string>;
  areaKinds: Set<string>;
  lebenslagen: Set<string>;
  slugs: Map<string, string>;
  arsKeys: Map<string, string>;
  /** Defined tasks: "<tenant>:<code>" → tenant. */
  tasks: Map<string, string>;
}> {
  const [services, authorities, contacts, areas, kinds, lls, tasks] = await Promise.all([
    db.selectFrom('services').select(['id', 'tenantAgs', 'task']).execute(),
    db.selectFrom('authorities').select(['id', 'tenantAgs']).execute(),
    db.selectFrom('contacts').select(['id', 'tenantAgs']).execute(),
    db.selectFrom('areas').select(['ags', 'kind', 'slug', 'ars']).execute(),
    db.selectFrom('areaKinds').select('code').execute(),
    db.selectFrom('lebenslagen').select('id').execute(),
    db.selectFrom('tasks').select(['id', 'code', 'tenantAgs']).execute(),
  ]);
  return {
    services: new Map(services.map((s) => [s.id, { tenantAgs: s.tenantAgs, task: s.task }])),
    authorities: new Map(authorities.map((a) => [a.id, a.tenantAgs])),
    contacts: new Map(contacts.map((c) => [c.id, c.tenantAgs])),
    areas: new Map(areas.map((a) => [a.ags, a.kind])),
    areaKinds: new Set(kinds.map((k) => k.code)),
    lebenslagen: new Set(lls.map((l) => l.id)),
    slugs: new Map(areas.map((a) => [a.slug, a.ags])),
    arsKeys: new Map(areas.map((a) => [a.ars, a.ags])),
    tasks: new Map(tasks.map((t) => [t.id, t.tenantAgs])),
  };
}

// ---- writes -----------------------------------------------------------------------------------------------------
// Upserts replace a record and its links whole. They bump `version` only when something really changed, so that
// importing the same bundle twice leaves the database as it was.

const now = () => new Date().toISOString();

export type Upsert = 'created' | 'updated' | 'unchanged';

/** Column equality; JSON columns compare by content, so a different key order is no change (list order still is). */
function sameColumn(stored: unknown, next: unknown): boolean {
  const a = stored ?? null;
  const b = next ?? null;
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string' && /^[[{]/.test(a) && /^[[{]/.test(b)) {
    try {
      return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
    } catch {
      return false;
    }
  }
  return false;
}

async function upsertRow<T extends keyof Database>(
  db: Q,
  table: T,
  key: string,
  keyValue: string,
  values: Record<string, unknown>,
): Promise<Upsert> {
  const existing = (await db
    .selectFrom(table as never)
    .selectAll()
    .where(key as never, '=', keyValue as never)
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!existing) {
    await db
      .insertInto(table)
      .values({ ...values, ...(hasVersion(table) ? { updatedAt: now() } : {}) } as never)
      .execute();
    return 'created';
  }
  const changed = Object.entries(values).some(([k, v]) => !sameColumn(existing[k], v));
  if (!changed) return 'unchanged';
  // The generic table parameter defeats Kysely's overloads; the values were built from the table's own columns.
  const update = db.updateTable(table as 'services') as unknown as {
    set(v: unknown): { where(k: string, op: '=', v: string): { execute(): Promise<unknown> } };
  };
  await update
    .set({ ...values, ...(hasVersion(table) ? { version: sql`version + 1`, updatedAt: now() } : {}) })
    .where(key, '=', keyValue)
    .execute();
  return 'updated';
}

const VERSIONED = new Set<keyof Database>(['areas', 'lebenslagen', 'authorities', 'contacts', 'services', 'tasks']);
const hasVersion = (t: keyof Database) => VERSIONED.has(t);

export async function upsertAreaKind(db: Q, kind: AreaKind): Promise<Upsert> {
  return upsertRow(db, 'areaKinds', 'code', kind.code, {
    code: kind.code,
    name: kind.name,
    tiers: JSON.stringify(kind.tiers),
    description: kind.description,
  });
}

export async function upsertArea(db: Q, area: Area): Promise<Upsert> {
  return upsertRow(db, 'areas', 'ags', area.ags, {
    ags: area.ags,
    ars: area.ars,
    name: area.name,
    kind: area.kind,
    parentAgs: area.parentAgs,
    slug: area.slug,
    postcodes: JSON.stringify(area.postcodes),
    population: area.population,
    mainAuthorityId: area.mainAuthorityId,
    website: area.website,
    // Register fields are written only by writers that name them (the areas import); a bundle leaves them alone.
    ...(area.registerKind !== undefined ? { registerKind: area.registerKind } : {}),
    ...(area.validUntil !== undefined ? { validUntil: area.validUntil } : {}),
    ...(area.successorAgs !== undefined ? { successorAgs: area.successorAgs } : {}),
    // Like the register fields: only a writer that names them (a bundle's `kindChanges`, [] clears) changes them.
    ...(area.kindChanges !== undefined
      ? { kindChanges: area.kindChanges.length ? JSON.stringify(area.kindChanges) : null }
      : {}),
  });
}

export async function upsertLebenslage(db: Q, l: Lebenslage): Promise<Upsert> {
  return upsertRow(db, 'lebenslagen', 'id', l.id, {
    id: l.id,
    parentId: l.parentId,
    name: l.name,
    nameEn: l.nameEn,
    description: l.description,
    themenfeld: l.themenfeld,
    position: l.position,
  });
}

const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * The rows a record owns (rules, assignments) as they read, without their ids: ids are made by whoever wrote the
 * rows (the bundle reader numbers `x#0@…`, the editor's documents `x#e1@…`, `x:r1`), so comparing them would make
 * the first unchanged save of every imported record a change (issue #13, finding 5). `ordered`: the order is part
 * of the record (rules by position); else the rows are a set (a unit's assignments).
 */
function sameRows(
  old: ReadonlyArray<Record<string, unknown>>,
  next: ReadonlyArray<Record<string, unknown>>,
  ordered: boolean,
): boolean {
  const content = (rows: ReadonlyArray<Record<string, unknown>>) => {
    const list = rows.map(({ id: _i, version: _v, updatedAt: _u, ...rest }) => canonicalJson(rest));
    return ordered ? list : list.sort();
  };
  return sameJson(content(old), content(next));
}

/** Upserts a service of `tenant` with its rules and Lebenslagen. */
export async function upsertService(db: Q, tenant: Tenant, s: Service): Promise<Upsert> {
  if (s.tenantAgs !== tenant) throw new Error(`service ${s.id} belongs to ${s.tenantAgs}, not ${tenant}`);
  const [oldRules, oldLl] = await Promise.all([
    db
      .selectFrom('responsibilityRules')
      .selectAll()
      .where('serviceId', '=', s.id)
      .where('tenantAgs', '=', tenant)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('serviceLebenslagen')
      .select('lebenslageId')
      .where('serviceId', '=', s.id)
      .orderBy('position')
      .execute(),
  ]);
  const ruleValues = s.rules.map((r) => ({
    id: r.id,
    tenantAgs: tenant,
    serviceId: s.id,
    ...ruleColumns(r),
  }));
  const linksChanged =
    !sameRows(oldRules, ruleValues, true) ||
    !sameJson(
      oldLl.map((l) => l.lebenslageId),
      s.lebenslagen,
    );

  const result = await upsertRow(db, 'services', 'id', s.id, {
    id: s.id,
    tenantAgs: tenant,
    leikaKey: s.leikaKey,
    leikaType: s.leikaType,
    name: s.name,
    synonyms: JSON.stringify(s.synonyms),
    task: s.task,
    teaser: s.teaser,
    fullText: s.fullText,
    documents: s.documents,
    prerequisites: s.prerequisites,
    fees: s.fees,
    deadlines: s.deadlines,
    processingTime: s.processingTime,
    procedure: s.procedure,
    legalBasis: s.legalBasis,
    hints: s.hints,
    furtherInfo: s.furtherInfo,
    forms: JSON.stringify(s.forms),
    onlineServices: JSON.stringify(s.onlineServices),
    textModules: JSON.stringify(s.textModules),
    defaultLevel: s.defaultLevel,
    defaultLegalBasis: s.defaultLegalBasis,
    defaultReason: s.defaultReason,
    connectingFactor: s.connectingFactor ?? null,
    audience: s.audience?.length ? JSON.stringify(s.audience) : null,
    provenance: s.provenance ? JSON.stringify(s.provenance) : null,
    inheritsResponsibility: s.inheritsResponsibility ? 1 : 0,
    // Writing a service publishes it: an archived one is back (a change, so it gets its version and revision).
    archivedAt: null,
  });
  if (!linksChanged) return result;
  await db.deleteFrom('responsibilityRules').where('serviceId', '=', s.id).where('tenantAgs', '=', tenant).execute();
  if (ruleValues.length)
    await db
      .insertInto('responsibilityRules')
      .values(ruleValues.map((r) => ({ ...r, updatedAt: now() })))
      .execute();
  await db.deleteFrom('serviceLebenslagen').where('serviceId', '=', s.id).execute();
  if (s.lebenslagen.length) {
    await db
      .insertInto('serviceLebenslagen')
      .values(s.lebenslagen.map((lebenslageId, position) => ({ serviceId: s.id, lebenslageId, position })))
      .execute();
  }
  if (result === 'unchanged') {
    await db
      .updateTable('services')
      .set({ version: sql`version + 1`, updatedAt: now() })
      .where('id', '=', s.id)
      .execute();
    return 'updated';
  }
  return result;
}

/** Upserts a unit of `tenant` and replaces its assignments (Zuständigkeiten). */
export async function upsertAuthority(
  db: Q,
  tenant: Tenant,
  a: AuthorityWithAssignments,
  onRemovedAssignments?: (removed: { id: string; task: string | null }[]) => Promise<void>,
): Promise<Upsert> {
  if (a.tenantAgs !== tenant) throw new Error(`authority ${a.id} belongs to ${a.tenantAgs}, not ${tenant}`);
  // No ORDER BY (the comparison below ignores order): with one, SQLite's planner takes the (tenant, id) index for the
  // order and scans every assignment of the tenant for each unit, quadratic on an import (see unitAssignments).
  const old = await db
    .selectFrom('assignments')
    .selectAll()
    .where('authorityId', '=', a.id)
    .where('tenantAgs', '=', tenant)
    .execute();
  const values = a.assignments.map((x) => ({
    id: x.id,
    tenantAgs: tenant,
    serviceId: x.serviceId,
    task: x.task,
    areaAgs: x.areaAgs,
    authorityId: a.id,
    role: x.role,
    deepLink: x.deepLink,
    note: x.note,
    validFrom: x.validFrom ?? null,
    validUntil: x.validUntil ?? null,
  }));
  const linksChanged = !sameRows(old, values, false);
  const result = await upsertRow(db, 'authorities', 'id', a.id, {
    id: a.id,
    tenantAgs: tenant,
    areaAgs: a.areaAgs,
    parentId: a.parentId,
    name: a.name,
    street: a.address.street,
    postcode: a.address.postcode,
    city: a.address.city,
    phone: a.phone,
    fax: a.fax,
    email: a.email,
    website: a.website,
    openingHours: a.openingHours,
    openingHoursNote: a.openingHoursNote,
    accessibility: a.accessibility,
    sample: a.sample ? 1 : 0,
  });
  if (!linksChanged) return result;
  if (onRemovedAssignments) {
    const kept = new Set(values.map((v) => v.id));
    const removed = old.filter((o) => !kept.has(o.id)).map((o) => ({ id: o.id, task: o.task }));
    if (removed.length > 0) await onRemovedAssignments(removed);
  }
  await db.deleteFrom('assignments').where('authorityId', '=', a.id).where('tenantAgs', '=', tenant).execute();
  if (values.length)
    await db
      .insertInto('assignments')
      .values(values.map((v) => ({ ...v, updatedAt: now() })))
      .execute();
  if (result === 'unchanged') {
    await db
      .updateTable('authorities')
      .set({ version: sql`version + 1`, updatedAt: now() })
      .where('id', '=', a.id)
      .execute();
    return 'updated';
  }
  return result;
}

/** Upserts a contact of `tenant` and replaces the services/tasks it handles. */
/** Upserts a task of `tenant` with its rules (tasks are versioned by their row; the history comes with the editor). */
export async function upsertTask(db: Q, tenant: Tenant, t: Task): Promise<Upsert> {
  if (t.tenantAgs !== tenant) throw new Error(`task ${t.code} belongs to ${t.tenantAgs}, not ${tenant}`);
  const taskId = `${tenant}:${t.code}`;
  const old = await db.selectFrom('taskRules').selectAll().where('taskId', '=', taskId).orderBy('position').execute();
  const ruleValues = t.rules.map((r) => ({
    id: `${tenant}:${r.id}`,
    taskId,
    tenantAgs: tenant,
    ...ruleColumns(r),
  }));
  const rulesChanged = !sameJson(old, ruleValues);
  const result = await upsertRow(db, 'tasks', 'id', taskId, {
    id: taskId,
    code: t.code,
    tenantAgs: tenant,
    name: t.name,
    defaultLevel: t.defaultLevel,
    defaultLegalBasis: t.defaultLegalBasis,
    defaultReason: t.defaultReason,
    connectingFactor: t.connectingFactor,
  });
  if (!rulesChanged) return result;
  await db.deleteFrom('taskRules').where('taskId', '=', taskId).execute();
  if (ruleValues.length) await db.insertInto('taskRules').values(ruleValues).execute();
  if (result === 'unchanged') {
    await db
      .updateTable('tasks')
      .set({ version: sql`version + 1`, updatedAt: now() })
      .where('id', '=', taskId)
      .execute();
    return 'updated';
  }
  return result;
}

/** Locks a task's row and returns its version (null: no such task), for the write path's optimistic check. */
export async function lockTaskVersion(db: Q, id: string): Promise<number | null> {
  const row = await db
    .updateTable('tasks')
    .set({ version: sql`version` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirst();
  return row ? row.version : null;
}

/** One task with its rules, by its id "<tenant>:<code>", or null. */
export async function readTask(db: Q, id: string): Promise<{ task: Task; updatedAt: string } | null> {
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const rules = await db.selectFrom('taskRules').selectAll().where('taskId', '=', id).orderBy('position').execute();
  return {
    task: toTask(
      row,
      rules.map((x) => ({ ...toBaseRule(x), id: x.id.slice(row.tenantAgs.length + 1) })),
    ),
    updatedAt: row.updatedAt,
  };
}

/** The tasks owned by the tenants of the scope, with their rules. */
export async function readTasks(db: Q, scope: TenantScope): Promise<Task[]> {
  const tenants = scopeTenants(scope);
  const list: string[] = tenants ?? [];
  const all = tenants === null;
  const [rows, rules] = await Promise.all([
    db
      .selectFrom('tasks')
      .selectAll()
      .$if(!all, (q) => q.where('tenantAgs', 'in', list))
      .orderBy('code')
      .execute(),
    db
      .selectFrom('taskRules')
      .selectAll()
      .$if(!all, (q) => q.where('tenantAgs', 'in', list))
      .orderBy('position')
      .execute(),
  ]);
  const by = groupBy(rules, (r) => r.taskId);
  return rows.map((r) =>
    toTask(
      r,
      (by.get(r.id) ?? []).map((x) => ({ ...toBaseRule(x), id: x.id.slice(r.tenantAgs.length + 1) })),
    ),
  );
}

export async function upsertContact(db: Q, tenant: Tenant, c: Contact): Promise<Upsert> {
  if (c.tenantAgs !== tenant) throw new Error(`contact ${c.id} belongs to ${c.tenantAgs}, not ${tenant}`);
  const old = await db
    .selectFrom('contactServices')
    .selectAll()
    .where('contactId', '=', c.id)
    .where('tenantAgs', '=', tenant)
    .execute();
  const values = [
    ...c.serviceIds.map((serviceId) => ({ contactId: c.id, serviceId, task: null, tenantAgs: tenant })),
    ...c.tasks.map((task) => ({ contactId: c.id, serviceId: null, task, tenantAgs: tenant })),
  ];
  const key = (v: { serviceId: string | null; task: string | null }) => `${v.serviceId ?? ''}|${v.task ?? ''}`;
  const linksChanged = !sameJson(old.map(key).sort(), values.map(key).sort());
  const result = await upsertRow(db, 'contacts', 'id', c.id, {
    id: c.id,
    tenantAgs: tenant,
    authorityId: c.authorityId,
    name: c.name,
    role: c.role,
    phone: c.phone,
    email: c.email,
    room: c.room,
    sample: c.sample ? 1 : 0,
    areas: c.areas?.length ? JSON.stringify(c.areas) : null,
  });
  if (!linksChanged) return result;
  await db.deleteFrom('contactServices').where('contactId', '=', c.id).where('tenantAgs', '=', tenant).execute();
  if (values.length) await db.insertInto('contactServices').values(values).execute();
  if (result === 'unchanged') {
    await db
      .updateTable('contacts')
      .set({ version: sql`version + 1`, updatedAt: now() })
      .where('id', '=', c.id)
      .execute();
    return 'updated';
  }
  return result;
}

export async function countRows(db: Q): Promise<Record<string, number>> {
  const tables = [
    'areas',
    'lebenslagen',
    'services',
    'authorities',
    'contacts',
    'assignments',
    'responsibilityRules',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const row = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}

// ---- one record as its document (the editor's view and the history's content) ------------------------------------

export interface Published<T> {
  tenantAgs: string;
  version: number;
  updatedAt: string;
  doc: T;
}

export async function readServiceDoc(db: Q, tenant: Tenant, id: string): Promise<Published<ServiceDoc> | null> {
  const r = await db
    .selectFrom('services')
    .selectAll()
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
    .where('archivedAt', 'is', null)
    .executeTakeFirst();
  if (!r) return null;
  const [rules, lls] = await Promise.all([
    db
      .selectFrom('responsibilityRules')
      .selectAll()
      .where('serviceId', '=', id)
      .where('tenantAgs', '=', tenant)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('serviceLebenslagen')
      .select('lebenslageId')
      .where('serviceId', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  const service = toService(
    r,
    rules.map(toRule),
    lls.map((l) => l.lebenslageId),
  );
  return { tenantAgs: r.tenantAgs, version: r.version, updatedAt: r.updatedAt, doc: serviceDoc(service) };
}

export async function readAreaServiceDoc(
  db: Q,
  town: Tenant,
  serviceId: string,
): Promise<Published<AreaServiceDoc> | null> {
  const r = await db
    .selectFrom('areaServiceSettings')
    .selectAll()
    .where('areaAgs', '=', town)
    .where('tenantAgs', '=', town)
    .where('serviceId', '=', serviceId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    tenantAgs: r.tenantAgs,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: areaServiceDoc(toLocalServiceSetting(r)),
  };
}

/**
 * A unit's assignments by id. The tenant is compared here, not in SQL: with `tenant_ags = ? ORDER BY id`, SQLite's
 * planner (no statistics) prefers the (tenant, id) index of migration 0031, which yields the order without a sort, and
 * scans all of the tenant's assignments for every unit — an import of 9,000 units re-read 140,000 rows each time. By
 * the unit's own index it reads only that unit's rows; the database still sorts them, in its own collation, as before.
 */
async function unitAssignments(db: Q, tenant: Tenant, authorityId: string) {
  const rows = await db
    .selectFrom('assignments')
    .selectAll()
    .where('authorityId', '=', authorityId)
    .orderBy('id')
    .execute();
  return rows.filter((x) => x.tenantAgs === tenant);
}

export async function readAuthorityDoc(db: Q, tenant: Tenant, id: string): Promise<Published<AuthorityDoc> | null> {
  const r = await db
    .selectFrom('authorities')
    .selectAll()
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
  if (!r) return null;
  const assignments = await unitAssignments(db, tenant, id);
  return {
    tenantAgs: r.tenantAgs,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: authorityDoc(toAuthority(r), assignments.map(toAssignment)),
  };
}

export async function readContactDoc(db: Q, tenant: Tenant, id: string): Promise<Published<ContactDoc> | null> {
  const r = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
  if (!r) return null;
  const links = await db
    .selectFrom('contactServices')
    .selectAll()
    .where('contactId', '=', id)
    .where('tenantAgs', '=', tenant)
    .execute();
  const contact = toContact(
    r,
    links.flatMap((l) => (l.serviceId ? [l.serviceId] : [])),
    links.flatMap((l) => (l.task ? [l.task] : [])),
  );
  return { tenantAgs: r.tenantAgs, version: r.version, updatedAt: r.updatedAt, doc: contactDoc(contact) };
}

/** Lebenslagen belong to no tenant: structure shared by all. */
export async function readLebenslageDoc(db: Q, id: string): Promise<Published<LebenslageDoc> | null> {
  const r = await db.selectFrom('lebenslagen').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return { tenantAgs: '*', version: r.version, updatedAt: r.updatedAt, doc: lebenslageDoc(toLebenslage(r)) };
}

export type DocType = keyof DocOf;

/** One record of `type` owned by `tenant` (for a town's setting: `id` is the service id), or null. */
export async function readRecordDoc<T extends DocType>(
  db: Q,
  type: T,
  tenant: Tenant | '*',
  id: string,
): Promise<Published<DocOf[T]> | null> {
  type R = Promise<Published<DocOf[T]> | null>;
  if (type === 'lebenslage') return (tenant === '*' ? readLebenslageDoc(db, id) : null) as R;
  if (tenant === '*') return null;
  switch (type) {
    case 'service':
      return readServiceDoc(db, tenant, id) as R;
    case 'area_service':
      return readAreaServiceDoc(db, tenant, id) as R;
    case 'authority':
      return readAuthorityDoc(db, tenant, id) as R;
    case 'contact':
      return readContactDoc(db, tenant, id) as R;
  }
  return null;
}

// ---- a town's settings and removals -------------------------------------------------------------------------------

/** Upserts a town's setting for a service above it; the town is the owner (`tenant_ags = area_ags`). */
export async function upsertLocalSetting(db: Q, town: Tenant, l: LocalServiceSetting): Promise<Upsert> {
  if (l.areaAgs !== town) throw new Error(`setting of ${l.areaAgs} written as ${town}`);
  const values = {
    offered: l.offered ? 1 : 0,
    reason: l.reason,
    alternativeUrl: l.alternativeUrl,
    alternativeServiceId: l.alternativeServiceId,
    localText: l.localText,
    localFees: l.localFees,
    localDocuments: l.localDocuments,
    localOnlineServices: JSON.stringify(l.localOnlineServices),
  };
  const existing = await db
    .selectFrom('areaServiceSettings')
    .selectAll()
    .where('areaAgs', '=', town)
    .where('tenantAgs', '=', town)
    .where('serviceId', '=', l.serviceId)
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('areaServiceSettings')
      .values({ areaAgs: town, serviceId: l.serviceId, tenantAgs: town, ...values, version: 1, updatedAt: now() })
      .execute();
    return 'created';
  }
  const row = existing as unknown as Record<string, unknown>;
  if (Object.entries(values).every(([k, v]) => sameColumn(row[k], v))) return 'unchanged';
  await db
    .updateTable('areaServiceSettings')
    .set({ ...values, version: sql`version + 1`, updatedAt: now() })
    .where('areaAgs', '=', town)
    .where('tenantAgs', '=', town)
    .where('serviceId', '=', l.serviceId)
    .execute();
  return 'updated';
}

/**
 * Removes one record of `tenant` with its own links. Every statement filters by the owner: another tenant's rows
 * are never deleted here (the write path refuses a removal while other tenants still refer to the record).
 */
export async function removeRecord(db: Q, type: Removal['type'], tenant: Tenant | '*', id: string): Promise<boolean> {
  let n: bigint;
  if (type === 'lebenslage') {
    if (tenant !== '*') return false;
    await db.deleteFrom('serviceLebenslagen').where('lebenslageId', '=', id).execute();
    n = (await db.deleteFrom('lebenslagen').where('id', '=', id).executeTakeFirst()).numDeletedRows;
  } else if (tenant === '*') {
    return false;
  } else if (type === 'area_service') {
    n = (
      await db
        .deleteFrom('areaServiceSettings')
        .where('areaAgs', '=', tenant)
        .where('tenantAgs', '=', tenant)
        .where('serviceId', '=', id)
        .executeTakeFirst()
    ).numDeletedRows;
  } else if (type === 'service') {
    // Archived, not deleted: its rules and Lebenslagen, and every tenant's settings, contact links and assignments
    // for it stay, so that a restore brings all of it back. Public reads skip an archived service.
    n = (
      await db
        .updateTable('services')
        .set({ archivedAt: now() })
        .where('id', '=', id)
        .where('tenantAgs', '=', tenant)
        .where('archivedAt', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows;
  } else if (type === 'authority') {
    await db.deleteFrom('assignments').where('authorityId', '=', id).where('tenantAgs', '=', tenant).execute();
    n = (await db.deleteFrom('authorities').where('id', '=', id).where('tenantAgs', '=', tenant).executeTakeFirst())
      .numDeletedRows;
  } else {
    await db.deleteFrom('contactServices').where('contactId', '=', id).where('tenantAgs', '=', tenant).execute();
    n = (await db.deleteFrom('contacts').where('id', '=', id).where('tenantAgs', '=', tenant).executeTakeFirst())
      .numDeletedRows;
  }
  return Number(n) > 0;
}

// ---- deliberate cross-tenant lookups --------------------------------------------------------------------------------
// The only reads that look across tenants on purpose. Each answers a question about ownership or references, never
// returns another tenant's content. Listed in docs/decisions/0050-one-write-path.md.

/** Which tenant owns this id (`*` for a Lebenslage; for `area_service`, id is `<town>:<service>`). */
export async function ownerOf(db: Q, type: DocType, id: string): Promise<string | null> {
  switch (type) {
    case 'service':
      return (
        (await db.selectFrom('services').select('tenantAgs').where('id', '=', id).executeTakeFirst())?.tenantAgs ?? null
      );
    case 'authority':
      return (
        (await db.selectFrom('authorities').select('tenantAgs').where('id', '=', id).executeTakeFirst())?.tenantAgs ??
        null
      );
    case 'contact':
      return (
        (await db.selectFrom('contacts').select('tenantAgs').where('id', '=', id).executeTakeFirst())?.tenantAgs ?? null
      );
    case 'lebenslage':
      return (await db.selectFrom('lebenslagen').select('id').where('id', '=', id).executeTakeFirst()) ? '*' : null;
    case 'area_service': {
      const [area = '', serviceId = ''] = id.split(':');
      return (
        (
          await db
            .selectFrom('areaServiceSettings')
            .select('tenantAgs')
            .where('areaAgs', '=', area)
            .where('serviceId', '=', serviceId)
            .executeTakeFirst()
        )?.tenantAgs ?? null
      );
    }
  }
  return null;
}

/** What hangs on a service, across tenants (for the removal's confirmation): counts and tenants, never content. */
export interface ServiceReferences {
  /** Towns with their own settings for the service. */
  settingsBy: string[];
  /** Towns that name it as the alternative of a service they do not offer. */
  alternativeBy: string[];
  contactLinks: number;
  assignments: number;
}

export async function serviceReferences(db: Q, id: string): Promise<ServiceReferences> {
  const [settings, alternatives, contacts, assignments] = await Promise.all([
    db.selectFrom('areaServiceSettings').select('tenantAgs').where('serviceId', '=', id).execute(),
    db.selectFrom('areaServiceSettings').select('tenantAgs').where('alternativeServiceId', '=', id).execute(),
    db.selectFrom('contactServices').select('contactId').where('serviceId', '=', id).execute(),
    db.selectFrom('assignments').select('id').where('serviceId', '=', id).execute(),
  ]);
  const towns = (rows: Array<{ tenantAgs: string }>) => [...new Set(rows.map((r) => r.tenantAgs))].sort();
  return {
    settingsBy: towns(settings),
    alternativeBy: towns(alternatives),
    contactLinks: contacts.length,
    assignments: assignments.length,
  };
}

/** Records of OTHER tenants that still refer to a record: a removal is refused while there are any. */
export async function foreignReferences(
  db: Q,
  type: Removal['type'],
  tenant: string,
  id: string,
): Promise<Array<{ by: string; tenantAgs: string }>> {
  const out: Array<{ by: string; tenantAgs: string }> = [];
  // A service is archived, not deleted (its references stay and come back with a restore): nothing blocks it.
  if (type === 'authority') {
    const [contacts, children, areas] = await Promise.all([
      db.selectFrom('contacts').select('tenantAgs').where('authorityId', '=', id).execute(),
      db.selectFrom('authorities').select('tenantAgs').where('parentId', '=', id).execute(),
      db.selectFrom('assignments').select('tenantAgs').where('authorityId', '=', id).execute(),
    ]);
    for (const r of contacts) out.push({ by: 'a contact', tenantAgs: r.tenantAgs });
    for (const r of children) out.push({ by: 'a subordinate unit', tenantAgs: r.tenantAgs });
    for (const r of areas) out.push({ by: 'an assignment', tenantAgs: r.tenantAgs });
  }
  return out.filter((r) => r.tenantAgs !== tenant);
}

// ---- history and audit ----------------------------------------------------------------------------------------------

export type RevisionRow = Selectable<RevisionTable>;

export async function insertRevision(db: Q, row: RevisionRow): Promise<void> {
  await db.insertInto('revisions').values(row).execute();
}

/** Keys `<type>|<id>` of every record that has a history: the rest get a baseline before their first change. */
export async function recordsWithHistory(db: Q, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('revisions')
      .select(['entityType', 'entityId'])
      .distinct()
      .where('entityId', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(`${r.entityType}|${r.entityId}`);
  }
  return out;
}

export async function listRevisions(db: Q, tenant: string, type: string, id: string): Promise<RevisionRow[]> {
  return db
    .selectFrom('revisions')
    .selectAll()
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .orderBy('at', 'desc')
    .orderBy('version', 'desc')
    .limit(200)
    .execute();
}

export async function findRevision(
  db: Q,
  tenant: string,
  type: string,
  id: string,
  revisionId: string,
): Promise<RevisionRow | undefined> {
  return db
    .selectFrom('revisions')
    .selectAll()
    .where('id', '=', revisionId)
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
}

/** The audit log is auth's table; every catalog write appends its one entry in its own transaction. */
export async function appendAudit(db: Q, entry: Selectable<Database['auditLog']>): Promise<void> {
  await db.insertInto('auditLog').values(entry).execute();
}

export async function readVersion(db: Q, table: 'areas' | 'areaKinds', key: string): Promise<number> {
  if (table === 'areaKinds') return 1;
  return (await db.selectFrom('areas').select('version').where('ags', '=', key).executeTakeFirst())?.version ?? 1;
}

// ---- changes since a point in time (exchange exports) ----------------------------------------------------------------

export interface RevisionMark {
  entityType: string;
  entityId: string;
  tenantAgs: string;
  action: string;
  at: string;
  data: string | null;
}

/**
 * The revisions written at or after `since` (ISO 8601) for records of the given types, owned by the tenants of the
 * scope, oldest first. Baselines are left out: they record a state from before the change, not a change.
 */
export async function readRevisionsSince(
  db: Q,
  scope: TenantScope,
  since: string,
  types: readonly string[],
  options: { withData?: boolean } = {},
): Promise<RevisionMark[]> {
  const tenants = scopeTenants(scope);
  // The data only when asked (removal marks carry a little): a record's revision is its whole document.
  return db
    .selectFrom('revisions')
    .select(['entityType', 'entityId', 'tenantAgs', 'action', 'at'])
    .select(options.withData ? 'data' : sql<null>`null`.as('data'))
    .where('at', '>=', since)
    .where('action', '!=', 'baseline')
    .where('entityType', 'in', [...types])
    .$if(tenants !== null, (q) => q.where('tenantAgs', 'in', tenants ?? []))
    .orderBy('at')
    .orderBy('version')
    .execute();
}

/**
 * Each record's data as it was at `at` (ISO 8601): its last revision before then, else its baseline (the state
 * before its first change, which came after `at`). Records without either (created since, or never changed and so
 * the same as now) are left out; so are records whose last revision before `at` removed them.
 */
export async function readRevisionDataAt(
  db: Q,
  scope: TenantScope,
  at: string,
  type: string,
  ids: readonly string[],
): Promise<Map<string, { tenantAgs: string; data: unknown }>> {
  const tenants = scopeTenants(scope);
  const out = new Map<string, { tenantAgs: string; data: unknown }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('revisions')
      .select(['entityId', 'tenantAgs', 'action', 'data', 'at'])
      .where('entityType', '=', type)
      .where('entityId', 'in', ids.slice(i, i + 500))
      .$if(tenants !== null, (q) => q.where('tenantAgs', 'in', tenants ?? []))
      .orderBy('at')
      .orderBy('version')
      .execute();
    const before = new Map<string, (typeof rows)[number]>();
    const baseline = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      if (r.at < at) before.set(r.entityId, r);
      else if (r.action === 'baseline' && !baseline.has(r.entityId)) baseline.set(r.entityId, r);
    }
    for (const id of new Set(rows.map((r) => r.entityId))) {
      const r = before.get(id) ?? baseline.get(id);
      if (r?.data) out.set(id, { tenantAgs: r.tenantAgs, data: JSON.parse(r.data) as unknown });
    }
  }
  return out;
}

// ---- optimistic locking (part of catalog.write) ---------------------------------------------------------------------

const VERSIONED_TABLE = {
  service: 'services',
  authority: 'authorities',
  contact: 'contacts',
  lebenslage: 'lebenslagen',
} as const;

/**
 * Takes the row lock of a record of `tenant` and returns its version (null: the tenant has no such record). In
 * PostgreSQL a concurrent writer waits for this transaction and then reads the version it left behind, so two
 * writers that saw the same version cannot both pass the check. For `area_service`, id is the service id.
 */
export async function lockVersion(db: Q, type: DocType, tenant: string, id: string): Promise<number | null> {
  if (type === 'area_service') {
    const row = await db
      .updateTable('areaServiceSettings')
      .set({ version: sql`version` })
      .where('areaAgs', '=', tenant)
      .where('tenantAgs', '=', tenant)
      .where('serviceId', '=', id)
      .returning('version')
      .executeTakeFirst();
    return row?.version ?? null;
  }
  let q = db.updateTable(VERSIONED_TABLE[type]).set({ version: sql`version` }).where('id', '=', id);
  if (type !== 'lebenslage') q = q.where('tenantAgs' as never, '=', tenant as never);
  // An archived service is not published: a writer that saw it removed expects null (the restore of the history).
  if (type === 'service') q = q.where('archivedAt' as never, 'is', null as never);
  const row = await q.returning('version').executeTakeFirst();
  return row?.version ?? null;
}

// ---- lists for the editors' workspace (one tenant's records) -------------------------------------------------------

export interface ServiceListItem {
  id: string;
  name: string;
  tenantAgs: string;
  task: string | null;
  version: number;
  updatedAt: string;
  /** For a town: its setting (null = catalog default). */
  offered: boolean | null;
  hasLocal: boolean;
}

/** The services a tenant works on: its own and those of `tenantsAbove`, with the tenant's own settings for them. */
export async function listWorkspaceServices(
  db: Q,
  tenant: Tenant,
  tenantsAbove: readonly string[],
): Promise<ServiceListItem[]> {
  const owners = [tenant, ...tenantsAbove];
  const rows = await db
    .selectFrom('services as s')
    .leftJoin('areaServiceSettings as a', (j) =>
      j.onRef('a.serviceId', '=', 's.id').on('a.areaAgs', '=', tenant).on('a.tenantAgs', '=', tenant),
    )
    .select([
      's.id',
      's.name',
      's.tenantAgs',
      's.task',
      's.version',
      's.updatedAt',
      'a.offered',
      'a.localText',
      'a.localFees',
      'a.localDocuments',
    ])
    .where('s.tenantAgs', 'in', owners)
    .where('s.archivedAt', 'is', null)
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tenantAgs: r.tenantAgs,
    task: r.task,
    version: r.version,
    updatedAt: r.updatedAt,
    offered: r.offered === null || r.offered === undefined ? null : r.offered === 1,
    hasLocal: !!(r.localText || r.localFees || r.localDocuments),
  }));
}

export interface AuthorityListItem {
  id: string;
  name: string;
  areaAgs: string;
  version: number;
  updatedAt: string;
}

export async function listTenantAuthorities(db: Q, tenant: Tenant): Promise<AuthorityListItem[]> {
  return db
    .selectFrom('authorities')
    .select(['id', 'name', 'areaAgs', 'version', 'updatedAt'])
    .where('tenantAgs', '=', tenant)
    .orderBy('name')
    .execute();
}

export interface ContactListItem {
  id: string;
  name: string | null;
  role: string | null;
  authorityId: string;
  authorityName: string;
  version: number;
  updatedAt: string;
}

export async function listTenantContacts(db: Q, tenant: Tenant): Promise<ContactListItem[]> {
  return db
    .selectFrom('contacts as c')
    .innerJoin('authorities as a', 'a.id', 'c.authorityId')
    .select(['c.id', 'c.name', 'c.role', 'c.authorityId', 'a.name as authorityName', 'c.version', 'c.updatedAt'])
    .where('c.tenantAgs', '=', tenant)
    .orderBy('a.name')
    .orderBy('c.name')
    .execute();
}

export interface LebenslageListItem {
  id: string;
  name: string;
  parentId: string | null;
  position: number;
  version: number;
}

export async function listLebenslagenWithVersions(db: Q): Promise<LebenslageListItem[]> {
  return db
    .selectFrom('lebenslagen')
    .select(['id', 'name', 'parentId', 'position', 'version'])
    .orderBy('position')
    .orderBy('name')
    .execute();
}

/** Every task some service names (assignments and contacts may refer to a task instead of a service). */
export async function listTasks(db: Q): Promise<string[]> {
  const [rows, defined] = await Promise.all([
    db.selectFrom('services').select('task').distinct().where('task', 'is not', null).execute(),
    db.selectFrom('tasks').select('code').execute(),
  ]);
  return [...new Set([...rows.flatMap((r) => (r.task ? [r.task] : [])), ...defined.map((t) => t.code)])].sort();
}

/** Records that hang below a record (contacts and subunits of a unit, sub-Lebenslagen), whatever their tenant. */
export async function countDependents(db: Q, type: DocType, id: string): Promise<number> {
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  if (type === 'authority') {
    const [c, a] = await Promise.all([
      count(
        db
          .selectFrom('contacts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('authorityId', '=', id)
          .executeTakeFirst(),
      ),
      count(
        db
          .selectFrom('authorities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('parentId', '=', id)
          .executeTakeFirst(),
      ),
    ]);
    return c + a;
  }
  if (type === 'lebenslage') {
    return count(
      db
        .selectFrom('lebenslagen')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parentId', '=', id)
        .executeTakeFirst(),
    );
  }
  return 0;
}

/** Every published setting of one town, by service id (drafts never live in this table). */
export async function readLocalSettings(
  db: Q,
  town: Tenant,
): Promise<Map<string, LocalServiceSetting & { version: number }>> {
  const rows = await db
    .selectFrom('areaServiceSettings')
    .selectAll()
    .where('areaAgs', '=', town)
    .where('tenantAgs', '=', town)
    .execute();
  return new Map(rows.map((r) => [r.serviceId, { ...toLocalServiceSetting(r), version: r.version }]));
}
