import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  type Assignment,
  type CatalogChangeSet,
  emptyChangeSet,
  type Level,
  type LocalServiceSetting,
  type ResponsibilityRule,
  type Rule,
  SERVICE_TEXT_FIELDS,
  type ServiceTexts,
  type Task,
} from '../../features/catalog/index.ts';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import {
  type AreaKindRecord,
  type AreaRecord,
  type AuthorityRecord,
  BundleFile,
  type ContactRecord,
  FORMAT_VERSIONS,
  type LebenslageRecord,
  type OverrideRecord,
  SECTIONS,
  type ServiceRecord,
  type SettingRecord,
  type TaskRecord,
} from './bundle.schema.ts';

export interface BundleSource {
  name: string;
  text: string;
}

/** Reads a bundle file or every *.yaml / *.yml / *.json file of a folder (in name order, not recursive). */
export function readBundleSources(path: string): BundleSource[] {
  const stat = statSync(path);
  const files = stat.isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) {
    throw new ValidationError(`no bundle files (*.yaml, *.yml, *.json) in ${path}`, [
      { field: 'path', message: 'empty folder' },
    ]);
  }
  return files.map((f) => ({ name: basename(f), text: readFileSync(f, 'utf8') }));
}

const idOf = (section: string, r: Record<string, unknown>): string => {
  if (section === 'settings' && typeof r.area === 'string' && typeof r.service === 'string')
    return ` (area "${r.area}", service "${r.service}")`;
  const key = section === 'areas' ? 'ags' : section === 'areaKinds' || section === 'tasks' ? 'code' : 'id';
  const v = r[key];
  return typeof v === 'string' ? ` (${key} "${v}")` : '';
};

/**
 * Parses and checks the sources against the bundle schema and converts them into a change set.
 * Collects every problem before failing, so a user fixes a file in one go. References between records
 * (areas, tasks, services) are checked by the catalog service, which also knows what the database holds.
 */
export function parseBundle(sources: BundleSource[]): CatalogChangeSet {
  const { set, issues } = readBundle(sources);
  if (issues.length > 0)
    throw new ValidationError(`the bundle has ${issues.length} problem(s); nothing was imported`, issues);
  return set;
}

/** What a bundle reads as, with every schema problem instead of a throw (see `importBundle`). */
export interface BundleReading {
  /** The records that passed the schema. */
  set: CatalogChangeSet;
  issues: ValidationIssue[];
  /** Keys (id, code, AGS) of records left out for a schema problem: a reference to one is not a second problem. */
  leftOut: Set<string>;
}

