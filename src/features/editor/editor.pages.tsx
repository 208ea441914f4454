// The editors' pages. Stable URLs (other tools link here, see docs/editor.md):
//   /editor/<tenantAgs>                               the workspace of a tenant
//   /editor/<tenantAgs>/services/<serviceId>          edit a service (own) or the town's settings for it (county's)
//   /editor/<tenantAgs>/authorities/<id>, /contacts/<id>, …/neu for a new record
//   …/preview, …/history                             preview of the public page, history with diff and restore
//   /editor/struktur/lebenslagen/<id>                 Lebenslagen (admins)
// Every POST needs a session and its CSRF token; every record is checked against its real owner.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import { requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError, type EntityType, isAdmin, ROLE_LABELS, tenantKind } from '../auth/auth.ts';
import {
  Button,
  DiffTable,
  type FieldError,
  formatTime,
  frameFor,
  Hidden,
  Layout,
  type PageFrame,
  sendPage,
  Text,
  TextField,
} from './editor.components.tsx';
import {
  AreaServiceFields,
  AuthorityFields,
  berlinLocalToDate,
  ContactFields,
  formToRaw,
  hoursPreview,
  LebenslageFields,
  ServiceFields,
} from './editor.forms.tsx';
import type { EditorService, RecordView, Revision } from './editor.service.ts';
import {
  type AnyDoc,
  type AreaServiceDoc,
  type AuthorityDoc,
  areaServiceKey,
  type ContactDoc,
  docIssues,
  EditConflictError,
  EditorNotFoundError,
  ENTITY_LABELS,
  type LebenslageDoc,
  normalizeDoc,
  type ServiceDoc,
  STRUCTURE_TENANT,
} from './editor.ts';

export interface EditorPagesOptions {
  auth: AuthService;
  editor: EditorService;
  editorCss: string;
}

const KIND_SEGMENTS = ['services', 'authorities', 'contacts', 'lebenslagen'] as const;
type KindSegment = (typeof KIND_SEGMENTS)[number];
const STRUCTURE = 'struktur';
const NEW = 'neu';

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const intOrNull = (v: string | string[] | undefined) => {
  const s = one(v);
  return s && /^\d+$/.test(s) ? Number(s) : null;
};

/** `struktur` in URLs is the marker tenant of structure records (Lebenslagen). */
const tenantOfUrl = (t: string) => (t === STRUCTURE ? STRUCTURE_TENANT : t);
const tenantInUrl = (t: string) => (t === STRUCTURE_TENANT ? STRUCTURE : t);

export function editPath(type: EntityType, tenant: string, id: string): string {
  if (type === 'area_service') return `/editor/${tenant}/services/${id.split(':')[1]}`;
  const seg =
    type === 'service'
      ? 'services'
      : type === 'authority'
        ? 'authorities'
        : type === 'contact'
          ? 'contacts'
          : 'lebenslagen';
  return `/editor/${tenantInUrl(tenant)}/${seg}/${id}`;
}

function emptyDoc(type: EntityType): AnyDoc {
  return normalizeDoc(type, type === 'service' ? { defaultLevel: 'gemeinde' } : {});
}

// ---- pages ---------------------------------------------------------------------------------------------------------

