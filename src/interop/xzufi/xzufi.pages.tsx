/** @jsxImportSource preact */
// The administrators' XZuFi upload (/editor/admin/xzufi): the same import as `amtsweg xzufi import`, from a browser.
// The file is streamed from the request into the reader (never held whole, whatever its size), either only checked
// (a dry run that lists per record what would change) or imported through the catalog's write path, all or nothing.
// Nothing is kept between the two steps, so any instance behind a load balancer can take either: to import after a
// check, the administrator sends the same file again with "importieren".
import type { FastifyInstance } from 'fastify';
import { checkOrigin } from '../../features/auth/auth.http.ts';
import type { AuthService } from '../../features/auth/auth.service.ts';
import { CsrfError } from '../../features/auth/auth.ts';
import type { CatalogService } from '../../features/catalog/index.ts';
import { ValidationError } from '../../shared/errors.ts';
import { ChangesTable } from '../../web/ui/changes-table.tsx';
import { Button, Hidden } from '../../web/ui/workspace-fields.tsx';
import { adminUploadPage, CheckOrImport } from '../admin-upload.tsx';
import { importXzufiIntoCatalog, type XzufiCatalogImportResult, type XzufiPreviewEntry } from './xzufi-catalog.ts';

export interface XzufiPagesOptions {
  auth: AuthService;
  catalog: CatalogService;
  stylesheets: readonly string[];
  /** Largest accepted message in bytes (default 512 MB; the reader streams, so this bounds time, not memory). */
  maxUploadBytes?: number;
}

const PATH = '/editor/admin/xzufi';
const RESULT_LABELS: Record<XzufiPreviewEntry['result'], string> = {
  new: 'neu',
  changed: 'geändert',
  unchanged: 'unverändert',
  removed: 'entfernt',
  'already gone': 'schon entfernt',
  'not applied': 'nicht anwendbar',
};

interface TenantOption {
  ags: string;
  name: string;
}

/** The owners an import can write for: areas above the Gemeinden (Bund, Länder, Kreise) and every current owner. */
async function tenantOptions(catalog: CatalogService): Promise<TenantOption[]> {
  const [areas, kinds] = await Promise.all([catalog.listAreas(), catalog.listAreaKinds()]);
  const above = new Set(
    [...kinds].filter((k) => !k.tiers.includes('gemeinde') && !k.tiers.includes('gemeindeverband')).map((k) => k.code),
  );
  return areas
    .filter((a) => above.has(a.kind))
    .map((a) => ({ ags: a.ags, name: a.name }))
    .sort((a, b) => a.ags.localeCompare(b.ags));
}

function UploadForm(props: { csrf: string; tenants: TenantOption[]; tenant?: string | undefined }) {
  return (
    <form method="post" action={PATH} enctype="multipart/form-data" class="kern-stack">
      {/* Fields before the file: the server reads them first and then streams the file. */}
      <Hidden name="_csrf" value={props.csrf} />
      <div class="kern-form-input">
        <label class="kern-label" for="f-tenant">
          Eigentümer der Datensätze
        </label>
        <select class="kern-form-input__select" id="f-tenant" name="tenant" required>
          {props.tenants.map((t) => (
            <option key={t.ags} value={t.ags} selected={t.ags === props.tenant}>
              {t.name} ({t.ags})
            </option>
          ))}
        </select>
      </div>
      <CheckOrImport />
      <div class="kern-form-input">
        <label class="kern-label" for="f-file">
          XZuFi-2.2-Nachricht (XML)
        </label>
        <input
          class="kern-form-input__input"
          type="file"
          id="f-file"
          name="file"
          accept=".xml,application/xml"
          required
        />
      </div>
      <Button>Hochladen</Button>
    </form>
  );
}

