import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { canEdit, canWorkIn, isAdmin, keepsLocalSettings, type Principal } from '../auth/auth.ts';
import type { CatalogService, Published } from '../catalog/index.ts';
import {
  asTenant,
  authorityFromDoc,
  type CatalogChangeSet,
  contactFromDoc,
  emptyChangeSet,
  lebenslageFromDoc,
  localSettingFromDoc,
  serviceFromDoc,
  type Tenant,
  VersionConflictError,
  type WriteOptions,
} from '../catalog/index.ts';
import type { FieldDiff } from './editor.diff.ts';
import { formIssues } from './editor.issues.ts';
import * as repo from './editor.repository.ts';
import {
  type AnyDoc,
  type AreaServiceDoc,
  type AuthorityDoc,
  areaServiceKey,
  type ContactDoc,
  type DocOf,
  docIssues,
  EditConflictError,
  ENTITY_LABELS,
  type EntityType,
  idProblem,
  type LebenslageDoc,
  normalizeDoc,
  type ServiceDoc,
  STRUCTURE_TENANT,
} from './editor.ts';

export interface Draft<T> {
  doc: T;
  version: number;
  baseVersion: number | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface RecordView<T extends EntityType = EntityType> {
  type: T;
  tenantAgs: string;
  id: string;
  published: Published<DocOf[T]> | null;
  draft: Draft<DocOf[T]> | null;
  schedules: Array<{ action: string; runAt: string; createdBy: string | null }>;
}

export interface Revision {
  id: string;
  version: number;
  action: string;
  at: string;
  actor: string;
  doc: AnyDoc | null;
  /** Changes against the revision before it (older). */
  changes: FieldDiff[];
}

export interface EditOptions {
  /** Version of the draft the editor saw (null/0: there was none). */
  draftVersion?: number | null | undefined;
  /** Version of the published record the editor saw (null: the record is new). */
  baseVersion?: number | null | undefined;
  ip?: string | null | undefined;
}

const nowIso = () => new Date().toISOString();

/** A unique-constraint violation on either dialect (PostgreSQL SQLSTATE 23505, SQLite's constraint codes). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const RACE_LOST =
  'Jemand anderes hat diesen Eintrag im selben Moment gespeichert. Ihre Eingaben wurden nicht gespeichert; bitte neu laden und abgleichen.';

export function toDraft<T>(row: repo.DraftRow): Draft<T> {
  return {
    doc: JSON.parse(row.data) as T,
    version: row.version,
    baseVersion: row.baseVersion,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** A time as editors read it (Berlin, short). */
export function when(iso: string): string {
  return new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' });
}

/** The shared helpers of the workspace's use cases (one per process, built by `createEditorService`). */
export function createEditorContext(db: Db, auth: AuthService, options: { now?: () => Date; catalog: CatalogService }) {
  const k = db.kysely;
  const now = options.now ? () => options.now!().toISOString() : nowIso;
  const catalog = options.catalog;

  /** The owner as the catalog types it: `*` for the structure (Lebenslagen), else a tenant AGS. */
  const ownerKey = (tenant: string): Tenant | '*' => (tenant === STRUCTURE_TENANT ? '*' : asTenant(tenant));
  const recordKey = (type: EntityType, id: string) => (type === 'area_service' ? (id.split(':')[1] ?? '') : id);

  function readPublished<T extends EntityType>(type: T, tenant: string, id: string, q: typeof k = k) {
    return catalog.readRecord(type, ownerKey(tenant), recordKey(type, id), q);
  }

  /** The change set that publishes one edit document: the editor's only way to change the catalog. */
  function changeSetFor(
    type: EntityType,
    tenant: string,
    id: string,
    doc: AnyDoc,
    expectedVersion?: number | null,
  ): CatalogChangeSet {
    const set = emptyChangeSet();
    const base = {
      label: `${ENTITY_LABELS[type]} ${id}`,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    };
    switch (type) {
      case 'service':
        set.services.push({ ...base, value: serviceFromDoc(id, tenant, doc as ServiceDoc) });
        break;
      case 'authority':
        set.authorities.push({ ...base, value: authorityFromDoc(id, tenant, doc as AuthorityDoc) });
        break;
      case 'contact':
        set.contacts.push({ ...base, value: contactFromDoc(id, tenant, doc as ContactDoc) });
        break;
      case 'lebenslage':
        set.lebenslagen.push({ ...base, value: lebenslageFromDoc(id, doc as LebenslageDoc) });
        break;
      case 'area_service':
        set.localSettings?.push({
          ...base,
          value: localSettingFromDoc(tenant, recordKey(type, id), doc as AreaServiceDoc),
        });
        break;
    }
    return set;
  }

  const deny = (what = 'diesen Eintrag') =>
    new ForbiddenError(
      `Sie haben keine Berechtigung für ${what}. Anmeldung mit einem Konto der zuständigen Stelle erforderlich.`,
    );

  /** Throws unless `p` may edit the record `id` of `type` in `tenant` — and the record really belongs to `tenant`. */
  async function authorize(p: Principal | null, type: EntityType, tenant: string, id: string): Promise<Principal> {
    if (!p || !canEdit(p, type, tenant)) throw deny();
    const owner = await catalog.ownerOf(type, id);
    if (owner !== null && owner !== tenant) throw deny();
    return p;
  }

  /** Which kind a `/services/<id>` URL of a tenant edits: its own service, or its settings for a service above it. */
  async function serviceKind(
    p: Principal | null,
    tenant: string,
    serviceId: string,
  ): Promise<{ type: 'service' | 'area_service'; id: string }> {
    const owner = await catalog.ownerOf('service', serviceId);
    if (!owner || owner === tenant) return { type: 'service', id: serviceId };
    if (keepsLocalSettings(tenant) && (await ancestorsOf(tenant)).includes(owner)) {
      return { type: 'area_service', id: areaServiceKey(tenant, serviceId) };
    }
    // Another town's service: never editable from here.
    if (!p || !canWorkIn(p, tenant)) throw deny();
    throw deny('die Leistung einer anderen Stelle');
  }

  /** The AGS of the areas above `ags`, nearest first (none for an unknown area). */
  async function ancestorsOf(ags: string): Promise<string[]> {
    const { areasByAgs } = await catalog.structure();
    const out: string[] = [];
    let current = areasByAgs.get(ags);
    while (current?.parentAgs && out.length < 6) {
      out.push(current.parentAgs);
      current = areasByAgs.get(current.parentAgs);
    }
    return out;
  }

  /**
   * The workspace's tenant rules, beyond the catalog's: a tenant's units serve its own area, their parents and a
   * contact's unit belong to the same tenant (admins may cross these lines; the catalog itself does not draw them).
   */
  async function scopeIssues(
    p: Principal,
    type: EntityType,
    tenant: string,
    doc: AnyDoc,
    q: typeof k = k,
  ): Promise<ValidationIssue[]> {
    const issues: ValidationIssue[] = [];
    const add = (field: string, message: string) => issues.push({ field, message });
    const admin = isAdmin(p);
    // Keys nest by prefix (a Gemeinde in its Kreis), except below a Gemeindeverband: its members' AGS do not carry
    // the Verband key, so the area's chain decides.
    const inScope = async (ags: string) =>
      admin || tenant === STRUCTURE_TENANT || ags.startsWith(tenant) || (await ancestorsOf(ags)).includes(tenant);
    if (type === 'authority') {
      const d = doc as AuthorityDoc;
      if (d.areaAgs && !(await inScope(d.areaAgs)))
        add('areaAgs', 'Eine Einheit gehört zum eigenen Gebiet (oder einem Gebiet darin).');
      if (d.parentId && !admin) {
        const owner = await catalog.ownerOf('authority', d.parentId, q);
        if (owner && owner !== tenant) add('parentId', 'Die übergeordnete Einheit muss zur eigenen Stelle gehören.');
      }
      for (const [i, a] of d.assignments.entries())
        if (a.areaAgs && !(await inScope(a.areaAgs)))
          add(`assignments.${i}.areaAgs`, 'Zuständigkeiten nur für das eigene Gebiet.');
    }
    if (type === 'contact') {
      const d = doc as ContactDoc;
      const owner = d.authorityId ? await catalog.ownerOf('authority', d.authorityId, q) : null;
      if (owner && owner !== tenant)
        add('authorityId', 'Ansprechpersonen gehören zu einer Einheit der eigenen Stelle.');
    }
    return issues;
  }

  /** The catalog's validator (German, on the form's fields) and the workspace's tenant rules. */
  async function catalogIssues(
    p: Principal,
    type: EntityType,
    tenant: string,
    id: string,
    doc: AnyDoc,
  ): Promise<ValidationIssue[]> {
    const shared = await catalog.check(changeSetFor(type, tenant, id, doc), { lang: 'de' });
    return [...(await scopeIssues(p, type, tenant, doc)), ...formIssues(type, shared)];
  }

  /**
   * Writes through the catalog's one write path, in German and on the form's fields. A version that moved in the
   * meantime becomes the editor's conflict with `conflict(current)` as its message.
   */
  async function writeAsEditor(
    type: EntityType,
    set: CatalogChangeSet,
    options: WriteOptions,
    conflict: (current: number | null) => string,
  ) {
    try {
      return await catalog.write(set, { ...options, source: 'editor', lang: 'de' });
    } catch (error) {
      if (error instanceof VersionConflictError)
        throw new EditConflictError(conflict(error.current), { currentVersion: error.current });
      if (error instanceof ValidationError) throw new ValidationError(error.message, formIssues(type, error.issues));
      throw error;
    }
  }

  /**
   * Runs one edit as one transaction. The row locks and `on conflict` inserts of the use cases make every race a
   * conflict; should a unique key still catch one (a record created between a check and its insert), the loser
   * gets the same 409 instead of a 500: nothing was written, the transaction rolled back.
   */
  async function editTransaction<R>(fn: (trx: typeof k) => Promise<R>): Promise<R> {
    let result: R;
    try {
      result = await k.transaction().execute(fn);
    } catch (error) {
      if (isUniqueViolation(error)) throw new EditConflictError(RACE_LOST);
      throw error;
    }
    // The catalog's write ran inside this transaction: its notices for other towns go out now it is committed.
    await catalog.deliverNotices().catch(() => undefined);
    return result;
  }

  async function validate<T extends EntityType>(
    p: Principal,
    type: T,
    tenant: string,
    id: string,
    raw: Record<string, unknown>,
  ): Promise<DocOf[T]> {
    const doc = normalizeDoc(type, raw);
    const issues = docIssues(type, doc);
    if (type !== 'area_service') {
      const ip = idProblem(id);
      if (ip) issues.unshift({ field: 'id', message: ip });
    }
    if (!issues.length) issues.push(...(await catalogIssues(p, type, tenant, id, doc)));
    if (issues.length)
      throw new ValidationError(
        `Bitte ${issues.length === 1 ? 'eine Angabe' : `${issues.length} Angaben`} prüfen.`,
        issues,
      );
    return doc;
  }

  async function audit(
    p: Principal,
    action: string,
    type: EntityType,
    tenant: string,
    id: string,
    summary: string | null,
    ip?: string | null,
  ) {
    await auth.audit(p, { action, entityType: type, entityId: id, tenantAgs: tenant, summary, ip: ip ?? null });
  }

  function describe(type: EntityType, doc: AnyDoc | null, id: string): string {
    const name = doc && 'name' in doc ? doc.name : null;
    return `${ENTITY_LABELS[type]} ${name ? `„${name}“ ` : ''}(${id})`;
  }

  async function record<T extends EntityType>(type: T, tenant: string, id: string): Promise<RecordView<T>> {
    const [published, draftRow, schedules] = await Promise.all([
      readPublished(type, tenant, id),
      repo.findDraft(k, tenant, type, id),
      repo.listSchedules(k, tenant, type, id),
    ]);
    return {
      type,
      tenantAgs: tenant,
      id,
      published,
      draft: draftRow ? toDraft<DocOf[T]>(draftRow) : null,
      schedules: schedules.map((s) => ({ action: s.action, runAt: s.runAt, createdBy: s.createdBy })),
    };
  }

  return {
    k,
    now,
    catalog,
    auth,
    ownerKey,
    recordKey,
    readPublished,
    changeSetFor,
    deny,
    authorize,
    serviceKind,
    ancestorsOf,
    scopeIssues,
    catalogIssues,
    writeAsEditor,
    editTransaction,
    validate,
    audit,
    describe,
    record,
  };
}

export type EditorContext = ReturnType<typeof createEditorContext>;
