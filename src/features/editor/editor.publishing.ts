import { ValidationError } from '../../shared/errors.ts';
import type { Principal } from '../auth/auth.ts';
import { emptyChangeSet, type RecordChange } from '../catalog/index.ts';
import { type EditOptions, type EditorContext, type RecordView, when } from './editor.context.ts';
import type { createDraftUseCases } from './editor.drafts.ts';
import * as repo from './editor.repository.ts';
import { type AnyDoc, EditConflictError, EditorNotFoundError, ENTITY_LABELS, type EntityType } from './editor.ts';

/** The publishing use cases; `publishInTx` is also the scheduler's. */
export function createPublishingUseCases(ctx: EditorContext, drafts: ReturnType<typeof createDraftUseCases>) {
  const {
    k,
    catalog,
    recordKey,
    readPublished,
    changeSetFor,
    authorize,
    validate,
    catalogIssues,
    writeAsEditor,
    editTransaction,
    describe,
    record,
  } = ctx;

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
    // Locked until commit: a second publisher of this draft (another request, another instance) waits here.
    const draftRow = await repo.lockDraft(trx, tenant, type, id);
    if (!draftRow) {
      const gone =
        'Es gibt keinen Entwurf zum Veröffentlichen (vielleicht wurde er inzwischen veröffentlicht oder verworfen).';
      // The caller saw a draft (named its version): someone else published or discarded it — a conflict.
      if (typeof draftVersion === 'number' && draftVersion > 0) throw new EditConflictError(gone);
      throw new EditorNotFoundError(gone);
    }
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

  const publishing = {
    publishInTx,

    async publish<T extends EntityType>(
      p: Principal | null,
      type: T,
      tenant: string,
      id: string,
      opts: EditOptions = {},
    ): Promise<RecordView<T>> {
      const principal = await authorize(p, type, tenant, id);
      // The catalog's write path audits the publish (and records nothing when nothing changed).
      await editTransaction((trx) => publishInTx(trx, principal, type, tenant, id, opts.draftVersion, { ip: opts.ip }));
      return record(type, tenant, id);
    },

    /**
     * Save and publish in one step (the form's "Veröffentlichen" and the API's PUT), as one transaction: a crash
     * or a lost race leaves nothing behind — no draft that would block the next save.
     */
    async saveAndPublish<T extends EntityType>(
      p: Principal | null,
      type: T,
      tenant: string,
      id: string,
      raw: Record<string, unknown>,
      opts: EditOptions = {},
    ): Promise<RecordView<T>> {
      const principal = await authorize(p, type, tenant, id);
      const doc = await validate(principal, type, tenant, id, raw);
      await drafts.withConflict(type, tenant, id, doc, opts, () =>
        editTransaction(async (trx) => {
          const draftVersion = await drafts.saveDraftInTx(trx, principal, type, tenant, id, doc, opts);
          await publishInTx(trx, principal, type, tenant, id, draftVersion, { ip: opts.ip });
        }),
      );
      // No `draft.save` entry: the draft lived only inside this transaction. The catalog's write audits the publish,
      // and an unchanged save leaves no entry at all (issue #13, finding 5).
      return record(type, tenant, id);
    },

    /**
     * What removing a record touches, for its confirmation page: for a service, the towns with their own settings for
     * it (kept, and back with a restore), the towns naming it as their alternative, contact links and assignments.
     */
    async removalImpact(p: Principal | null, type: EntityType, tenant: string, id: string) {
      await authorize(p, type, tenant, id);
      const view = await record(type, tenant, id);
      if (type !== 'service')
        return { view, settingsBy: [], alternativeBy: [], contactLinks: 0, assignments: 0, dependents: 0 };
      const refs = await catalog.serviceReferences(id);
      const { areasByAgs } = await catalog.structure();
      const named = (ags: string[]) => ags.map((a) => ({ ags: a, name: areasByAgs.get(a)?.name ?? a }));
      return {
        view,
        settingsBy: named(refs.settingsBy),
        alternativeBy: named(refs.alternativeBy),
        contactLinks: refs.contactLinks,
        assignments: refs.assignments,
        dependents: 0,
      };
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
      await publishing.refuseDependents(type, id);
      await editTransaction((trx) => publishing.unpublishInTx(trx, principal, type, tenant, id, opts));
    },

    /** Refuses to unpublish a record others still hang on (read outside any transaction: SQLite has one connection). */
    async refuseDependents(type: EntityType, id: string): Promise<void> {
      if (await catalog.countDependents(type, id)) {
        throw new EditConflictError(
          `${ENTITY_LABELS[type]} „${id}“ hat noch zugeordnete Einträge (Ansprechpersonen, untergeordnete Einheiten). Bitte diese zuerst entfernen.`,
        );
      }
    },

    /** The body of `unpublish` inside `trx` (also the scheduler's); call `refuseDependents` first. */
    async unpublishInTx(
      trx: typeof k,
      principal: Principal,
      type: EntityType,
      tenant: string,
      id: string,
      opts: { version: number; ip?: string | null },
    ): Promise<void> {
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
      await editTransaction((trx) =>
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
  };
  return publishing;
}
