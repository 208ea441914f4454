// The one write path of the catalog. Bundle import, editor publish/unpublish/restore/schedules, the token API, the
// CLI and every importer build a change set and call `write`: one validator, one transaction, and for every record
// that really changed a revision; one audit entry and one cache-generation bump per write that changed anything.
// A write that changes nothing leaves no trace at all.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import { serviceFromDoc } from './catalog.documents.ts';
import { type CatalogIssue, type Lang, makeIssue, rejectionMessage } from './catalog.issues.ts';
import {
  appendAudit,
  bumpCacheGeneration,
  type DocType,
  foreignReferences,
  insertRevision,
  lockTaskVersion,
  lockVersion,
  ownerOf,
  readExistingIds,
  readRecordDoc,
  readServiceDoc,
  readTask,
  recordsWithHistory,
  removeRecord,
  type Upsert,
  upsertArea,
  upsertAreaKind,
  upsertAuthority,
  upsertContact,
  upsertLebenslage,
  upsertLocalSetting,
  upsertService,
  upsertTask,
} from './catalog.repository.ts';
import {
  deleteStale,
  insertNotice,
  markStale,
  type OverridingSetting,
  readLocalValues,
  readOverridingSettings,
  readServiceStates,
  readStaleKeys,
} from './catalog.stale.repository.ts';
import {
  type CatalogNotice,
  changedFields,
  changedLocalFields,
  overriddenFields,
  type ServiceState,
} from './catalog.stale.ts';
import type { Actor, Tenant } from './catalog.tenant.ts';
import {
  ASSIGNMENT_REMOVAL,
  areaServiceKey,
  type CatalogChangeSet,
  changeSetSize,
  type Labeled,
  type RecordType,
  type Service,
  STRUCTURE_TENANT,
  taskKey,
} from './catalog.ts';
import { validateChangeSet } from './catalog.validate.ts';

type Q = Kysely<Database>;

export type Section =
  | 'areaKinds'
  | 'areas'
  | 'lebenslagen'
  | 'tasks'
  | 'services'
  | 'authorities'
  | 'contacts'
  | 'localSettings';
/** Per section; `removed` only counts in `removals`, where `unchanged` counts records that were already gone. */
export type SectionCounts = Record<
  Section | 'removals',
  { created: number; updated: number; unchanged: number; removed: number }
>;

export interface WriteOptions {
  /** Who writes: a user, a token's user, or a system principal (`cli`, `scheduler`, `system`). */
  actor: Actor;
  /** Where the write came from, for the audit trail: `bundle`, `editor`, `api`, `cli`, `seed`, an importer's name … */
  source: string;
  dryRun?: boolean;
  /** Language of the issues' messages: German for the editors' workspace, English elsewhere. */
  lang?: Lang;
  /** The revisions' action: `import` (default), `publish`, `restore`, `unpublish`. */
  action?: string;
  /** The audit entry's action and summary (default: `catalog.<action>` and the counts). */
  audit?: { action?: string; summary?: (changes: RecordChange[]) => string; ip?: string | null };
  /** Run inside the caller's transaction (the editor claims versions and deletes its draft in the same one). */
  transaction?: Q;
  /** Called after each record is written, with the number done and the total (for progress bars). */
  onProgress?: (done: number, total: number) => void;
  /**
   * At most this many changes are listed in the result (the counts, the audit entry and the bump stay exact): a
   * staged import of a large message then does not hold one entry per record (decision 0260). Default: all.
   */
  keepChanges?: number;
}

export interface RecordChange {
  type: RecordType;
  id: string;
  tenantAgs: string;
  result: 'created' | 'updated' | 'removed';
  /** The record's version after the write (for a removal: its last version). */
  version: number;
}

/** A record is no longer at the version the writer saw (or exists although the writer expected it to be new). */
export class VersionConflictError extends ConflictError {
  constructor(
    readonly recordType: RecordType,
    readonly recordId: string,
    readonly expected: number | null,
    readonly current: number | null,
  ) {
    super(
      current === null
        ? `${recordType} "${recordId}" was removed in the meantime (expected version ${expected})`
        : expected === null
          ? `${recordType} "${recordId}" exists already (version ${current})`
          : `${recordType} "${recordId}" is at version ${current}, not ${expected}; nothing was written`,
      { type: recordType, id: recordId, expectedVersion: expected, currentVersion: current },
    );
  }
}

