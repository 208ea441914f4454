// The edit page of a record: its form (one kind per record type), status and schedules.
import {
  Button,
  type WorkspaceFieldError as FieldError,
  Hidden,
  TextField,
} from '../../../web/ui/workspace-fields.tsx';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { DiffTable } from '../editor.components.tsx';
import type { Conflict, Pick } from '../editor.conflicts.ts';
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
  catalog: ServiceDoc | null;
  diff: ReturnType<EditorService['diffDraft']>;
  /** A save ran into someone else's change: theirs beside the form's input, a choice per differing field. */
  conflict?: { conflict: Conflict; picks: Readonly<Record<string, Pick>> } | null;
}

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
