// Bulk actions of the workspace list (issue #13, finding 6): publishing the drafts of many services at once. The
// editor first sees what would change (each record with its changed fields), then confirms; the confirmed action is
// ONE change set through the catalog's write path, in one transaction: every draft is published, or none is.
import type { Principal } from '../auth/auth.ts';
import { type CatalogChangeSet, emptyChangeSet, type RecordChange } from '../catalog/index.ts';
import type { EditorContext } from './editor.context.ts';
import { diffDocs, type FieldDiff } from './editor.diff.ts';
import * as repo from './editor.repository.ts';
import {
  type AnyDoc,
  type AuthorityDoc,
  EditConflictError,
  EditorNotFoundError,
  ENTITY_LABELS,
  type EntityType,
} from './editor.ts';

/** A record the list names: `service:<id>` or `area_service:<town>:<serviceId>`. */
export interface BulkRef {
  type: 'service' | 'area_service';
  id: string;
}

export const MAX_BULK = 500;

export function parseBulkRef(value: string): BulkRef | null {
  const m = /^(service|area_service):(.{1,200})$/.exec(value);
  return m ? { type: m[1] as BulkRef['type'], id: m[2]! } : null;
}

export interface BulkPlanItem extends BulkRef {
  label: string;
  /** The draft's version the editor confirms (a newer draft save makes the confirmation stale: 409). */
  draftVersion: number | null;
  diff: FieldDiff[];
}

export interface BulkPlan {
  publish: BulkPlanItem[];
  /** Selected records without a draft: nothing to publish for them. */
  skipped: Array<BulkRef & { label: string }>;
}

function merge(into: CatalogChangeSet, from: CatalogChangeSet): void {
  for (const key of Object.keys(from) as Array<keyof CatalogChangeSet>) {
    const items = from[key] as unknown[] | undefined;
    if (!items?.length) continue;
    const target = (into[key] ?? []) as unknown[];
    target.push(...items);
    (into as unknown as Record<string, unknown[]>)[key] = target;
  }
}

export function createBulkUseCases(ctx: EditorContext) {
  const { k, catalog, authorize, readPublished, changeSetFor, writeAsEditor, editTransaction, describe } = ctx;

  return {
    /** What "publish the drafts" would do for these records: each draft with its changed fields. Reads only. */
    async planPublishDrafts(p: Principal | null, tenant: string, refs: readonly BulkRef[]): Promise<BulkPlan> {
      const plan: BulkPlan = { publish: [], skipped: [] };
      for (const ref of refs.slice(0, MAX_BULK)) {
        await authorize(p, ref.type, tenant, ref.id);
        const [draft, published] = await Promise.all([
          repo.findDraft(k, tenant, ref.type, ref.id),
          readPublished(ref.type, tenant, ref.id),
        ]);
        if (!draft) {
          plan.skipped.push({ ...ref, label: published ? describe(ref.type, published.doc, ref.id) : ref.id });
          continue;
        }
        const doc = JSON.parse(draft.data) as AnyDoc;
        plan.publish.push({
          ...ref,
          label: describe(ref.type, doc, ref.id),
          draftVersion: draft.version,
          diff: diffDocs(ref.type, published?.doc ?? null, doc),
        });
      }
      return plan;
    },

    /**
     * Publishes the drafts exactly as confirmed, as one change set in one transaction. A draft that changed or
     * vanished since the confirmation, or a record someone published meanwhile, refuses the whole action (409).
     */
    async publishDrafts(
      p: Principal | null,
      tenant: string,
      items: ReadonlyArray<BulkRef & { draftVersion: number }>,
      opts: { ip?: string | null } = {},
    ): Promise<RecordChange[]> {
      if (!items.length) return [];
      const principals = new Map<string, Principal>();
      for (const item of items.slice(0, MAX_BULK))
        principals.set(`${item.type}:${item.id}`, await authorize(p, item.type, tenant, item.id));
      const actor = [...principals.values()][0]!;
      return editTransaction(async (trx) => {
        const set = emptyChangeSet();
        const drafts: Array<{ draftId: string; type: EntityType; id: string }> = [];
        for (const item of items) {
          const row = await repo.lockDraft(trx, tenant, item.type, item.id);
          const label = `${ENTITY_LABELS[item.type]} „${item.id}“`;
          if (!row || row.version !== item.draftVersion)
            throw new EditConflictError(
              `${label}: Der Entwurf wurde seit der Bestätigung geändert, veröffentlicht oder verworfen. Nichts wurde veröffentlicht – bitte die Auswahl neu prüfen.`,
            );
          if (row.baseVersion === null && (await catalog.ownerOf(item.type, item.id, trx)))
            throw new EditConflictError(
              `${label} wurde inzwischen von anderer Seite angelegt. Nichts wurde veröffentlicht.`,
            );
          merge(set, changeSetFor(item.type, tenant, item.id, JSON.parse(row.data) as AnyDoc, row.baseVersion));
          drafts.push({ draftId: row.id, type: item.type, id: item.id });
        }
        const result = await writeAsEditor(
          items[0]!.type,
          set,
          {
            actor,
            source: 'editor',
            action: 'publish',
            transaction: trx,
            audit: {
              action: 'publish.bulk',
              summary: (changes) => `${changes.length} von ${items.length} Entwürfen veröffentlicht (Sammelaktion)`,
              ip: opts.ip ?? null,
            },
          },
          (current) =>
            `Eine der Leistungen wurde inzwischen veröffentlicht (jetzt Version ${current ?? '–'}). Nichts wurde veröffentlicht – bitte die Auswahl neu prüfen.`,
        );
        for (const d of drafts) {
          await repo.deleteDraft(trx, tenant, d.draftId);
          await repo.deleteSchedule(trx, tenant, d.type, d.id, 'publish');
        }
        return result.changes;
      });
    },
  };
}

