// The edit page of a record: its form (one kind per record type), status and schedules.

import { formatBerlin } from '../../../shared/berlin-time.ts';
import {
  Button,
  type WorkspaceFieldError as FieldError,
  Hidden,
  TextField,
} from '../../../web/ui/workspace-fields.tsx';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { fieldLabel, readableValue, type StaleMark, type Task } from '../../catalog/index.ts';
import { DiffTable } from '../editor.components.tsx';
import type { Conflict, Pick } from '../editor.conflicts.ts';
import { diffLines } from '../editor.diff.ts';
import {
  AreaServiceFields,
  AuthorityFields,
  ContactFields,
  hoursPreview,
  LebenslageFields,
  ServiceFields,
} from '../editor.forms.tsx';
import { editPath, type Form, NEW, one, segmentOf, tenantInUrl } from '../editor.paths.ts';
import type { EditorService, RecordView } from '../editor.service.ts';
import { InheritedRules } from '../editor.tasks.pages.tsx';
import {
  type AnyDoc,
  type AreaServiceDoc,
  type AuthorityDoc,
  type ContactDoc,
  ENTITY_LABELS,
  type LebenslageDoc,
  type ServiceDoc,
} from '../editor.ts';
import { ConflictPanel } from './conflict-panel.tsx';
import { ScheduleForms, StatusPanel } from './record-status.tsx';

export interface EditPageData {
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
  /** Suggestions for id fields: the services and areas of the tenant (datalists). */
  services?: ReadonlyArray<{ id: string; name: string }>;
  areas?: ReadonlyArray<{ ags: string; name: string }>;
  catalog: ServiceDoc | null;
  diff: ReturnType<EditorService['diffDraft']>;
  /** For a service that follows its task's rules: the task, shown read-only with where to change it. */
  inheritedTask?: { task: Task; editable: boolean } | null;
  /** A town's setting: the fields the owner changed since the town set its own value (decision 0140). */
  stale?: StaleMark[];
  /** The owner of the stale fields, as a sentence's subject: "der Bund", "das Land …", "der Kreis Soest". */
  staleOwner?: string;
  /** A save ran into someone else's change: theirs beside the form's input, a choice per differing field. */
  conflict?: { conflict: Conflict; picks: Readonly<Record<string, Pick>> } | null;
}

/**
 * The owner changed a field this town overrides: what changed (the owner's old → new value, as a diff), since when,
 * and the town's answers — change its own value in the form below, keep it ("Meine Angaben bleiben"), or take the new
 * version over ("Neue Fassung übernehmen": its own values for those fields go).
 */
function StalePanel({ marks, owner, path, csrf }: { marks: StaleMark[]; owner: string; path: string; csrf: string }) {
  const since = marks.map((m) => m.since).sort()[0] ?? '';
  // "der Bund" opens the sentence: "Der Bund hat geändert …"; the table's labels use the bare name in brackets.
  const subject = owner.charAt(0).toUpperCase() + owner.slice(1);
  return (
    <section class="ed-fieldset ed-stale" aria-labelledby="veraltet" data-testid="stale-panel">
      <h2 class="kern-heading-medium" id="veraltet">
        {subject} hat geändert, was Sie mit eigenen Angaben ersetzen
      </h2>
      <p class="kern-body">
        Seit {formatBerlin(since, 'medium')} weicht der Katalogtext ab von dem Stand, zu dem Ihre eigenen Angaben
        passten: {marks.map((m) => fieldLabel(m.field)).join(', ')}. Das Portal zeigt weiter Ihre Angaben, mit dem
        Hinweis, dass Ihre Stadt/Gemeinde sie prüft. Bitte passen Sie Ihre Angaben unten an oder bestätigen Sie sie.
      </p>
      <DiffTable
        caption={`Änderungen an Feldern mit eigenen Angaben (geändert von: ${ownerBare(owner)})`}
        diffs={marks.map((m) => ({
          field: m.field,
          label: `${fieldLabel(m.field)} (${ownerBare(owner)}, geändert am ${formatBerlin(m.since, 'medium')})`,
          lines: diffLines(
            readableValue(m.field, m.ownerOld).split('\n'),
            readableValue(m.field, m.ownerNew).split('\n'),
          ),
        }))}
      />
      <form method="post" action={`${path}/confirm`}>
        <Hidden name="_csrf" value={csrf} />
        <Button name="intent" value="confirm" kind="secondary">
          Meine Angaben bleiben
        </Button>
      </form>
      <form method="post" action={`${path}/take-over`}>
        <Hidden name="_csrf" value={csrf} />
        <Button name="intent" value="take-over" kind="secondary">
          Neue Fassung übernehmen (eigene Angaben zu diesen Feldern entfernen)
        </Button>
      </form>
    </section>
  );
}

/** "der Bund" → "Bund", "das Land Nordrhein-Westfalen" → "Land Nordrhein-Westfalen": the owner without article. */
const ownerBare = (owner: string) => owner.replace(/^(der|die|das) /, '');

export function EditPage(d: EditPageData) {
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
      {view.type === 'area_service' && d.stale && d.stale.length > 0 && (
        <StalePanel marks={d.stale} owner={d.staleOwner ?? 'der Katalog'} path={path} csrf={csrf} />
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
        {d.conflict && <ConflictPanel conflict={d.conflict.conflict} picks={d.conflict.picks} errors={d.errors} />}
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
        {view.type === 'service' && d.inheritedTask && (d.doc as ServiceDoc).inheritsResponsibility && (
          <InheritedRules task={d.inheritedTask.task} editable={d.inheritedTask.editable} />
        )}
        {view.type === 'service' && (
          <ServiceFields
            doc={d.doc as ServiceDoc}
            errors={d.errors}
            lebenslagen={d.lebenslagen}
            areaKinds={d.areaKinds}
            tasks={d.tasks}
            areas={d.areas ?? []}
          />
        )}
        {view.type === 'area_service' && (
          <AreaServiceFields
            doc={d.doc as AreaServiceDoc}
            errors={d.errors}
            catalog={d.catalog}
            services={d.services ?? []}
          />
        )}
        {view.type === 'authority' && preview && (
          <AuthorityFields
            doc={d.doc as AuthorityDoc}
            errors={d.errors}
            form={d.form}
            preview={preview}
            tasks={d.tasks}
            services={d.services ?? []}
            areas={d.areas ?? []}
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
