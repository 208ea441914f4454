// All SQL of the catalog. Tenant data is only read or written with the tenant(s) named by the caller.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AreaKindTable, AreaTable } from '../areas/areas.table.ts';
import type { AreaServiceSettingTable } from '../editor/editor.table.ts';
import type { AuthorityTable, ContactTable, LebenslageTable, ServiceTable } from './catalog.table.ts';
import type {
  Area,
  AreaKind,
  Assignment,
  Authority,
  AuthorityWithAssignments,
  Contact,
  Lebenslage,
  Level,
  LocalServiceSetting,
  ResponsibilityRule,
  Service,
} from './catalog.ts';

type Q = Kysely<Database>;
/** The tenants (owning areas' AGS) a read may see; never empty, never "everything" by accident. */
export type TenantList = readonly [string, ...string[]];

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

export async function readCacheGeneration(db: Q, scope = 'catalog'): Promise<number> {
  const row = await db
    .selectFrom('cacheGenerations')
    .select('generation')
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row?.generation ?? 0;
}

/** Called in the same transaction as every catalog write: other instances see their caches are stale. */
export async function bumpCacheGeneration(db: Q, scope = 'catalog'): Promise<void> {
  const updated = await db
    .updateTable('cacheGenerations')
    .set({ generation: sql`generation + 1` })
    .where('scope', '=', scope)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('cacheGenerations')
      .values({ scope, generation: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ generation: sql`cache_generations.generation + 1` }))
      .execute();
  }
}

// ---- reads: tenant data -----------------------------------------------------------------------------------------

export interface TenantCatalog {
  services: Service[];
  authorities: Authority[];
  assignments: Assignment[];
  contacts: Contact[];
  /** Each town's published settings for catalog services (only a town's own rows count). */
  localSettings: LocalServiceSetting[];
}

/** Every service, unit, assignment and contact owned by the given tenants. */
export async function readTenantCatalog(db: Q, tenants: TenantList): Promise<TenantCatalog> {
  const list = [...tenants];
  const [serviceRows, ruleRows, llRows, authorityRows, assignmentRows, contactRows, linkRows, settingRows] =
    await Promise.all([
      db.selectFrom('services').selectAll().where('tenantAgs', 'in', list).orderBy('name').execute(),
      db
        .selectFrom('responsibilityRules as r')
        .innerJoin('services as s', 's.id', 'r.serviceId')
        .selectAll('r')
        .where('s.tenantAgs', 'in', list)
        .orderBy('r.position')
        .execute(),
      db
        .selectFrom('serviceLebenslagen as sl')
        .innerJoin('services as s', 's.id', 'sl.serviceId')
        .select(['sl.serviceId', 'sl.lebenslageId', 'sl.position'])
        .where('s.tenantAgs', 'in', list)
        .orderBy('sl.position')
        .execute(),
      db.selectFrom('authorities').selectAll().where('tenantAgs', 'in', list).orderBy('name').execute(),
      db.selectFrom('assignments').selectAll().where('tenantAgs', 'in', list).orderBy('id').execute(),
      db.selectFrom('contacts').selectAll().where('tenantAgs', 'in', list).orderBy('id').execute(),
      db.selectFrom('contactServices').selectAll().where('tenantAgs', 'in', list).execute(),
      db
        .selectFrom('areaServiceSettings')
        .selectAll()
        .where('tenantAgs', 'in', list)
        .whereRef('tenantAgs', '=', 'areaAgs')
        .execute(),
    ]);
  const rulesBy = groupBy(ruleRows, (r) => r.serviceId);
  const llBy = groupBy(llRows, (r) => r.serviceId);
  const linksBy = groupBy(linkRows, (r) => r.contactId);
  return {
    services: serviceRows.map((r) =>
      toService(
        r,
        (rulesBy.get(r.id) ?? []).map((x) => ({
          id: x.id,
          serviceId: x.serviceId,
          position: x.position,
          matchType: x.matchType as ResponsibilityRule['matchType'],
          matchValue: x.matchValue,
          withinAgs: x.withinAgs,
          level: x.level as Level,
          legalBasis: x.legalBasis,
          reason: x.reason,
        })),
        (llBy.get(r.id) ?? []).map((x) => x.lebenslageId),
      ),
    ),
    authorities: authorityRows.map(toAuthority),
    assignments: assignmentRows.map((r) => ({
      id: r.id,
      tenantAgs: r.tenantAgs,
      serviceId: r.serviceId,
      task: r.task,
      areaAgs: r.areaAgs,
      authorityId: r.authorityId,
      role: r.role as Assignment['role'],
      deepLink: r.deepLink,
      note: r.note,
    })),
    contacts: contactRows.map((r) => {
      const links = linksBy.get(r.id) ?? [];
      return toContact(
        r,
        links.flatMap((l) => (l.serviceId ? [l.serviceId] : [])),
        links.flatMap((l) => (l.task ? [l.task] : [])),
      );
    }),
    localSettings: settingRows.map(toLocalServiceSetting),
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
}> {
  const [services, authorities, contacts, areas, kinds, lls] = await Promise.all([
    db.selectFrom('services').select(['id', 'tenantAgs', 'task']).execute(),
    db.selectFrom('authorities').select(['id', 'tenantAgs']).execute(),
    db.selectFrom('contacts').select(['id', 'tenantAgs']).execute(),
    db.selectFrom('areas').select(['ags', 'kind', 'slug', 'ars']).execute(),
    db.selectFrom('areaKinds').select('code').execute(),
    db.selectFrom('lebenslagen').select('id').execute(),
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
  };
}

// ---- writes -----------------------------------------------------------------------------------------------------
// Upserts replace a record and its links whole. They bump `version` only when something really changed, so that
// importing the same bundle twice leaves the database as it was.

const now = () => new Date().toISOString();

type Upsert = 'created' | 'updated' | 'unchanged';

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
  const changed = Object.entries(values).some(([k, v]) => (existing[k] ?? null) !== (v ?? null));
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

const VERSIONED = new Set<keyof Database>(['areas', 'lebenslagen', 'authorities', 'contacts', 'services']);
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

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Upserts a service of `tenant` with its rules and Lebenslagen. */
export async function upsertService(db: Q, tenant: string, s: Service): Promise<Upsert> {
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
    position: r.position,
    matchType: r.matchType,
    matchValue: r.matchValue,
    withinAgs: r.withinAgs,
    level: r.level,
    legalBasis: r.legalBasis,
    reason: r.reason,
  }));
  const linksChanged =
    !sameJson(
      oldRules.map(({ version: _v, updatedAt: _u, ...rest }) => rest),
      ruleValues,
    ) ||
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
export async function upsertAuthority(db: Q, tenant: string, a: AuthorityWithAssignments): Promise<Upsert> {
  if (a.tenantAgs !== tenant) throw new Error(`authority ${a.id} belongs to ${a.tenantAgs}, not ${tenant}`);
  const old = await db
    .selectFrom('assignments')
    .selectAll()
    .where('authorityId', '=', a.id)
    .where('tenantAgs', '=', tenant)
    .orderBy('id')
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
  }));
  const linksChanged = !sameJson(
    old.map(({ version: _v, updatedAt: _u, ...rest }) => rest),
    [...values].sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0)),
  );
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
export async function upsertContact(db: Q, tenant: string, c: Contact): Promise<Upsert> {
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