/** Checks (and locks) every record whose writer named the version it saw; throws on the first that moved. */
async function checkVersions(trx: Q, set: CatalogChangeSet): Promise<void> {
  const expected: Array<{ type: RecordType & DocType; tenant: string; id: string; version: number | null }> = [];
  const add = (item: { expectedVersion?: number | null }, type: RecordType & DocType, tenant: string, id: string) => {
    if (item.expectedVersion !== undefined) expected.push({ type, tenant, id, version: item.expectedVersion });
  };
  for (const s of set.services) add(s, 'service', s.value.tenantAgs, s.value.id);
  for (const a of set.authorities) add(a, 'authority', a.value.tenantAgs, a.value.id);
  for (const c of set.contacts) add(c, 'contact', c.value.tenantAgs, c.value.id);
  for (const l of set.lebenslagen) add(l, 'lebenslage', STRUCTURE_TENANT, l.value.id);
  for (const l of set.localSettings ?? []) add(l, 'area_service', l.value.areaAgs, l.value.serviceId);
  for (const r of set.removals ?? []) add(r, r.value.type, r.value.tenantAgs, r.value.id);
  for (const t of set.tasks ?? []) {
    if (t.expectedVersion === undefined) continue;
    const id = taskKey(t.value.tenantAgs, t.value.code);
    const current = await lockTaskVersion(trx, id);
    if (current !== t.expectedVersion) throw new VersionConflictError('task', id, t.expectedVersion, current);
  }
  for (const e of expected) {
    const current = await lockVersion(trx, e.type, e.tenant, e.id);
    if (current !== e.version) {
      const key = e.type === 'area_service' ? areaServiceKey(e.tenant, e.id) : e.id;
      throw new VersionConflictError(e.type, key, e.version, current);
    }
  }
}

export interface WriteResult {
  dryRun: boolean;
  counts: SectionCounts;
  changes: RecordChange[];
  /** Changes beyond `keepChanges`, counted but not listed (absent when none were left out). */
  changesOmitted?: number;
}

function topoSort<T>(items: Labeled<T>[], id: (t: T) => string, parent: (t: T) => string | null): Labeled<T>[] {
  const byId = new Map(items.map((i) => [id(i.value), i]));
  const out: Labeled<T>[] = [];
  const done = new Set<string>();
  const visit = (item: Labeled<T>, depth: number) => {
    const key = id(item.value);
    if (done.has(key) || depth > 50) return;
    const p = parent(item.value);
    const parentItem = p ? byId.get(p) : undefined;
    if (parentItem && parentItem !== item) visit(parentItem, depth + 1);
    if (!done.has(key)) {
      done.add(key);
      out.push(item);
    }
  };
  for (const item of items) visit(item, 0);
  return out;
}

class DryRunRollback extends Error {}

const zeroCounts = (): SectionCounts => {
  const zero = () => ({ created: 0, updated: 0, unchanged: 0, removed: 0 });
  return {
    areaKinds: zero(),
    areas: zero(),
    lebenslagen: zero(),
    tasks: zero(),
    services: zero(),
    authorities: zero(),
    contacts: zero(),
    localSettings: zero(),
    removals: zero(),
  };
};

/** The document the history stores for a record: the edit document, or the record itself for areas and kinds. */
async function snapshotOf(
  trx: Q,
  type: RecordType,
  tenant: string,
  id: string,
): Promise<{ version: number; updatedAt: string; data: unknown } | null> {
  if (type === 'area') {
    const r = await trx.selectFrom('areas').selectAll().where('ags', '=', id).executeTakeFirst();
    if (!r) return null;
    const { version, updatedAt, ...rest } = r;
    return { version, updatedAt, data: rest };
  }
  if (type === 'task') {
    const r = await readTask(trx, id);
    return r ? { version: r.task.version, updatedAt: r.updatedAt, data: r.task } : null;
  }
  if (type === 'area_kind') {
    const r = await trx.selectFrom('areaKinds').selectAll().where('code', '=', id).executeTakeFirst();
    return r ? { version: 1, updatedAt: new Date().toISOString(), data: r } : null;
  }
  const key = type === 'area_service' ? (id.split(':')[1] ?? '') : id;
  const published = await readRecordDoc(trx, type, tenant as Tenant | '*', key);
  return published ? { version: published.version, updatedAt: published.updatedAt, data: published.doc } : null;
}

