/** @jsxImportSource preact */
// The administrators' PVOG upload (/editor/admin/pvog): the same import as `amtsweg pvog import`, from a browser.
// One or more files (the PVOG CSV export, JSON service descriptions) are read and checked as they arrive, then either
// only previewed (the write runs and is rolled back, so the preview lists per Leistung what would change) or written
// for the Bund through the catalog's write path, all or nothing. Like the XZuFi upload, nothing is kept between the
// two steps: to import after a check, the administrator sends the same files again with "importieren".
import type { FastifyInstance } from 'fastify';
import { checkOrigin } from '../../features/auth/auth.http.ts';
import type { AuthService } from '../../features/auth/auth.service.ts';
import { CsrfError } from '../../features/auth/auth.ts';
import type { CatalogService } from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { ChangesTable } from '../../web/ui/changes-table.tsx';
import { Button, Hidden } from '../../web/ui/workspace-fields.tsx';
import { adminUploadPage, CheckOrImport } from '../admin-upload.tsx';
import {
  applyPvogFiles,
  BUND,
  checkPvogFileNames,
  type PvogFilesRead,
  type PvogImportResult,
  readPvogFile,
} from './pvog-import.ts';

export interface PvogPagesOptions {
  auth: AuthService;
  catalog: CatalogService;
  stylesheets: readonly string[];
  /** Largest accepted file in bytes (default 64 MB: the CSV of every federal Leistung is about 1 MB). */
  maxUploadBytes?: number;
}

const PATH = '/editor/admin/pvog';
const MAX_FILES = 50;
const RESULT_LABELS = { created: 'neu', updated: 'geändert', removed: 'entfernt' } as const;

function UploadForm(props: { csrf: string }) {
  return (
    <form method="post" action={PATH} enctype="multipart/form-data" class="kern-stack">
      {/* Fields before the files: the server reads them first and then the files. */}
      <Hidden name="_csrf" value={props.csrf} />
      <CheckOrImport />
      <div class="kern-form-input">
        <label class="kern-label" for="f-files">
          PVOG-Dateien: CSV-Export (.csv) und/oder Leistungsbeschreibungen (.json)
        </label>
        <div class="kern-form-input__hint" id="f-files-hint">
          Bis zu {MAX_FILES} Dateien. Eine Beschreibung wird ihrer Leistung über den LeiKa-Schlüssel zugeordnet; die
          Leistung muss im Katalog stehen oder in einer CSV-Datei desselben Uploads.
        </div>
        <input
          class="kern-form-input__input"
          type="file"
          id="f-files"
          name="files"
          accept=".csv,.json,text/csv,application/json"
          aria-describedby="f-files-hint"
          multiple
          required
        />
      </div>
      <Button>Hochladen</Button>
    </form>
  );
}

