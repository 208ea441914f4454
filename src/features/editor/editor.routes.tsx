// The editors' pages. Stable URLs (other tools link here, see docs/editor.md):
//   /editor/<tenantAgs>                               the workspace of a tenant
//   /editor/<tenantAgs>/services/<serviceId>          edit a service (own) or the town's settings for it (county's)
//   /editor/<tenantAgs>/authorities/<id>, /contacts/<id>, …/neu for a new record
//   …/preview, …/history                             preview of the public page, history with diff and restore
//   /editor/struktur/lebenslagen/<id>                 Lebenslagen (admins)
// Every POST needs a session and its CSRF token; every record is checked against its real owner. The pages
// themselves live in pages/, one module per page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import type { WorkspaceFieldError as FieldError } from '../../web/ui/workspace-fields.tsx';
import { requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError, canEdit, type EntityType, isAdmin, isRecordTenant } from '../auth/auth.ts';
import { frameFor, sendPage } from '../auth/auth.workspace.tsx';
import { type Conflict, type Pick, picksOf, RecordConflictError } from './editor.conflicts.ts';
import { editorCssRoute } from './editor.css.ts';
import { berlinLocalToDate, formToRaw } from './editor.forms.tsx';
import {
  editPath,
  emptyDoc,
  type Form,
  intOrNull,
  KIND_SEGMENTS,
  type KindSegment,
  NEW,
  one,
  tenantOfUrl,
} from './editor.paths.ts';
import type { ServicePreviewRenderer } from './editor.preview.ts';
import type { EditOptions, EditorService, RecordView } from './editor.service.ts';
import {
  type AnyDoc,
  docIssues,
  EditConflictError,
  EditorNotFoundError,
  normalizeDoc,
  STRUCTURE_TENANT,
} from './editor.ts';
import { type WorkspaceExtras, workspaceRoutes } from './editor.workspace-routes.tsx';
import { Dashboard } from './pages/dashboard.tsx';
import { EditPage, type EditPageData } from './pages/edit-page.tsx';
import { HistoryPage } from './pages/history-page.tsx';
import { PreviewNotice, PreviewPage } from './pages/preview-page.tsx';
import { RemovePage } from './pages/remove-page.tsx';
import { StructurePage } from './pages/structure-page.tsx';

export interface EditorPagesOptions {
  auth: AuthService;
  editor: EditorService;
  /** Versioned stylesheet URLs of the workspace pages. */
  stylesheets: readonly string[];
  /** The workspace list's link and review signals (editor.workspace-routes.tsx). */
  extras?: WorkspaceExtras | undefined;
  /** The portal's service page for the preview of services; without it the preview is the workspace's summary. */
  servicePreview?: ServicePreviewRenderer | undefined;
}

