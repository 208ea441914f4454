// XZuFi records → a `CatalogChangeSet` for one tenant, plus the removals the message asks for and a report.
// All or nothing: every problem is collected (with line, column and object id) and thrown together.
import {
  type Area,
  type Assignment,
  type AssignmentRole,
  type AuthorityWithAssignments,
  type CatalogChangeSet,
  emptyChangeSet,
  type Level,
  leikaKeyProblem,
  ONLINE_SERVICE_TYPES,
  type OnlineService,
  type Service,
  TRUST_LEVELS,
} from '../../features/catalog/catalog.ts';
import {
  FIELD_BY_TEXT_MODULE,
  KANAL,
  LEIKA_TYPES,
  LOESCHE_KLASSEN,
  type LoescheKlasse,
  languageKey,
  ROLE_CODES,
  STRUCTURED_MODULES,
  slugId,
  TEXT_MODULE_CODES,
} from './xzufi.ts';
import {
  type HeaderRecord,
  type LeistungRecord,
  type OnlinedienstRecord,
  type OrganisationseinheitRecord,
  type Position,
  readXzufiRecords,
  XzufiImportError,
  type XzufiProblem,
  type XzufiReadOptions,
  type ZustaendigkeitRecord,
} from './xzufi-reader.ts';

/** What the catalog already holds, so that an import updates records instead of duplicating them. */
export interface ExistingCatalog {
  serviceByLeikaKey(leikaKey: string): Service | undefined;
  serviceById(id: string): Service | undefined;
  authorityById(id: string): AuthorityWithAssignments | undefined;
}

export interface XzufiImportOptions extends Omit<XzufiReadOptions, 'problems'> {
  /** The tenant that will own every record of the change set. */
  tenantAgs: string;
  /** Areas by ARS: `gebietID` and unit addresses are resolved to AGS with these. */
  areas: Iterable<Pick<Area, 'ags' | 'ars'>>;
  existing?: ExistingCatalog;
  /** Level of a new service whose typisierung says nothing about it (types 2, 3, 2/3). Default `gemeinde`. */
  defaultLevel?: Level;
}

export interface XzufiImportRemoval extends Position {
  klasse: LoescheKlasse;
  /** The id as the message spells it. */
  xzufiId: string;
  /** The catalog id it maps to. */
  id: string;
}

export interface XzufiImportReport {
  header: Omit<HeaderRecord, 'kind' | 'at'> | null;
  counts: Record<'leistung' | 'organisationseinheit' | 'zustaendigkeit' | 'onlinedienst' | 'loesche' | 'other', number>;
  /** Things that were tolerated: objects amtsweg does not map, deletions of unknown objects, repeated objects. */
  warnings: XzufiProblem[];
  bytesRead: number;
}

export interface XzufiImportResult {
  changeSet: CatalogChangeSet;
  removals: XzufiImportRemoval[];
  report: XzufiImportReport;
}

const LEVEL_BY_TYPE: Record<string, Level> = { '1': 'bund', '4': 'land', '5': 'gemeinde' };
const ROLE_BY_CODE = new Map<string, AssignmentRole>(
  Object.entries(ROLE_CODES).map(([role, code]) => [code, role as AssignmentRole]),
);

