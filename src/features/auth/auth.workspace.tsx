// The workspace frame for a signed-in request: the shared layout of src/web/ui with the navigation this user's roles
// allow. Auth owns it because it knows principals and roles; the editor's pages and auth's own pages both use it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { sendHtml } from '../../web/render-page.ts';
import type { WorkspaceFieldError } from '../../web/ui/workspace-fields.tsx';
import {
  type Crumb,
  type Notice,
  WorkspaceLayout,
  type WorkspaceNavItem,
  type WorkspaceUser,
} from '../../web/ui/workspace-layout.tsx';
import type {} from './auth.http.ts';
import { isAdmin, type Principal, ROLE_LABELS } from './auth.ts';

export type { WorkspaceFieldError as FieldError } from '../../web/ui/workspace-fields.tsx';

export interface PageFrame {
  principal: Principal | null;
  csrf: string | null;
  /** Versioned stylesheet URLs (KERN, then the workspace's), in cascade order. */
  stylesheets: readonly string[];
}

export function frameFor(request: FastifyRequest, stylesheets: readonly string[]): PageFrame {
  return { principal: request.principal ?? null, csrf: request.session?.csrfToken ?? null, stylesheets };
}

function navOf(p: Principal): WorkspaceNavItem[] {
  return [
    { href: '/editor', label: 'Übersicht' },
    ...(isAdmin(p)
      ? [
          { href: '/editor/admin/users', label: 'Konten' },
          { href: '/editor/admin/audit', label: 'Protokoll' },
          { href: '/editor/struktur', label: 'Lebenslagen' },
        ]
      : []),
    { href: '/editor/account', label: `Mein Konto (${p.label})` },
  ];
}

function userOf(p: Principal | null): WorkspaceUser | null {
  if (!p) return null;
  const grants = p.grants.map((g) => `${ROLE_LABELS[g.role]}${g.tenantAgs === '*' ? '' : ` ${g.tenantAgs}`}`);
  return { nav: navOf(p), signedInAs: `Angemeldet als ${p.label} (${grants.join(', ')}).` };
}

/** A workspace page: the shared layout with this principal's navigation. */
export function Layout({
  frame,
  title,
  errors,
  notice,
  children,
  crumbs,
}: {
  frame: PageFrame;
  title: string;
  errors?: readonly WorkspaceFieldError[] | undefined;
  notice?: Notice | null | undefined;
  children: ComponentChildren;
  crumbs?: readonly Crumb[] | undefined;
}) {
  return (
    <WorkspaceLayout
      shell={{
        home: '/editor',
        logoutAction: '/editor/logout',
        stylesheets: frame.stylesheets,
        csrf: frame.csrf,
        user: userOf(frame.principal),
      }}
      title={title}
      errors={errors}
      notice={notice}
      crumbs={crumbs}
    >
      {children}
    </WorkspaceLayout>
  );
}

/** Only same-site workspace paths are allowed as a redirect target after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/editor(\/[A-Za-z0-9/_:.?=&%-]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/editor';
}

/** Sends a workspace page: never cached anywhere (drafts and accounts are private). */
export function sendPage<P>(reply: FastifyReply, node: VNode<P>, status = 200): FastifyReply {
  return sendHtml(reply, node as VNode, { status, cache: 'no-store' });
}
