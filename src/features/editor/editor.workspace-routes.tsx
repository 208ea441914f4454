// The workspace of a tenant (`/editor/<tenantAgs>`) with its searchable, filterable, paged service list, and the list's
// bulk actions (`POST /editor/<tenantAgs>/bulk`): the first post shows what would change, the second — with the
// confirmed draft versions — publishes them as one change set. No JavaScript needed anywhere.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { ValidationError } from '../../shared/errors.ts';
import { type ParsedForm, readForm } from '../../web/form.ts';
import { Button, Hidden } from '../../web/ui/workspace-fields.tsx';
import { requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError, type Principal } from '../auth/auth.ts';
import { frameFor, Layout, sendPage } from '../auth/auth.workspace.tsx';
import { type BulkPlan, type BulkRef, MAX_BULK, parseBulkRef } from './editor.bulk.ts';
import type { EditorService } from './editor.service.ts';
import { areaServiceKey, EditorNotFoundError } from './editor.ts';
import { applyServiceFilter, filterQuery, parseServiceFilter, type ServiceFilter } from './editor.workspace-filter.ts';
import { type ListedService, TenantPage } from './pages/tenant-page.tsx';

/**
 * What the list's statuses "broken link" and "unreviewed" and the bulk "mark reviewed" need from features the editor
 * does not know (the link checker, the checklist's review ticks); the app wires them. Without it those statuses
 * match nothing and the action is refused.
 */
export interface WorkspaceExtras {
  /** Ids of the services whose page in the tenant's area shows a broken or failing link. */
  brokenLinks(tenant: string): Promise<ReadonlySet<string>>;
  /** Service id → when a person last confirmed its texts for the tenant (ISO). */
  reviews(tenant: string): Promise<ReadonlyMap<string, string>>;
  /** Ticks the services as reviewed for the tenant, in one transaction. */
  markReviewed(tenant: string, serviceIds: readonly string[], by: string): Promise<void>;
  /** How long a review holds, in days. */
  reviewMaxAgeDays: number;
}

export interface WorkspaceRoutesOptions {
  auth: AuthService;
  editor: EditorService;
  stylesheets: readonly string[];
  extras?: WorkspaceExtras | undefined;
}

const BULK_ACTIONS = ['publish', 'reviewed', 'assign'] as const;
type BulkAction = (typeof BULK_ACTIONS)[number];

