/** @jsxImportSource preact */
// The workspace's spreadsheet page: download the current data or a blank template, upload the edited file, see per
// record what would change (a dry run through the catalog's write path), then confirm. The confirmation carries the
// uploaded text, so nothing is kept on the server between the two steps and the write is exactly what was previewed.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { loadSession, requireFormSession } from '../../features/auth/auth.http.ts';
import type { AuthService } from '../../features/auth/auth.service.ts';
import { AuthenticationRequiredError, canEdit } from '../../features/auth/auth.ts';
import { frameFor, Layout, sendPage } from '../../features/auth/auth.workspace.tsx';
import { asTenant, type CatalogService, type RecordChange } from '../../features/catalog/index.ts';
import { ForbiddenError, NotFoundError, ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { httpStatusOf } from '../../web/problem.ts';
import { ChangesTable } from '../../web/ui/changes-table.tsx';
import { Button, Hidden } from '../../web/ui/workspace-fields.tsx';
import {
  contactsSheet,
  readContactsSheet,
  readSettingsSheet,
  readUnitsSheet,
  type SettingsSheetRow,
  SHEETS,
  type SheetKind,
  settingsRows,
  settingsSheet,
  tenantContacts,
  tenantUnits,
  unitsSheet,
} from './editor-sheets.ts';

export interface EditorSheetsOptions {
  auth: AuthService;
  catalog: CatalogService;
  stylesheets: readonly string[];
  /** Largest accepted upload in bytes (default 5 MB: a tenant's 700 services with long local texts fit many times). */
  maxUploadBytes?: number;
}

const SHEET_TITLES: Record<SheetKind, string> = {
  angaben: 'Eigene Angaben zu Leistungen anderer Ebenen',
  einheiten: 'Organisationseinheiten: Anschrift, Telefon, E-Mail, Öffnungszeiten',
  kontakte: 'Kontaktpersonen: Name, Funktion, Telefon, E-Mail, Raum',
};
const RESULT_LABELS: Record<RecordChange['result'], string> = {
  created: 'neu',
  updated: 'geändert',
  removed: 'entfernt',
};

const isSheet = (v: string): v is SheetKind => (SHEETS as readonly string[]).includes(v);

function entityOf(sheet: SheetKind) {
  return sheet === 'angaben'
    ? ('area_service' as const)
    : sheet === 'kontakte'
      ? ('contact' as const)
      : ('authority' as const);
}

function guard(request: FastifyRequest, ags: string, sheet: SheetKind): void {
  if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
  if (!canEdit(request.principal, entityOf(sheet), ags))
    throw new ForbiddenError(`Sie dürfen die Daten von ${ags} nicht bearbeiten.`);
}

async function buildChangeSet(catalog: CatalogService, ags: string, sheet: SheetKind, text: string) {
  const tenant = asTenant(ags);
  if (sheet === 'angaben') return readSettingsSheet(text, ags, await settingsRows(catalog, tenant));
  if (sheet === 'kontakte') return readContactsSheet(text, (await tenantContacts(catalog, tenant)).contacts);
  return readUnitsSheet(text, await tenantUnits(catalog, tenant));
}

/** The levels above a tenant whose services its settings sheet lists (Kreis, Land, Bund …), each with its name. */
function levelsOf(rows: Iterable<SettingsSheetRow>): { ags: string; name: string }[] {
  const levels = new Map<string, string>();
  for (const r of rows) levels.set(r.ownerAgs, r.ownerName);
  // The nearest level first: the longer the key, the closer to the tenant.
  return [...levels].map(([ags, name]) => ({ ags, name })).sort((a, b) => b.ags.length - a.ags.length);
}

function SheetSection(props: {
  ags: string;
  sheet: SheetKind;
  csrf: string;
  levels?: { ags: string; name: string }[];
}) {
  const base = `/editor/${props.ags}/tabellen/${props.sheet}`;
  const levels = props.levels ?? [];
  return (
    <section class="kern-stack" aria-labelledby={`h-${props.sheet}`}>
      <h2 class="kern-heading-medium" id={`h-${props.sheet}`}>
        {SHEET_TITLES[props.sheet]}
      </h2>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={`${base}.csv`} download>
            Aktuelle Daten herunterladen (CSV)
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${base}.csv?vorlage=1`} download>
            Leere Vorlage herunterladen (CSV)
          </a>
        </li>
        {levels.length > 1 &&
          levels.map((l) => (
            <li key={l.ags}>
              Nur Leistungen von {l.name}:{' '}
              <a class="kern-link" href={`${base}.csv?ebene=${l.ags}`} download>
                aktuelle Daten
              </a>
              ,{' '}
              <a class="kern-link" href={`${base}.csv?ebene=${l.ags}&vorlage=1`} download>
                leere Vorlage
              </a>
            </li>
          ))}
      </ul>
      <form method="post" action={base} enctype="multipart/form-data" class="kern-stack">
        <Hidden name="_csrf" value={props.csrf} />
        <div class="kern-form-input">
          <label class="kern-label" for={`f-file-${props.sheet}`}>
            Bearbeitete Datei hochladen
          </label>
          <input
            class="kern-form-input__input"
            type="file"
            id={`f-file-${props.sheet}`}
            name="file"
            accept=".csv,text/csv"
            required
          />
        </div>
        <Button kind="secondary">Änderungen anzeigen</Button>
      </form>
    </section>
  );
}

function Overview({ ags, csrf, levels }: { ags: string; csrf: string; levels: { ags: string; name: string }[] }) {
  return (
    <div class="kern-stack">
      <p class="kern-body">
        Laden Sie die Daten als Tabelle herunter, bearbeiten Sie sie in einer Tabellenkalkulation und laden Sie die
        Datei wieder hoch. Sie sehen zuerst, was sich ändert; gespeichert wird erst nach Ihrer Bestätigung, und nur ganz
        oder gar nicht. Die Datei ist UTF-8 mit Semikolons; Spalten dürfen die Reihenfolge wechseln, ihre Überschriften
        nicht. Mehrere Online-Dienste stehen je in einer eigenen Zeile der Zelle: <code>Titel | https://… | Typ</code>.
        Eine Tabelle nur mit den Leistungen einer Ebene ändert beim Hochladen nur deren Zeilen.
      </p>
      <SheetSection ags={ags} sheet="angaben" csrf={csrf} levels={levels} />
      <SheetSection ags={ags} sheet="einheiten" csrf={csrf} />
      <SheetSection ags={ags} sheet="kontakte" csrf={csrf} />
    </div>
  );
}

function Preview(props: { ags: string; sheet: SheetKind; csrf: string; text: string; changes: RecordChange[] }) {
  const { changes } = props;
  return (
    <div class="kern-stack">
      {changes.length === 0 ? (
        <p class="kern-body">Die Datei ändert nichts: alle Angaben stimmen schon mit dem Katalog überein.</p>
      ) : (
        <>
          <p class="kern-body">
            Die Datei ändert {changes.length === 1 ? 'einen Datensatz' : `${changes.length} Datensätze`}. Bitte prüfen
            und bestätigen; bis dahin ist nichts gespeichert.
          </p>
          <ChangesTable
            caption="Änderungen"
            rows={changes.map((c) => ({
              key: `${c.type}:${c.id}`,
              record: (
                <>
                  {c.type === 'area_service' ? 'Eigene Angaben zu ' : c.type === 'contact' ? 'Kontakt ' : 'Einheit '}
                  {/* A town's setting is keyed "<town>:<service>"; the editor knows it by the service. */}
                  <code>{c.type === 'area_service' ? c.id.slice(c.id.indexOf(':') + 1) : c.id}</code>
                </>
              ),
              change: RESULT_LABELS[c.result],
            }))}
          />
          <form method="post" action={`/editor/${props.ags}/tabellen/${props.sheet}`} enctype="multipart/form-data">
            <Hidden name="_csrf" value={props.csrf} />
            <Hidden name="confirm" value="1" />
            <Hidden name="content" value={props.text} />
            <Button>Änderungen speichern</Button>
          </form>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/editor/${props.ags}/tabellen`}>
          Zurück zu den Tabellen
        </a>
      </p>
    </div>
  );
}

