// Use cases of the editors' workspace: drafts, publishing (through the catalog's write path), scheduled
// publishing/unpublishing, history with restore, and the audit trail. Every use case checks the principal's
// rights for the record's real owner (read from the database), never for a tenant the client merely names.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { type AuthService, createAuthService, SCHEDULER_PRINCIPAL } from '../auth/auth.service.ts';
import { canEdit, canWorkIn, isAdmin, type Principal, tenantKind } from '../auth/auth.ts';
import type { CatalogService, Published } from '../catalog/index.ts';
import {
  asTenant,
  authorityFromDoc,
  type CatalogChangeSet,
  contactFromDoc,
  emptyChangeSet,
  isAllTenants,
  lebenslageFromDoc,
  localSettingFromDoc,
  type RecordChange,
  scopeIncludes,
  scopeOfGrants,
  serviceFromDoc,
  type Tenant,
  tenantScope,
  VersionConflictError,
  type WriteOptions,
} from '../catalog/index.ts';
import { formIssues } from './editor.issues.ts';
import * as repo from './editor.repository.ts';
import {
  type AnyDoc,
  type AreaServiceDoc,
  type AuthorityDoc,
  areaServiceKey,
  type ContactDoc,
  type DocOf,
  diffDocs,
  docIssues,
  EditConflictError,
  EditorNotFoundError,
  ENTITY_LABELS,
  type EntityType,
  type FieldDiff,
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

function toDraft<T>(row: repo.DraftRow): Draft<T> {
  return {
    doc: JSON.parse(row.data) as T,
    version: row.version,
    baseVersion: row.baseVersion,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

function when(iso: string): string {
  return new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' });
}

export function createEditorService(db: Db, auth: AuthService, options: { now?: () => Date; catalog: CatalogService }) {
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
    if (tenantKind(tenant) === 'town' && (await ancestorsOf(tenant)).includes(owner)) {
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
    const inScope = (ags: string) => admin || tenant === STRUCTURE_TENANT || ags.startsWith(tenant);
    if (type === 'authority') {
      const d = doc as AuthorityDoc;
      if (d.areaAgs && !inScope(d.areaAgs))
        add('areaAgs', 'Eine Einheit gehört zum eigenen Gebiet (oder einem Gebiet darin).');
      if (d.parentId && !admin) {
        const owner = await catalog.ownerOf('authority', d.parentId, q);
        if (owner && owner !== tenant) add('parentId', 'Die übergeordnete Einheit muss zur eigenen Stelle gehören.');
      }
      d.assignments.forEach((a, i) => {
        if (a.areaAgs && !inScope(a.areaAgs))
          add(`assignments.${i}.areaAgs`, 'Zuständigkeiten nur für das eigene Gebiet.');
      });
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

  /** Publishes the current draft inside `trx`; returns the new version (or the old one when nothing changed). */
  async function publishInTx(
    trx: typeof k,
    p: Principal,
    type: EntityType,
    tenant: string,
    id: string,
    draftVersion: number | null | undefined,
    audit: { summary?: (version: number) => string; ip?: string | null | undefined } = {},
  ): Promise<{ version: number; changed: boolean; doc: AnyDoc }> {
    const draftRow = await repo.findDraft(trx, tenant, type, id);
    if (!draftRow)
      throw new EditorNotFoundError(
        'Es gibt keinen Entwurf zum Veröffentlichen (vielleicht wurde er inzwischen veröffentlicht oder verworfen).',
      );
    if (draftVersion !== undefined && draftVersion !== null && draftRow.version !== draftVersion) {
      throw new EditConflictError(
        `Der Entwurf wurde inzwischen von ${draftRow.updatedBy ?? 'jemand anderem'} geändert (${when(draftRow.updatedAt)}). Bitte den aktuellen Stand prüfen und erneut veröffentlichen.`,
      );
    }
    const doc = JSON.parse(draftRow.data) as AnyDoc;
    const created = `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen von anderer Seite angelegt. Bitte eine andere Kennung wählen.`;
    // Another tenant's record of the same id is not a version of ours: the write would call it a take-over.
    if (draftRow.baseVersion === null && (await catalog.ownerOf(type, id, trx))) throw new EditConflictError(created);
    // The catalog's write checks (and locks) the version the draft is based on, and validates the references.
    const result = await writeAsEditor(
      type,
      changeSetFor(type, tenant, id, doc, draftRow.baseVersion),
      {
        actor: p,
        source: 'editor',
        action: 'publish',
        transaction: trx,
        audit: {
          action: 'publish',
          summary: (changes: RecordChange[]) => {
            const version = changes[0]?.version ?? 0;
            return audit.summary?.(version) ?? `${describe(type, doc, id)} → Version ${version}`;
          },
          ip: audit.ip ?? null,
        },
      },
      (current) =>
        draftRow.baseVersion === null
          ? created
          : current === null
            ? `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen gelöscht. Der Entwurf kann als neuer Eintrag wiederhergestellt werden.`
            : `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen veröffentlicht (jetzt Version ${current}, Ihr Entwurf beruht auf Version ${draftRow.baseVersion}). Nichts wurde überschrieben: bitte die Änderungen im Verlauf ansehen und den Entwurf anpassen.`,
    );
    const after = await readPublished(type, tenant, id, trx);
    if (!after) throw new Error(`published ${type} ${id} not found after write`);
    const changed = result.changes.length > 0;
    await repo.deleteDraft(trx, tenant, draftRow.id);
    await repo.deleteSchedule(trx, tenant, type, id, 'publish');
    return { version: after.version, changed, doc: after.doc };
  }

  const service = {
    serviceKind,
    ancestorsOf,

    /** A record with its published state, draft and schedules. */
    async get<T extends EntityType>(p: Principal | null, type: T, tenant: string, id: string): Promise<RecordView<T>> {
      await authorize(p, type, tenant, id);
      return record(type, tenant, id);
    },

    /** The catalog's published service (public data) a town's settings refer to. */
    async catalogService(serviceId: string) {
      const owner = await catalog.ownerOf('service', serviceId);
      return owner ? catalog.readRecord('service', asTenant(owner), serviceId) : null;
    },

    /** Checks a document without saving it (for the form's preview of opening hours and the API's dry run). */
    async check<T extends EntityType>(
      p: Principal | null,
      type: T,
      tenant: string,
      id: string,
      raw: Record<string, unknown>,
    ): Promise<DocOf[T]> {
      const principal = await authorize(p, type, tenant, id);
      return validate(principal, type, tenant, id, raw);
    },

    async saveDraft<T extends EntityType>(
      p: Principal | null,
      type: T,
      tenant: string,
      id: string,
      raw: Record<string, unknown>,
      opts: EditOptions = {},
    ): Promise<RecordView<T>> {
      const principal = await authorize(p, type, tenant, id);
      const doc = await validate(principal, type, tenant, id, raw);
      const at = now();
      await k.transaction().execute(async (trx) => {
        const draft = await repo.findDraft(trx, tenant, type, id);
        if (draft) {
          if ((opts.draftVersion ?? 0) !== draft.version) {
            throw new EditConflictError(
              `${draft.updatedBy ?? 'Jemand anderes'} hat diesen Entwurf inzwischen gespeichert (${when(draft.updatedAt)}). Ihre Eingaben wurden nicht gespeichert und sind unten erhalten; bitte mit dem aktuellen Entwurf abgleichen.`,
              { draftVersion: draft.version },
            );
          }
          if (
            !(await repo.updateDraft(trx, tenant, draft.id, draft.version, {
              data: JSON.stringify(doc),
              updatedBy: principal.label,
              updatedAt: at,
            }))
          ) {
            throw new EditConflictError('Der Entwurf wurde gerade von jemand anderem gespeichert. Bitte neu laden.');
          }
          return;
        }
        const published = await readPublished(type, tenant, id, trx);
        const seen = opts.baseVersion ?? null;
        if (opts.draftVersion) {
          throw new EditConflictError(
            'Der Entwurf wurde inzwischen veröffentlicht oder verworfen. Ihre Eingaben sind unten erhalten; bitte mit dem aktuellen Stand abgleichen.',
          );
        }
        if (published && seen === null) {
          throw new EditConflictError(
            `${ENTITY_LABELS[type]} „${id}“ gibt es schon. Bitte eine andere Kennung wählen oder den vorhandenen Eintrag bearbeiten.`,
          );
        }
        if (!published && seen !== null) {
          throw new EditConflictError(`${ENTITY_LABELS[type]} „${id}“ wurde inzwischen gelöscht.`);
        }
        if (published && published.version !== seen) {
          throw new EditConflictError(
            `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen geändert (jetzt Version ${published.version}, Sie haben Version ${seen} bearbeitet). Ihre Eingaben wurden nicht gespeichert und sind unten erhalten.`,
            { currentVersion: published.version },
          );
        }
        if (!published && (await catalog.ownerOf(type, id, trx))) throw deny();
        if (!published && (await repo.draftExists(trx, type, id))) {
          throw new EditConflictError(`Die Kennung „${id}“ ist schon vergeben. Bitte eine andere wählen.`);
        }
        await repo.insertDraft(trx, {
          id: randomUUID(),
          entityType: type,
          entityId: id,
          tenantAgs: tenant,
          data: JSON.stringify(doc),
          baseVersion: published?.version ?? null,
          version: 1,
          createdBy: principal.label,
          createdAt: at,
          updatedBy: principal.label,
          updatedAt: at,
        });
      });
      await audit(principal, 'draft.save', type, tenant, id, describe(type, doc, id), opts.ip);
      return record(type, tenant, id);
    },

    async publish<T extends EntityType>(
      p: Principal | null,
      type: T,
      tenant: string,
      id: string,
      opts: EditOptions = {},
    ): Promise<RecordView<T>> {
      const principal = await authorize(p, type, tenant, id);
      // The catalog's write path audits the publish (and records nothing when nothing changed).
      await k
        .transaction()
        .execute((trx) => publishInTx(trx, principal, type, tenant, id, opts.draftVersion, { ip: opts.ip }));
      return record(type, tenant, id);
    },

    /** Save and publish in one step (the form's "Veröffentlichen" and the API's PUT). */
    async saveAndPublish<T extends EntityType>(
      p: Principal | null,
      type: T,
      tenant: string,
      id: string,
      raw: Record<string, unknown>,
      opts: EditOptions = {},
    ): Promise<RecordView<T>> {
      const saved = await service.saveDraft(p, type, tenant, id, raw, opts);
      return service.publish(p, type, tenant, id, { draftVersion: saved.draft?.version ?? null, ip: opts.ip });
    },

    async discardDraft(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      opts: EditOptions = {},
    ): Promise<void> {
      const principal = await authorize(p, type, tenant, id);
      const draft = await repo.findDraft(k, tenant, type, id);
      if (!draft) throw new EditorNotFoundError('Es gibt keinen Entwurf.');
      if (!(await repo.deleteDraft(k, tenant, draft.id, opts.draftVersion ?? draft.version))) {
        throw new EditConflictError('Der Entwurf wurde inzwischen geändert; bitte neu laden, bevor Sie ihn verwerfen.');
      }
      await repo.deleteSchedule(k, tenant, type, id, 'publish');
      await audit(principal, 'draft.discard', type, tenant, id, null, opts.ip);
    },

    /** Takes a record off the public catalog (kept in the history, restorable). */
    async unpublish(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      opts: { version: number; ip?: string | null },
    ): Promise<void> {
      const principal = await authorize(p, type, tenant, id);
      if (await catalog.countDependents(type, id)) {
        throw new EditConflictError(
          `${ENTITY_LABELS[type]} „${id}“ hat noch zugeordnete Einträge (Ansprechpersonen, untergeordnete Einheiten). Bitte diese zuerst entfernen.`,
        );
      }
      await k.transaction().execute(async (trx) => {
        const published = await readPublished(type, tenant, id, trx);
        if (!published) throw new EditorNotFoundError('Dieser Eintrag ist nicht veröffentlicht.');
        const removal = emptyChangeSet();
        removal.removals?.push({
          label: `${ENTITY_LABELS[type]} ${id}`,
          value: { type, id: recordKey(type, id), tenantAgs: tenant },
          expectedVersion: opts.version,
        });
        await writeAsEditor(
          type,
          removal,
          {
            actor: principal,
            source: 'editor',
            action: 'unpublish',
            transaction: trx,
            audit: { action: 'unpublish', summary: () => describe(type, null, id), ip: opts.ip ?? null },
          },
          (current) =>
            `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen geändert (jetzt Version ${current ?? published.version}). Nichts wurde entfernt.`,
        );
        await repo.deleteSchedule(trx, tenant, type, id, 'unpublish');
      });
    },

    /** Publishes an earlier state again, as a new version. `version`: the current version the editor saw (null if deleted). */
    async restore(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      revisionId: string,
      opts: { version: number | null; ip?: string | null },
    ): Promise<RecordView> {
      const principal = await authorize(p, type, tenant, id);
      const rev = await catalog.revision(tenant, type, id, revisionId);
      if (!rev || rev.data === null)
        throw new EditorNotFoundError('Diesen Stand gibt es nicht (oder er beschreibt eine Löschung).');
      const doc = JSON.parse(rev.data) as AnyDoc;
      const issues = await catalogIssues(principal, type, tenant, id, doc);
      if (issues.length)
        throw new ValidationError('Dieser Stand verweist auf Einträge, die es nicht mehr gibt.', issues);
      await k.transaction().execute((trx) =>
        writeAsEditor(
          type,
          changeSetFor(type, tenant, id, doc, opts.version),
          {
            actor: principal,
            source: 'editor',
            action: 'restore',
            transaction: trx,
            audit: {
              action: 'restore',
              summary: (changes: RecordChange[]) =>
                `Stand von ${when(rev.at)} (Version ${rev.version}) → Version ${changes[0]?.version ?? '?'}`,
              ip: opts.ip ?? null,
            },
          },
          (current) =>
            current === null
              ? `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen gelöscht. Bitte den Verlauf neu laden.`
              : `${ENTITY_LABELS[type]} „${id}“ wurde inzwischen geändert (jetzt Version ${current}). Bitte den Verlauf neu laden.`,
        ),
      );
      return record(type, tenant, id);
    },

    async history(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
    ): Promise<{ view: RecordView; revisions: Revision[] }> {
      await authorize(p, type, tenant, id);
      const rows = await catalog.revisions(tenant, type, id);
      const revisions: Revision[] = rows.map((r, i) => {
        const doc = r.data ? (JSON.parse(r.data) as AnyDoc) : null;
        const older = rows[i + 1];
        const before = older?.data ? (JSON.parse(older.data) as AnyDoc) : null;
        return {
          id: r.id,
          version: r.version,
          action: r.action,
          at: r.at,
          actor: r.actorLabel,
          doc,
          changes: older || r.action !== 'baseline' ? diffDocs(type, before, doc) : [],
        };
      });
      return { view: await record(type, tenant, id), revisions };
    },

    /** Field diff of the draft against the published state. */
    diffDraft(view: RecordView): FieldDiff[] {
      return view.draft ? diffDocs(view.type, view.published?.doc ?? null, view.draft.doc) : [];
    },

    async schedule(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      action: 'publish' | 'unpublish',
      runAt: string,
      opts: { ip?: string | null } = {},
    ): Promise<RecordView> {
      const principal = await authorize(p, type, tenant, id);
      const at = Date.parse(runAt);
      if (Number.isNaN(at))
        throw new ValidationError('Bitte Datum und Uhrzeit angeben.', [
          { field: 'runAt', message: 'Bitte Datum und Uhrzeit angeben.' },
        ]);
      if (at <= Date.parse(now()))
        throw new ValidationError('Der Zeitpunkt muss in der Zukunft liegen.', [
          { field: 'runAt', message: 'Der Zeitpunkt muss in der Zukunft liegen.' },
        ]);
      const view = await record(type, tenant, id);
      if (action === 'publish' && !view.draft)
        throw new EditorNotFoundError('Zum zeitgesteuerten Veröffentlichen braucht es einen gespeicherten Entwurf.');
      if (action === 'unpublish' && !view.published)
        throw new EditorNotFoundError('Nur Veröffentlichtes kann zeitgesteuert entfernt werden.');
      await repo.upsertSchedule(k, {
        id: randomUUID(),
        entityType: type,
        entityId: id,
        tenantAgs: tenant,
        action,
        runAt: new Date(at).toISOString(),
        createdBy: principal.label,
        createdAt: now(),
      });
      await audit(principal, `schedule.${action}`, type, tenant, id, `am ${when(new Date(at).toISOString())}`, opts.ip);
      return record(type, tenant, id);
    },

    async cancelSchedule(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      action: 'publish' | 'unpublish',
      opts: { ip?: string | null } = {},
    ) {
      const principal = await authorize(p, type, tenant, id);
      if (!(await repo.deleteSchedule(k, tenant, type, id, action)))
        throw new EditorNotFoundError('Dafür ist nichts geplant.');
      await audit(principal, `schedule.cancel`, type, tenant, id, action, opts.ip);
    },

    /** Runs every schedule that is due; safe to call from several instances at once. Returns what ran. */
    async runDueSchedules(
      at: Date = new Date(),
    ): Promise<Array<{ type: string; id: string; action: string; ok: boolean; message?: string }>> {
      const out: Array<{ type: string; id: string; action: string; ok: boolean; message?: string }> = [];
      for (const s of await repo.dueSchedules(k, at.toISOString())) {
        if (!(await repo.takeSchedule(k, s.id))) continue;
        const type = s.entityType as EntityType;
        try {
          if (s.action === 'publish') {
            await k.transaction().execute((trx) =>
              publishInTx(trx, SCHEDULER_PRINCIPAL, type, s.tenantAgs, s.entityId, undefined, {
                summary: (version) => `geplant von ${s.createdBy ?? '?'} → Version ${version}`,
              }),
            );
          } else {
            const published = await readPublished(type, s.tenantAgs, s.entityId);
            if (published)
              await service.unpublish(SCHEDULER_PRINCIPAL, type, s.tenantAgs, s.entityId, {
                version: published.version,
              });
          }
          out.push({ type, id: s.entityId, action: s.action, ok: true });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await audit(
            SCHEDULER_PRINCIPAL,
            'schedule.failed',
            type,
            s.tenantAgs,
            s.entityId,
            `${s.action}: ${message}`.slice(0, 1000),
          );
          out.push({ type, id: s.entityId, action: s.action, ok: false, message });
        }
      }
      return out;
    },

    /** What the workspace of a tenant lists. */
    async workspace(p: Principal | null, tenant: string) {
      if (!p || !canWorkIn(p, tenant)) throw deny('diesen Bereich');
      const area = await service.area(tenant);
      if (!area) throw new EditorNotFoundError(`Das Gebiet ${tenant} ist nicht im Katalog.`);
      const above = await ancestorsOf(tenant);
      const own = asTenant(tenant);
      const scope = tenantScope(own);
      const [services, authorities, contacts, drafts, schedules] = await Promise.all([
        catalog.workspaceServices(own, tenantKind(tenant) === 'town' ? above : []),
        catalog.authoritiesOf(own),
        catalog.contactsOf(own),
        repo.listDrafts(k, scope),
        repo.listTenantSchedules(k, scope),
      ]);
      return { area, above, services, authorities, contacts, drafts, schedules };
    },

    /** Tenants a principal can open, with names. */
    async tenantsFor(p: Principal) {
      const scope = scopeOfGrants(p);
      if (!scope) return [];
      // An admin's scope is every tenant: every county and town (not the Land or the Bund above them).
      const all = isAllTenants(scope);
      return (await service.areas()).filter((a) => (all ? tenantKind(a.ags) !== 'other' : scopeIncludes(scope, a.ags)));
    },

    /** The drafts of every tenant the principal works in. */
    async drafts(p: Principal) {
      const scope = scopeOfGrants(p);
      return scope ? repo.listDrafts(k, scope) : [];
    },

    async lebenslagen() {
      return catalog.lebenslagenWithVersions();
    },

    /** Area kinds by name (for the rules' choosers). */
    async areaKinds() {
      return (await catalog.listAreaKinds()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    /** Every area, by AGS. */
    async areas() {
      return catalog.listAreas();
    },

    async area(ags: string) {
      return (await catalog.structure()).areasByAgs.get(ags);
    },

    async tasks() {
      return catalog.tasks();
    },

    async authoritiesOf(tenant: string) {
      return catalog.authoritiesOf(asTenant(tenant));
    },
  };
  return service;
}

export type EditorService = ReturnType<typeof createEditorService>;

// ---- wiring -----------------------------------------------------------------------------------------------------

/** The workspace's services, as `createServices` spreads them into the app's Services. */
export interface WorkspaceServices {
  auth: AuthService;
  editor: EditorService;
}

/** One catalog service per process: the editor reads and writes through the app's, so there is one cache. */
export function createWorkspaceServices(db: Db, catalog: CatalogService): WorkspaceServices {
  const auth = createAuthService(db);
  return { auth, editor: createEditorService(db, auth, { catalog }) };
}