/** Reads a whole message and maps it. Throws `XzufiImportError` listing every problem; returns nothing partial. */
export async function importXzufi(
  source: AsyncIterable<Uint8Array | string>,
  options: XzufiImportOptions,
): Promise<XzufiImportResult> {
  const problems: XzufiProblem[] = [];
  const warnings: XzufiProblem[] = [];
  const counts: XzufiImportReport['counts'] = {
    leistung: 0,
    organisationseinheit: 0,
    zustaendigkeit: 0,
    onlinedienst: 0,
    loesche: 0,
    other: 0,
  };
  let header: XzufiImportReport['header'] = null;
  let bytesRead = 0;
  // A Leistung is mapped as soon as it is read and only its position kept: its text is the bulk of a message, and
  // holding both the parsed record and the mapped service doubled the import's memory.
  const mapper = new Mapper(options, problems, warnings);
  const leistungen = new Map<string, Position>();
  const services = new Map<string, Service>(); // by xzufi id
  const units = new Map<string, OrganisationseinheitRecord>();
  const onlinedienste = new Map<string, OnlinedienstRecord>();
  const zustaendigkeiten: ZustaendigkeitRecord[] = [];
  const loesche: { klasse: string; id: string; at: Position }[] = [];

  const repeated = (kind: string, id: string, a: Position) =>
    warnings.push({ ...a, klasse: kind, objectId: id, message: `${kind} sent again; the later one is used` });

  for await (const r of readXzufiRecords(source, {
    ...options,
    problems,
    onProgress: (read, total) => {
      bytesRead = read;
      options.onProgress?.(read, total);
    },
  })) {
    counts[r.kind === 'header' ? 'other' : r.kind] += r.kind === 'header' ? 0 : 1;
    switch (r.kind) {
      case 'header': {
        const { kind: _k, at: _a, ...rest } = r;
        header = rest;
        break;
      }
      case 'leistung': {
        if (leistungen.has(r.id)) repeated('leistung', r.id, r.at);
        leistungen.delete(r.id); // re-insert: document order is the last occurrence's
        leistungen.set(r.id, r.at);
        services.delete(r.id);
        const s = mapper.service(r);
        if (s) services.set(r.id, s);
        break;
      }
      case 'organisationseinheit':
        if (units.has(r.id)) repeated('organisationseinheit', r.id, r.at);
        units.delete(r.id);
        units.set(r.id, r);
        break;
      case 'onlinedienst':
        if (onlinedienste.has(r.id)) repeated('onlinedienst', r.id, r.at);
        onlinedienste.set(r.id, r);
        break;
      case 'zustaendigkeit':
        zustaendigkeiten.push(r);
        break;
      case 'loesche':
        loesche.push({ klasse: r.klasse, id: r.id, at: r.at });
        break;
      case 'other':
        warnings.push({
          ...r.at,
          klasse: r.element,
          objectId: r.id,
          message: `${r.element} is not mapped to the catalog; skipped`,
        });
    }
  }

  const set = emptyChangeSet();
  const authorities = new Map<string, AuthorityWithAssignments>(); // by xzufi id
  for (const r of units.values()) authorities.set(r.id, mapper.authority(r));

  // Responsibilities may come before or after the objects they tie together: resolved once everything is read.
  const extraServices = new Map<string, Service>();
  const extraAuthorities = new Map<string, AuthorityWithAssignments>();
  // A unit's assignments by id while they are collected (a big office has thousands; replacing in a list was
  // quadratic), written back to the units once all are read.
  const assignmentsOf = new Map<AuthorityWithAssignments, Map<string, Assignment>>();
  for (const z of zustaendigkeiten) {
    const p = (message: string) =>
      problems.push({ ...z.at, klasse: 'zustaendigkeitTransferObjekt', objectId: z.id, message });
    const service = resolveService(z.leistungId, services, extraServices, options.existing);
    if (!service) {
      p(`leistungID "${z.leistungId ?? ''}" names no leistung of this message or the catalog`);
      continue;
    }
    const areas = z.gebietIds.map((ars) => ({ ars, ags: mapper.agsOf(ars) }));
    for (const a of areas) if (!a.ags) p(`gebietID "${a.ars}" is no known area (ARS)`);
    if (areas.length === 0) p('has no gebietID');
    const od = z.parentId ? onlinedienste.get(z.parentId) : undefined;
    if (od) {
      const o = mapper.onlineService(od);
      if (o && !service.onlineServices.some((x) => x.url === o.url)) service.onlineServices.push(o);
      continue;
    }
    const unit = resolveAuthority(z.parentId, authorities, extraAuthorities, options.existing);
    if (!unit) {
      p(
        `uebergeordnetesObjektID "${z.parentId ?? ''}" names no organisationseinheit or onlinedienst of this message or the catalog`,
      );
      continue;
    }
    const role = z.rolle === null ? 'zustaendige_stelle' : ROLE_BY_CODE.get(z.rolle);
    if (!role) {
      p(`rolle "${z.rolle}" is unknown; allowed: ${[...ROLE_BY_CODE].map(([c, r]) => `${c} (${r})`).join(', ')}`);
      continue;
    }
    for (const a of areas) {
      if (!a.ags) continue;
      const assignment: Assignment = {
        id: areas.length === 1 ? z.id : `${z.id}@${a.ags}`,
        tenantAgs: options.tenantAgs,
        serviceId: service.id,
        task: null,
        areaAgs: a.ags,
        authorityId: unit.id,
        role,
        deepLink: z.deepLink,
        note: z.note,
      };
      let byId = assignmentsOf.get(unit);
      if (!byId) {
        byId = new Map(unit.assignments.map((x) => [x.id, x]));
        assignmentsOf.set(unit, byId);
      }
      byId.delete(assignment.id); // re-insert: a repeated one goes to the end, as before
      byId.set(assignment.id, assignment);
    }
  }
  for (const [unit, byId] of assignmentsOf) unit.assignments = [...byId.values()];
  const tied = new Set(zustaendigkeiten.map((z) => z.parentId));
  for (const od of onlinedienste.values()) {
    if (!tied.has(od.id)) {
      warnings.push({
        ...od.at,
        klasse: 'onlinedienst',
        objectId: od.id,
        message: 'no zustaendigkeit ties this onlinedienst to a leistung; skipped',
      });
    }
  }

  const removals: XzufiImportRemoval[] = [];
  for (const d of loesche) {
    if (!(LOESCHE_KLASSEN as readonly string[]).includes(d.klasse)) {
      problems.push({
        ...d.at,
        klasse: 'loesche',
        objectId: d.id,
        message: `klasse "${d.klasse}" is unknown; allowed: ${LOESCHE_KLASSEN.join(', ')}`,
      });
      continue;
    }
    const id = slugId(d.id);
    const known =
      !options.existing ||
      ((d.klasse === 'Leistung' ? options.existing.serviceById(id) !== undefined : true) &&
        (d.klasse === 'Organisationseinheit' ? options.existing.authorityById(id) !== undefined : true));
    const sent =
      d.klasse === 'Leistung' ? leistungen.has(d.id) : d.klasse === 'Organisationseinheit' ? units.has(d.id) : false;
    if (sent) {
      problems.push({
        ...d.at,
        klasse: 'loesche',
        objectId: d.id,
        message: `${d.klasse} is both written and deleted in this message`,
      });
    } else if (!known) {
      warnings.push({
        ...d.at,
        klasse: 'loesche',
        objectId: d.id,
        message: `${d.klasse} "${d.id}" is not in the catalog; nothing to delete`,
      });
    } else {
      removals.push({ ...d.at, klasse: d.klasse as LoescheKlasse, xzufiId: d.id, id });
    }
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new XzufiImportError(problems);
  }
  const label = (kind: string, id: string, a: Position) => `xzufi: ${kind} "${id}" (line ${a.line})`;
  for (const [xid, s] of [...services, ...extraServices]) {
    const at = leistungen.get(xid) ?? { line: 0, column: 0 };
    set.services.push({ label: label('leistung', xid, at), value: s });
  }
  for (const [xid, a] of [...authorities, ...extraAuthorities]) {
    const at = units.get(xid)?.at ?? { line: 0, column: 0 };
    set.authorities.push({ label: label('organisationseinheit', xid, at), value: a });
  }
  return { changeSet: set, removals, report: { header, counts, warnings, bytesRead } };
}

