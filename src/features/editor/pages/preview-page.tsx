// The preview of a record's public page, as the portal would show the draft.
import type { VNode } from 'preact';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { Text } from '../editor.components.tsx';
import { hoursPreview } from '../editor.forms.tsx';
import { editPath } from '../editor.paths.ts';
import type { RecordView } from '../editor.service.ts';
import type { AnyDoc, AreaServiceDoc, AuthorityDoc, ContactDoc, LebenslageDoc, ServiceDoc } from '../editor.ts';

export function PreviewPage({
  frame,
  view,
  doc,
  catalog,
  tenantName,
}: {
  frame: PageFrame;
  view: RecordView;
  doc: AnyDoc | null;
  catalog: ServiceDoc | null;
  tenantName: string;
}) {
  const path = editPath(view.type, view.tenantAgs, view.id);
  const source = view.draft ? 'Entwurf' : 'veröffentlichte Fassung';
  let body: VNode;
  if (!doc) body = <p class="kern-body">Es gibt weder einen Entwurf noch eine veröffentlichte Fassung.</p>;
  else if (view.type === 'service' || view.type === 'area_service') {
    const s = view.type === 'service' ? (doc as ServiceDoc) : catalog;
    const local = view.type === 'area_service' ? (doc as AreaServiceDoc) : null;
    body = s ? (
      <article class="ed-preview">
        <h2 class="kern-heading-large">{s.name}</h2>
        {local && !local.offered ? (
          <div class="kern-alert kern-alert--info" role="note">
            <div class="kern-alert__body">
              <p class="kern-body">
                <strong>In {tenantName} nicht angeboten.</strong> {local.reason ?? ''}
              </p>
              {local.alternativeUrl && (
                <p class="kern-body">
                  Stattdessen:{' '}
                  <a class="kern-link" href={local.alternativeUrl}>
                    {local.alternativeUrl}
                  </a>
                </p>
              )}
            </div>
          </div>
        ) : null}
        {s.teaser && <p class="kern-body kern-body--large">{s.teaser}</p>}
        <Text text={s.fullText} />
        {local?.localText && (
          <>
            <h3 class="kern-heading-small">Hinweise aus {tenantName}</h3>
            <Text text={local.localText} />
          </>
        )}
        {[...(local?.localOnlineServices ?? []), ...s.onlineServices].length > 0 && (
          <>
            <h3 class="kern-heading-small">Online erledigen</h3>
            <ul class="kern-list">
              {[...(local?.localOnlineServices ?? []), ...s.onlineServices].map((o) => (
                <li>
                  <a class="kern-link" href={o.url}>
                    {o.title}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {(local?.localDocuments ?? s.documents) && (
          <>
            <h3 class="kern-heading-small">Erforderliche Unterlagen</h3>
            <Text text={local?.localDocuments ?? s.documents} />
          </>
        )}
        {(local?.localFees ?? s.fees) && (
          <>
            <h3 class="kern-heading-small">Kosten</h3>
            <Text text={local?.localFees ?? s.fees} />
          </>
        )}
        {s.prerequisites && (
          <>
            <h3 class="kern-heading-small">Voraussetzungen</h3>
            <Text text={s.prerequisites} />
          </>
        )}
        {s.procedure && (
          <>
            <h3 class="kern-heading-small">Verfahrensablauf</h3>
            <Text text={s.procedure} />
          </>
        )}
        {s.deadlines && (
          <>
            <h3 class="kern-heading-small">Fristen</h3>
            <Text text={s.deadlines} />
          </>
        )}
        {s.legalBasis && (
          <>
            <h3 class="kern-heading-small">Rechtsgrundlagen</h3>
            <Text text={s.legalBasis} />
          </>
        )}
        <h3 class="kern-heading-small">Zuständigkeit</h3>
        <p class="kern-body">
          Regelfall: {s.defaultLevel}
          {s.defaultLegalBasis ? ` (${s.defaultLegalBasis})` : ''}. {s.defaultReason ?? ''}
        </p>
        {s.rules.length > 0 && (
          <ul class="kern-list">
            {s.rules.map((r) => (
              <li>
                {r.matchType === 'area' ? `Gebiet ${r.matchValue}` : `Gebietsart ${r.matchValue}`}: {r.level}
                {r.legalBasis ? ` (${r.legalBasis})` : ''} {r.reason ?? ''}
              </li>
            ))}
          </ul>
        )}
      </article>
    ) : (
      <p class="kern-body">Die Leistung ist nicht im Katalog.</p>
    );
  } else if (view.type === 'authority') {
    const a = doc as AuthorityDoc;
    const p = hoursPreview(a.openingHours, view.tenantAgs);
    body = (
      <article class="ed-preview">
        <h2 class="kern-heading-large">{a.name}</h2>
        <p class="kern-body ed-preline">
          {[a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join('\n')}
        </p>
        <ul class="kern-list">
          {a.phone && <li>Telefon: {a.phone}</li>}
          {a.email && <li>E-Mail: {a.email}</li>}
          {a.website && (
            <li>
              <a class="kern-link" href={a.website}>
                {a.website}
              </a>
            </li>
          )}
        </ul>
        {a.sample && <p class="kern-body">Beispieldaten: Telefon und E-Mail sind erfunden.</p>}
        <h3 class="kern-heading-small">Öffnungszeiten</h3>
        <p class="kern-body">{p.source ? (p.openNow ? 'Jetzt geöffnet' : 'Jetzt geschlossen') : 'Keine Angabe'}</p>
        {p.week.length > 0 && (
          <ul class="kern-list">
            {p.week.map((w) => (
              <li>
                {w.day}: {w.text}
              </li>
            ))}
          </ul>
        )}
        {a.openingHoursNote && <p class="kern-body">{a.openingHoursNote}</p>}
        {a.accessibility && <p class="kern-body">{a.accessibility}</p>}
      </article>
    );
  } else if (view.type === 'contact') {
    const c = doc as ContactDoc;
    body = (
      <article class="ed-preview">
        <h2 class="kern-heading-large">{c.name ?? c.role}</h2>
        {c.name && c.role && <p class="kern-body">{c.role}</p>}
        <ul class="kern-list">
          {c.phone && <li>Telefon: {c.phone}</li>}
          {c.email && <li>E-Mail: {c.email}</li>}
          {c.room && <li>Raum: {c.room}</li>}
        </ul>
      </article>
    );
  } else {
    const l = doc as LebenslageDoc;
    body = (
      <article class="ed-preview">
        <h2 class="kern-heading-large">{l.name}</h2>
        <Text text={l.description} />
      </article>
    );
  }
  return (
    <Layout
      frame={frame}
      title="Vorschau"
      crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Bearbeiten', href: path }, { label: 'Vorschau' }]}
    >
      <div class="ed-preview-banner" role="note">
        <p class="kern-body">
          <strong>Vorschau ({source}) – so erscheint der Eintrag nach dem Veröffentlichen.</strong>{' '}
          <a class="kern-link" href={path}>
            Zurück zum Bearbeiten
          </a>
        </p>
      </div>
      {body}
    </Layout>
  );
}

/** Above the portal's page in the preview: what this is, and the way back to the form. */
export function PreviewNotice({ path, draft }: { path: string; draft: boolean }) {
  return (
    // Not a heading: it stands above the page's h1, and the outline should stay the portal's.
    <div class="kern-alert kern-alert--info aw-section" role="note" aria-labelledby="vorschau-hinweis">
      <div class="kern-alert__header">
        <p class="kern-title" id="vorschau-hinweis">
          Vorschau – nicht öffentlich
        </p>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">
          So zeigt das Portal {draft ? 'den Entwurf, sobald er veröffentlicht ist' : 'die veröffentlichte Fassung'}.{' '}
          <a class="kern-link" href={path}>
            Zurück zum Bearbeiten
          </a>
        </p>
      </div>
    </div>
  );
}
