// Spreadsheets for editors (as GOV.UK's local-links-manager lets councils keep hundreds of entries current): a town
// downloads its settings for every service above it, or its units' contact data, edits them in a spreadsheet and
// uploads the file again. Reading a sheet only builds a change set; previewing and writing it is the catalog's
// single write path, so an upload is all-or-nothing, audited and versioned like every other write.
import {
  type AuthorityWithAssignments,
  type CatalogChangeSet,
  type CatalogService,
  type Contact,
  emptyChangeSet,
  type LocalServiceSetting,
  ONLINE_SERVICE_TYPES,
  type Tenant,
  tenantScope,
} from '../../features/catalog/index.ts';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { readDelimited } from '../destatis-addresses/delimited.ts';
import { type CsvValue, toCsv, undefuse } from './csv.ts';

export const SHEETS = ['angaben', 'einheiten', 'kontakte'] as const;
export type SheetKind = (typeof SHEETS)[number];

/** Column headers as the editor sees them; the upload matches them by name, so columns may be reordered. */
export const SETTINGS_COLUMNS = [
  'Leistung-ID',
  'Leistung',
  'Zuständig',
  'Angeboten',
  'Grund, wenn nicht angeboten',
  'Alternative Leistung-ID',
  'Alternative Adresse',
  'Eigener Text',
  'Eigene Gebühren',
  'Eigene Unterlagen',
  'Eigene Online-Dienste',
] as const;

export const UNIT_COLUMNS = [
  'Einheit-ID',
  'Name',
  'Straße',
  'PLZ',
  'Ort',
  'Telefon',
  'Fax',
  'E-Mail',
  'Website',
  'Öffnungszeiten',
  'Hinweis zu Öffnungszeiten',
  'Barrierefreiheit',
] as const;

/**
 * The tenant's contact persons. Which unit they belong to and which services they answer for are kept as they are
 * (the workspace's form sets those); the unit's name is there for the reader.
 */
export const CONTACT_COLUMNS = ['Kontakt-ID', 'Einheit', 'Name', 'Funktion', 'Telefon', 'E-Mail', 'Raum'] as const;

/** Columns the upload reads back; the others (names, owner) are there for the reader of the sheet and are ignored. */
const READ_ONLY = new Set<string>(['Leistung', 'Zuständig', 'Einheit']);

export interface SettingsSheetRow {
  serviceId: string;
  serviceName: string;
  /** The tenant that owns the service (Kreis, Land, Bund …): a sheet can be had for one level. */
  ownerAgs: string;
  ownerName: string;
  setting: LocalServiceSetting | null;
}

const yesNo = (offered: boolean) => (offered ? 'ja' : 'nein');

/** One online service per line: `Titel | https://… | typ`. */
function onlineCell(list: LocalServiceSetting['localOnlineServices']): string {
  return list.map((o) => `${o.title} | ${o.url} | ${o.type}`).join('\n');
}

/** The town's settings for every service above it (`blank`: the template, ids and names only). */
export function settingsSheet(rows: readonly SettingsSheetRow[], options: { blank?: boolean } = {}): string {
  const body: CsvValue[][] = rows.map((r) => {
    const s = options.blank ? null : r.setting;
    return [
      r.serviceId,
      r.serviceName,
      r.ownerName,
      s ? yesNo(s.offered) : options.blank ? '' : 'ja',
      s?.reason,
      s?.alternativeServiceId,
      s?.alternativeUrl,
      s?.localText,
      s?.localFees,
      s?.localDocuments,
      s ? onlineCell(s.localOnlineServices) : '',
    ];
  });
  return toCsv([[...SETTINGS_COLUMNS], ...body]);
}

/** The tenant's own units with their contact data (`blank`: ids and names only). */
export function unitsSheet(units: readonly AuthorityWithAssignments[], options: { blank?: boolean } = {}): string {
  const body: CsvValue[][] = units.map((u) =>
    options.blank
      ? [u.id, u.name]
      : [
          u.id,
          u.name,
          u.address.street,
          u.address.postcode,
          u.address.city,
          u.phone,
          u.fax,
          u.email,
          u.website,
          u.openingHours,
          u.openingHoursNote,
          u.accessibility,
        ],
  );
  return toCsv([[...UNIT_COLUMNS], ...body]);
}

/** The tenant's contact persons (`blank`: ids and names only). */
export function contactsSheet(
  contacts: readonly Contact[],
  unitNames: ReadonlyMap<string, string>,
  options: { blank?: boolean } = {},
): string {
  const body: CsvValue[][] = contacts.map((c) => {
    const unit = unitNames.get(c.authorityId) ?? c.authorityId;
    return options.blank ? [c.id, unit, c.name] : [c.id, unit, c.name, c.role, c.phone, c.email, c.room];
  });
  return toCsv([[...CONTACT_COLUMNS], ...body]);
}