function Report({ result, imported, files }: { result: PvogImportResult; imported: boolean; files: string[] }) {
  const { write } = result;
  const c = write.counts.services;
  const changed = write.changes.filter((x) => x.type === 'service');
  return (
    <div class="kern-stack">
      <p class="kern-body">
        Gelesen: {files.join(', ')}. Leistungen des Bundes: {c.created} neu, {c.updated} geändert, {c.unchanged}{' '}
        unverändert.{result.createdBund ? ' Das Gebiet „Deutschland“ (00) wird dabei angelegt.' : ''}
      </p>
      {!imported && c.created + c.updated > 0 && (
        <p class="kern-body">
          Noch ist nichts gespeichert. Zum Import dieselben Dateien erneut hochladen und „Importieren“ wählen.
        </p>
      )}
      {changed.length > 0 && (
        <ChangesTable
          caption={imported ? 'Importiert' : 'Würde sich ändern'}
          rows={changed.slice(0, 500).map((ch) => ({
            key: ch.id,
            record: (
              <>
                Leistung <code>{ch.id}</code>
              </>
            ),
            change: RESULT_LABELS[ch.result],
          }))}
        />
      )}
      {changed.length > 500 && <p class="kern-body">… und {changed.length - 500} weitere.</p>}
      {result.unmatchedLebenslagen.length + result.warnings.length > 0 && (
        <>
          <h2 class="kern-heading-medium">Hinweise</h2>
          <ul class="kern-list">
            {result.unmatchedLebenslagen.slice(0, 100).map((u) => (
              <li key={`${u.file}:${u.serviceId}:${u.name}`}>
                Lebenslage „{u.name}“ ({u.file}, {u.serviceId}) gibt es im Katalog nicht; nicht verknüpft.
              </li>
            ))}
            {result.warnings.slice(0, 100).map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export async function pvogPages(app: FastifyInstance, opts: PvogPagesOptions): Promise<void> {
  const { auth, catalog } = opts;
  const { requireAdmin, page } = await adminUploadPage(app, {
    auth,
    stylesheets: opts.stylesheets,
    path: PATH,
    crumb: 'PVOG-Import',
    adminsOnly: 'Den PVOG-Import dürfen nur Administratoren nutzen.',
    failureLog: 'PVOG upload failed',
    refusedTitle: 'Die Dateien wurden nicht importiert',
    limits: { fileSize: opts.maxUploadBytes ?? 64 * 1024 * 1024, files: MAX_FILES },
    formAfterError: async (request, status) =>
      status === 403 ? null : <UploadForm csrf={request.session?.csrfToken ?? ''} />,
  });

  app.get(PATH, async (request, reply) => {
    requireAdmin(request);
    return page(
      request,
      reply,
      'PVOG-Daten importieren',
      <div class="kern-stack">
        <p class="kern-body">
          Die Leistungen des Bundes aus dem Portalverbund: der CSV-Export der PVOG-Suche (Namen, LeiKa-Schlüssel,
          Onlinedienste) und Leistungsbeschreibungen als JSON (Texte, Gebühren, Fristen, Onlinedienste, Lebenslagen,
          Synonyme). Zugeordnet wird über den LeiKa-Schlüssel; eine bekannte Leistung wird aktualisiert, nie verdoppelt.
          Eine fehlerhafte Datei, und nichts wird gespeichert.
        </p>
        <UploadForm csrf={request.session?.csrfToken ?? ''} />
      </div>,
    );
  });

  app.post(PATH, async (request, reply) => {
    requireAdmin(request);
    checkOrigin(request);
    if (!request.isMultipart())
      throw new ValidationError('Bitte die Dateien über das Formular hochladen.', [
        { field: 'files', message: 'erwartet: multipart/form-data' },
      ]);
    const fields: Record<string, string> = {};
    const read: PvogFilesRead = { csvs: [], descriptions: [] };
    const files: string[] = [];
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      // The token is checked before a single byte of a file is read.
      if (!request.session || !auth.checkCsrf(request.session, fields._csrf))
        throw new CsrfError('Das Formular ist abgelaufen. Bitte die Seite neu laden und erneut absenden.');
      if (!part.filename) {
        part.file.resume(); // an empty file input: nothing chosen
        continue;
      }
      checkPvogFileNames([part.filename]);
      await readPvogFile(read, part.filename, part.file);
      if (part.file.truncated)
        throw new ValidationError(`Die Datei ${part.filename} ist zu groß.`, [
          { record: part.filename, field: 'files', message: 'zu groß' },
        ]);
      files.push(part.filename);
    }
    if (files.length === 0)
      throw new ValidationError('Bitte mindestens eine Datei auswählen.', [
        { field: 'files', message: 'erlaubt: ein PVOG-CSV-Export (.csv) oder eine Leistungsbeschreibung (.json)' },
      ]);
    const imported = fields.mode === 'import';
    const session = request.session;
    const result = await applyPvogFiles(catalog, read, {
      dryRun: !imported,
      ...(session ? { actor: session.principal } : {}),
    });
    return page(
      request,
      reply,
      imported ? 'PVOG-Daten importiert' : 'PVOG-Daten geprüft',
      <div class="kern-stack">
        <Report result={result} imported={imported} files={files} />
        <UploadForm csrf={request.session?.csrfToken ?? ''} />
      </div>,
      {
        notice: imported
          ? { kind: 'success', text: `${result.write.changes.length} Datensätze für den Bund (${BUND}) geschrieben.` }
          : { kind: 'info', text: 'Nur geprüft: nichts wurde gespeichert.' },
      },
    );
  });
}
