// Drafts: reading a record with its draft, checking a document, saving and discarding drafts.
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/auth.ts';
import { asTenant } from '../catalog/index.ts';
import { type EditOptions, type EditorContext, type RecordView, when } from './editor.context.ts';
import * as repo from './editor.repository.ts';
import { type DocOf, EditConflictError, EditorNotFoundError, ENTITY_LABELS, type EntityType } from './editor.ts';

/** The draft use cases of the workspace. */
export function createDraftUseCases(ctx: EditorContext) {
  const { k, now, catalog, readPublished, deny, authorize, validate, editTransaction, audit, describe, record } = ctx;
  const drafts = {
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
      await editTransaction((trx) => drafts.saveDraftInTx(trx, principal, type, tenant, id, doc, opts));
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
