// A record's status on its edit page: published and draft versions, publish/discard/unpublish, and schedules.
import { formatBerlin } from '../../../shared/berlin-time.ts';
import { Button, Hidden, TextField } from '../../../web/ui/workspace-fields.tsx';
import type { RecordView } from '../editor.service.ts';

export function StatusPanel({ view, csrf, path }: { view: RecordView; csrf: string; path: string }) {
  const pub = view.published;
  const draft = view.draft;
  return (
    <section aria-labelledby="status" class="ed-fieldset">
      <h2 class="kern-heading-medium" id="status">
        Status
      </h2>
      <ul class="kern-list">
        <li>
          {pub
            ? `Veröffentlicht: Version ${pub.version}, Stand ${formatBerlin(pub.updatedAt, 'medium')}`
            : 'Noch nicht veröffentlicht.'}
        </li>
        {draft && (
          <li>
            <span class="ed-badge ed-badge--draft">Entwurf</span> von {draft.updatedBy ?? '?'}, gespeichert{' '}
            {formatBerlin(draft.updatedAt, 'medium')}
            {draft.baseVersion !== null && pub && draft.baseVersion !== pub.version
              ? ` – beruht auf Version ${draft.baseVersion}, inzwischen gibt es Version ${pub.version}!`
              : ''}
          </li>
        )}
        {view.schedules.map((s) => (
          <li>
            Geplant: {s.action === 'publish' ? 'Veröffentlichen' : 'Entfernen'} am {formatBerlin(s.runAt, 'medium')}{' '}
            (von {s.createdBy ?? '?'}){' '}
            <form method="post" action={`${path}/unschedule`} class="ed-inline-form">
              <Hidden name="_csrf" value={csrf} />
              <Hidden name="action" value={s.action} />
              <Button kind="tertiary">Planung aufheben</Button>
            </form>
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={`${path}/preview`}>
          Vorschau der öffentlichen Seite
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`${path}/history`}>
          Verlauf und Wiederherstellen
        </a>
      </p>
    </section>
  );
}

export function ScheduleForms({ view, csrf, path }: { view: RecordView; csrf: string; path: string }) {
  return (
    <section aria-labelledby="planen" class="ed-fieldset">
      <h2 class="kern-heading-medium" id="planen">
        Planen und entfernen
      </h2>
      {view.draft && (
        <>
          <form method="post" action={`${path}/schedule`}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="action" value="publish" />
            <TextField
              name="runAt"
              label="Entwurf veröffentlichen am (Datum und Uhrzeit)"
              type="datetime-local"
              value=""
              width="medium"
              required
            />
            <div class="ed-actions">
              <Button kind="secondary">Veröffentlichung planen</Button>
            </div>
          </form>
          <form method="post" action={`${path}/discard`}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="draftVersion" value={view.draft.version} />
            <div class="ed-actions">
              <Button kind="secondary">Entwurf verwerfen</Button>
            </div>
          </form>
        </>
      )}
      {view.published && (
        <>
          <form method="post" action={`${path}/schedule`}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="action" value="unpublish" />
            <TextField
              name="runAt"
              label="Öffentlich bis (Datum und Uhrzeit)"
              hint="Danach wird der Eintrag entfernt; er bleibt im Verlauf und kann wiederhergestellt werden."
              type="datetime-local"
              value=""
              width="medium"
              required
            />
            <div class="ed-actions">
              <Button kind="secondary">Entfernen planen</Button>
            </div>
          </form>
          {/* Never one click: the confirmation page says what is affected first. */}
          <p class="ed-actions">
            <a class="kern-link" href={`${path}/unpublish`}>
              {view.type === 'area_service'
                ? 'Eigene Angaben entfernen (Katalogstand zeigen) …'
                : 'Aus dem öffentlichen Katalog entfernen …'}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
