// The catalog's structure (Lebenslagen), for admins.
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { NEW, STRUCTURE } from '../editor.paths.ts';
import type { EditorService } from '../editor.service.ts';

export function StructurePage({
  frame,
  lebenslagen,
}: {
  frame: PageFrame;
  lebenslagen: Awaited<ReturnType<EditorService['lebenslagen']>>;
}) {
  return (
    <Layout
      frame={frame}
      title="Lebenslagen"
      crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Lebenslagen' }]}
    >
      <p class="kern-body">
        <a class="kern-link" href={`/editor/${STRUCTURE}/lebenslagen/${NEW}`}>
          Neue Lebenslage anlegen
        </a>
      </p>
      <ul class="kern-list">
        {lebenslagen.map((l) => (
          <li>
            <a class="kern-link" href={`/editor/${STRUCTURE}/lebenslagen/${l.id}`}>
              {l.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