/** Reads every file; records with a schema problem are left out of the set and named in `issues`. */
export function readBundle(sources: BundleSource[]): BundleReading {
  const issues: ValidationIssue[] = [];
  const set = emptyChangeSet();
  const leftOut = new Set<string>();

  for (const source of sources) {
    let data: unknown;
    try {
      data = /\.json$/i.test(source.name) ? JSON.parse(source.text) : parseYaml(source.text, { version: '1.2' });
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? ` line ${error.linePos[0].line}` : '';
      issues.push({
        record: source.name,
        field: `(file)${where}`,
        message: (error as Error).message.split('\n')[0] ?? 'unreadable',
      });
      continue;
    }
    if (data === null || data === undefined) continue; // an empty file is fine
    if (typeof data !== 'object' || Array.isArray(data)) {
      issues.push({
        record: source.name,
        field: '(file)',
        message: 'must be a mapping with keys such as services, areas …',
      });
      continue;
    }
    const errors = readableErrors(allErrors(data));
    // Records with a schema problem are left out, the others still read: their own problems (a missing
    // responsibility, an override naming two matches) are reported in the same run.
    const badRecords = new Set<string>();
    const badSections = new Set<string>();
    if (errors.length > 0) {
      for (const e of errors.slice(0, 200)) {
        const [, section, index, ...rest] = e.instancePath.split('/');
        const list = section ? (data as Record<string, unknown[]>)[section] : undefined;
        const record =
          Array.isArray(list) && index !== undefined ? (list[Number(index)] as Record<string, unknown>) : undefined;
        const label =
          section && index !== undefined && record && typeof record === 'object'
            ? `${source.name}: ${section}[${index}]${idOf(section, record)}`
            : source.name;
        const field = rest.length ? rest.join('.') : section && index === undefined ? section : '(record)';
        issues.push({ record: label, field, message: e.message });
        if (section && index !== undefined) {
          badRecords.add(`${section}/${index}`);
          for (const key of ['id', 'code', 'ags'])
            if (record && typeof record[key] === 'string') leftOut.add(record[key] as string);
        } else if (section && section !== 'format') badSections.add(section);
      }
    }
    const file = Object.fromEntries(
      Object.entries(data as Record<string, unknown>).map(([section, list]) => [
        section,
        badSections.has(section) || !Array.isArray(list)
          ? undefined
          : list.map((r, i) => (badRecords.has(`${section}/${i}`) ? undefined : r)),
      ]),
    ) as BundleFile;
    const label = (section: string, i: number, r: Record<string, unknown>) =>
      `${source.name}: ${section}[${i}]${idOf(section, r)}`;

    file.areaKinds?.forEach((r, i) => {
      if (!r) return;
      set.areaKinds.push({ label: label('areaKinds', i, r), value: toAreaKind(r) });
    });
    file.areas?.forEach((r, i) => {
      if (!r) return;
      set.areas.push({ label: label('areas', i, r), value: toArea(r) });
    });
    file.lebenslagen?.forEach((r, i) => {
      if (!r) return;
      set.lebenslagen.push({ label: label('lebenslagen', i, r), value: toLebenslage(r, i) });
    });
    file.tasks?.forEach((r, i) => {
      if (!r) return;
      const l = label('tasks', i, r);
      set.tasks?.push({ label: l, value: toTask(r, l, issues) });
    });
    file.services?.forEach((r, i) => {
      if (!r) return;
      const l = label('services', i, r);
      set.services.push({ label: l, value: toService(r, l, issues) });
    });
    file.authorities?.forEach((r, i) => {
      if (!r) return;
      const l = label('authorities', i, r);
      set.authorities.push({ label: l, value: toAuthority(r, l, issues) });
    });
    file.contacts?.forEach((r, i) => {
      if (!r) return;
      set.contacts.push({ label: label('contacts', i, r), value: toContact(r) });
    });
    file.settings?.forEach((r, i) => {
      if (!r) return;
      set.localSettings?.push({ label: label('settings', i, r), value: toSetting(r) });
    });
    for (const key of Object.keys(file)) {
      if (key !== 'format' && !(SECTIONS as readonly string[]).includes(key)) {
        issues.push({ record: source.name, field: key, message: 'unknown section' });
      }
    }
  }
  return { set, issues, leftOut };
}

const t = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v.trim() === '' ? null : v.trim();

function toAreaKind(r: AreaKindRecord) {
  return { code: r.code, name: r.name, tiers: r.tiers as Level[], description: t(r.description) };
}

function toArea(r: AreaRecord) {
  return {
    ags: r.ags,
    ars: r.ars,
    name: r.name,
    kind: r.kind,
    parentAgs: r.parent ?? null,
    slug: r.slug,
    postcodes: r.postcodes ?? [],
    population: r.population ?? null,
    mainAuthorityId: r.mainAuthority ?? null,
    website: r.website ?? null,
    // Only when the file names them ([] clears), so older files leave an area's dated kinds alone.
    ...(r.kindChanges ? { kindChanges: r.kindChanges.map((c) => ({ kind: c.kind, validFrom: c.validFrom })) } : {}),
  };
}

function toLebenslage(r: LebenslageRecord, index: number) {
  return {
    id: r.id,
    parentId: r.parent ?? null,
    name: r.name,
    nameEn: t(r.nameEn),
    description: t(r.description),
    themenfeld: t(r.themenfeld),
    position: r.position ?? index,
  };
}

/** The dated / answered-elsewhere parts, only when set (so a format-1 record reads exactly as before). */
const ruleExtras = (o: OverrideRecord) => ({
  ...(o.answeredBy ? { answeredByAgs: o.answeredBy } : {}),
  ...(o.validFrom ? { validFrom: o.validFrom } : {}),
  ...(o.validUntil ? { validUntil: o.validUntil } : {}),
});