function StatusPanel({ view, csrf, path }: { view: RecordView; csrf: string; path: string }) {
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
            ? `Veröffentlicht: Version ${pub.version}, Stand ${formatTime(pub.updatedAt)}`
            : 'Noch nicht veröffentlicht.'}
        </li>
        {draft && (
          <li>
            <span class="ed-badge ed-badge--draft">Entwurf</span> von {draft.updatedBy ?? '?'}, gespeichert{' '}
            {formatTime(draft.updatedAt)}
            {draft.baseVersion !== null && pub && draft.baseVersion !== pub.version
              ? ` – beruht auf Version ${draft.baseVersion}, inzwischen gibt es Version ${pub.version}!`
              : ''}
          </li>
        )}
        {view.schedules.map((s) => (
          <li>
            Geplant: {s.action === 'publish' ? 'Veröffentlichen' : 'Entfernen'} am {formatTime(s.runAt)} (von{' '}
            {s.createdBy ?? '?'}){' '}
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

function ScheduleForms({ view, csrf, path }: { view: RecordView; csrf: string; path: string }) {
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
          <form method="post" action={`${path}/unpublish`}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="version" value={view.published.version} />
            <div class="ed-actions">
              <Button kind="secondary">
                {view.type === 'area_service'
                  ? 'Eigene Angaben entfernen (Katalogstand zeigen)'
                  : 'Jetzt aus dem öffentlichen Katalog entfernen'}
              </Button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

interface EditPageData {
  frame: PageFrame;
  view: RecordView;
  doc: AnyDoc;
  errors: FieldError[];
  notice: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string } | null;
  form: Form | null;
  isNew: boolean;
  newId: string;
  tenantName: string;
  lebenslagen: Array<{ id: string; name: string }>;
  areaKinds: Array<{ code: string; name: string }>;
  authorities: Array<{ id: string; name: string }>;
  tasks: string[];
  catalog: ServiceDoc | null;
  diff: ReturnType<EditorService['diffDraft']>;
}

function EditPage(d: EditPageData) {
  const { view } = d;
  const tenantUrl = tenantInUrl(view.tenantAgs);
  const path = d.isNew
    ? `/editor/${tenantUrl}/${segmentOf(view.type)}/${NEW}`
    : editPath(view.type, view.tenantAgs, view.id);
  const csrf = d.frame.csrf ?? '';
  const name = 'name' in d.doc && d.doc.name ? d.doc.name : (d.catalog?.name ?? view.id);
  const title = d.isNew ? `${ENTITY_LABELS[view.type]} anlegen` : `${ENTITY_LABELS[view.type]}: ${name}`;
  const preview = view.type === 'authority' ? hoursPreview((d.doc as AuthorityDoc).openingHours, view.tenantAgs) : null;
  return (
    <Layout
      frame={d.frame}
      title={title}
      errors={d.errors}
      notice={d.notice}
      crumbs={[
        { label: 'Übersicht', href: '/editor' },
        { label: d.tenantName, href: `/editor/${tenantUrl}` },
        { label: d.isNew ? 'Neu' : String(name) },
      ]}
    >
      {view.type === 'area_service' && d.catalog && (
        <section class="ed-fieldset" aria-labelledby="katalog">
          <h2 class="kern-heading-medium" id="katalog">
            Aus dem Katalog des Kreises
          </h2>
          <p class="kern-body">{d.catalog.teaser ?? ''}</p>
          <p class="kern-body">
            Den Katalogtext pflegt die Redaktion des Kreises. Hier legen Sie fest, wie Ihre Stadt oder Gemeinde mit der
            Leistung umgeht.
          </p>
        </section>
      )}
      {!d.isNew && <StatusPanel view={view} csrf={csrf} path={path} />}
      {d.diff.length > 0 && (
        <details class="ed-fieldset">
          <summary>Änderungen des Entwurfs gegenüber der veröffentlichten Fassung ({d.diff.length})</summary>
          <DiffTable diffs={d.diff} caption="Änderungen des Entwurfs" />
        </details>
      )}
      <form method="post" action={path} novalidate>
        <Hidden name="_csrf" value={csrf} />
        <Hidden
          name="baseVersion"
          value={d.form ? one(d.form.baseVersion) : (view.draft?.baseVersion ?? view.published?.version ?? null)}
        />
        <Hidden name="draftVersion" value={d.form ? one(d.form.draftVersion) : (view.draft?.version ?? 0)} />
        {d.isNew && view.type !== 'area_service' && (
          <TextField
            name="id"
            label="Kennung"
            hint="Kleinbuchstaben, Ziffern und Bindestriche; bleibt dauerhaft (Adressen hängen daran), z. B. sperrmuell-anmelden."
            value={d.newId}
            errors={d.errors}
            required
            width="medium"
          />
        )}
        {view.type === 'service' && (
          <ServiceFields
            doc={d.doc as ServiceDoc}
            errors={d.errors}
            lebenslagen={d.lebenslagen}
            areaKinds={d.areaKinds}
          />
        )}
        {view.type === 'area_service' && (
          <AreaServiceFields doc={d.doc as AreaServiceDoc} errors={d.errors} catalog={d.catalog} />
        )}
        {view.type === 'authority' && preview && (
          <AuthorityFields
            doc={d.doc as AuthorityDoc}
            errors={d.errors}
            form={d.form}
            preview={preview}
            tasks={d.tasks}
          />
        )}
        {view.type === 'contact' && (
          <ContactFields doc={d.doc as ContactDoc} errors={d.errors} authorities={d.authorities} />
        )}
        {view.type === 'lebenslage' && <LebenslageFields doc={d.doc as LebenslageDoc} errors={d.errors} />}
        <div class="ed-actions">
          <Button name="intent" value="save" kind="secondary">
            Als Entwurf speichern
          </Button>
          <Button name="intent" value="publish">
            Veröffentlichen
          </Button>
        </div>
      </form>
      {!d.isNew && <ScheduleForms view={view} csrf={csrf} path={path} />}
    </Layout>
  );
}

function segmentOf(type: EntityType): KindSegment {
  return type === 'service' || type === 'area_service'
    ? 'services'
    : type === 'authority'
      ? 'authorities'
      : type === 'contact'
        ? 'contacts'
        : 'lebenslagen';
}

function PreviewPage({
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

const ACTION_LABELS: Record<string, string> = {
  baseline: 'Stand vor der ersten Bearbeitung (Import)',
  publish: 'Veröffentlicht',
  restore: 'Wiederhergestellt',
  unpublish: 'Entfernt',
};

function HistoryPage({
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
              {ACTION_LABELS[r.action] ?? r.action}: Version {r.version}, {formatTime(r.at)}, {r.actor}
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

function Dashboard({
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
              – {d.updatedBy}, {formatTime(d.updatedAt)}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function TenantPage({ frame, ws }: { frame: PageFrame; ws: Awaited<ReturnType<EditorService['workspace']>> }) {
  const t = ws.area.ags;
  const own = ws.services.filter((s) => s.tenantAgs === t);
  const above = ws.services.filter((s) => s.tenantAgs !== t);
  const drafted = new Set(ws.drafts.map((d) => `${d.entityType}:${d.entityId}`));
  return (
    <Layout
      frame={frame}
      title={`Redaktion ${ws.area.name}`}
      crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: ws.area.name }]}
    >
      {ws.drafts.length > 0 && (
        <section aria-labelledby="entwuerfe">
          <h2 class="kern-heading-medium" id="entwuerfe">
            Entwürfe ({ws.drafts.length})
          </h2>
          <ul class="kern-list">
            {ws.drafts.map((d) => (
              <li>
                <a class="kern-link" href={editPath(d.entityType as EntityType, d.tenantAgs, d.entityId)}>
                  {ENTITY_LABELS[d.entityType as EntityType]} {d.entityId}
                </a>{' '}
                – {d.updatedBy}, {formatTime(d.updatedAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {ws.schedules.length > 0 && (
        <section aria-labelledby="geplant">
          <h2 class="kern-heading-medium" id="geplant">
            Geplant
          </h2>
          <ul class="kern-list">
            {ws.schedules.map((s) => (
              <li>
                <a class="kern-link" href={editPath(s.entityType as EntityType, s.tenantAgs, s.entityId)}>
                  {s.entityId}
                </a>
                : {s.action === 'publish' ? 'veröffentlichen' : 'entfernen'} am {formatTime(s.runAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="leistungen">
        <h2 class="kern-heading-medium" id="leistungen">
          Eigene Leistungen ({own.length})
        </h2>
        <p class="kern-body">
          <a class="kern-link" href={`/editor/${t}/services/${NEW}`}>
            Neue Leistung anlegen
          </a>
        </p>
        <ServiceTable tenant={t} items={own} drafted={drafted} town={false} />
      </section>
      {above.length > 0 && (
        <section aria-labelledby="katalog">
          <h2 class="kern-heading-medium" id="katalog">
            Leistungen des Kreises in Ihrer Liste ({above.length})
          </h2>
          <p class="kern-body">
            Übernehmen, als „hier nicht angeboten“ kennzeichnen oder um eigene Texte, Kosten, Unterlagen und
            Onlinedienste ergänzen.
          </p>
          <ServiceTable tenant={t} items={above} drafted={drafted} town />
        </section>
      )}
      <section aria-labelledby="einheiten">
        <h2 class="kern-heading-medium" id="einheiten">
          Organisationseinheiten ({ws.authorities.length})
        </h2>
        <p class="kern-body">
          <a class="kern-link" href={`/editor/${t}/authorities/${NEW}`}>
            Neue Einheit anlegen
          </a>
        </p>
        <ul class="kern-list">
          {ws.authorities.map((a) => (
            <li>
              <a class="kern-link" href={`/editor/${t}/authorities/${a.id}`}>
                {a.name}
              </a>
              {drafted.has(`authority:${a.id}`) && <span class="ed-badge ed-badge--draft"> Entwurf</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="personen">
        <h2 class="kern-heading-medium" id="personen">
          Ansprechpersonen ({ws.contacts.length})
        </h2>
        <p class="kern-body">
          <a class="kern-link" href={`/editor/${t}/contacts/${NEW}`}>
            Neue Ansprechperson anlegen
          </a>
        </p>
        <ul class="kern-list">
          {ws.contacts.map((c) => (
            <li>
              <a class="kern-link" href={`/editor/${t}/contacts/${c.id}`}>
                {c.name ?? c.role ?? c.id}
              </a>{' '}
              ({c.authorityName})
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

function ServiceTable({
  tenant,
  items,
  drafted,
  town,
}: {
  tenant: string;
  items: Awaited<ReturnType<EditorService['workspace']>>['services'];
  drafted: Set<string>;
  town: boolean;
}) {
  return (
    <table class="kern-table ed-table">
      <caption class="ed-sr-only">{town ? 'Leistungen des Kreises' : 'Eigene Leistungen'}</caption>
      <thead>
        <tr>
          <th scope="col">Leistung</th>
          <th scope="col">Stand</th>
          {town && <th scope="col">Vor Ort</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr>
            <td>
              <a class="kern-link" href={`/editor/${tenant}/services/${s.id}`}>
                {s.name}
              </a>
              {(drafted.has(`service:${s.id}`) || drafted.has(`area_service:${areaServiceKey(tenant, s.id)}`)) && (
                <span class="ed-badge ed-badge--draft"> Entwurf</span>
              )}
            </td>
            <td>{formatTime(s.updatedAt)}</td>
            {town && (
              <td>
                {s.offered === false ? (
                  <span class="ed-badge ed-badge--off">nicht angeboten</span>
                ) : s.offered === true ? (
                  s.hasLocal ? (
                    'angeboten, mit eigenen Angaben'
                  ) : (
                    'angeboten'
                  )
                ) : (
                  'Katalogstand'
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StructurePage({
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

// ---- routes -------------------------------------------------------------------------------------------------------

export async function editorPages(app: FastifyInstance, opts: EditorPagesOptions): Promise<void> {
  const { auth, editor } = opts;
  const frame = (request: FastifyRequest) => frameFor(request, opts.editorCss);
  const signedIn = (request: FastifyRequest) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    return request.principal;
  };

  /** The record a URL names: kind, tenant (as stored) and entity id. Throws 403 for another tenant's record. */
  async function target(request: FastifyRequest, params: { tenant: string; kind: string; id: string }) {
    const tenant = tenantOfUrl(params.tenant);
    const seg = params.kind as KindSegment;
    if (!KIND_SEGMENTS.includes(seg)) throw new EditorNotFoundError('Unbekannte Art von Eintrag.');
    if ((seg === 'lebenslagen') !== (tenant === STRUCTURE_TENANT))
      throw new EditorNotFoundError('Lebenslagen liegen unter /editor/struktur/lebenslagen.');
    if (tenant !== STRUCTURE_TENANT && tenantKind(tenant) === 'other')
      throw new EditorNotFoundError('Unbekanntes Gebiet.');
    if (seg === 'services') return { tenant, ...(await editor.serviceKind(request.principal, tenant, params.id)) };
    const type: EntityType = seg === 'authorities' ? 'authority' : seg === 'contacts' ? 'contact' : 'lebenslage';
    return { tenant, type, id: params.id };
  }

  async function tenantName(tenant: string) {
    if (tenant === STRUCTURE_TENANT) return 'Katalogstruktur';
    return (await editor.area(tenant))?.name ?? tenant;
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    view: RecordView,
    options: {
      doc?: AnyDoc;
      errors?: FieldError[];
      notice?: EditPageData['notice'];
      form?: Form | null;
      isNew?: boolean;
      newId?: string;
      status?: number;
    },
  ) {
    const catalog =
      view.type === 'area_service' ? ((await editor.catalogService(view.id.split(':')[1] ?? ''))?.doc ?? null) : null;
    const doc = options.doc ?? view.draft?.doc ?? view.published?.doc ?? emptyDoc(view.type);
    return sendPage(
      reply,
      <EditPage
        frame={frame(request)}
        view={view}
        doc={doc}
        errors={options.errors ?? []}
        notice={options.notice ?? null}
        form={options.form ?? null}
        isNew={options.isNew ?? false}
        newId={options.newId ?? ''}
        tenantName={await tenantName(view.tenantAgs)}
        lebenslagen={view.type === 'service' ? await editor.lebenslagen() : []}
        areaKinds={view.type === 'service' ? await editor.areaKinds() : []}
        authorities={view.type === 'contact' ? await editor.authoritiesOf(view.tenantAgs) : []}
        tasks={view.type === 'authority' ? await editor.tasks() : []}
        catalog={catalog}
        diff={options.doc ? [] : editor.diffDraft(view)}
      />,
      options.status ?? 200,
    );
  }

  const NOTICES: Record<string, string> = {
    saved: 'Entwurf gespeichert. Er ist noch nicht öffentlich.',
    published: 'Veröffentlicht. Die Änderung ist jetzt öffentlich sichtbar.',
    discarded: 'Entwurf verworfen.',
    scheduled: 'Geplant.',
    unscheduled: 'Planung aufgehoben.',
    unpublished: 'Aus dem öffentlichen Katalog entfernt. Im Verlauf kann der Eintrag wiederhergestellt werden.',
    restored: 'Wiederhergestellt und veröffentlicht.',
  };

  app.get('/editor', async (request, reply) => {
    const p = signedIn(request);
    return sendPage(
      reply,
      <Dashboard frame={frame(request)} tenants={await editor.tenantsFor(p)} drafts={await editor.drafts(p)} />,
    );
  });

  app.get(EDITOR_CSS_ROUTE, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type('text/css; charset=utf-8')
      .send(editorCss()),
  );

  app.get('/editor/struktur', async (request, reply) => {
    const p = signedIn(request);
    if (!isAdmin(p)) throw new ForbiddenError('Nur für die Administration.');
    return sendPage(reply, <StructurePage frame={frame(request)} lebenslagen={await editor.lebenslagen()} />);
  });

  app.get<{ Params: { tenant: string } }>('/editor/:tenant', async (request, reply) => {
    signedIn(request);
    if (!/^\d{5}$|^\d{8}$/.test(request.params.tenant)) throw new EditorNotFoundError('Unbekannter Bereich.');
    return sendPage(
      reply,
      <TenantPage frame={frame(request)} ws={await editor.workspace(request.principal, request.params.tenant)} />,
    );
  });

  type P = { tenant: string; kind: string; id: string };

  app.get<{ Params: P; Querystring: { ok?: string } }>('/editor/:tenant/:kind/:id', async (request, reply) => {
    signedIn(request);
    if (request.params.id === NEW) {
      const t = await target(request, { ...request.params, id: '__new__' });
      if (t.type === 'area_service')
        throw new EditorNotFoundError('Einstellungen gibt es nur zu vorhandenen Leistungen.');
      const view = {
        type: t.type,
        tenantAgs: t.tenant,
        id: '',
        published: null,
        draft: null,
        schedules: [],
      } as RecordView;
      // Authorisation for creating in this tenant: checked like any record without an owner.
      await editor.check(request.principal, t.type, t.tenant, '__new__', {}).catch((e) => {
        if (!(e instanceof ValidationError)) throw e;
      });
      return renderEdit(request, reply, view, { isNew: true });
    }
    const t = await target(request, request.params);
    const view = await editor.get(request.principal, t.type, t.tenant, t.id);
    if (!view.published && !view.draft && t.type !== 'area_service')
      throw new EditorNotFoundError('Diesen Eintrag gibt es nicht.');
    const ok = request.query.ok;
    return renderEdit(request, reply, view, {
      notice: ok && NOTICES[ok] ? { kind: 'success', text: NOTICES[ok]! } : null,
    });
  });

  app.post<{ Params: P; Body: Form }>('/editor/:tenant/:kind/:id', async (request, reply) => {
    requireFormSession(auth, request);
    const form = request.body ?? {};
    const isNew = request.params.id === NEW;
    const newId = isNew ? (one(form.id) ?? '').trim() : '';
    const t = await target(request, { ...request.params, id: isNew ? newId || '__new__' : request.params.id });
    if (isNew && t.type === 'area_service')
      throw new EditorNotFoundError('Einstellungen gibt es nur zu vorhandenen Leistungen.');
    const view = await editor.get(request.principal, t.type, t.tenant, t.id);
    const current = (view.draft?.doc ?? view.published?.doc ?? null) as Record<string, unknown> | null;
    const { raw, issues } = formToRaw(t.type, form, current);
    const kept = normalizeDoc(t.type, raw);
    const intent = one(form.intent) ?? 'save';
    const opts = {
      draftVersion: intOrNull(form.draftVersion) ?? 0,
      baseVersion: intOrNull(form.baseVersion),
      ip: request.ip,
    };
    const shownView = isNew ? ({ ...view, id: '' } as RecordView) : view;
    try {
      if (issues.length)
        throw new ValidationError('Bitte die Eingaben prüfen.', [
          ...docIssues(t.type, kept).filter((i) => i.field !== 'openingHours'),
          ...issues,
        ]);
      if (intent === 'check') {
        await editor.check(request.principal, t.type, t.tenant, t.id, raw);
        return renderEdit(request, reply, shownView, {
          doc: kept,
          form,
          isNew,
          newId,
          notice: { kind: 'info', text: 'Eingaben geprüft – noch nicht gespeichert.' },
        });
      }
      if (intent === 'publish') await editor.saveAndPublish(request.principal, t.type, t.tenant, t.id, raw, opts);
      else await editor.saveDraft(request.principal, t.type, t.tenant, t.id, raw, opts);
      return reply.redirect(
        `${editPath(t.type, t.tenant, t.id)}?ok=${intent === 'publish' ? 'published' : 'saved'}`,
        303,
      );
    } catch (error) {
      if (error instanceof ValidationError) {
        const errors = error.issues.map((i) => ({ field: i.field, message: i.message }));
        return renderEdit(request, reply, shownView, { doc: kept, form, errors, isNew, newId, status: 400 });
      }
      if (error instanceof EditConflictError) {
        const fresh = await editor.get(request.principal, t.type, t.tenant, t.id);
        return renderEdit(request, reply, isNew ? shownView : fresh, {
          doc: kept,
          form: null,
          notice: { kind: 'danger', text: error.message },
          isNew,
          newId,
          status: 409,
        });
      }
      throw error;
    }
  });

  app.get<{ Params: P }>('/editor/:tenant/:kind/:id/preview', async (request, reply) => {
    signedIn(request);
    const t = await target(request, request.params);
    const view = await editor.get(request.principal, t.type, t.tenant, t.id);
    const doc = view.draft?.doc ?? view.published?.doc ?? null;
    const catalog =
      t.type === 'area_service' ? ((await editor.catalogService(t.id.split(':')[1] ?? ''))?.doc ?? null) : null;
    const areaDoc = t.type === 'area_service' && !doc ? normalizeDoc('area_service', {}) : doc;
    return sendPage(
      reply,
      <PreviewPage
        frame={frame(request)}
        view={view}
        doc={areaDoc}
        catalog={catalog}
        tenantName={await tenantName(t.tenant)}
      />,
    );
  });

  app.get<{ Params: P; Querystring: { ok?: string } }>('/editor/:tenant/:kind/:id/history', async (request, reply) => {
    signedIn(request);
    const t = await target(request, request.params);
    const { view, revisions } = await editor.history(request.principal, t.type, t.tenant, t.id);
    const ok = request.query.ok;
    return sendPage(
      reply,
      <HistoryPage
        frame={frame(request)}
        view={view}
        revisions={revisions}
        notice={ok && NOTICES[ok] ? { kind: 'success', text: NOTICES[ok]! } : null}
      />,
    );
  });

  /** The small state changes of a record; each answers with a redirect back (or a page explaining the conflict). */
  const act = (
    suffix: string,
    run: (
      request: FastifyRequest<{ Params: P; Body: Form }>,
      t: { tenant: string; type: EntityType; id: string },
      form: Form,
    ) => Promise<string>,
  ) =>
    app.post<{ Params: P; Body: Form }>(`/editor/:tenant/:kind/:id/${suffix}`, async (request, reply) => {
      requireFormSession(auth, request);
      const t = await target(request, request.params);
      const form = request.body ?? {};
      try {
        const ok = await run(request, t, form);
        return reply.redirect(
          `${editPath(t.type, t.tenant, t.id)}${suffix === 'restore' ? '/history' : ''}?ok=${ok}`,
          303,
        );
      } catch (error) {
        if (
          error instanceof EditConflictError ||
          error instanceof ValidationError ||
          error instanceof EditorNotFoundError
        ) {
          const view = await editor.get(request.principal, t.type, t.tenant, t.id);
          const errors =
            error instanceof ValidationError ? error.issues.map((i) => ({ field: i.field, message: i.message })) : [];
          return renderEdit(request, reply, view, {
            errors,
            notice: errors.length ? null : { kind: 'danger', text: error.message },
            status: error.status,
          });
        }
        throw error;
      }
    });

  act('discard', async (request, t, form) => {
    await editor.discardDraft(request.principal, t.type, t.tenant, t.id, {
      draftVersion: intOrNull(form.draftVersion),
      ip: request.ip,
    });
    return 'discarded';
  });
  act('schedule', async (request, t, form) => {
    const action = one(form.action) === 'unpublish' ? 'unpublish' : 'publish';
    const at = berlinLocalToDate(one(form.runAt) ?? '');
    await editor.schedule(
      request.principal,
      t.type,
      t.tenant,
      t.id,
      action,
      Number.isNaN(at.getTime()) ? '' : at.toISOString(),
      { ip: request.ip },
    );
    return 'scheduled';
  });
  act('unschedule', async (request, t, form) => {
    await editor.cancelSchedule(
      request.principal,
      t.type,
      t.tenant,
      t.id,
      one(form.action) === 'unpublish' ? 'unpublish' : 'publish',
      { ip: request.ip },
    );
    return 'unscheduled';
  });
  act('unpublish', async (request, t, form) => {
    await editor.unpublish(request.principal, t.type, t.tenant, t.id, {
      version: intOrNull(form.version) ?? -1,
      ip: request.ip,
    });
    return 'unpublished';
  });
  act('restore', async (request, t, form) => {
    await editor.restore(request.principal, t.type, t.tenant, t.id, one(form.revision) ?? '', {
      version: intOrNull(form.version),
      ip: request.ip,
    });
    return 'restored';
  });
}

// ---- the stylesheet -------------------------------------------------------------------------------------------------

export const EDITOR_CSS_ROUTE = '/editor/assets/editor.css';
let css: string | undefined;
export function editorCss(): string {
  css ??= readFileSync(new URL('./assets/editor.css', import.meta.url), 'utf8');
  return css;
}
export function editorCssUrl(): string {
  return `${EDITOR_CSS_ROUTE}?v=${createHash('sha256').update(editorCss()).digest('base64url').slice(0, 10)}`;
}