interface SheetRow {
  line: number;
  get(column: string): string | null;
}

/** Reads a sheet: semicolons (or commas, as some spreadsheets save), a BOM or none, the header row by name. */
async function readSheet(
  text: string,
  columns: readonly string[],
  issues: ValidationIssue[],
): Promise<SheetRow[] | null> {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes(';') || !firstLine.includes(',') ? ';' : ',';
  const rows: SheetRow[] = [];
  let header: string[] | null = null;
  try {
    for await (const row of readDelimited(clean, { separator, text: true })) {
      if (!header) {
        header = row.fields.map((f) => f.trim());
        const missing = columns.filter((c) => !READ_ONLY.has(c) && !header?.includes(c));
        const unknown = header.filter((h) => h !== '' && !columns.includes(h));
        if (missing.length)
          issues.push({
            record: 'Zeile 1',
            field: 'Kopfzeile',
            message: `es fehlen die Spalten ${missing.map((m) => `„${m}“`).join(', ')}; erwartet: ${columns.join('; ')}`,
          });
        if (unknown.length)
          issues.push({
            record: 'Zeile 1',
            field: 'Kopfzeile',
            message: `unbekannte Spalten ${unknown.map((m) => `„${m}“`).join(', ')}; erlaubt: ${columns.join('; ')}`,
          });
        continue;
      }
      if (row.fields.every((f) => f.trim() === '')) continue;
      const index = new Map(header.map((h, i) => [h, i]));
      const fields = row.fields;
      rows.push({
        line: row.line,
        get(column) {
          const i = index.get(column);
          const raw = i === undefined ? undefined : fields[i];
          const value = raw === undefined ? '' : undefuse(raw).trim();
          return value === '' ? null : value;
        },
      });
    }
  } catch (error) {
    const line = (error as { line?: number }).line;
    issues.push({ record: line ? `Zeile ${line}` : 'Datei', field: '(Datei)', message: (error as Error).message });
    return null;
  }
  if (!header)
    issues.push({ record: 'Datei', field: '(Datei)', message: 'die Datei ist leer; erwartet: eine Kopfzeile' });
  return issues.length ? null : rows;
}

const URL_PATTERN = /^https?:\/\/\S+$/;

function parseOnline(cell: string | null, line: number, issues: ValidationIssue[]) {
  if (!cell) return [];
  return cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .flatMap((entry) => {
      const [title, url, type] = entry.split('|').map((p) => p.trim());
      const kind = type && type !== '' ? type : 'antrag';
      if (!title || !url || !URL_PATTERN.test(url) || !(ONLINE_SERVICE_TYPES as readonly string[]).includes(kind)) {
        issues.push({
          record: `Zeile ${line}`,
          field: 'Eigene Online-Dienste',
          message: `„${entry}“ ist kein Online-Dienst; erwartet je Zeile: Titel | https://… | Typ (${ONLINE_SERVICE_TYPES.join(', ')})`,
        });
        return [];
      }
      return [{ title, url, type: kind as LocalServiceSetting['localOnlineServices'][number]['type'] }];
    });
}

/**
 * The change set an uploaded settings sheet means for `town`: a setting per row that says something, the removal of a
 * setting whose row is back to the default ("ja", nothing local). Rows naming a service the town cannot set are
 * refused with the line, and nothing is written.
 */