function Report({ result, imported }: { result: XzufiCatalogImportResult; imported: boolean }) {
  const { report, preview: shown, totals } = result;
  // The preview lists the first changes per kind; the totals count every record of the message.
  const tally = Object.entries(totals).filter(([, n]) => n > 0);
  const changing = tally.reduce((sum, [r, n]) => (r === 'unchanged' ? sum : sum + n), 0);
  const c = report.counts;
  return (
    <div class="kern-stack">
      <p class="kern-body">
        Gelesen: {c.leistung} Leistungen, {c.organisationseinheit} Organisationseinheiten, {c.zustaendigkeit}{' '}
        Zuständigkeiten, {c.onlinedienst} Onlinedienste, {c.loesche} Löschungen
        {report.header ? ` (Nachricht ${report.header.messageId})` : ''}.{' '}
        {tally.map(([r, n]) => `${n} ${RESULT_LABELS[r as XzufiPreviewEntry['result']]}`).join(', ')}.
      </p>
      {!imported && shown.length > 0 && (
        <p class="kern-body">
          Noch ist nichts gespeichert. Zum Import dieselbe Datei erneut hochladen und „Importieren“ wählen.
        </p>
      )}
      {shown.length > 0 && (
        <ChangesTable
          caption={imported ? 'Importiert' : 'Würde sich ändern'}
          rows={shown.slice(0, 500).map((p) => ({
            key: `${p.kind}:${p.id}`,
            record: (
              <>
                {p.kind} <code>{p.id}</code>
              </>
            ),
            change: RESULT_LABELS[p.result],
          }))}
        />
      )}
      {changing > Math.min(shown.length, 500) && (
        <p class="kern-body">… und {changing - Math.min(shown.length, 500)} weitere.</p>
      )}
      {report.warnings.length > 0 && (
        <>
          <h2 class="kern-heading-medium">Hinweise</h2>
          <ul class="kern-list">
            {report.warnings.slice(0, 100).map((w) => (
              <li key={`${w.line}:${w.column}:${w.message}`}>
                Zeile {w.line}, Spalte {w.column}: {w.klasse} {w.objectId ? `„${w.objectId}“` : ''} – {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export async function xzufiPages(app: FastifyInstance, opts: XzufiPagesOptions): Promise<void> {
  const { auth, catalog } = opts;
  const { requireAdmin, page } = await adminUploadPage(app, {
    auth,
    stylesheets: opts.stylesheets,
    path: PATH,
    crumb: 'XZuFi-Import',
    adminsOnly: 'Den XZuFi-Import dürfen nur Administratoren nutzen.',
    failureLog: 'XZuFi upload failed',
    refusedTitle: 'Die Nachricht wurde nicht importiert',
    limits: { fileSize: opts.maxUploadBytes ?? 512 * 1024 * 1024, files: 1 },
    async formAfterError(request, status) {
      const tenants = status === 403 ? [] : await tenantOptions(catalog).catch(() => []);
      return tenants.length > 0 ? <UploadForm csrf={request.session?.csrfToken ?? ''} tenants={tenants} /> : null;
    },
  });

  app.get(PATH, async (request, reply) => {
    requireAdmin(request);
    return page(
      request,
      reply,
      'XZuFi-Nachricht importieren',
      <div class="kern-stack">
        <p class="kern-body">
          Leistungen, Organisationseinheiten, Zuständigkeiten und Onlinedienste aus einer XZuFi-2.2-Nachricht (etwa aus
          einem Redaktionssystem des Landes). Leistungen werden über ihre ID und ihren LeiKa-Schlüssel zugeordnet, nie
          verdoppelt; eigene Angaben der Städte bleiben erhalten. Fehlerhafte Nachrichten werden ganz abgelehnt, mit
          Zeile, Spalte und Objekt-ID.
        </p>
        <UploadForm csrf={request.session?.csrfToken ?? ''} tenants={await tenantOptions(catalog)} />
      </div>,
    );
  });

  app.post(PATH, async (request, reply) => {
    requireAdmin(request);
    checkOrigin(request);
    if (!request.isMultipart())
      throw new ValidationError('Bitte die Datei über das Formular hochladen.', [
        { field: 'file', message: 'erwartet: multipart/form-data' },
      ]);
    const fields: Record<string, string> = {};
    let result: XzufiCatalogImportResult | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      // The token is checked before a single byte of the file is read.
      if (!request.session || !auth.checkCsrf(request.session, fields._csrf))
        throw new CsrfError('Das Formular ist abgelaufen. Bitte die Seite neu laden und erneut absenden.');
      const tenant = fields.tenant ?? '';
      const options = await tenantOptions(catalog);
      if (!options.some((t) => t.ags === tenant))
        throw new ValidationError(`Unbekannter Eigentümer „${tenant}“.`, [
          { field: 'tenant', message: 'erlaubt: ein Gebiet oberhalb der Gemeinden (Bund, Land, Kreis)' },
        ]);
      result = await importXzufiIntoCatalog(catalog, part.file, {
        tenantAgs: tenant,
        dryRun: fields.mode !== 'import',
        actor: request.session.principal,
        source: `editor xzufi upload ${part.filename}`,
      });
      if (part.file.truncated)
        throw new ValidationError('Die Datei ist zu groß.', [{ field: 'file', message: 'zu groß' }]);
    }
    if (!result) throw new ValidationError('Bitte eine Datei auswählen.', [{ field: 'file', message: 'keine Datei' }]);
    const imported = fields.mode === 'import';
    return page(
      request,
      reply,
      imported ? 'XZuFi-Nachricht importiert' : 'XZuFi-Nachricht geprüft',
      <div class="kern-stack">
        <Report result={result} imported={imported} />
        <UploadForm
          csrf={request.session?.csrfToken ?? ''}
          tenants={await tenantOptions(catalog)}
          tenant={fields.tenant}
        />
      </div>,
      {
        notice: imported
          ? {
              kind: 'success',
              text: `${result.write.changes.length + (result.write.changesOmitted ?? 0)} Datensätze geschrieben.`,
            }
          : { kind: 'info', text: 'Nur geprüft: nichts wurde gespeichert.' },
      },
    );
  });
}
