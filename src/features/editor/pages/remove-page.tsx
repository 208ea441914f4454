// The confirmation before a record leaves the public catalog: what it touches (towns with their own settings, contact
// links, assignments), and that all of it is kept and comes back with a restore from the history.
import { Button, Hidden } from '../../../web/ui/workspace-fields.tsx';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { editPath, tenantInUrl } from '../editor.paths.ts';
import type { EditorService } from '../editor.service.ts';
import { ENTITY_LABELS } from '../editor.ts';

export type RemovalImpact = Awaited<ReturnType<EditorService['removalImpact']>>;

const towns = (n: number) => (n === 1 ? '1 Stadt oder Gemeinde hat' : `${n} Städte und Gemeinden haben`);

export function RemovePage({
  frame,
  impact,
  tenantName,
}: {
  frame: PageFrame;
  impact: RemovalImpact;
  tenantName: string;
}) {
  const { view } = impact;
  const path = editPath(view.type, view.tenantAgs, view.id);
  const doc = view.published?.doc;
  const name = doc && 'name' in doc && doc.name ? doc.name : view.id;
  const isSetting = view.type === 'area_service';
  const title = isSetting
    ? `Eigene Angaben entfernen: ${name}`
    : `${ENTITY_LABELS[view.type]} „${name}“ aus dem öffentlichen Katalog entfernen?`;
  const affected = [
    impact.settingsBy.length > 0 &&
      `${towns(impact.settingsBy.length)} eigene Angaben zu dieser Leistung: ${impact.settingsBy.map((t) => t.name).join(', ')}.`,
    impact.alternativeBy.length > 0 &&
      `${towns(impact.alternativeBy.length)} sie als Alternative genannt: ${impact.alternativeBy.map((t) => t.name).join(', ')}.`,
    impact.contactLinks > 0 &&
      `${impact.contactLinks === 1 ? '1 Ansprechperson ist' : `${impact.contactLinks} Ansprechpersonen sind`} mit ihr verknüpft.`,
    impact.assignments > 0 &&
      `${impact.assignments === 1 ? '1 Zuständigkeit einer Einheit verweist' : `${impact.assignments} Zuständigkeiten von Einheiten verweisen`} auf sie.`,
  ].filter((x): x is string => typeof x === 'string');
  return (
    <Layout
      frame={frame}
      title={title}
      errors={[]}
      notice={null}
      crumbs={[
        { label: 'Übersicht', href: '/editor' },
        { label: tenantName, href: `/editor/${tenantInUrl(view.tenantAgs)}` },
        { label: String(name), href: path },
        { label: 'Entfernen' },
      ]}
    >
      {!view.published ? (
        <p class="kern-body">Dieser Eintrag ist nicht veröffentlicht.</p>
      ) : (
        <>
          <section class="ed-fieldset" aria-labelledby="betroffen">
            <h2 class="kern-heading-medium" id="betroffen">
              Was betroffen ist
            </h2>
            {affected.length ? (
              <ul class="kern-list">
                {affected.map((a) => (
                  <li>{a}</li>
                ))}
              </ul>
            ) : (
              <p class="kern-body">Keine anderen Einträge verweisen darauf.</p>
            )}
            <p class="kern-body">
              {isSetting
                ? 'Danach zeigt das Portal für Ihre Stadt oder Gemeinde wieder den Stand des Katalogs.'
                : 'Der Eintrag verschwindet aus dem Portal, der Suche und den Exporten. Gelöscht wird nichts: der Eintrag und alles, was daran hängt, bleiben erhalten und kommen mit „Wiederherstellen“ im Verlauf zurück.'}
            </p>
          </section>
          <form method="post" action={`${path}/unpublish`}>
            <Hidden name="_csrf" value={frame.csrf ?? ''} />
            <Hidden name="version" value={view.published.version} />
            <Hidden name="confirm" value="ja" />
            <div class="ed-actions">
              <Button>{isSetting ? 'Eigene Angaben jetzt entfernen' : 'Jetzt entfernen'}</Button>
              <a class="kern-link" href={path}>
                Abbrechen
              </a>
            </div>
          </form>
        </>
      )}
    </Layout>
  );
}