export async function readSettingsSheet(
  text: string,
  town: string,
  allowed: ReadonlyMap<string, SettingsSheetRow>,
): Promise<CatalogChangeSet> {
  const issues: ValidationIssue[] = [];
  const rows = await readSheet(text, SETTINGS_COLUMNS, issues);
  const set = emptyChangeSet();
  const seen = new Map<string, number>();
  for (const row of rows ?? []) {
    const where = `Zeile ${row.line}`;
    const id = row.get('Leistung-ID');
    if (!id) {
      issues.push({ record: where, field: 'Leistung-ID', message: 'fehlt' });
      continue;
    }
    const known = allowed.get(id);
    if (!known) {
      issues.push({
        record: where,
        field: 'Leistung-ID',
        message: `„${id}“ ist keine Leistung einer übergeordneten Ebene dieser Kommune; laden Sie die Vorlage für die gültigen IDs`,
      });
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ record: where, field: 'Leistung-ID', message: `„${id}“ steht schon in Zeile ${first}` });
      continue;
    }
    seen.set(id, row.line);
    const offeredCell = (row.get('Angeboten') ?? 'ja').toLowerCase();
    if (!['ja', 'nein'].includes(offeredCell)) {
      issues.push({ record: where, field: 'Angeboten', message: `„${offeredCell}“; erlaubt: ja, nein` });
      continue;
    }
    const alternativeUrl = row.get('Alternative Adresse');
    if (alternativeUrl && !URL_PATTERN.test(alternativeUrl)) {
      issues.push({ record: where, field: 'Alternative Adresse', message: 'erwartet: eine Adresse mit https://' });
      continue;
    }
    const alternativeServiceId = row.get('Alternative Leistung-ID');
    if (alternativeServiceId && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(alternativeServiceId)) {
      issues.push({
        record: where,
        field: 'Alternative Leistung-ID',
        message: 'erwartet: eine ID wie wohnsitz-anmelden',
      });
      continue;
    }
    const setting: LocalServiceSetting = {
      areaAgs: town,
      serviceId: id,
      offered: offeredCell === 'ja',
      reason: row.get('Grund, wenn nicht angeboten'),
      alternativeUrl,
      alternativeServiceId,
      localText: row.get('Eigener Text'),
      localFees: row.get('Eigene Gebühren'),
      localDocuments: row.get('Eigene Unterlagen'),
      localOnlineServices: parseOnline(row.get('Eigene Online-Dienste'), row.line, issues),
    };
    if (!setting.offered && !setting.reason) {
      issues.push({
        record: where,
        field: 'Grund, wenn nicht angeboten',
        message: 'wer eine Leistung nicht anbietet, nennt den Grund (und möglichst eine Alternative)',
      });
      continue;
    }
    const saysNothing =
      setting.offered &&
      !setting.reason &&
      !alternativeUrl &&
      !alternativeServiceId &&
      !setting.localText &&
      !setting.localFees &&
      !setting.localDocuments &&
      setting.localOnlineServices.length === 0;
    if (saysNothing) {
      if (known.setting) set.removals?.push({ label: where, value: { type: 'area_service', id, tenantAgs: town } });
      continue;
    }
    set.localSettings?.push({ label: where, value: setting });
  }
  if (issues.length)
    throw new ValidationError(`Die Tabelle hat ${issues.length} Fehler; nichts wurde gespeichert.`, issues);
  return set;
}

const UNIT_FIELDS: Record<string, (u: AuthorityWithAssignments, v: string | null) => AuthorityWithAssignments> = {
  Name: (u, v) => ({ ...u, name: v ?? u.name }),
  Straße: (u, v) => ({ ...u, address: { ...u.address, street: v } }),
  PLZ: (u, v) => ({ ...u, address: { ...u.address, postcode: v } }),
  Ort: (u, v) => ({ ...u, address: { ...u.address, city: v } }),
  Telefon: (u, v) => ({ ...u, phone: v }),
  Fax: (u, v) => ({ ...u, fax: v }),
  'E-Mail': (u, v) => ({ ...u, email: v }),
  Website: (u, v) => ({ ...u, website: v }),
  Öffnungszeiten: (u, v) => ({ ...u, openingHours: v }),
  'Hinweis zu Öffnungszeiten': (u, v) => ({ ...u, openingHoursNote: v }),
  Barrierefreiheit: (u, v) => ({ ...u, accessibility: v }),
};

/**
 * The change set an uploaded units sheet means: each named unit with the sheet's contact data, its assignments and
 * everything else kept. Only existing units of the tenant: new units need an area and responsibilities, which the
 * workspace's form asks for. The catalog's validator checks phone, e-mail and opening hours as for every write.
 */
export async function readUnitsSheet(
  text: string,
  units: ReadonlyMap<string, AuthorityWithAssignments>,
): Promise<CatalogChangeSet> {
  const issues: ValidationIssue[] = [];
  const rows = await readSheet(text, UNIT_COLUMNS, issues);
  const set = emptyChangeSet();
  const seen = new Map<string, number>();
  for (const row of rows ?? []) {
    const where = `Zeile ${row.line}`;
    const id = row.get('Einheit-ID');
    const unit = id ? units.get(id) : undefined;
    if (!id || !unit) {
      issues.push({
        record: where,
        field: 'Einheit-ID',
        message: id
          ? `„${id}“ ist keine Einheit dieser Redaktion; neue Einheiten legen Sie im Arbeitsbereich an`
          : 'fehlt',
      });
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ record: where, field: 'Einheit-ID', message: `„${id}“ steht schon in Zeile ${first}` });
      continue;
    }
    seen.set(id, row.line);
    if (!row.get('Name')) {
      issues.push({ record: where, field: 'Name', message: 'darf nicht leer sein' });
      continue;
    }
    let next = unit;
    for (const [column, apply] of Object.entries(UNIT_FIELDS)) next = apply(next, row.get(column));
    set.authorities.push({ label: where, value: next });
  }
  if (issues.length)
    throw new ValidationError(`Die Tabelle hat ${issues.length} Fehler; nichts wurde gespeichert.`, issues);
  return set;
}

