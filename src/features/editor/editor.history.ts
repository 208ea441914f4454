import type { Principal } from '../auth/auth.ts';
import type { EditorContext, RecordView, Revision } from './editor.context.ts';
import { diffDocs, type FieldDiff } from './editor.diff.ts';
import type { AnyDoc, EntityType } from './editor.ts';

/** The history use cases of the workspace. */
export function createHistoryUseCases(ctx: EditorContext) {
  const { catalog, authorize, record } = ctx;
  return {
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
  };
}