// ---- assign a unit to many services ---------------------------------------------------------------------------------

/** A service of the list, as the route vetted it (visible to the tenant). */
export interface BulkService {
  id: string;
  name: string;
}

export interface AssignPlan {
  authority: { id: string; name: string; version: number };
  /** The services that get the unit as their zuständige Stelle in the tenant's area. */
  add: BulkService[];
  /** The services the unit already serves there: nothing to do. */
  already: BulkService[];
}

const ROLE = 'zustaendige_stelle' as const;

/** The unit's assignments with the services' new ones behind (the saved order stays: no noise in the history). */
function withAssignments(doc: AuthorityDoc, tenant: string, serviceIds: readonly string[]): AuthorityDoc {
  const has = new Set(
    doc.assignments.filter((a) => a.role === ROLE && a.areaAgs === tenant && a.serviceId).map((a) => a.serviceId),
  );
  const added = [...new Set(serviceIds)]
    .filter((id) => !has.has(id))
    .map((serviceId) => ({ serviceId, task: null, areaAgs: tenant, role: ROLE, deepLink: null, note: null }));
  return { ...doc, assignments: [...doc.assignments, ...added] };
}

export function createAssignUseCases(ctx: EditorContext) {
  const { k, authorize, readPublished, changeSetFor, writeAsEditor, editTransaction } = ctx;

  async function published(tenant: string, authorityId: string, q: typeof k = k) {
    const pub = await readPublished('authority', tenant, authorityId, q);
    if (!pub)
      throw new EditorNotFoundError(`Die Organisationseinheit „${authorityId}“ gibt es in diesem Bereich nicht.`);
    return pub as { doc: AuthorityDoc; version: number };
  }

  return {
    /** What "assign a unit" would do: which services get the unit, which have it already. Reads only. */
    async planAssignUnit(
      p: Principal | null,
      tenant: string,
      authorityId: string,
      services: readonly BulkService[],
    ): Promise<AssignPlan> {
      await authorize(p, 'authority', tenant, authorityId);
      const pub = await published(tenant, authorityId);
      const next = withAssignments(
        pub.doc,
        tenant,
        services.map((s) => s.id),
      );
      const added = new Set(next.assignments.slice(pub.doc.assignments.length).map((a) => a.serviceId));
      return {
        authority: { id: authorityId, name: pub.doc.name, version: pub.version },
        add: services.filter((s) => added.has(s.id)),
        already: services.filter((s) => !added.has(s.id)),
      };
    },

    /**
     * Adds the unit as zuständige Stelle for the services in the tenant's area: ONE change of the unit (one revision,
     * one audit entry `assign.bulk`) through the catalog's write path. The unit must still be at the confirmed
     * version and have no open draft (publishing that draft later would silently drop these assignments): else 409.
     */
    async assignUnit(
      p: Principal | null,
      tenant: string,
      authorityId: string,
      serviceIds: readonly string[],
      version: number,
      opts: { ip?: string | null } = {},
    ): Promise<number> {
      const actor = await authorize(p, 'authority', tenant, authorityId);
      return editTransaction(async (trx) => {
        const pub = await published(tenant, authorityId, trx);
        if (pub.version !== version)
          throw new EditConflictError(
            `Die Organisationseinheit wurde seit der Bestätigung geändert (jetzt Version ${pub.version}). Nichts wurde zugeordnet – bitte die Auswahl neu prüfen.`,
          );
        if (await repo.findDraft(trx, tenant, 'authority', authorityId))
          throw new EditConflictError(
            'Die Organisationseinheit hat einen offenen Entwurf. Bitte ihn erst veröffentlichen oder verwerfen; nichts wurde zugeordnet.',
          );
        const next = withAssignments(pub.doc, tenant, serviceIds.slice(0, MAX_BULK));
        const added = next.assignments.length - pub.doc.assignments.length;
        if (!added) return 0;
        await writeAsEditor(
          'authority',
          changeSetFor('authority', tenant, authorityId, next, version),
          {
            actor,
            source: 'editor',
            action: 'publish',
            transaction: trx,
            audit: {
              action: 'assign.bulk',
              summary: () => `${pub.doc.name}: zuständige Stelle für ${added} Leistungen (Sammelaktion)`,
              ip: opts.ip ?? null,
            },
          },
          (current) =>
            `Die Organisationseinheit wurde inzwischen geändert (jetzt Version ${current ?? '–'}). Nichts wurde zugeordnet.`,
        );
        return added;
      });
    },
  };
}