const CONTACT_FIELDS: Record<string, (c: Contact, v: string | null) => Contact> = {
  Name: (c, v) => ({ ...c, name: v }),
  Funktion: (c, v) => ({ ...c, role: v }),
  Telefon: (c, v) => ({ ...c, phone: v }),
  'E-Mail': (c, v) => ({ ...c, email: v }),
  Raum: (c, v) => ({ ...c, room: v }),
};

/**
 * The change set an uploaded contacts sheet means: each named contact with the sheet's name, function, phone, e-mail
 * and room; its unit, services and areas kept. Only existing contacts of the tenant (a new one needs a unit and the
 * services it answers for, which the workspace's form asks for). The catalog's validator checks name or function,
 * phone and e-mail.
 */
export async function readContactsSheet(
  text: string,
  contacts: ReadonlyMap<string, Contact>,
): Promise<CatalogChangeSet> {
  const issues: ValidationIssue[] = [];
  const rows = await readSheet(text, CONTACT_COLUMNS, issues);
  const set = emptyChangeSet();
  const seen = new Map<string, number>();
  for (const row of rows ?? []) {
    const where = `Zeile ${row.line}`;
    const id = row.get('Kontakt-ID');
    const contact = id ? contacts.get(id) : undefined;
    if (!id || !contact) {
      issues.push({
        record: where,
        field: 'Kontakt-ID',
        message: id
          ? `„${id}“ ist kein Kontakt dieser Redaktion; neue Kontakte legen Sie im Arbeitsbereich an`
          : 'fehlt',
      });
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ record: where, field: 'Kontakt-ID', message: `„${id}“ steht schon in Zeile ${first}` });
      continue;
    }
    seen.set(id, row.line);
    let next = contact; // a contact without name and function is refused by the catalog's validator
    for (const [column, apply] of Object.entries(CONTACT_FIELDS)) next = apply(next, row.get(column));
    set.contacts.push({ label: where, value: next });
  }
  if (issues.length)
    throw new ValidationError(`Die Tabelle hat ${issues.length} Fehler; nichts wurde gespeichert.`, issues);
  return set;
}

/** The tenant's own contact persons, and the names of its units for the sheet's reader (the `kontakte` sheet). */
export async function tenantContacts(
  catalog: CatalogService,
  tenant: Tenant,
): Promise<{ contacts: Map<string, Contact>; unitNames: Map<string, string> }> {
  const own = await catalog.readTenants(tenantScope(tenant));
  const byId = (a: Contact, b: Contact) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    contacts: new Map([...own.contacts].sort(byId).map((c) => [c.id, c])),
    unitNames: new Map(own.authorities.map((u) => [u.id, u.name])),
  };
}

/** The services above a tenant it can set something for, each with its current setting (the `angaben` sheet). */
export async function settingsRows(catalog: CatalogService, tenant: Tenant): Promise<Map<string, SettingsSheetRow>> {
  const chain = await catalog.areaChain(tenant);
  const names = new Map(chain.map((a) => [a.ags, a.name]));
  const above = chain.filter((a) => a.ags !== tenant).map((a) => a.ags);
  const [items, settings] = await Promise.all([
    above.length ? catalog.workspaceServices(tenant, above) : Promise.resolve([]),
    catalog.localSettingsOf(tenant),
  ]);
  return new Map<string, SettingsSheetRow>(
    items
      .filter((s) => s.tenantAgs !== tenant)
      .map((s) => {
        const setting = settings.get(s.id);
        const { version: _version, ...plain } = setting ?? { version: 0 };
        return [
          s.id,
          {
            serviceId: s.id,
            serviceName: s.name,
            ownerAgs: s.tenantAgs,
            ownerName: names.get(s.tenantAgs) ?? s.tenantAgs,
            setting: setting ? (plain as LocalServiceSetting) : null,
          },
        ];
      }),
  );
}

/** The tenant's own units with their assignments (the `einheiten` sheet). */
export async function tenantUnits(
  catalog: CatalogService,
  tenant: Tenant,
): Promise<Map<string, AuthorityWithAssignments>> {
  const own = await catalog.readTenants(tenantScope(tenant));
  const byUnit = new Map<string, AuthorityWithAssignments['assignments']>();
  for (const a of own.assignments) byUnit.set(a.authorityId, [...(byUnit.get(a.authorityId) ?? []), a]);
  // A unit is written whole, its responsibilities included: keep them exactly as they are.
  return new Map(own.authorities.map((u) => [u.id, { ...u, assignments: byUnit.get(u.id) ?? [] }]));
}
