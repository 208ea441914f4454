// A record's history: every revision with its changes, and restoring an earlier state.
import { formatBerlin } from '../../../shared/berlin-time.ts';
import { Button, Hidden } from '../../../web/ui/workspace-fields.tsx';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { DiffTable } from '../editor.components.tsx';
import { editPath } from '../editor.paths.ts';
import type { RecordView, Revision } from '../editor.service.ts';
import type { EditPageData } from './edit-page.tsx';

export const ACTION_LABELS: Record<string, string> = {
  baseline: 'Stand vor der ersten Bearbeitung (Import)',
  // Every import (bundle, XZuFi, PVOG, register data) writes its revisions with this action (catalog.write).
  import: 'Importiert',
  publish: 'Veröffentlicht',
  restore: 'Wiederhergestellt',
  unpublish: 'Entfernt',
};

export function HistoryPage({
  frame,
  view,
  revisions,
  notice,
}: {
  frame: PageFrame;
  view: RecordView;
  revisions: Revision[];
  notice: EditPageData['notice'];
}) {
  const path = editPath(view.type, view.tenantAgs, view.id);
  return (
    <Layout
      frame={frame}
      title={`Verlauf: ${view.id}`}
      notice={notice}
      crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Bearbeiten', href: path }, { label: 'Verlauf' }]}
    >
      {revisions.length === 0 && <p class="kern-body">Noch keine Änderungen über die Redaktion.</p>}
      <ol class="ed-history">
        {revisions.map((r, i) => (
          <li class="ed-fieldset">
            <h2 class="kern-heading-small">
              {ACTION_LABELS[r.action] ?? r.action}: Version {r.version}, {formatBerlin(r.at, 'medium')}, {r.actor}
            </h2>
            {r.action !== 'baseline' && <DiffTable diffs={r.changes} caption={`Änderungen in Version ${r.version}`} />}
            {r.doc && i > 0 && (
              <form method="post" action={`${path}/restore`}>
                <Hidden name="_csrf" value={frame.csrf ?? ''} />
                <Hidden name="revision" value={r.id} />
                <Hidden name="version" value={view.published?.version ?? ''} />
                <Button kind="secondary">Diesen Stand (Version {r.version}) wiederherstellen</Button>
              </form>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
