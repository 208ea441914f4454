// Use cases of the editors' workspace: drafts, publishing (through the catalog's write path), scheduled
// publishing/unpublishing, history with restore, and the workspace's lists. Every use case checks the principal's
// rights for the record's real owner (read from the database), never for a tenant the client merely names.
// This module only composes the use-case modules; each lives in its own file.
import type { Db } from '../../db/database.ts';
import { type AuthService, type AuthServiceOptions, createAuthService } from '../auth/auth.service.ts';
import type { CatalogService } from '../catalog/index.ts';
import { createAssignUseCases, createBulkUseCases } from './editor.bulk.ts';
import { createEditorContext } from './editor.context.ts';
import { createDraftUseCases } from './editor.drafts.ts';
import { createHistoryUseCases } from './editor.history.ts';
import { createListUseCases } from './editor.lists.ts';
import { createPreviewUseCases } from './editor.preview.ts';
import { createPublishingUseCases } from './editor.publishing.ts';
import { createScheduleUseCases } from './editor.schedules.ts';
import { createTaskUseCases } from './editor.tasks.service.ts';

export type { Draft, EditOptions, RecordView, Revision } from './editor.context.ts';

export function createEditorService(db: Db, auth: AuthService, options: { now?: () => Date; catalog: CatalogService }) {
  const ctx = createEditorContext(db, auth, options);
  const drafts = createDraftUseCases(ctx);
  const publishing = createPublishingUseCases(ctx, drafts);
  // The *InTx bodies run inside a caller's transaction (saveAndPublish, the scheduler): not part of the service's face.
  const {
    publishInTx: _publishInTx,
    unpublishInTx: _unpublishInTx,
    refuseDependents: _refuse,
    ...publishUseCases
  } = publishing;
  const { saveDraftInTx: _saveDraftInTx, withConflict: _withConflict, ...draftUseCases } = drafts;
  return {
    serviceKind: ctx.serviceKind,
    ancestorsOf: ctx.ancestorsOf,
    ...draftUseCases,
    ...publishUseCases,
    ...createHistoryUseCases(ctx),
    ...createScheduleUseCases(ctx, publishing),
    ...createListUseCases(ctx),
    ...createTaskUseCases(ctx),
    ...createBulkUseCases(ctx),
    ...createAssignUseCases(ctx),
    ...createPreviewUseCases(ctx),
  };
}

export type EditorService = ReturnType<typeof createEditorService>;

// ---- wiring -----------------------------------------------------------------------------------------------------

/** The workspace's services, as `createServices` spreads them into the app's Services. */
export interface WorkspaceServices {
  auth: AuthService;
  editor: EditorService;
}

/** One catalog service per process: the editor reads and writes through the app's, so there is one cache. */
export function createWorkspaceServices(
  db: Db,
  catalog: CatalogService,
  authOptions: AuthServiceOptions = {},
): WorkspaceServices {
  const auth = createAuthService(db, { ...authOptions, catalog });
  return { auth, editor: createEditorService(db, auth, { catalog }) };
}