export async function editorPages(app: FastifyInstance, opts: EditorPagesOptions): Promise<void> {
  const { auth, editor } = opts;
  const frame = (request: FastifyRequest) => frameFor(request, opts.stylesheets);
  const signedIn = (request: FastifyRequest) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    return request.principal;
  };

  /** The record a URL names: kind, tenant (as stored) and entity id. Throws 403 for another tenant's record. */
  async function target(request: FastifyRequest, params: { tenant: string; kind: string; id: string }) {
    const tenant = tenantOfUrl(params.tenant);
    const seg = params.kind as KindSegment;
    if (!KIND_SEGMENTS.includes(seg)) throw new EditorNotFoundError('Unbekannte Art von Eintrag.');
    if ((seg === 'lebenslagen') !== (tenant === STRUCTURE_TENANT))
      throw new EditorNotFoundError('Lebenslagen liegen unter /editor/struktur/lebenslagen.');
    if (tenant !== STRUCTURE_TENANT && !isRecordTenant(tenant)) throw new EditorNotFoundError('Unbekanntes Gebiet.');
    if (seg === 'services') return { tenant, ...(await editor.serviceKind(request.principal, tenant, params.id)) };
    const type: EntityType = seg === 'authorities' ? 'authority' : seg === 'contacts' ? 'contact' : 'lebenslage';
    return { tenant, type, id: params.id };
  }

  async function tenantName(tenant: string) {
    if (tenant === STRUCTURE_TENANT) return 'Katalogstruktur';
    return (await editor.area(tenant))?.name ?? tenant;
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    view: RecordView,
    options: {
      doc?: AnyDoc;
      errors?: FieldError[];
      notice?: EditPageData['notice'];
      form?: Form | null;
      isNew?: boolean;
      newId?: string;
      status?: number;
      conflict?: { conflict: Conflict; picks: Readonly<Record<string, Pick>> } | null;
    },
  ) {
    const catalog =
      view.type === 'area_service' ? ((await editor.catalogService(view.id.split(':')[1] ?? ''))?.doc ?? null) : null;
    const doc = options.doc ?? view.draft?.doc ?? view.published?.doc ?? emptyDoc(view.type);
    const suggest = ['service', 'area_service', 'authority'].includes(view.type)
      ? await editor.suggestions(view.tenantAgs)
      : null;
    const stale = view.type === 'area_service' ? await editor.staleOf(request.principal, view.tenantAgs, view.id) : [];
    return sendPage(
      reply,
      <EditPage
        frame={frame(request)}
        view={view}
        doc={doc}
        errors={options.errors ?? []}
        notice={options.notice ?? null}
        form={options.form ?? null}
        isNew={options.isNew ?? false}
        newId={options.newId ?? ''}
        tenantName={await tenantName(view.tenantAgs)}
        lebenslagen={view.type === 'service' ? await editor.lebenslagen() : []}
        areaKinds={view.type === 'service' ? await editor.areaKinds() : []}
        authorities={view.type === 'contact' ? await editor.authoritiesOf(view.tenantAgs) : []}
        tasks={view.type === 'authority' || view.type === 'service' ? await editor.tasks() : []}
        services={suggest?.services ?? []}
        areas={suggest?.areas ?? []}
        catalog={catalog}
        diff={options.doc ? [] : editor.diffDraft(view)}
        inheritedTask={await inheritedTask(request, view, doc)}
        stale={stale}
        {...(stale[0] ? { staleOwner: await editor.ownerPhrase(stale[0].ownerAgs) } : {})}
        conflict={options.conflict ?? null}
      />,
      options.status ?? 200,
    );
  }

  /** The task whose rules a service follows (decision 0150), for the read-only view on its edit page. */
  async function inheritedTask(request: FastifyRequest, view: RecordView, doc: AnyDoc) {
    const s = doc as { task?: string | null; inheritsResponsibility?: boolean };
    if (view.type !== 'service' || !s.inheritsResponsibility || !s.task) return null;
    const task = await editor.taskAbove(view.tenantAgs, s.task);
    return task ? { task, editable: canEdit(request.principal, 'service', task.tenantAgs) } : null;
  }

  const NOTICES: Record<string, string> = {
    saved: 'Entwurf gespeichert. Er ist noch nicht öffentlich.',
    published: 'Veröffentlicht. Die Änderung ist jetzt öffentlich sichtbar.',
    unchanged: 'Keine Änderung: nichts gespeichert, kein neuer Eintrag im Verlauf.',
    discarded: 'Entwurf verworfen.',
    scheduled: 'Geplant.',
    unscheduled: 'Planung aufgehoben.',
    unpublished: 'Aus dem öffentlichen Katalog entfernt. Im Verlauf kann der Eintrag wiederhergestellt werden.',
    restored: 'Wiederhergestellt und veröffentlicht.',
    confirmed: 'Bestätigt: Ihre eigenen Angaben bleiben, der Hinweis im Portal ist entfernt.',
    'taken-over': 'Übernommen: Ihre eigenen Angaben zu den geänderten Feldern sind entfernt, es gilt die neue Fassung.',
  };

  app.get('/editor', async (request, reply) => {
    const p = signedIn(request);
    return sendPage(
      reply,
      <Dashboard frame={frame(request)} tenants={await editor.tenantsFor(p)} drafts={await editor.drafts(p)} />,
    );
  });

  // Served here, after /editor, so that the API description lists the routes in their familiar order.
  await editorCssRoute(app);

  app.get('/editor/struktur', async (request, reply) => {
    const p = signedIn(request);
    if (!isAdmin(p)) throw new ForbiddenError('Nur für die Administration.');
    return sendPage(reply, <StructurePage frame={frame(request)} lebenslagen={await editor.lebenslagen()} />);
  });

  // The workspace of a tenant and its list's bulk actions (editor.workspace-routes.tsx).
  await workspaceRoutes(app, { auth, editor, stylesheets: opts.stylesheets, extras: opts.extras });

  type P = { tenant: string; kind: string; id: string };

  app.get<{ Params: P; Querystring: { ok?: string } }>('/editor/:tenant/:kind/:id', async (request, reply) => {
    signedIn(request);
    if (request.params.id === NEW) {
      const t = await target(request, { ...request.params, id: '__new__' });
      if (t.type === 'area_service')
        throw new EditorNotFoundError('Einstellungen gibt es nur zu vorhandenen Leistungen.');
      const view = {
        type: t.type,
        tenantAgs: t.tenant,
        id: '',
        published: null,
        draft: null,
        schedules: [],
      } as RecordView;
      // Authorisation for creating in this tenant: checked like any record without an owner.
      await editor.check(request.principal, t.type, t.tenant, '__new__', {}).catch((e) => {
        if (!(e instanceof ValidationError)) throw e;
      });
      return renderEdit(request, reply, view, { isNew: true });
    }
    const t = await target(request, request.params);
    const view = await editor.get(request.principal, t.type, t.tenant, t.id);
    // A removed service is archived, not gone: its form stays reachable (history, restore).
    if (!view.published && !view.draft && t.type !== 'area_service' && !(await editor.archived(t.type, t.tenant, t.id)))
      throw new EditorNotFoundError('Diesen Eintrag gibt es nicht.');
    const ok = request.query.ok;
    return renderEdit(request, reply, view, {
      notice: ok && NOTICES[ok] ? { kind: 'success', text: NOTICES[ok]! } : null,
    });
  });

  app.post<{ Params: P; Body: Form }>('/editor/:tenant/:kind/:id', async (request, reply) => {
    requireFormSession(auth, request);
    const form = request.body ?? {};
    const isNew = request.params.id === NEW;
    const newId = isNew ? (one(form.id) ?? '').trim() : '';
    const t = await target(request, { ...request.params, id: isNew ? newId || '__new__' : request.params.id });
    if (isNew && t.type === 'area_service')
      throw new EditorNotFoundError('Einstellungen gibt es nur zu vorhandenen Leistungen.');
    const view = await editor.get(request.principal, t.type, t.tenant, t.id);
    const current = (view.draft?.doc ?? view.published?.doc ?? null) as Record<string, unknown> | null;
    const { raw, issues } = formToRaw(t.type, form, current);
    const kept = normalizeDoc(t.type, raw);
    const intent = one(form.intent) ?? 'save';
    const opts = {
      draftVersion: intOrNull(form.draftVersion) ?? 0,
      baseVersion: intOrNull(form.baseVersion),
      ip: request.ip,
    };
    const shownView = isNew ? ({ ...view, id: '' } as RecordView) : view;
    try {
      if (issues.length)
        throw new ValidationError('Bitte die Eingaben prüfen.', [
          ...docIssues(t.type, kept).filter((i) => i.field !== 'openingHours'),
          ...issues,
        ]);
      if (intent === 'check') {
        await editor.check(request.principal, t.type, t.tenant, t.id, raw);
        return renderEdit(request, reply, shownView, {
          doc: kept,
          form,
          isNew,
          newId,
          notice: { kind: 'info', text: 'Eingaben geprüft – noch nicht gespeichert.' },
        });
      }
      let save: { raw: Record<string, unknown>; opts: EditOptions } = { raw, opts };
      // An answer to a conflict: the input with the side picked per differing field, saved over the state decided
      // against (never over a newer one nobody has seen).
      if (!isNew && form._theirsBase !== undefined) {
        const resolved = await editor.resolve(
          request.principal,
          t.type,
          t.tenant,
          t.id,
          raw,
          {
            baseVersion: intOrNull(form._theirsBase),
            draftVersion: intOrNull(form._theirsDraft) ?? 0,
            yourBaseVersion: opts.baseVersion,
          },
          picksOf(form),
        );
        save = { raw: resolved.raw, opts: { ...resolved.opts, ip: request.ip } };
      }
      const after =
        intent === 'publish'
          ? await editor.saveAndPublish(request.principal, t.type, t.tenant, t.id, save.raw, save.opts)
          : await editor.saveDraft(request.principal, t.type, t.tenant, t.id, save.raw, save.opts);
      // Nothing changed (the same published version, no new draft): say so rather than "saved" (issue #13, finding 5).
      const unchanged =
        !isNew &&
        (intent === 'publish'
          ? !!view.published && after.published?.version === view.published.version
          : !after.draft || after.draft.version === view.draft?.version);
      return reply.redirect(
        `${editPath(t.type, t.tenant, t.id)}?ok=${unchanged ? 'unchanged' : intent === 'publish' ? 'published' : 'saved'}`,
        303,
      );
    } catch (error) {
      if (error instanceof ValidationError) {
        const errors = error.issues.map((i) => ({ field: i.field, message: i.message }));
        return renderEdit(request, reply, shownView, { doc: kept, form, errors, isNew, newId, status: 400 });
      }
      if (error instanceof RecordConflictError && !isNew) {
        // Theirs beside the input; the form keeps the versions it was opened with (and the picks already made).
        const fresh = await editor.get(request.principal, t.type, t.tenant, t.id);
        return renderEdit(request, reply, fresh, {
          doc: kept,
          form,
          errors: error.missing.map((field) => ({
            field: `_pick_${field}`,
            message: 'Bitte wählen: Ihre Fassung oder die andere.',
          })),
          notice: { kind: 'danger', text: error.message },
          conflict: { conflict: error.conflict, picks: error.missing.length ? picksOf(form) : {} },
          status: 409,
        });
      }
      if (error instanceof EditConflictError) {
        const fresh = await editor.get(request.principal, t.type, t.tenant, t.id);
        return renderEdit(request, reply, isNew ? shownView : fresh, {
          doc: kept,
          form: null,
          notice: { kind: 'danger', text: error.message },
          isNew,
          newId,
          status: 409,
        });
      }
      throw error;
    }
  });

  app.get<{ Params: P }>('/editor/:tenant/:kind/:id/preview', async (request, reply) => {
    signedIn(request);
    const t = await target(request, request.params);
    if (opts.servicePreview && (t.type === 'service' || t.type === 'area_service')) {
      // The portal's own page, resolved from the draft: what citizens will see once it is published.
      const p = await editor.previewService(request.principal, t.type, t.tenant, t.id);
      const notice = <PreviewNotice path={editPath(t.type, t.tenant, t.id)} draft={!!p.view.draft} />;
      return sendPage(reply, await opts.servicePreview(request, { areaAgs: t.tenant, ...p, notice }));
    }
    const view = await editor.get(request.principal, t.type, t.tenant, t.id);
    const doc = view.draft?.doc ?? view.published?.doc ?? null;
    const catalog =
      t.type === 'area_service' ? ((await editor.catalogService(t.id.split(':')[1] ?? ''))?.doc ?? null) : null;
    const areaDoc = t.type === 'area_service' && !doc ? normalizeDoc('area_service', {}) : doc;
    return sendPage(
      reply,
      <PreviewPage
        frame={frame(request)}
        view={view}
        doc={areaDoc}
        catalog={catalog}
        tenantName={await tenantName(t.tenant)}
      />,
    );
  });

  app.get<{ Params: P; Querystring: { ok?: string } }>('/editor/:tenant/:kind/:id/history', async (request, reply) => {
    signedIn(request);
    const t = await target(request, request.params);
    const { view, revisions } = await editor.history(request.principal, t.type, t.tenant, t.id);
    const ok = request.query.ok;
    return sendPage(
      reply,
      <HistoryPage
        frame={frame(request)}
        view={view}
        revisions={revisions}
        notice={ok && NOTICES[ok] ? { kind: 'success', text: NOTICES[ok]! } : null}
      />,
    );
  });

  /** The small state changes of a record; each answers with a redirect back (or a page explaining the conflict). */
  const act = (
    suffix: string,
    run: (
      request: FastifyRequest<{ Params: P; Body: Form }>,
      t: { tenant: string; type: EntityType; id: string },
      form: Form,
    ) => Promise<string>,
    /** Answers in place of the action when it returns a reply (the removal's confirmation page). */
    instead?: (request: FastifyRequest<{ Params: P; Body: Form }>, reply: FastifyReply) => Promise<unknown> | null,
  ) =>
    app.post<{ Params: P; Body: Form }>(`/editor/:tenant/:kind/:id/${suffix}`, async (request, reply) => {
      requireFormSession(auth, request);
      const page = instead?.(request, reply);
      if (page) return page;
      const t = await target(request, request.params);
      const form = request.body ?? {};
      try {
        const ok = await run(request, t, form);
        return reply.redirect(
          `${editPath(t.type, t.tenant, t.id)}${suffix === 'restore' ? '/history' : ''}?ok=${ok}`,
          303,
        );
      } catch (error) {
        if (
          error instanceof EditConflictError ||
          error instanceof ValidationError ||
          error instanceof EditorNotFoundError
        ) {
          const view = await editor.get(request.principal, t.type, t.tenant, t.id);
          const errors =
            error instanceof ValidationError ? error.issues.map((i) => ({ field: i.field, message: i.message })) : [];
          return renderEdit(request, reply, view, {
            errors,
            notice: errors.length ? null : { kind: 'danger', text: error.message },
            status: error.status,
          });
        }
        throw error;
      }
    });

  act('discard', async (request, t, form) => {
    await editor.discardDraft(request.principal, t.type, t.tenant, t.id, {
      draftVersion: intOrNull(form.draftVersion),
      ip: request.ip,
    });
    return 'discarded';
  });
  act('schedule', async (request, t, form) => {
    const action = one(form.action) === 'unpublish' ? 'unpublish' : 'publish';
    const at = berlinLocalToDate(one(form.runAt) ?? '');
    await editor.schedule(
      request.principal,
      t.type,
      t.tenant,
      t.id,
      action,
      Number.isNaN(at.getTime()) ? '' : at.toISOString(),
      { ip: request.ip },
    );
    return 'scheduled';
  });
  act('unschedule', async (request, t, form) => {
    await editor.cancelSchedule(
      request.principal,
      t.type,
      t.tenant,
      t.id,
      one(form.action) === 'unpublish' ? 'unpublish' : 'publish',
      { ip: request.ip },
    );
    return 'unscheduled';
  });
  const removePage = async (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const t = await target(request, request.params);
    const impact = await editor.removalImpact(request.principal, t.type, t.tenant, t.id);
    return sendPage(
      reply,
      <RemovePage frame={frame(request)} impact={impact} tenantName={await tenantName(t.tenant)} />,
    );
  };
  app.get<{ Params: P }>('/editor/:tenant/:kind/:id/unpublish', async (request, reply) => {
    signedIn(request);
    return removePage(request, reply);
  });
  act('confirm', async (request, t) => {
    if (t.type !== 'area_service')
      throw new EditorNotFoundError('Nur eigene Angaben einer Stadt lassen sich bestätigen.');
    await editor.confirmLocal(request.principal, t.tenant, t.id, { ip: request.ip });
    return 'confirmed';
  });
  act('take-over', async (request, t) => {
    if (t.type !== 'area_service')
      throw new EditorNotFoundError('Nur eigene Angaben einer Stadt lassen sich durch die neue Fassung ersetzen.');
    await editor.takeOverUpstream(request.principal, t.tenant, t.id, { ip: request.ip });
    return 'taken-over';
  });
  // Removing needs the confirmation page's `confirm=ja`: a POST without it answers with that page.
  act(
    'unpublish',
    async (request, t, form) => {
      await editor.unpublish(request.principal, t.type, t.tenant, t.id, {
        version: intOrNull(form.version) ?? -1,
        ip: request.ip,
      });
      return 'unpublished';
    },
    (request, reply) => (one(request.body?.confirm) === 'ja' ? null : removePage(request, reply)),
  );
  act('restore', async (request, t, form) => {
    await editor.restore(request.principal, t.type, t.tenant, t.id, one(form.revision) ?? '', {
      version: intOrNull(form.version),
      ip: request.ip,
    });
    return 'restored';
  });
}
