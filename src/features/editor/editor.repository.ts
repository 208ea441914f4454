// All SQL of the editors' workspace. Every function that touches tenant data takes the tenant as a required
// argument and filters by it: a wrong tenant finds nothing and changes nothing.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  bumpCacheGeneration,
  toLocalServiceSetting,
  upsertAuthority,
  upsertContact,
  upsertLebenslage,
  upsertService,
} from '../catalog/catalog.repository.ts';
import type { Level, OnlineService, ResponsibilityRule } from '../catalog/catalog.ts';
import type { DraftTable, RevisionTable, ScheduledActionTable } from './editor.table.ts';
import type {
  AreaServiceDoc,
  AuthorityDoc,
  ContactDoc,
  DocOf,
  EntityType,
  LebenslageDoc,
  RuleDoc,
  ServiceDoc,
} from './editor.ts';

type Q = Kysely<Database>;
export type DraftRow = Selectable<DraftTable>;
export type RevisionRow = Selectable<RevisionTable>;
export type ScheduleRow = Selectable<ScheduledActionTable>;

/** Lebenslagen belong to no tenant: their drafts and revisions carry this marker. */
export const STRUCTURE_TENANT = '*';

const json = <T>(text: string | null, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export interface Published<T> {
  tenantAgs: string;
  version: number;
  updatedAt: string;
  doc: T;
}

// ---- published records: read -------------------------------------------------------------------------------------

/** Owner of a published record, whatever tenant asks: used to refuse access to another tenant's record. */
export async function ownerOf(db: Q, type: EntityType, id: string): Promise<string | null> {
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
      return (await db.selectFrom('lebenslagen').select('id').where('id', '=', id).executeTakeFirst())
        ? STRUCTURE_TENANT
        : null;
    case 'area_service': {
      const [area] = id.split(':');
      return (
        (
          await db
            .selectFrom('areaServiceSettings')
            .select('tenantAgs')
            .where('areaAgs', '=', area ?? '')
            .where('serviceId', '=', id.split(':')[1] ?? '')
            .executeTakeFirst()
        )?.tenantAgs ?? null
      );
    }
  }
}

export async function readServiceDoc(db: Q, tenant: string, id: string): Promise<Published<ServiceDoc> | null> {
  const r = await db
    .selectFrom('services')
    .selectAll()
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
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
  return {
    tenantAgs: r.tenantAgs,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: {
      name: r.name,
      leikaKey: r.leikaKey,
      leikaType: r.leikaType,
      synonyms: json<string[]>(r.synonyms, []),
      task: r.task,
      lebenslagen: lls.map((l) => l.lebenslageId),
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
      rules: rules.map((x) => ({
        matchType: x.matchType as RuleDoc['matchType'],
        matchValue: x.matchValue,
        withinAgs: x.withinAgs,
        level: x.level as Level,
        legalBasis: x.legalBasis,
        reason: x.reason,
      })),
    },
  };
}

export async function readAreaServiceDoc(
  db: Q,
  tenant: string,
  serviceId: string,
): Promise<Published<AreaServiceDoc> | null> {
  const r = await db
    .selectFrom('areaServiceSettings')
    .selectAll()
    .where('areaAgs', '=', tenant)
    .where('tenantAgs', '=', tenant)
    .where('serviceId', '=', serviceId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    tenantAgs: r.tenantAgs,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: {
      offered: r.offered === 1,
      reason: r.reason,
      alternativeUrl: r.alternativeUrl,
      alternativeServiceId: r.alternativeServiceId,
      localText: r.localText,
      localFees: r.localFees,
      localDocuments: r.localDocuments,
      localOnlineServices: json<OnlineService[]>(r.localOnlineServices, []),
    },
  };
}