function resolveService(
  xid: string | null,
  inMessage: Map<string, Service>,
  extra: Map<string, Service>,
  existing: ExistingCatalog | undefined,
): Service | undefined {
  if (!xid) return undefined;
  const found = inMessage.get(xid) ?? extra.get(xid);
  if (found) return found;
  const old = existing?.serviceById(slugId(xid));
  if (!old) return undefined;
  // Only its online services can change here; a copy so that the caller's record is left alone.
  const copy = { ...old, onlineServices: [...old.onlineServices] };
  extra.set(xid, copy);
  return copy;
}

function resolveAuthority(
  xid: string | null,
  inMessage: Map<string, AuthorityWithAssignments>,
  extra: Map<string, AuthorityWithAssignments>,
  existing: ExistingCatalog | undefined,
): AuthorityWithAssignments | undefined {
  if (!xid) return undefined;
  const found = inMessage.get(xid) ?? extra.get(xid);
  if (found) return found;
  const old = existing?.authorityById(slugId(xid));
  if (!old) return undefined;
  // Records are replaced whole, so the unit's other assignments are carried along.
  const copy = { ...old, assignments: [...old.assignments] };
  extra.set(xid, copy);
  return copy;
}

/** The per-object rules, with the problem lists they report into. */
class Mapper {
  private readonly agsByArs = new Map<string, string>();
  private readonly seenLeikaKeys = new Map<string, string>();