function toRules(
  owner: string,
  overrides: OverrideRecord[] | undefined,
  label: string,
  field: string,
  issues: ValidationIssue[],
): Rule[] {
  return (overrides ?? []).map((o, i) => {
    if ((o.area ? 1 : 0) + (o.areaKind ? 1 : 0) + (o.subtree ? 1 : 0) !== 1) {
      issues.push({
        record: label,
        field: `${field}.${i}`,
        message: 'needs exactly one of area, subtree or areaKind',
      });
    }
    return {
      id: `${owner}#${i}`,
      position: i,
      matchType: o.area ? 'area' : o.subtree ? 'subtree' : 'area_kind',
      matchValue: (o.area ?? o.subtree ?? o.areaKind ?? '') as string,
      withinAgs: o.within ?? null,
      level: o.level as Level,
      legalBasis: t(o.legalBasis),
      reason: t(o.reason),
      ...ruleExtras(o),
    };
  });
}

function toTask(r: TaskRecord, label: string, issues: ValidationIssue[]): Task {
  return {
    code: r.code,
    tenantAgs: r.tenant,
    name: r.name.trim(),
    defaultLevel: r.responsibility.default as Level,
    defaultLegalBasis: t(r.responsibility.legalBasis),
    defaultReason: t(r.responsibility.reason),
    connectingFactor: r.connectingFactor ?? null,
    rules: toRules(`task:${r.code}`, r.responsibility.overrides, label, 'responsibility.overrides', issues),
    version: 1,
  };
}

function toService(r: ServiceRecord, label: string, issues: ValidationIssue[]) {
  const rules: ResponsibilityRule[] = toRules(
    r.id,
    r.responsibility?.overrides,
    label,
    'responsibility.overrides',
    issues,
  ).map((rule) => ({ ...rule, serviceId: r.id }));
  if (!r.responsibility && !r.task)
    issues.push({
      record: label,
      field: 'responsibility',
      message: 'required unless the service has a task whose responsibility is defined under tasks (format 2)',
    });
  return {
    id: r.id,
    tenantAgs: r.tenant,
    leikaKey: t(r.leikaKey),
    leikaType: t(r.leikaType),
    name: r.name.trim(),
    synonyms: [...new Set((r.synonyms ?? []).map((s) => s.trim()).filter(Boolean))],
    task: r.task ?? null,
    lebenslagen: r.lebenslagen ?? [],
    ...(Object.fromEntries(SERVICE_TEXT_FIELDS.map((f) => [f, t(r[f])])) as ServiceTexts),
    forms: r.forms ?? [],
    onlineServices: (r.onlineServices ?? []).map((o) => ({ ...o, type: o.type ?? 'antrag' })) as never,
    textModules: r.textModules ?? {},
    // A service that inherits keeps a placeholder default; the resolver takes the task's (decision 0120).
    defaultLevel: (r.responsibility?.default ?? 'gemeinde') as Level,
    defaultLegalBasis: t(r.responsibility?.legalBasis),
    defaultReason: t(r.responsibility?.reason),
    rules,
    ...(r.responsibility ? {} : { inheritsResponsibility: true }),
    ...(r.connectingFactor ? { connectingFactor: r.connectingFactor } : {}),
    ...(r.audience?.length ? { audience: [...new Set(r.audience)].sort() } : {}),
    ...(r.provenance
      ? {
          provenance: {
            source: r.provenance.source,
            externalId: t(r.provenance.externalId),
            upstreamUpdatedAt: r.provenance.upstreamUpdatedAt ?? null,
          },
        }
      : {}),
    version: 1,
  };
}

function toAuthority(r: AuthorityRecord, label: string, issues: ValidationIssue[]) {
  const tenantAgs = r.tenant ?? r.area;
  const assignments: Assignment[] = [];
  (r.responsibleFor ?? []).forEach((e, i) => {
    if ((e.service ? 1 : 0) + (e.task ? 1 : 0) !== 1) {
      issues.push({ record: label, field: `responsibleFor.${i}`, message: 'needs exactly one of service or task' });
      return;
    }
    for (const areaAgs of e.areas ?? [r.area]) {
      assignments.push({
        id: `${r.id}#${i}@${areaAgs}`,
        tenantAgs,
        serviceId: e.service ?? null,
        task: e.task ?? null,
        areaAgs,
        authorityId: r.id,
        role: e.role ?? 'zustaendige_stelle',
        deepLink: e.deepLink ?? null,
        note: t(e.note),
        ...(e.validFrom ? { validFrom: e.validFrom } : {}),
        ...(e.validUntil ? { validUntil: e.validUntil } : {}),
      });
    }
  });
  return {
    id: r.id,
    tenantAgs,
    areaAgs: r.area,
    parentId: r.parent ?? null,
    name: r.name,
    address: { street: t(r.address?.street), postcode: t(r.address?.postcode), city: t(r.address?.city) },
    phone: t(r.phone),
    fax: t(r.fax),
    email: t(r.email),
    website: r.website ?? null,
    openingHours: t(r.openingHours),
    openingHoursNote: t(r.openingHoursNote),
    accessibility: t(r.accessibility),
    sample: r.sample ?? false,
    version: 1,
    assignments,
  };
}