export async function readAuthorityDoc(db: Q, tenant: string, id: string): Promise<Published<AuthorityDoc> | null> {
  const r = await db
    .selectFrom('authorities')
    .selectAll()
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
  if (!r) return null;
  const assignments = await db
    .selectFrom('assignments')
    .selectAll()
    .where('authorityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .orderBy('id')
    .execute();
  return {
    tenantAgs: r.tenantAgs,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: {
      name: r.name,
      areaAgs: r.areaAgs,
      parentId: r.parentId,
      street: r.street,
      postcode: r.postcode,
      city: r.city,
      phone: r.phone,
      fax: r.fax,
      email: r.email,
      website: r.website,
      openingHours: r.openingHours,
      openingHoursNote: r.openingHoursNote,
      accessibility: r.accessibility,
      sample: r.sample === 1,
      assignments: assignments.map((a) => ({
        serviceId: a.serviceId,
        task: a.task,
        areaAgs: a.areaAgs,
        role: a.role as AuthorityDoc['assignments'][number]['role'],
        deepLink: a.deepLink,
        note: a.note,
      })),
    },
  };
}

export async function readContactDoc(db: Q, tenant: string, id: string): Promise<Published<ContactDoc> | null> {
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
  return {
    tenantAgs: r.tenantAgs,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: {
      authorityId: r.authorityId,
      name: r.name,
      role: r.role,
      phone: r.phone,
      email: r.email,
      room: r.room,
      sample: r.sample === 1,
      serviceIds: links.flatMap((l) => (l.serviceId ? [l.serviceId] : [])).sort(),
      tasks: links.flatMap((l) => (l.task ? [l.task] : [])).sort(),
    },
  };
}

export async function readLebenslageDoc(db: Q, id: string): Promise<Published<LebenslageDoc> | null> {
  const r = await db.selectFrom('lebenslagen').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    tenantAgs: STRUCTURE_TENANT,
    version: r.version,
    updatedAt: r.updatedAt,
    doc: {
      name: r.name,
      nameEn: r.nameEn,
      parentId: r.parentId,
      themenfeld: r.themenfeld,
      position: r.position,
      description: r.description,
    },
  };
}

export async function readPublished<T extends EntityType>(
  db: Q,
  type: T,
  tenant: string,
  id: string,
): Promise<Published<DocOf[T]> | null> {
  switch (type) {
    case 'service':
      return (await readServiceDoc(db, tenant, id)) as Published<DocOf[T]> | null;
    case 'area_service':
      return (await readAreaServiceDoc(db, tenant, id.split(':')[1] ?? '')) as Published<DocOf[T]> | null;
    case 'authority':
      return (await readAuthorityDoc(db, tenant, id)) as Published<DocOf[T]> | null;
    case 'contact':
      return (await readContactDoc(db, tenant, id)) as Published<DocOf[T]> | null;
    case 'lebenslage':
      return tenant === STRUCTURE_TENANT ? ((await readLebenslageDoc(db, id)) as Published<DocOf[T]> | null) : null;
  }
  return null;
}

// ---- published records: write --------------------------------------------------------------------------------------

const TABLE = {
  service: 'services',
  authority: 'authorities',
  contact: 'contacts',
  lebenslage: 'lebenslagen',
} as const;

/**
 * Takes the row lock of a published record at `version` (optimistic locking): true when the record is still at
 * that version. In PostgreSQL a concurrent claimer waits for this transaction and then finds the version moved on.
 */