  constructor(
    private readonly options: XzufiImportOptions,
    private readonly problems: XzufiProblem[],
    private readonly warnings: XzufiProblem[],
  ) {
    for (const a of options.areas) this.agsByArs.set(a.ars, a.ags);
  }

  agsOf(ars: string): string | undefined {
    return this.agsByArs.get(ars) ?? (/^0{12}$/.test(ars) ? '00' : undefined);
  }

  service(r: LeistungRecord): Service | null {
    const p = (a: Position, message: string) =>
      this.problems.push({ ...a, klasse: 'leistung', objectId: r.id, message });
    const leikaKey = r.leikaKeys[0] ?? null;
    if (leikaKey) {
      const bad = leikaKeyProblem(leikaKey);
      if (bad) p(r.at, `referenzLeiKa "${leikaKey}" ${bad}`);
      const other = this.seenLeikaKeys.get(leikaKey);
      if (other && other !== r.id)
        p(r.at, `LeiKa key ${leikaKey} is already used by leistung "${other}" of this message`);
      this.seenLeikaKeys.set(leikaKey, r.id);
    }
    if (r.leikaKeys.length > 1) {
      this.warnings.push({
        ...r.at,
        klasse: 'leistung',
        objectId: r.id,
        message: `several referenzLeiKa; ${leikaKey} is used`,
      });
    }
    const existing =
      (leikaKey ? this.options.existing?.serviceByLeikaKey(leikaKey) : undefined) ??
      this.options.existing?.serviceById(slugId(r.id));
    if (existing && existing.tenantAgs !== this.options.tenantAgs) {
      p(
        r.at,
        `matches service "${existing.id}" of tenant ${existing.tenantAgs}; it cannot be imported for tenant ${this.options.tenantAgs}`,
      );
    }

    const texts: Record<string, string | null> = {};
    const textModules: Record<string, string> = {};
    let forms: { title: string; url: string }[] = [];
    let german02: string | null = null;
    let german03: string | null = null;
    for (const m of r.modules) {
      if (!(TEXT_MODULE_CODES as readonly string[]).includes(m.code)) {
        p(m.at, `text module code "${m.code}" is unknown; allowed: ${TEXT_MODULE_CODES.join(', ')}`);
        continue;
      }
      if (m.code === '14') forms = m.links.map((l) => ({ title: l.title ?? l.url, url: l.url }));
      else if (m.links.length > 0) {
        this.warnings.push({
          ...m.at,
          klasse: 'leistung',
          objectId: r.id,
          message: `links of text module ${m.code} are not kept (the catalog has no field for them)`,
        });
      }
      for (const t of m.texts) {
        if (t.lang !== 'de') textModules[languageKey(m.code, t.lang)] = t.text;
        else if (m.code === '02') german02 = t.text;
        else if (m.code === '03') german03 = t.text;
        else if (FIELD_BY_TEXT_MODULE[m.code]) texts[FIELD_BY_TEXT_MODULE[m.code] as string] = t.text;
        else textModules[m.code] = t.text;
      }
    }
    for (const s of r.structured) {
      const m = STRUCTURED_MODULES.find((x) => x.element === s.element);
      if (!m) continue;
      for (const t of s.texts) {
        if (t.lang === 'de') texts[m.field] = t.text;
        else textModules[languageKey(m.pvogCode, t.lang)] = t.text;
      }
    }
    const name = german03 ?? german02 ?? existing?.name ?? null;
    if (!name) p(r.at, 'has no name (text module 03 Leistungsname or 02 Leistungsbezeichnung in German)');
    if (german02 !== null && german02 !== name) textModules['02'] = german02;

    const type = r.typisierung[0];
    if (type && !(LEIKA_TYPES as readonly string[]).includes(type.code)) {
      p(type.at, `typisierung "${type.code}" is unknown; allowed: ${LEIKA_TYPES.join(', ')}`);
    }
    const leikaType = type?.code ?? existing?.leikaType ?? null;
    const sorted = Object.fromEntries(Object.entries(textModules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const t = (k: string) => texts[k] ?? null;
    return {
      id: existing?.id ?? slugId(r.id),
      tenantAgs: this.options.tenantAgs,
      leikaKey,
      leikaType,
      name: name ?? '',
      synonyms: [...new Set(r.synonyms)],
      task: existing?.task ?? null,
      lebenslagen: r.lebenslagen,
      teaser: t('teaser'),
      fullText: t('fullText'),
      documents: t('documents'),
      prerequisites: t('prerequisites'),
      fees: t('fees'),
      deadlines: t('deadlines'),
      processingTime: t('processingTime'),
      procedure: t('procedure'),
      legalBasis: t('legalBasis'),
      hints: t('hints'),
      furtherInfo: t('furtherInfo'),
      forms,
      onlineServices: [],
      textModules: sorted,
      defaultLevel: existing?.defaultLevel ?? LEVEL_BY_TYPE[leikaType ?? ''] ?? this.options.defaultLevel ?? 'gemeinde',
      defaultLegalBasis: existing?.defaultLegalBasis ?? null,
      defaultReason: existing?.defaultReason ?? null,
      rules: existing?.rules ?? [],
      // XZuFi carries no responsibility rules: what the catalog knows of them (inheriting the task's, the
      // connecting factor) stays as it is.
      ...(existing?.inheritsResponsibility !== undefined
        ? { inheritsResponsibility: existing.inheritsResponsibility }
        : {}),
      ...(existing?.connectingFactor !== undefined ? { connectingFactor: existing.connectingFactor } : {}),
      version: existing?.version ?? 1,
    };
  }

  authority(r: OrganisationseinheitRecord): AuthorityWithAssignments {
    const p = (message: string) =>
      this.problems.push({ ...r.at, klasse: 'organisationseinheit', objectId: r.id, message });
    if (!r.name) p('has no name');
    const fromArs = r.ars ? this.agsOf(r.ars) : undefined;
    if (r.ars && !fromArs && !r.ags) p(`regionalschluessel "${r.ars}" is no known area (ARS)`);
    const existing = this.options.existing?.authorityById(slugId(r.id));
    const channel = (...codes: string[]) => r.channels.find((c) => codes.includes(c.code))?.value ?? null;
    return {
      id: slugId(r.id),
      tenantAgs: this.options.tenantAgs,
      areaAgs: r.ags ?? fromArs ?? this.options.tenantAgs,
      parentId: r.parentId ? slugId(r.parentId) : null,
      name: r.name ?? '',
      address: { street: r.street, postcode: r.postcode, city: r.city },
      phone: channel(KANAL.phone, '03'),
      fax: channel(KANAL.fax),
      email: channel(KANAL.email),
      website: r.website,
      openingHours: r.openingHours,
      openingHoursNote: r.openingHoursNote,
      accessibility: r.accessibility,
      sample: existing?.sample ?? false,
      version: existing?.version ?? 1,
      assignments: [],
    };
  }

  onlineService(r: OnlinedienstRecord): OnlineService | null {
    const p = (message: string) => this.problems.push({ ...r.at, klasse: 'onlinedienst', objectId: r.id, message });
    const url = r.urls[0];
    if (!url) {
      p('has no link');
      return null;
    }
    const type = r.art ?? 'antrag';
    if (!(ONLINE_SERVICE_TYPES as readonly string[]).includes(type)) {
      p(`art "${type}" is unknown; allowed: ${ONLINE_SERVICE_TYPES.join(', ')}`);
      return null;
    }
    if (r.trustLevel !== null && !(TRUST_LEVELS as readonly string[]).includes(r.trustLevel)) {
      p(`vertrauensniveau "${r.trustLevel}" is unknown; allowed: ${TRUST_LEVELS.join(', ')}`);
      return null;
    }
    const o: OnlineService = { title: r.title ?? url, url, type: type as OnlineService['type'] };
    if (r.trustLevel) o.trustLevel = r.trustLevel as OnlineService['trustLevel'];
    return o;
  }
}