export async function editorSheetsPages(app: FastifyInstance, opts: EditorSheetsOptions): Promise<void> {
  const { auth, catalog } = opts;
  // Text fields (the CSRF token, the confirmation's content) and the file arrive as one body of strings and Buffers.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: opts.maxUploadBytes ?? 5 * 1024 * 1024, files: 1, fields: 5, fieldSize: 6 * 1024 * 1024 },
  });
  app.addHook('preHandler', async (request) => loadSession(auth, request));

  const page = (request: FastifyRequest, reply: FastifyReply, title: string, ags: string, body: VNode, extra = {}) =>
    sendPage(
      reply,
      <Layout
        frame={frameFor(request, opts.stylesheets)}
        title={title}
        crumbs={[
          { label: 'Übersicht', href: '/editor' },
          { label: ags, href: `/editor/${ags}` },
          { label: 'Tabellen' },
        ]}
        {...extra}
      >
        {body}
      </Layout>,
      (extra as { status?: number }).status ?? 200,
    );

  app.setErrorHandler((error, request, reply) => {
    const status = httpStatusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'spreadsheet request failed');
    if (status === 401) return reply.redirect(`/editor/login?next=${encodeURIComponent(request.url)}`, 303);
    const issues: ValidationIssue[] = error instanceof ValidationError ? error.issues : [];
    const message =
      status >= 500 ? 'Ein interner Fehler ist aufgetreten. Bitte später erneut versuchen.' : (error as Error).message;
    const ags = (request.params as { ags?: string }).ags ?? '';
    return sendPage(
      reply,
      <Layout
        frame={frameFor(request, opts.stylesheets)}
        title={issues.length ? 'Die Tabelle hat Fehler' : 'Fehler'}
        notice={{ kind: 'danger', text: message }}
        crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Tabellen' }]}
      >
        <div class="kern-stack">
          {issues.length > 0 && (
            <ul class="kern-list">
              {issues.map((i) => (
                <li key={`${i.record}:${i.field}:${i.message}`}>
                  {i.record ? `${i.record}, ` : ''}
                  {i.field ? `Spalte „${i.field}“: ` : ''}
                  {i.message}
                </li>
              ))}
            </ul>
          )}
          {ags && (
            <p class="kern-body">
              <a class="kern-link" href={`/editor/${ags}/tabellen`}>
                Zurück zu den Tabellen
              </a>{' '}
              (die Datei ist unverändert; korrigieren Sie sie und laden Sie sie erneut hoch)
            </p>
          )}
        </div>
      </Layout>,
      status,
    );
  });

  app.get<{ Params: { ags: string } }>('/editor/:ags/tabellen', async (request, reply) => {
    const { ags } = request.params;
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    if (!SHEETS.some((s) => canEdit(request.principal, entityOf(s), ags)))
      throw new ForbiddenError(`Sie dürfen die Daten von ${ags} nicht bearbeiten.`);
    return page(
      request,
      reply,
      'Tabellen herunterladen und hochladen',
      ags,
      <Overview
        ags={ags}
        csrf={request.session?.csrfToken ?? ''}
        levels={levelsOf((await settingsRows(catalog, asTenant(ags))).values())}
      />,
    );
  });

  app.get<{ Params: { ags: string; file: string }; Querystring: { vorlage?: string; ebene?: string } }>(
    '/editor/:ags/tabellen/:file',
    async (request, reply) => {
      const { ags, file } = request.params;
      const sheet = file.replace(/\.csv$/, '');
      if (!file.endsWith('.csv') || !isSheet(sheet))
        throw new NotFoundError(`Keine Tabelle „${file}“; es gibt ${SHEETS.map((s) => `${s}.csv`).join(', ')}.`);
      guard(request, ags, sheet);
      const tenant = asTenant(ags);
      const blank = request.query.vorlage === '1';
      const level = request.query.ebene;
      let csv: string;
      if (sheet === 'angaben') {
        const rows = [...(await settingsRows(catalog, tenant)).values()];
        const levels = levelsOf(rows);
        if (level !== undefined && !levels.some((l) => l.ags === level))
          throw new ValidationError(`Keine Ebene „${level}“ über ${ags}.`, [
            {
              field: 'ebene',
              message: `erlaubt: ${levels.map((l) => `${l.ags} (${l.name})`).join(', ') || 'keine'}`,
            },
          ]);
        csv = settingsSheet(level === undefined ? rows : rows.filter((r) => r.ownerAgs === level), { blank });
      } else if (sheet === 'kontakte') {
        const { contacts, unitNames } = await tenantContacts(catalog, tenant);
        csv = contactsSheet([...contacts.values()], unitNames, { blank });
      } else csv = unitsSheet([...(await tenantUnits(catalog, tenant)).values()], { blank });
      const name = `${ags}-${sheet}${level ? `-${level}` : ''}${blank ? '-vorlage' : ''}`;
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );

  app.post<{ Params: { ags: string; file: string } }>('/editor/:ags/tabellen/:file', async (request, reply) => {
    const { ags, file: sheet } = request.params;
    if (!isSheet(sheet)) throw new NotFoundError(`Keine Tabelle „${sheet}“; es gibt ${SHEETS.join(', ')}.`);
    if (!request.isMultipart())
      throw new ValidationError('Bitte die Datei über das Formular hochladen (multipart/form-data).', [
        { field: 'file', message: 'erwartet: multipart/form-data' },
      ]);
    guard(request, ags, sheet);
    const session = requireFormSession(auth, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const confirm = body.confirm === '1';
    const raw = confirm ? body.content : body.file;
    const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
    if (text.trim() === '')
      throw new ValidationError('Bitte eine CSV-Datei auswählen.', [{ field: 'file', message: 'keine Datei' }]);
    if (text.includes('\uFFFD'))
      throw new ValidationError('Die Datei ist nicht UTF-8 kodiert. Bitte als „CSV UTF-8“ speichern.', [
        { field: 'file', message: 'erwartet: UTF-8' },
      ]);
    const set = await buildChangeSet(catalog, ags, sheet, text);
    const options = { actor: session.principal, source: 'csv', lang: 'de' as const, audit: { ip: request.ip } };
    if (!confirm) {
      const preview = await catalog.previewWrite(set, options);
      return page(
        request,
        reply,
        'Änderungen prüfen',
        ags,
        <Preview ags={ags} sheet={sheet} csrf={session.csrfToken} text={text} changes={preview.changes} />,
      );
    }
    const result = await catalog.write(set, { ...options, action: 'publish' });
    const levels = levelsOf((await settingsRows(catalog, asTenant(ags))).values());
    return page(request, reply, 'Gespeichert', ags, <Overview ags={ags} csrf={session.csrfToken} levels={levels} />, {
      notice: {
        kind: 'success',
        text:
          result.changes.length === 0
            ? 'Die Datei änderte nichts.'
            : `${result.changes.length} Datensätze gespeichert und veröffentlicht (mit Versionsgeschichte und Protokoll).`,
      },
    });
  });
}