export async function claimVersion(
  db: Q,
  type: EntityType,
  tenant: string,
  id: string,
  version: number,
): Promise<boolean> {
  if (type === 'area_service') {
    const r = await db
      .updateTable('areaServiceSettings')
      .set({ version: sql`version` })
      .where('areaAgs', '=', tenant)
      .where('tenantAgs', '=', tenant)
      .where('serviceId', '=', id.split(':')[1] ?? '')
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  let q = db
    .updateTable(TABLE[type])
    .set({ version: sql`version` })
    .where('id', '=', id)
    .where('version', '=', version);
  if (type !== 'lebenslage') q = q.where('tenantAgs' as never, '=', tenant as never);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Writes a document through the catalog's write path; returns whether anything changed. */
export async function writePublished<T extends EntityType>(
  db: Q,
  type: T,
  tenant: string,
  id: string,
  doc: DocOf[T],
  now: string,
): Promise<boolean> {
  let result: 'created' | 'updated' | 'unchanged';
  switch (type) {
    case 'service': {
      const d = doc as ServiceDoc;
      const rules: ResponsibilityRule[] = d.rules.map((r, i) => ({
        id: `${id}:r${i + 1}`,
        serviceId: id,
        position: i,
        ...r,
      }));
      result = await upsertService(db, tenant, { id, tenantAgs: tenant, ...d, rules, version: 0 });
      break;
    }
    case 'authority': {
      const d = doc as AuthorityDoc;
      const { street, postcode, city, assignments, ...rest } = d;
      result = await upsertAuthority(db, tenant, {
        id,
        tenantAgs: tenant,
        ...rest,
        address: { street, postcode, city },
        version: 0,
        assignments: assignments.map((a, i) => ({
          id: `${id}#e${i + 1}@${a.areaAgs}`,
          tenantAgs: tenant,
          authorityId: id,
          ...a,
        })),
      });
      break;
    }
    case 'contact':
      result = await upsertContact(db, tenant, { id, tenantAgs: tenant, ...(doc as ContactDoc), version: 0 });
      break;
    case 'lebenslage':
      result = await upsertLebenslage(db, { id, ...(doc as LebenslageDoc) });
      break;
    case 'area_service':
      result = await upsertAreaServiceSetting(db, tenant, id.split(':')[1] ?? '', doc as AreaServiceDoc, now);
      break;
    default:
      throw new Error(`unknown type ${String(type)}`);
  }
  if (result === 'unchanged') return false;
  await bumpCacheGeneration(db, 'catalog');
  return true;
}

async function upsertAreaServiceSetting(db: Q, tenant: string, serviceId: string, d: AreaServiceDoc, now: string) {
  const values = {
    offered: d.offered ? 1 : 0,
    reason: d.reason,
    alternativeUrl: d.alternativeUrl,
    alternativeServiceId: d.alternativeServiceId,
    localText: d.localText,
    localFees: d.localFees,
    localDocuments: d.localDocuments,
    localOnlineServices: JSON.stringify(d.localOnlineServices),
  };
  const existing = await readAreaServiceDoc(db, tenant, serviceId);
  if (!existing) {
    await db
      .insertInto('areaServiceSettings')
      .values({ areaAgs: tenant, serviceId, tenantAgs: tenant, ...values, version: 1, updatedAt: now })
      .execute();
    return 'created' as const;
  }
  if (JSON.stringify(existing.doc) === JSON.stringify(d)) return 'unchanged' as const;
  await db
    .updateTable('areaServiceSettings')
    .set({ ...values, version: sql`version + 1`, updatedAt: now })
    .where('areaAgs', '=', tenant)
    .where('tenantAgs', '=', tenant)
    .where('serviceId', '=', serviceId)
    .execute();
  return 'updated' as const;
}

/** Removes a published record (its links go with it by cascade). */
export async function deletePublished(db: Q, type: EntityType, tenant: string, id: string): Promise<boolean> {
  let n: bigint;
  if (type === 'area_service') {
    n = (
      await db
        .deleteFrom('areaServiceSettings')
        .where('areaAgs', '=', tenant)
        .where('tenantAgs', '=', tenant)
        .where('serviceId', '=', id.split(':')[1] ?? '')
        .executeTakeFirst()
    ).numDeletedRows;
  } else if (type === 'lebenslage') {
    n = (await db.deleteFrom('lebenslagen').where('id', '=', id).executeTakeFirst()).numDeletedRows;
  } else {
    if (type === 'service') {
      await db.deleteFrom('responsibilityRules').where('serviceId', '=', id).where('tenantAgs', '=', tenant).execute();
      await db.deleteFrom('serviceLebenslagen').where('serviceId', '=', id).execute();
      await db.deleteFrom('areaServiceSettings').where('serviceId', '=', id).execute();
      await db.deleteFrom('contactServices').where('serviceId', '=', id).execute();
      await db.deleteFrom('assignments').where('serviceId', '=', id).execute();
    }
    if (type === 'authority')
      await db.deleteFrom('assignments').where('authorityId', '=', id).where('tenantAgs', '=', tenant).execute();
    if (type === 'contact')
      await db.deleteFrom('contactServices').where('contactId', '=', id).where('tenantAgs', '=', tenant).execute();
    n = (await db.deleteFrom(TABLE[type]).where('id', '=', id).where('tenantAgs', '=', tenant).executeTakeFirst())
      .numDeletedRows;
  }
  if (Number(n) === 0) return false;
  await bumpCacheGeneration(db, 'catalog');
  return true;
}

export async function countDependents(db: Q, type: EntityType, id: string): Promise<number> {
  if (type === 'authority') {
    const [c, a] = await Promise.all([
      db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('authorityId', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('authorities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parentId', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return Number(c.n) + Number(a.n);
  }
  if (type === 'lebenslage') {
    const c = await db
      .selectFrom('lebenslagen')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parentId', '=', id)
      .executeTakeFirstOrThrow();
    return Number(c.n);
  }
  return 0;
}

// ---- drafts -------------------------------------------------------------------------------------------------------

export async function findDraft(db: Q, tenant: string, type: EntityType, id: string): Promise<DraftRow | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst();
}

/** Any draft of the record, whatever its tenant: used only to refuse creating a record another tenant is drafting. */
export async function draftExists(db: Q, type: EntityType, id: string): Promise<boolean> {
  return !!(await db
    .selectFrom('drafts')
    .select('id')
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .executeTakeFirst());
}

export async function insertDraft(db: Q, row: DraftRow): Promise<void> {
  await db.insertInto('drafts').values(row).execute();
}

/** Saves over a draft only if it is still at `version`: false when someone else saved in between. */
export async function updateDraft(
  db: Q,
  tenant: string,
  id: string,
  version: number,
  values: { data: string; updatedBy: string | null; updatedAt: string },
): Promise<boolean> {
  const r = await db
    .updateTable('drafts')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('tenantAgs', '=', tenant)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteDraft(db: Q, tenant: string, id: string, version?: number): Promise<boolean> {
  let q = db.deleteFrom('drafts').where('id', '=', id).where('tenantAgs', '=', tenant);
  if (version !== undefined) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirst()).numDeletedRows) === 1;
}

export async function listDrafts(db: Q, tenants: string[] | null): Promise<DraftRow[]> {
  let q = db.selectFrom('drafts').selectAll();
  if (tenants) q = tenants.length ? q.where('tenantAgs', 'in', tenants) : q.where('id', '=', '\u0000');
  return q.orderBy('updatedAt', 'desc').limit(500).execute();
}

// ---- revisions ------------------------------------------------------------------------------------------------------

export async function insertRevision(db: Q, row: RevisionRow): Promise<void> {
  await db.insertInto('revisions').values(row).execute();
}

export async function listRevisions(db: Q, tenant: string, type: EntityType, id: string): Promise<RevisionRow[]> {
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
  type: EntityType,
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

export async function hasRevisions(db: Q, tenant: string, type: EntityType, id: string): Promise<boolean> {
  return !!(await db
    .selectFrom('revisions')
    .select('id')
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .executeTakeFirst());
}

// ---- schedules ------------------------------------------------------------------------------------------------------

export async function upsertSchedule(db: Q, row: ScheduleRow): Promise<void> {
  await db
    .insertInto('scheduledActions')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['entityType', 'entityId', 'action'])
        .doUpdateSet({ runAt: row.runAt, createdBy: row.createdBy, createdAt: row.createdAt }),
    )
    .execute();
}

export async function listSchedules(db: Q, tenant: string, type: EntityType, id: string): Promise<ScheduleRow[]> {
  return db
    .selectFrom('scheduledActions')
    .selectAll()
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .orderBy('runAt')
    .execute();
}

export async function listTenantSchedules(db: Q, tenants: string[] | null): Promise<ScheduleRow[]> {
  let q = db.selectFrom('scheduledActions').selectAll();
  if (tenants) q = tenants.length ? q.where('tenantAgs', 'in', tenants) : q.where('id', '=', '\u0000');
  return q.orderBy('runAt').limit(500).execute();
}

export async function deleteSchedule(
  db: Q,
  tenant: string,
  type: EntityType,
  id: string,
  action: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('scheduledActions')
    .where('entityType', '=', type)
    .where('entityId', '=', id)
    .where('tenantAgs', '=', tenant)
    .where('action', '=', action)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Schedules due at `now`, across tenants: only the scheduler (acting as the system) calls this. */
export async function dueSchedules(db: Q, now: string): Promise<ScheduleRow[]> {
  return db.selectFrom('scheduledActions').selectAll().where('runAt', '<=', now).orderBy('runAt').limit(100).execute();
}

/** Takes a due schedule; false when another instance took it first. */
export async function takeSchedule(db: Q, id: string): Promise<boolean> {
  return Number((await db.deleteFrom('scheduledActions').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;
}

// ---- lists for the workspace ----------------------------------------------------------------------------------------

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

/** The services a tenant's workspace shows: its own, and for a town also those of the tenants above it. */
export async function listWorkspaceServices(db: Q, tenant: string, tenantsAbove: string[]): Promise<ServiceListItem[]> {
  const owners = [tenant, ...tenantsAbove];
  const rows = await db
    .selectFrom('services as s')
    .leftJoin('areaServiceSettings as a', (j) => j.onRef('a.serviceId', '=', 's.id').on('a.areaAgs', '=', tenant))
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

export async function listAuthorities(db: Q, tenant: string) {
  return db
    .selectFrom('authorities')
    .select(['id', 'name', 'areaAgs', 'version', 'updatedAt'])
    .where('tenantAgs', '=', tenant)
    .orderBy('name')
    .execute();
}

export async function listContacts(db: Q, tenant: string) {
  return db
    .selectFrom('contacts as c')
    .innerJoin('authorities as a', 'a.id', 'c.authorityId')
    .select(['c.id', 'c.name', 'c.role', 'c.authorityId', 'a.name as authorityName', 'c.version', 'c.updatedAt'])
    .where('c.tenantAgs', '=', tenant)
    .orderBy('a.name')
    .orderBy('c.name')
    .execute();
}

export async function listLebenslagen(db: Q) {
  return db
    .selectFrom('lebenslagen')
    .select(['id', 'name', 'parentId', 'position', 'version'])
    .orderBy('position')
    .orderBy('name')
    .execute();
}

export async function findArea(db: Q, ags: string) {
  return db
    .selectFrom('areas')
    .select(['ags', 'name', 'parentAgs', 'kind', 'slug'])
    .where('ags', '=', ags)
    .executeTakeFirst();
}

export async function listAreas(db: Q) {
  return db.selectFrom('areas').select(['ags', 'name', 'parentAgs', 'kind', 'slug']).orderBy('ags').execute();
}

export async function listAreaKinds(db: Q) {
  return db.selectFrom('areaKinds').select(['code', 'name']).orderBy('name').execute();
}

export async function serviceName(db: Q, id: string): Promise<{ name: string; tenantAgs: string } | undefined> {
  return db.selectFrom('services').select(['name', 'tenantAgs']).where('id', '=', id).executeTakeFirst();
}

export async function knownTasks(db: Q): Promise<string[]> {
  const rows = await db.selectFrom('services').select('task').distinct().where('task', 'is not', null).execute();
  return rows.map((r) => r.task!).sort();
}

export async function existingIds(
  db: Q,
  table: 'services' | 'authorities' | 'contacts' | 'lebenslagen' | 'areas',
  ids: string[],
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  if (table === 'areas') {
    const rows = await db.selectFrom('areas').select('ags').where('ags', 'in', ids).execute();
    return new Set(rows.map((r) => r.ags));
  }
  const rows = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function authorityTenant(db: Q, id: string): Promise<string | undefined> {
  return (await db.selectFrom('authorities').select('tenantAgs').where('id', '=', id).executeTakeFirst())?.tenantAgs;
}

export async function areaKindExists(db: Q, code: string): Promise<boolean> {
  return !!(await db.selectFrom('areaKinds').select('code').where('code', '=', code).executeTakeFirst());
}

// ---- for the resolver and the portal ----------------------------------------------------------------------------------

/** How a town handles the services of the tenants above it (see docs/editor.md, "What the portal must honour"). */
export interface AreaServiceSetting extends AreaServiceDoc {
  areaAgs: string;
  serviceId: string;
  version: number;
}

/** Every setting of one area (town), by service id. Only published settings live in this table; drafts never do. */
export async function readAreaServiceSettings(db: Q, areaAgs: string): Promise<Map<string, AreaServiceSetting>> {
  const rows = await db
    .selectFrom('areaServiceSettings')
    .selectAll()
    .where('areaAgs', '=', areaAgs)
    .where('tenantAgs', '=', areaAgs)
    .execute();
  return new Map(rows.map((r) => [r.serviceId, { ...toLocalServiceSetting(r), version: r.version }]));
}