/** The selected services a bulk action leaves as they are, named on its confirmation page (nothing when none). */
function LeftAlone({ id, title, names }: { id: string; title: string; names: readonly string[] }) {
  if (names.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {title} ({names.length})
      </h2>
      <ul class="kern-list">
        {names.map((name) => (
          <li>{name}</li>
        ))}
      </ul>
    </section>
  );
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
      <LeftAlone id="unveraendert" title="Ohne Entwurf, bleiben unverändert" names={plan.skipped.map((s) => s.label)} />
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
    // The costlier signals (a resolution per service, the link checker's problems, the review ticks) are read only
    // for the status that asks for them.
    const extras = opts.extras;
    const sample = filter.status === 'sample' ? await editor.sampleServices(request.principal, tenant) : null;
    const broken = filter.status === 'broken_link' && extras ? await extras.brokenLinks(tenant) : null;
    const reviews = filter.status === 'unreviewed' && extras ? await extras.reviews(tenant) : null;
    const reviewedSince = extras ? Date.now() - extras.reviewMaxAgeDays * 86_400_000 : 0;
    const items: ListedService[] = ws.services.map((s) => {
      const key = s.tenantAgs === tenant ? `service:${s.id}` : `area_service:${areaServiceKey(tenant, s.id)}`;
      const reviewedAt = reviews?.get(s.id);
      return {
        ...s,
        lebenslagen: ws.lebenslagenOf.get(s.id) ?? [],
        draft: drafted.has(key),
        scheduled: scheduled.has(key),
        stale: ws.stale.has(s.id),
        brokenLink: broken?.has(s.id) ?? false,
        sample: sample?.has(s.id) ?? false,
        unreviewed: reviews ? !reviewedAt || Date.parse(reviewedAt) < reviewedSince : false,
      };
    });
    const page = applyServiceFilter(items, filter, tenant);
    const lebenslagen = (await editor.lebenslagen()).map((l) => ({ id: l.id, name: l.name }));
    return sendPage(
      reply,
      <TenantPage
        frame={frame(request)}
        ws={ws}
        list={{ filter, ...page, lebenslagen, reviews: !!extras }}
        notice={notice ? { kind: 'success', text: notice } : null}
      />,
    );
  }

  /** The selected services of the list, vetted against what the tenant's workspace shows (ids of another area: 400). */
  function selectedServices(form: ParsedForm, services: ReadonlyArray<{ id: string; name: string }>) {
    const byId = new Map(services.map((s) => [s.id, s]));
    const out: Array<{ id: string; name: string }> = [];
    for (const v of form.all('ids')) {
      const ref = parseBulkRef(v);
      const id = ref?.type === 'area_service' ? ref.id.split(':')[1] : ref?.id;
      const service = id ? byId.get(id) : undefined;
      if (!service)
        throw new ValidationError(`Ungültige Auswahl „${v.slice(0, 80)}“: keine Leistung dieses Bereichs.`, [
          { field: 'ids', message: 'Erwartet: service:<id> oder area_service:<AGS>:<id> einer Leistung der Liste' },
        ]);
      if (!out.includes(service)) out.push(service);
    }
    if (!out.length)
      throw new ValidationError('Bitte mindestens eine Leistung in der Liste auswählen.', [
        { field: 'ids', message: 'Keine Auswahl' },
      ]);
    if (out.length > MAX_BULK)
      throw new ValidationError(`Höchstens ${MAX_BULK} Leistungen auf einmal.`, [
        { field: 'ids', message: `höchstens ${MAX_BULK}` },
      ]);
    return out;
  }

  /** "Mark reviewed" and "assign a unit": the first post shows what would change, the one with `confirm=1` acts. */
  async function otherAction(
    request: FastifyRequest<{ Params: { tenant: string } }>,
    reply: FastifyReply,
    action: Exclude<BulkAction, 'publish'>,
    form: ParsedForm,
    session: { principal: Principal; csrfToken: string },
    tenant: string,
    back: string,
  ) {
    const ws = await editor.workspace(session.principal, tenant);
    const selected = selectedServices(form, ws.services);
    const sep = back ? '&' : '?';
    const confirmed = form.get('confirm') === '1';
    const page = (title: string, body: ComponentChildren) =>
      sendPage(
        reply,
        <Layout
          frame={frame(request)}
          title={title}
          crumbs={[
            { label: 'Übersicht', href: '/editor' },
            { label: ws.area.name, href: `/editor/${tenant}${back}` },
            { label: 'Sammelaktion' },
          ]}
        >
          {body}
        </Layout>,
      );
    const hiddenIds = selected.map((s) => <Hidden name="ids" value={`service:${s.id}`} />);
    const cancel = (
      <a class="kern-link" href={`/editor/${tenant}${back}`}>
        Abbrechen, zurück zur Liste von {ws.area.name}
      </a>
    );
    if (action === 'reviewed') {
      const extras = opts.extras!;
      if (confirmed) {
        await extras.markReviewed(
          tenant,
          selected.map((s) => s.id),
          session.principal.label,
        );
        await opts.auth.audit(session.principal, {
          action: 'review.bulk',
          entityType: 'service',
          entityId: selected
            .map((s) => s.id)
            .join(',')
            .slice(0, 200),
          tenantAgs: tenant,
          summary: `${selected.length} Leistungen als geprüft markiert (Sammelaktion)`,
          ip: request.ip,
        });
        return reply.redirect(`/editor/${tenant}${back}${sep}geprueft=${selected.length}`, 303);
      }
      return page(
        'Als geprüft markieren – bitte bestätigen',
        <section aria-labelledby="pruefen">
          <h2 class="kern-heading-medium" id="pruefen">
            Diese {selected.length} Leistungen werden als geprüft markiert
          </h2>
          <p class="kern-body">
            Sie bestätigen damit, dass die Texte für {ws.area.name} heute geprüft wurden; das Portal zeigt das Datum als
            „Zuletzt geprüft“.
          </p>
          <ul class="kern-list">
            {selected.map((s) => (
              <li>{s.name}</li>
            ))}
          </ul>
          <form method="post" action={`/editor/${tenant}/bulk${back}`}>
            <Hidden name="_csrf" value={session.csrfToken} />
            <Hidden name="action" value="reviewed" />
            <Hidden name="confirm" value="1" />
            {hiddenIds}
            <div class="ed-actions">
              <Button>{`Jetzt ${selected.length} Leistungen als geprüft markieren`}</Button>
              {cancel}
            </div>
          </form>
        </section>,
      );
    }
    const authorityId = form.get('authority') ?? '';
    if (!authorityId || !ws.authorities.some((a) => a.id === authorityId))
      throw new ValidationError(
        `Bitte eine Organisationseinheit von ${ws.area.name} auswählen${ws.authorities.length ? ` (möglich: ${ws.authorities.map((a) => a.id).join(', ')})` : ': es gibt noch keine'}.`,
        [{ field: 'authority', message: 'Eine Einheit des Bereichs' }],
      );
    if (confirmed) {
      const version = Number(form.get('version'));
      if (!Number.isInteger(version) || version < 1)
        throw new ValidationError('Die Bestätigung nennt keine gültige Version der Einheit.', [
          { field: 'version', message: 'Erwartet: eine ganze Zahl ab 1' },
        ]);
      const added = await editor.assignUnit(
        session.principal,
        tenant,
        authorityId,
        selected.map((s) => s.id),
        version,
        { ip: request.ip },
      );
      return reply.redirect(`/editor/${tenant}${back}${sep}zugeordnet=${added}`, 303);
    }
    const plan = await editor.planAssignUnit(session.principal, tenant, authorityId, selected);
    return page(
      'Einheit zuordnen – bitte bestätigen',
      <>
        {plan.add.length > 0 ? (
          <section aria-labelledby="zuordnen">
            <h2 class="kern-heading-medium" id="zuordnen">
              {plan.authority.name} wird zuständige Stelle für {plan.add.length} Leistungen
            </h2>
            <p class="kern-body">
              In {ws.area.name}; die Einheit wird dafür einmal veröffentlicht (eine neue Version, ein Eintrag im
              Verlauf).
            </p>
            <ul class="kern-list">
              {plan.add.map((s) => (
                <li>{s.name}</li>
              ))}
            </ul>
            <form method="post" action={`/editor/${tenant}/bulk${back}`}>
              <Hidden name="_csrf" value={session.csrfToken} />
              <Hidden name="action" value="assign" />
              <Hidden name="confirm" value="1" />
              <Hidden name="authority" value={plan.authority.id} />
              <Hidden name="version" value={plan.authority.version} />
              {plan.add.map((s) => (
                <Hidden name="ids" value={`service:${s.id}`} />
              ))}
              <div class="ed-actions">
                <Button>{`Jetzt ${plan.add.length} Leistungen zuordnen`}</Button>
                {cancel}
              </div>
            </form>
          </section>
        ) : (
          <p class="kern-body" role="status">
            {plan.authority.name} ist für alle ausgewählten Leistungen schon zuständig: Es gibt nichts zu tun. {cancel}
          </p>
        )}
        <LeftAlone id="schon" title="Schon zugeordnet, bleiben unverändert" names={plan.already.map((s) => s.name)} />
      </>,
    );
  }

  app.get<{ Params: { tenant: string }; Querystring: Record<string, string> }>(
    '/editor/:tenant',
    async (request, reply) => {
      tenantOf(request);
      const count = (name: string) => {
        const n = Number(request.query[name]);
        return Number.isInteger(n) && n >= 0 && name in request.query ? n : null;
      };
      const [published, reviewed, assigned] = [count('veroeffentlicht'), count('geprueft'), count('zugeordnet')];
      const notice =
        published !== null && published > 0
          ? `${published} Entwürfe veröffentlicht.`
          : reviewed !== null
            ? `${reviewed} Leistungen als geprüft markiert.`
            : assigned !== null
              ? `Die Einheit ist jetzt für ${assigned} weitere Leistungen zuständig.`
              : null;
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
      const action = form.get('action') as BulkAction;
      if (!BULK_ACTIONS.includes(action) || (action === 'reviewed' && !opts.extras))
        throw new ValidationError(
          'Unbekannte Sammelaktion. Möglich: publish (Entwürfe veröffentlichen), reviewed (als geprüft markieren), assign (Einheit zuordnen).',
          [{ field: 'action', message: 'Möglich: publish, reviewed, assign' }],
        );
      if (action !== 'publish') return otherAction(request, reply, action, form, session, tenant, back);
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
