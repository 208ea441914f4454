// The workspace of a tenant (`/editor/<tenantAgs>`) with its searchable, filterable, paged service list, and the list's
// bulk actions (`POST /editor/<tenantAgs>/bulk`): the first post shows what would change, the second — with the
// confirmed draft versions — publishes them as one change set. No JavaScript needed anywhere.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../shared/errors.ts';
import { readForm } from '../../web/form.ts';
import { Button, Hidden } from '../../web/ui/workspace-fields.tsx';
import { requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError } from '../auth/auth.ts';
import { frameFor, Layout, sendPage } from '../auth/auth.workspace.tsx';
import { type BulkPlan, type BulkRef, MAX_BULK, parseBulkRef } from './editor.bulk.ts';
import type { EditorService } from './editor.service.ts';
import { areaServiceKey, EditorNotFoundError } from './editor.ts';
import { applyServiceFilter, filterQuery, parseServiceFilter, type ServiceFilter } from './editor.workspace-filter.ts';
import { type ListedService, TenantPage } from './pages/tenant-page.tsx';

export interface WorkspaceRoutesOptions {
  auth: AuthService;
  editor: EditorService;
  stylesheets: readonly string[];
}

function BulkConfirm({
  tenant,
  tenantName,
  plan,
  back,
  csrf,
}: {
  tenant: string;
  tenantName: string;
  plan: BulkPlan;
  back: string;
  csrf: string;
}) {
  return (
    <>
      {plan.publish.length > 0 ? (
        <section aria-labelledby="aenderungen">
          <h2 class="kern-heading-medium" id="aenderungen">
            Diese {plan.publish.length} Entwürfe werden veröffentlicht
          </h2>
          <ul class="kern-list">
            {plan.publish.map((item) => (
              <li>
                <strong>{item.label}</strong>:{' '}
                {item.diff.length ? item.diff.map((d) => d.label).join(', ') : 'keine inhaltliche Änderung'}
              </li>
            ))}
          </ul>
          <form method="post" action={`/editor/${tenant}/bulk${back}`}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="action" value="publish" />
            <Hidden name="confirm" value="1" />
            {plan.publish.map((item) => (
              <Hidden name="items" value={`${item.type}:${item.id}@${item.draftVersion}`} />
            ))}
            <div class="ed-actions">
              <Button>{`Jetzt ${plan.publish.length} Entwürfe veröffentlichen`}</Button>
              <a class="kern-link" href={`/editor/${tenant}${back}`}>
                Abbrechen, zurück zur Liste von {tenantName}
              </a>
            </div>
          </form>
        </section>
      ) : (
        <p class="kern-body" role="status">
          In der Auswahl gibt es keinen Entwurf: Es gibt nichts zu veröffentlichen.{' '}
          <a class="kern-link" href={`/editor/${tenant}${back}`}>
            Zurück zur Liste
          </a>
        </p>
      )}
      {plan.skipped.length > 0 && (
        <section aria-labelledby="unveraendert">
          <h2 class="kern-heading-medium" id="unveraendert">
            Ohne Entwurf, bleiben unverändert ({plan.skipped.length})
          </h2>
          <ul class="kern-list">
            {plan.skipped.map((s) => (
              <li>{s.label}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export async function workspaceRoutes(app: FastifyInstance, opts: WorkspaceRoutesOptions): Promise<void> {
  const { editor } = opts;
  const frame = (request: FastifyRequest) => frameFor(request, opts.stylesheets);
  const tenantOf = (request: FastifyRequest<{ Params: { tenant: string } }>) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    if (!/^\d{5}$|^\d{8}$/.test(request.params.tenant)) throw new EditorNotFoundError('Unbekannter Bereich.');
    return request.params.tenant;
  };
  const lebenslagenSet = async () => new Set((await editor.lebenslagen()).map((l) => l.id));
  const filterOf = async (query: unknown): Promise<ServiceFilter> =>
    parseServiceFilter(readForm(query).values as Record<string, unknown>, await lebenslagenSet());

  async function tenantPage(
    request: FastifyRequest<{ Params: { tenant: string } }>,
    reply: FastifyReply,
    filter: ServiceFilter,
    notice: string | null,
  ) {
    const tenant = tenantOf(request);
    const ws = await editor.workspace(request.principal, tenant);
    const drafted = new Set(ws.drafts.map((d) => `${d.entityType}:${d.entityId}`));
    const scheduled = new Set(ws.schedules.map((s) => `${s.entityType}:${s.entityId}`));
    const items: ListedService[] = ws.services.map((s) => {
      const key = s.tenantAgs === tenant ? `service:${s.id}` : `area_service:${areaServiceKey(tenant, s.id)}`;
      return {
        ...s,
        lebenslagen: ws.lebenslagenOf.get(s.id) ?? [],
        draft: drafted.has(key),
        scheduled: scheduled.has(key),
      };
    });
    const page = applyServiceFilter(items, filter, tenant);
    const lebenslagen = (await editor.lebenslagen()).map((l) => ({ id: l.id, name: l.name }));
    return sendPage(
      reply,
      <TenantPage
        frame={frame(request)}
        ws={ws}
        list={{ filter, ...page, lebenslagen }}
        notice={notice ? { kind: 'success', text: notice } : null}
      />,
    );
  }

  app.get<{ Params: { tenant: string }; Querystring: Record<string, string> }>(
    '/editor/:tenant',
    async (request, reply) => {
      tenantOf(request);
      const done = Number(request.query.veroeffentlicht);
      const notice = Number.isInteger(done) && done > 0 ? `${done} Entwürfe veröffentlicht.` : null;
      return tenantPage(request, reply, await filterOf(request.query), notice);
    },
  );

  app.post<{ Params: { tenant: string }; Querystring: Record<string, string> }>(
    '/editor/:tenant/bulk',
    async (request, reply) => {
      const session = requireFormSession(opts.auth, request);
      const tenant = tenantOf(request);
      const form = readForm(request.body, { lists: ['ids', 'items'] });
      const filter = await filterOf(request.query);
      const back = filterQuery(filter);
      if (form.get('action') !== 'publish')
        throw new ValidationError('Unbekannte Sammelaktion. Möglich: publish (Entwürfe veröffentlichen).', [
          { field: 'action', message: 'Möglich: publish' },
        ]);
      if (form.get('confirm') === '1') {
        const items = form.all('items').map((v) => {
          const m = /^(.+)@(\d+)$/.exec(v);
          const ref = m ? parseBulkRef(m[1]!) : null;
          if (!m || !ref)
            throw new ValidationError(`Ungültiger Eintrag „${v.slice(0, 80)}“ in der Bestätigung.`, [
              { field: 'items', message: 'Erwartet: service:<id>@<Version>' },
            ]);
          return { ...ref, draftVersion: Number(m[2]) };
        });
        const changes = await editor.publishDrafts(session.principal, tenant, items, { ip: request.ip });
        const sep = back ? '&' : '?';
        return reply.redirect(`/editor/${tenant}${back}${sep}veroeffentlicht=${changes.length}`, 303);
      }
      const refs: BulkRef[] = [];
      for (const v of form.all('ids')) {
        const ref = parseBulkRef(v);
        if (!ref)
          throw new ValidationError(`Ungültige Auswahl „${v.slice(0, 80)}“.`, [
            { field: 'ids', message: 'Erwartet: service:<id> oder area_service:<AGS>:<id>' },
          ]);
        refs.push(ref);
      }
      if (!refs.length)
        throw new ValidationError('Bitte mindestens eine Leistung in der Liste auswählen.', [
          { field: 'ids', message: 'Keine Auswahl' },
        ]);
      if (refs.length > MAX_BULK)
        throw new ValidationError(`Höchstens ${MAX_BULK} Leistungen auf einmal.`, [
          { field: 'ids', message: `höchstens ${MAX_BULK}` },
        ]);
      const plan = await editor.planPublishDrafts(session.principal, tenant, refs);
      const ws = await editor.area(tenant);
      return sendPage(
        reply,
        <Layout
          frame={frame(request)}
          title="Entwürfe veröffentlichen – bitte bestätigen"
          crumbs={[
            { label: 'Übersicht', href: '/editor' },
            { label: ws?.name ?? tenant, href: `/editor/${tenant}${back}` },
            { label: 'Sammelaktion' },
          ]}
        >
          <BulkConfirm
            tenant={tenant}
            tenantName={ws?.name ?? tenant}
            plan={plan}
            back={back}
            csrf={session.csrfToken}
          />
        </Layout>,
      );
    },
  );
}