/**
 * Hands the batches of one change set to a staged write, one after the other (see `writeStaged`); resolves with the
 * changes that batch made (its records that were created, updated or removed; the others were unchanged).
 */
export type StageBatch = (batch: CatalogChangeSet) => Promise<RecordChange[]>;

/** Reads inside a staged write's transaction: what earlier batches wrote, as a later batch would see it. */
export interface StagedReads {
  /** A service as the catalog holds it now (undefined when it does not exist), with its current version. */
  service(tenant: Tenant, id: string): Promise<Service | undefined>;
}

export async function writeChangeSet(db: Q, set: CatalogChangeSet, options: WriteOptions): Promise<WriteResult> {
  return writeStaged(db, options, async (write) => {
    await write(set);
  });
}

/** What a batch adds to and removes from the catalog's ids, so that the next batch validates against it. */
function absorb(existing: Existing, set: CatalogChangeSet): void {
  for (const { value: k } of set.areaKinds) existing.areaKinds.add(k.code);
  for (const { value: a } of set.areas) {
    existing.areas.set(a.ags, a.kind);
    existing.slugs.set(a.slug, a.ags);
    existing.arsKeys.set(a.ars, a.ags);
  }
  for (const { value: l } of set.lebenslagen) existing.lebenslagen.add(l.id);
  for (const { value: t } of set.tasks ?? []) existing.tasks.set(taskKey(t.tenantAgs, t.code), t.tenantAgs);
  for (const { value: s } of set.services) existing.services.set(s.id, { tenantAgs: s.tenantAgs, task: s.task });
  for (const { value: a } of set.authorities) existing.authorities.set(a.id, a.tenantAgs);
  for (const { value: c } of set.contacts) existing.contacts.set(c.id, c.tenantAgs);
  for (const { value: r } of set.removals ?? []) {
    if (r.type === 'service') existing.services.delete(r.id);
    else if (r.type === 'authority') existing.authorities.delete(r.id);
    else if (r.type === 'contact') existing.contacts.delete(r.id);
    else if (r.type === 'lebenslage') existing.lebenslagen.delete(r.id);
  }
}

type Existing = Awaited<ReturnType<typeof readExistingIds>>;

/**
 * One change set written in batches (decision 0236): `produce` hands over batch after batch, each validated and
 * written as it comes, inside ONE transaction; the audit entry and the generation bump come once, at the end. A
 * batch validates against the catalog plus every earlier batch, so references must point backwards (write services
 * before the units assigned to them). Any failure — in any batch, or in `produce` itself — rolls back everything.
 * Lets an importer hold one batch instead of a whole message.
 */
