// The start page of the workspace: the tenants a principal can open, and their drafts.

import { formatBerlin } from '../../../shared/berlin-time.ts';
import { type EntityType, isAdmin, ROLE_LABELS } from '../../auth/auth.ts';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { editPath } from '../editor.paths.ts';
import type { EditorService } from '../editor.service.ts';
import { ENTITY_LABELS } from '../editor.ts';

export function Dashboard({
  frame,
  tenants,
  drafts,
}: {
  frame: PageFrame;
  tenants: Array<{ ags: string; name: string }>;
  drafts: Awaited<ReturnType<EditorService['drafts']>>;
}) {
  const p = frame.principal!;
  return (
    <Layout frame={frame} title="Redaktion">
      <p class="kern-body">
        Angemeldet als {p.name ?? p.label}:{' '}
        {p.grants.map((g) => `${ROLE_LABELS[g.role]}${g.tenantAgs === '*' ? '' : ` (${g.tenantAgs})`}`).join(', ')}.
      </p>
      <h2 class="kern-heading-medium">Ihre Bereiche</h2>
      <ul class="kern-list">
        {tenants.map((t) => (
          <li>
            <a class="kern-link" href={`/editor/${t.ags}`}>
              {t.name} ({t.ags})
            </a>
          </li>
        ))}
        {isAdmin(p) && (
          <li>
            <a class="kern-link" href="/editor/struktur">
              Lebenslagen (Katalogstruktur)
            </a>
          </li>
        )}
      </ul>
      <h2 class="kern-heading-medium">Offene Entwürfe</h2>
      {drafts.length === 0 ? (
        <p class="kern-body">Keine.</p>
      ) : (
        <ul class="kern-list">
          {drafts.map((d) => (
            <li>
              <a class="kern-link" href={editPath(d.entityType as EntityType, d.tenantAgs, d.entityId)}>
                {ENTITY_LABELS[d.entityType as EntityType]} {d.entityId}
              </a>{' '}
              – {d.updatedBy}, {formatBerlin(d.updatedAt, 'medium')}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