function toSetting(r: SettingRecord): LocalServiceSetting {
  return {
    areaAgs: r.area,
    serviceId: r.service,
    offered: r.offered ?? true,
    reason: t(r.reason),
    alternativeUrl: r.alternativeUrl ?? null,
    alternativeServiceId: r.alternativeService ?? null,
    localText: t(r.localText),
    localFees: t(r.localFees),
    localDocuments: t(r.localDocuments),
    localOnlineServices: (r.localOnlineServices ?? []).map((o) => ({
      title: o.title,
      url: o.url,
      type: o.type ?? 'antrag',
      ...(o.trustLevel ? { trustLevel: o.trustLevel } : {}),
    })),
  };
}

function toContact(r: ContactRecord) {
  return {
    id: r.id,
    tenantAgs: r.tenant ?? '',
    authorityId: r.authority,
    name: t(r.name),
    role: t(r.role),
    phone: t(r.phone),
    email: t(r.email),
    room: t(r.room),
    sample: r.sample ?? false,
    serviceIds: r.services ?? [],
    tasks: r.tasks ?? [],
    ...(r.areas?.length ? { areas: r.areas } : {}),
    version: 1,
  };
}

let bundleCheck: { Check(value: unknown): boolean } | undefined;

/**
 * Every schema problem of a file, not only the first eight (TypeBox's default guard against huge error lists): a
 * bundle author fixes a file in one go. Bounded still, and the global setting is restored at once.
 */
function allErrors(data: unknown) {
  // Listing errors walks every value through the interpreter (~0.4 s for 3,000 services); the compiled check of a
  // valid file, the usual case, takes a few ms. Only a file that fails it is walked for its messages.
  const check = bundleCheck ?? Compile(BundleFile);
  bundleCheck = check;
  if (check.Check(data)) return [];
  const before = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: 500 });
  try {
    // An unknown top-level key is reported by name below ("unknown section"), not as a bare schema message.
    return [...Value.Errors(BundleFile, data)].filter(
      (e) => !(e.instancePath === '' && e.keyword === 'additionalProperties'),
    );
  } finally {
    Settings.Set({ maxErrors: before });
  }
}

interface SchemaError {
  instancePath: string;
  message: string;
}

/**
 * The schema's raw errors made readable: a failed choice of constants becomes "must be one of a, b, c" (one line
 * instead of one per alternative), and a wrong `format` names the versions this program reads.
 */
export function readableErrors(
  errors: ReadonlyArray<{ instancePath: string; message: string; keyword: string; params: unknown }>,
): SchemaError[] {
  const byPath = new Map<string, { allowed: string[]; other: string[] }>();
  for (const e of errors) {
    const entry = byPath.get(e.instancePath) ?? { allowed: [], other: [] };
    const params = e.params as { allowedValue?: unknown; allowedValues?: unknown } | undefined;
    if (e.keyword === 'const' && typeof params?.allowedValue === 'string') entry.allowed.push(params.allowedValue);
    else if (e.keyword === 'enum' && Array.isArray(params?.allowedValues))
      entry.allowed.push(...params.allowedValues.map(String));
    else if (e.keyword !== 'anyOf' || entry.allowed.length === 0) entry.other.push(e.message);
    byPath.set(e.instancePath, entry);
  }
  const out: SchemaError[] = [];
  for (const [instancePath, { allowed, other }] of byPath) {
    if (instancePath === '/format')
      out.push({
        instancePath,
        message: `must be one of ${FORMAT_VERSIONS.join(', ')} (the bundle format versions this program reads)`,
      });
    else if (allowed.length > 0) out.push({ instancePath, message: `must be one of ${allowed.join(', ')}` });
    else for (const message of new Set(other)) out.push({ instancePath, message });
  }
  return out;
}