export async function writeStaged(
  db: Q,
  options: WriteOptions,
  produce: (write: StageBatch, read: StagedReads) => Promise<void>,
): Promise<WriteResult> {
  const lang = options.lang ?? 'en';
  const revisionAction = options.action ?? 'import';
  const counts = zeroCounts();
  const changes: RecordChange[] = [];
  const keep = options.keepChanges ?? Number.POSITIVE_INFINITY;
  // What the audit entry needs, kept exact however many changes are listed.
  let changed = 0;
  let firstChange: RecordChange | undefined;
  const changedTenants = new Set<string>();
  const at = new Date().toISOString();
  let done = 0;

  const run = async (trx: Q) => {
    const existing = await readExistingIds(trx);
    const read: StagedReads = {
      async service(tenant, id) {
        const p = await readServiceDoc(trx, tenant, id);
        return p ? { ...serviceFromDoc(id, p.tenantAgs, p.doc), version: p.version } : undefined;
      },
    };
    await produce((set) => writeBatch(trx, set, existing), read);
    await finish(trx);
  };

  const writeBatch = async (trx: Q, set: CatalogChangeSet, existing: Existing): Promise<RecordChange[]> => {
    const batchChanges: RecordChange[] = [];
    const record = (c: RecordChange) => {
      batchChanges.push(c);
      changed++;
      firstChange ??= c;
      changedTenants.add(c.tenantAgs);
      if (changes.length < keep) changes.push(c);
    };
    await checkVersions(trx, set);
    // A contact without tenant belongs to its unit's tenant.
    const batchTenants = new Map(set.authorities.map((a) => [a.value.id, a.value.tenantAgs] as const));
    for (const c of set.contacts)
      if (!c.value.tenantAgs)
        c.value.tenantAgs =
          batchTenants.get(c.value.authorityId) ?? existing.authorities.get(c.value.authorityId) ?? '';
    const issues: CatalogIssue[] = validateChangeSet(set, existing, lang);
    for (const { label, value: r } of set.removals ?? []) {
      const key = r.type === 'area_service' ? areaServiceKey(r.tenantAgs, r.id) : r.id;
      const owner = await ownerOf(trx, r.type, key);
      if (owner !== null && owner !== r.tenantAgs)
        issues.push(makeIssue(lang, 'tenant.foreign', 'tenant', { kind: r.type, id: r.id, owner }, label));
      if (r.type === 'area_service') continue;
      for (const ref of await foreignReferences(trx, r.type, r.tenantAgs, r.id))
        issues.push(
          makeIssue(lang, 'reference.inUse', 'id', { value: `"${r.id}"`, by: ref.by, tenant: ref.tenantAgs }, label),
        );
    }
    if (issues.length > 0) throw new ValidationError(rejectionMessage(issues.length, lang), issues);

    // Records that existed before and have no history get a baseline (their state before this first change).
    const ids = [
      ...set.services.map((s) => s.value.id),
      ...set.authorities.map((a) => a.value.id),
      ...set.contacts.map((c) => c.value.id),
      ...set.lebenslagen.map((l) => l.value.id),
      ...set.areas.map((a) => a.value.ags),
      ...set.areaKinds.map((k) => k.value.code),
      ...(set.tasks ?? []).map((t) => taskKey(t.value.tenantAgs, t.value.code)),
      ...(set.localSettings ?? []).map((l) => areaServiceKey(l.value.areaAgs, l.value.serviceId)),
      ...(set.removals ?? []).map((r) =>
        r.value.type === 'area_service' ? areaServiceKey(r.value.tenantAgs, r.value.id) : r.value.id,
      ),
    ];
    const withHistory = await recordsWithHistory(trx, ids);
    const revision = async (
      type: RecordType,
      tenant: string,
      id: string,
      action: string,
      snap: { version: number; updatedAt: string; data: unknown } | null,
      actor: { id: string | null; label: string },
      when = at,
    ) => {
      await insertRevision(trx, {
        id: randomUUID(),
        entityType: type,
        entityId: id,
        tenantAgs: tenant,
        version: snap?.version ?? 1,
        action,
        data: snap && action !== 'unpublish' ? JSON.stringify(snap.data) : null,
        actorId: actor.id,
        actorLabel: actor.label,
        at: when,
      });
      withHistory.add(`${type}|${id}`);
    };
    // A staged write does not know its total in advance: what is done plus this batch.
    const total = done + changeSetSize(set);

    // Stale local data (decision 0140): towns' settings with values of their own for the services this write
    // touches, and those services as they were; compared after the services are written.
    const known = set.services.map((s) => s.value.id).filter((id) => existing.services.has(id));
    const overriding = known.length > 0 ? await readOverridingSettings(trx, known) : [];
    const servicesBefore =
      overriding.length > 0
        ? await readServiceStates(
            trx,
            overriding.map((o) => o.serviceId),
          )
        : new Map();
    // Flags a town's own change may answer (read once; most writes touch no flagged setting).
    const localIds = (set.localSettings ?? []).map((l) => l.value.serviceId);
    const flagged = localIds.length > 0 ? await readStaleKeys(trx, localIds) : new Set<string>();

    /** Writes one record and versions it when it changed. */
    const step = async (
      section: Section,
      type: RecordType,
      tenant: string,
      id: string,
      existed: boolean,
      upsert: () => Promise<Upsert>,
    ) => {
      const key = id;
      const before = existed && !withHistory.has(`${type}|${key}`) ? await snapshotOf(trx, type, tenant, key) : null;
      const result = await upsert();
      counts[section][result]++;
      options.onProgress?.(++done, total);
      if (result === 'unchanged') return;
      if (before)
        await revision(type, tenant, key, 'baseline', before, { id: null, label: 'Import' }, before.updatedAt);
      const after = await snapshotOf(trx, type, tenant, key);
      await revision(type, tenant, key, revisionAction, after, {
        id: options.actor.userId,
        label: options.actor.label,
      });
      record({ type, id: key, tenantAgs: tenant, result, version: after?.version ?? 1 });
    };

    const kindCodes = new Set(existing.areaKinds);
    for (const { value } of set.areaKinds)
      await step('areaKinds', 'area_kind', STRUCTURE_TENANT, value.code, kindCodes.has(value.code), () =>
        upsertAreaKind(trx, value),
      );
    for (const { value } of topoSort(
      set.areas,
      (a) => a.ags,
      (a) => a.parentAgs,
    ))
      await step('areas', 'area', STRUCTURE_TENANT, value.ags, existing.areas.has(value.ags), () =>
        upsertArea(trx, value),
      );
    for (const { value } of topoSort(
      set.lebenslagen,
      (l) => l.id,
      (l) => l.parentId,
    ))
      await step('lebenslagen', 'lebenslage', STRUCTURE_TENANT, value.id, existing.lebenslagen.has(value.id), () =>
        upsertLebenslage(trx, value),
      );
    // Tasks are versioned like every record (decision 0150): a changed rule is a revision of its task.
    const taskIds = new Set(existing.tasks.keys());
    for (const { value } of set.tasks ?? []) {
      const key = taskKey(value.tenantAgs, value.code);
      await step('tasks', 'task', value.tenantAgs, key, taskIds.has(key), () =>
        upsertTask(trx, value.tenantAgs as Tenant, value),
      );
    }
    for (const { value } of set.services)
      await step('services', 'service', value.tenantAgs, value.id, existing.services.has(value.id), () =>
        upsertService(trx, value.tenantAgs as Tenant, value),
      );
    await flagStaleSettings(trx, {
      overriding,
      before: servicesBefore,
      updated: batchChanges.filter((c) => c.type === 'service' && c.result === 'updated').map((c) => c.id),
      at,
      source: options.source,
      actorLabel: options.actor.label,
    });
    for (const { value } of topoSort(
      set.authorities,
      (a) => a.id,
      (a) => a.parentId,
    ))
      await step('authorities', 'authority', value.tenantAgs, value.id, existing.authorities.has(value.id), () =>
        // A Zuständigkeit the unit no longer has leaves a removal mark of its own (the unit's revision keeps its
        // assignments without their ids), so that an exchange export since a date can send its deletion (ADR 0292).
        upsertAuthority(trx, value.tenantAgs as Tenant, value, async (removed) => {
          for (const { id, task } of removed)
            await insertRevision(trx, {
              id: randomUUID(),
              entityType: ASSIGNMENT_REMOVAL,
              entityId: id,
              tenantAgs: value.tenantAgs,
              version: 1,
              action: 'unpublish',
              // A task assignment is exported once per service of the task: the export needs to know it was one.
              data: task ? JSON.stringify({ task }) : null,
              actorId: options.actor.userId,
              actorLabel: options.actor.label,
              at,
            });
        }),
      );
    for (const { value } of set.contacts)
      await step('contacts', 'contact', value.tenantAgs, value.id, existing.contacts.has(value.id), () =>
        upsertContact(trx, value.tenantAgs as Tenant, value),
      );
    for (const { value } of set.localSettings ?? []) {
      const key = areaServiceKey(value.areaAgs, value.serviceId);
      const existed = (await ownerOf(trx, 'area_service', key)) !== null;
      const before = flagged.has(key) ? await readLocalValues(trx, value.areaAgs, value.serviceId) : null;
      const count = batchChanges.length;
      await step('localSettings', 'area_service', value.areaAgs, key, existed, () =>
        upsertLocalSetting(trx, value.areaAgs as Tenant, value),
      );
      // The town changed its own value of a flagged field (or dropped it): that answers the flag.
      if (flagged.has(key) && batchChanges.length > count) {
        const after = { ...value, localOnlineServices: JSON.stringify(value.localOnlineServices) };
        await deleteStale(trx, value.areaAgs, value.serviceId, changedLocalFields(before, after));
      }
    }
    for (const { value: r } of set.removals ?? []) {
      const tenant = r.type === 'lebenslage' ? STRUCTURE_TENANT : r.tenantAgs;
      const key = r.type === 'area_service' ? areaServiceKey(r.tenantAgs, r.id) : r.id;
      const before = await snapshotOf(trx, r.type, tenant, key);
      options.onProgress?.(++done, total);
      if (!before) {
        counts.removals.unchanged++;
        continue;
      }
      if (!withHistory.has(`${r.type}|${key}`))
        await revision(r.type, tenant, key, 'baseline', before, { id: null, label: 'Import' }, before.updatedAt);
      await removeRecord(trx, r.type, tenant as Tenant | '*', r.id);
      // A town that drops its setting has nothing left to be stale.
      if (r.type === 'area_service') await deleteStale(trx, r.tenantAgs, r.id);
      counts.removals.removed++;
      await revision(r.type, tenant, key, 'unpublish', before, {
        id: options.actor.userId,
        label: options.actor.label,
      });
      record({ type: r.type, id: key, tenantAgs: tenant, result: 'removed', version: before.version });
    }
    absorb(existing, set);
    return batchChanges;
  };

  const finish = async (trx: Q) => {
    if (changed === 0) return;
    const tenants = changedTenants;
    const single = changed === 1 ? firstChange : undefined;
    await appendAudit(trx, {
      id: randomUUID(),
      at,
      actorId: options.actor.userId,
      actorLabel: options.actor.label,
      via: options.actor.via,
      action: options.audit?.action ?? `catalog.${revisionAction}`,
      entityType: single?.type ?? null,
      entityId: single?.id ?? null,
      tenantAgs: tenants.size === 1 ? ([...tenants][0] ?? null) : null,
      summary: (options.audit?.summary?.(changes) ?? describeChanges(options.source, counts)).slice(0, 1000),
      ip: options.audit?.ip ?? null,
    });
    await bumpCacheGeneration(trx);
  };

  if (options.transaction) {
    await run(options.transaction);
  } else if (options.dryRun) {
    // Run every write, then roll back: a dry run also catches what only the database would refuse.
    await db
      .transaction()
      .execute(async (trx) => {
        await run(trx);
        throw new DryRunRollback();
      })
      .catch((e) => {
        if (!(e instanceof DryRunRollback)) throw e;
      });
  } else {
    await db.transaction().execute(run);
  }
  const omitted = changed - changes.length;
  return {
    dryRun: !!options.dryRun,
    counts,
    changes: options.dryRun ? [] : changes,
    ...(omitted > 0 && !options.dryRun ? { changesOmitted: omitted } : {}),
  };
}

