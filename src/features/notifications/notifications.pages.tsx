// The tenants' inbox in the workspace (/editor/inbox): what is new, a link to the thing, mark read (one or all).
// Plain forms with the session's CSRF token, no JavaScript needed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { berlinDateTime } from '../../shared/berlin-time.ts';
import { sendHtml } from '../../web/render-page.ts';
import { Document } from '../../web/ui/document.tsx';
import { CSRF_FIELD, ensureSessionSupport, loadSession, requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { assetStore } from '../portal/index.ts';
import type { NotificationsService } from './notifications.service.ts';
import { NOTIFICATION_KIND_LABELS, type Notification } from './notifications.ts';

export interface InboxPagesDeps {
  notifications: NotificationsService;
  catalog: Pick<CatalogService, 'listAreas'>;
  auth: AuthService;
}

const NO_STORE = 'no-store';

function Page({ title, children }: { title: string; children: ComponentChildren }) {
  const assets = assetStore();
  return (
    <Document title={title} stylesheets={[assets.url('/assets/kern.css'), assets.url('/assets/portal.css')]}>
      <main class="kern-container aw-main" id="inhalt">
        {children}
      </main>
    </Document>
  );
}

export async function inboxPages(app: FastifyInstance, deps: InboxPagesDeps): Promise<void> {
  const { notifications, catalog, auth } = deps;
  await ensureSessionSupport(app, { formBodyLimit: 64 * 1024 });
  const hide = { schema: { hide: true } };

  await app.register(async (editor) => {
    editor.addHook('preHandler', async (request) => loadSession(auth, request));
    const signedIn = (reply: FastifyReply, principal: unknown): boolean => {
      if (principal) return true;
      void reply.redirect(`/editor/login?next=${encodeURIComponent('/editor/inbox')}`, 303);
      return false;
    };

    editor.get<{ Querystring: { alle?: string } }>('/editor/inbox', hide, async (request, reply) => {
      if (!signedIn(reply, request.principal) || !request.principal || !request.session) return reply;
      const all = request.query.alle === '1';
      const [items, unread, areas] = await Promise.all([
        notifications.inbox(request.principal, { unreadOnly: !all }),
        notifications.unreadCount(request.principal),
        catalog.listAreas(),
      ]);
      const names = new Map(areas.map((a) => [a.ags, a.name]));
      return sendHtml(
        reply,
        <InboxPage
          items={items}
          unread={unread}
          all={all}
          csrf={request.session.csrfToken}
          tenantName={(ags) => names.get(ags) ?? ags}
        />,
        { cache: NO_STORE },
      );
    });

    editor.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/editor/inbox/:id/read',
      hide,
      async (request, reply) => {
        const session = requireFormSession(auth, request);
        await notifications.markRead(session.principal, request.params.id);
        return reply.redirect('/editor/inbox', 303);
      },
    );

    editor.post<{ Body: Record<string, unknown> }>('/editor/inbox/read-all', hide, async (request, reply) => {
      const session = requireFormSession(auth, request);
      await notifications.markAllRead(session.principal);
      return reply.redirect('/editor/inbox', 303);
    });
  });
}

function InboxPage(props: {
  items: Notification[];
  unread: number;
  all: boolean;
  csrf: string;
  tenantName: (ags: string) => string;
}) {
  const { items, unread, all, csrf, tenantName } = props;
  return (
    <Page title={`Posteingang (${unread} ungelesen) – Redaktion`}>
      <p class="kern-body">
        <a class="kern-link" href="/editor">
          Zur Redaktion
        </a>
      </p>
      <h1 class="kern-heading-large">Posteingang</h1>
      <p class="kern-body" data-testid="inbox-unread">
        {unread === 1 ? '1 ungelesene Nachricht' : `${unread} ungelesene Nachrichten`}
      </p>
      <p class="kern-body">
        {all ? (
          <a class="kern-link" href="/editor/inbox">
            Nur ungelesene zeigen
          </a>
        ) : (
          <a class="kern-link" href="/editor/inbox?alle=1">
            Auch gelesene zeigen
          </a>
        )}
      </p>
      {unread > 0 && (
        <form method="post" action="/editor/inbox/read-all">
          <input type="hidden" name={CSRF_FIELD} value={csrf} />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">Alle als gelesen markieren</span>
          </button>
        </form>
      )}
      {items.length === 0 ? (
        <p class="kern-body">Keine {all ? '' : 'ungelesenen '}Nachrichten.</p>
      ) : (
        <ul class="kern-list" data-testid="inbox">
          {items.map((n) => (
            <li data-kind={n.kind}>
              <h2 class="kern-title">
                {n.readAt ? '' : 'Neu: '}
                {n.title}
              </h2>
              <p class="kern-body">
                {NOTIFICATION_KIND_LABELS[n.kind]} · {tenantName(n.tenantAgs)} · {berlinDateTime(n.createdAt)}
              </p>
              {n.body && <p class="kern-body">{n.body}</p>}
              {n.link && (
                <p class="kern-body">
                  <a class="kern-link" href={n.link}>
                    Öffnen<span class="aw-visually-hidden">: {n.title}</span>
                  </a>
                </p>
              )}
              {!n.readAt && (
                <form method="post" action={`/editor/inbox/${encodeURIComponent(n.id)}/read`}>
                  <input type="hidden" name={CSRF_FIELD} value={csrf} />
                  <button type="submit" class="kern-btn kern-btn--tertiary">
                    <span class="kern-label">
                      Als gelesen markieren<span class="aw-visually-hidden">: {n.title}</span>
                    </span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
