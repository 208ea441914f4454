// Drafts: reading a record with its draft, checking a document, saving and discarding drafts.
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/auth.ts';
import { asTenant, emptyChangeSet, sameRecord, withoutOwnValues } from '../catalog/index.ts';
import {
  type Conflict,
  conflictFields,
  type Pick,
  RecordConflictError,
  resolveConflict,
  type TheirState,
} from './editor.conflicts.ts';
import { type EditOptions, type EditorContext, type RecordView, when } from './editor.context.ts';
import * as repo from './editor.repository.ts';
import {
  type AnyDoc,
  type DocOf,
  EditConflictError,
  EditorNotFoundError,
  ENTITY_LABELS,
  type EntityType,
} from './editor.ts';

/** The draft use cases of the workspace. */
export function createDraftUseCases(ctx: EditorContext) {
  const { k, now, catalog, readPublished, deny, authorize, validate, editTransaction, audit, describe, record } = ctx;
  /**
   * What a save of `mine` ran into: the other draft or the published record, who left it when, and the fields in
   * which it differs from `mine` (with who changed each against the version the editor started from). Null when the
   * record is gone.
   */
  async function describeConflict(
    type: EntityType,
    tenant: string,
    id: string,
    mine: AnyDoc,
    yourBaseVersion: number | null,
  ): Promise<Conflict | null> {
    const [view, revisions] = await Promise.all([record(type, tenant, id), catalog.revisions(tenant, type, id)]);
    let theirs: TheirState;
    if (view.draft) {
      theirs = {
        kind: 'draft',
        doc: view.draft.doc,
        baseVersion: view.draft.baseVersion,
        draftVersion: view.draft.version,
        updatedAt: view.draft.updatedAt,
        updatedBy: view.draft.updatedBy ?? 'jemand anderem',
      };
    } else if (view.published) {
      const last = revisions.find((r) => r.version === view.published?.version && r.action !== 'baseline');
      theirs = {
        kind: 'published',
        doc: view.published.doc,
        baseVersion: view.published.version,
        draftVersion: 0,
        updatedAt: view.published.updatedAt,
        updatedBy: last?.actorLabel ?? 'Import',
      };
    } else return null;
    const baseRow = revisions.find((r) => r.version === yourBaseVersion && r.data !== null);
    const base = baseRow?.data ? (JSON.parse(baseRow.data) as AnyDoc) : null;
    return { theirs, yourBaseVersion, fields: conflictFields(type, mine, theirs.doc, base) };
  }

  function conflictMessage(type: EntityType, id: string, c: Conflict, again = false): string {
    const t = c.theirs;
    const what =
      t.kind === 'draft'
        ? `Der Entwurf wurde ${again ? 'erneut' : 'inzwischen'} gespeichert – von ${t.updatedBy} am ${when(t.updatedAt)}.`
        : `${ENTITY_LABELS[type]} „${id}“ wurde ${again ? 'erneut' : 'inzwischen'} geändert – von ${t.updatedBy} am ${when(t.updatedAt)} (jetzt Version ${t.baseVersion}${c.yourBaseVersion ? `; Sie haben Version ${c.yourBaseVersion} bearbeitet` : ''}).`;
    const how = c.fields.length
      ? `Nichts wurde gespeichert. Ihre Eingaben sind erhalten; ${c.fields.length === 1 ? 'ein Feld weicht' : `${c.fields.length} Felder weichen`} ab: bitte je Feld wählen, welche Fassung gelten soll.`
      : 'Nichts wurde gespeichert. Die Fassungen stimmen überein; bitte erneut speichern.';
    return `${what} ${how}`;
  }

  /** Runs a save; a conflict with an existing record becomes a RecordConflictError that shows theirs beside mine. */
  async function withConflict<R>(
    type: EntityType,
    tenant: string,
    id: string,
    mine: AnyDoc,
    opts: EditOptions,
    run: () => Promise<R>,
  ): Promise<R> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof EditConflictError) || error instanceof RecordConflictError) throw error;
      // Creating a record whose id is taken is no conflict of versions: the message says what to do.
      if ((opts.baseVersion ?? null) === null && !opts.draftVersion) throw error;
      const c = await describeConflict(type, tenant, id, mine, opts.baseVersion ?? null);
      if (!c) throw error;
      throw new RecordConflictError(conflictMessage(type, id, c), c);
    }
  }

  const drafts = {
    describeConflict,
    withConflict,

    /**
     * The editor's answer to a conflict: `mine` with, per differing field, the side picked. `seen` is the state the
     * editor decided against (from the conflict shown); when it moved again, or a field has no pick, nothing is
     * written and the conflict is shown anew. Returns the merged document and the versions to save it with.
     */
    async resolve(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      raw: Record<string, unknown>,
      seen: { baseVersion: number | null; draftVersion: number; yourBaseVersion: number | null },
      picks: Readonly<Record<string, Pick>>,
    ): Promise<{ raw: Record<string, unknown>; opts: EditOptions }> {
      const principal = await authorize(p, type, tenant, id);
      const mine = await validate(principal, type, tenant, id, raw);
      const c = await describeConflict(type, tenant, id, mine, seen.yourBaseVersion);
      if (!c) throw new EditorNotFoundError(`${ENTITY_LABELS[type]} „${id}“ wurde inzwischen gelöscht.`);
      if (c.theirs.baseVersion !== seen.baseVersion || c.theirs.draftVersion !== seen.draftVersion)
        throw new RecordConflictError(conflictMessage(type, id, c, true), c);
      const { doc, missing } = resolveConflict(mine, c.theirs.doc, c.fields, picks);
      if (missing.length)
        throw new RecordConflictError(
          `Bitte für ${missing.length === 1 ? 'das abweichende Feld' : `alle ${missing.length} abweichenden Felder`} wählen, welche Fassung gelten soll: ${missing.map((f) => f.label).join(', ')}. Nichts wurde gespeichert.`,
          c,
          missing.map((f) => f.field),
        );
      return {
        raw: doc as unknown as Record<string, unknown>,
        opts: { baseVersion: c.theirs.baseVersion, draftVersion: c.theirs.draftVersion },
      };
    },

    /** A record with its published state, draft and schedules. */
    async get<T extends EntityType>(p: Principal | null, type: T, tenant: string, id: string): Promise<RecordView<T>> {
      await authorize(p, type, tenant, id);
      return record(type, tenant, id);
    },

    /** Whether a record that is not published still exists as an archived (removed) service of `tenant`. */
    async archived(type: EntityType, tenant: string, id: string): Promise<boolean> {
      if (type !== 'service') return false;
      return (await catalog.ownerOf('service', id)) === tenant && !(await readPublished(type, tenant, id));
    },

    /** The catalog's published service (public data) a town's settings refer to. */
    async catalogService(serviceId: string) {
      const owner = await catalog.ownerOf('service', serviceId);
      return owner ? catalog.readRecord('service', asTenant(owner), serviceId) : null;
    },

    /** What the owner changed of the fields a town's setting overrides, since the town set them (decision 0140). */
    async staleOf(p: Principal | null, tenant: string, id: string) {
      await authorize(p, 'area_service', tenant, id);
      return catalog.staleOf(asTenant(tenant), id.split(':')[1] ?? '');
    },

    /** The town keeps its own values ("Meine Angaben bleiben"): the flags go, with an audit entry. */
    async confirmLocal(p: Principal | null, tenant: string, id: string, opts: { ip?: string | null } = {}) {
      const principal = await authorize(p, 'area_service', tenant, id);
      const lifted = await catalog.confirmLocalSetting(asTenant(tenant), id.split(':')[1] ?? '', principal, {
        ip: opts.ip ?? null,
      });
      if (lifted === 0)
        throw new EditorNotFoundError('Hier gibt es nichts zu bestätigen: keine Änderung des Kreises offen.');
      return lifted;
    },

    /**
     * The town takes the owner's new version over ("Neue Fassung übernehmen"): its own values for the flagged fields
     * go, published at once through the catalog (version-checked), which lifts the flags (decision 0140).
     */
    async takeOverUpstream(p: Principal | null, tenant: string, id: string, opts: { ip?: string | null } = {}) {
      const principal = await authorize(p, 'area_service', tenant, id);
      const town = asTenant(tenant);
      const serviceId = id.split(':')[1] ?? '';
      const marks = await catalog.staleOf(town, serviceId);
      const setting = (await catalog.localSettingsOf(town)).get(serviceId);
      if (marks.length === 0 || !setting)
        throw new EditorNotFoundError('Hier gibt es nichts zu übernehmen: keine Änderung des Eigentümers offen.');
      const { version, ...current } = setting;
      const set = emptyChangeSet();
      set.localSettings = [
        {
          label: `${ENTITY_LABELS.area_service} ${id}`,
          value: withoutOwnValues(
            current,
            marks.map((m) => m.field),
          ),
          expectedVersion: version,
        },
      ];
      await catalog.write(set, {
        actor: principal,
        source: 'editor',
        action: 'publish',
        lang: 'de',
        audit: { ip: opts.ip ?? null },
      });
      return marks.length;
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

    /**
     * Saves the checked document `doc` as the draft inside `trx` (saveDraft's and saveAndPublish's one body); returns
     * the draft's new version. Every lost race is an EditConflictError: a second writer of an existing draft fails
     * the version-guarded UPDATE, a second creator of a new draft the `on conflict do nothing` INSERT.
     */
    async saveDraftInTx(
      trx: typeof k,
      principal: Principal,
      type: EntityType,
      tenant: string,
      id: string,
      doc: DocOf[EntityType],
      opts: EditOptions,
    ): Promise<number> {
      const at = now();
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
        return draft.version + 1;
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
      const taken = `Die Kennung „${id}“ ist schon vergeben. Bitte eine andere wählen.`;
      // Only for the clearer message: the insert below is what decides.
      if (!published && (await repo.draftExists(trx, type, id))) throw new EditConflictError(taken);
      const inserted = await repo.insertDraft(trx, {
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
      if (!inserted) {
        throw new EditConflictError(
          published
            ? `Jemand anderes hat im selben Moment einen Entwurf für ${ENTITY_LABELS[type]} „${id}“ gespeichert. Ihre Eingaben wurden nicht gespeichert und sind unten erhalten; bitte neu laden.`
            : taken,
        );
      }
      return 1;
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
      // A save that changes nothing is no save: no draft standing among the open drafts, no audit entry (issue #13,
      // finding 5). Only for the versions the form saw; anything else takes the checked path below (and its 409).
      if (opts.baseVersion != null || opts.draftVersion) {
        const current = await record(type, tenant, id);
        const unchanged = current.draft
          ? current.draft.version === (opts.draftVersion ?? 0) && sameRecord(current.draft.doc, doc)
          : !!current.published &&
            !opts.draftVersion &&
            current.published.version === opts.baseVersion &&
            sameRecord(current.published.doc, doc);
        if (unchanged) return current;
      }
      await withConflict(type, tenant, id, doc, opts, () =>
        editTransaction((trx) => drafts.saveDraftInTx(trx, principal, type, tenant, id, doc, opts)),
      );
      await audit(principal, 'draft.save', type, tenant, id, describe(type, doc, id), opts.ip);
      return record(type, tenant, id);
    },

    async discardDraft(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      opts: EditOptions = {},
    ): Promise<void> {
      const principal = await authorize(p, type, tenant, id);
      // One transaction: a crash never leaves a planned publication without its draft.
      await editTransaction(async (trx) => {
        const draft = await repo.findDraft(trx, tenant, type, id);
        if (!draft) throw new EditorNotFoundError('Es gibt keinen Entwurf.');
        if (!(await repo.deleteDraft(trx, tenant, draft.id, opts.draftVersion ?? draft.version))) {
          throw new EditConflictError(
            'Der Entwurf wurde inzwischen geändert; bitte neu laden, bevor Sie ihn verwerfen.',
          );
        }
        await repo.deleteSchedule(trx, tenant, type, id, 'publish');
      });
      await audit(principal, 'draft.discard', type, tenant, id, null, opts.ip);
    },
  };
  return drafts;
}