/**
 * After the owner's services are written: flags every field a town overrides that the owner changed (once per
 * field until the town answers it) and queues the towns' notices — `stale_text` for new flags, `upstream_change`
 * for any text change that did not come from an editor (an import) on a service the town has values of its own for.
 */
async function flagStaleSettings(
  trx: Q,
  w: {
    overriding: readonly OverridingSetting[];
    before: ReadonlyMap<string, ServiceState>;
    updated: readonly string[];
    at: string;
    source: string;
    actorLabel: string;
  },
): Promise<void> {
  const ids = w.updated.filter((id) => w.before.has(id));
  if (ids.length === 0) return;
  const after = await readServiceStates(trx, ids);
  const notice = (n: Omit<CatalogNotice, 'id' | 'source' | 'actorLabel' | 'createdAt'>) =>
    insertNotice(trx, { id: randomUUID(), ...n, source: w.source, actorLabel: w.actorLabel, createdAt: w.at });
  for (const id of ids) {
    const b = w.before.get(id);
    const a = after.get(id);
    if (!b || !a) continue;
    const changed = changedFields(b, a);
    if (changed.length === 0) continue;
    for (const setting of w.overriding) {
      if (setting.serviceId !== id || setting.areaAgs === a.tenantAgs) continue;
      const fresh = [];
      for (const field of overriddenFields(setting).filter((f) => changed.includes(f))) {
        const mark = {
          areaAgs: setting.areaAgs,
          serviceId: id,
          field,
          ownerAgs: a.tenantAgs,
          since: w.at,
          ownerOld: b.fields[field] ?? null,
          ownerNew: a.fields[field] ?? null,
        };
        if ((await markStale(trx, mark, w.at)) === 'new') fresh.push(field);
      }
      const base = { tenantAgs: setting.areaAgs, serviceId: id, serviceName: a.name };
      if (fresh.length > 0) await notice({ ...base, kind: 'stale_text', fields: fresh });
      if (w.source !== 'editor') await notice({ ...base, kind: 'upstream_change', fields: changed });
    }
  }
}

function describeChanges(source: string, counts: SectionCounts): string {
  const parts = Object.entries(counts).flatMap(([section, c]) => {
    const n = c as Record<string, number>;
    const created = n.created ?? 0;
    const updated = n.updated ?? 0;
    const removed = n.removed ?? 0;
    return created + updated + removed > 0
      ? [`${section}: ${created} new, ${updated} changed${removed ? `, ${removed} removed` : ''}`]
      : [];
  });
  return `${source}: ${parts.join('; ')}`;
}
