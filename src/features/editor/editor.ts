// Pure rules of the editors' workspace: the edit documents of each record kind, their normalisation and checks,
// their labels. No I/O here. The diff lives in editor.diff.ts, the opening-hours grid in opening-hours-grid.ts.
import { ConflictError, NotFoundError, type ValidationIssue } from '../../shared/errors.ts';
import { areaPhrases, type CatalogAreaName } from '../areas/index.ts';
import type { EntityType } from '../auth/auth.ts';
import type {
  AreaServiceDoc,
  AuthorityDoc,
  ContactDoc,
  DocOf,
  LebenslageDoc,
  RuleDoc,
  ServiceDoc,
} from '../catalog/index.ts';
import {
  ASSIGNMENT_ROLES,
  type AssignmentRole,
  isLevel,
  LEVELS,
  type Level,
  type Link,
  leikaKeyProblem,
  makeIssue,
  ONLINE_SERVICE_TYPES,
  type OnlineService,
  SLUG,
  TRUST_LEVELS,
} from '../catalog/index.ts';
import { openingHoursProblem } from '../opening-hours/opening-hours.ts';

export type { EntityType };

// ---- errors -------------------------------------------------------------------------------------------------------

/** Someone else saved or published the same record since this editor loaded it: nothing was overwritten. */
export class EditConflictError extends ConflictError {}

export class EditorNotFoundError extends NotFoundError {}

// ---- edit documents -----------------------------------------------------------------------------------------------

// The documents are the catalog's (derived from its records, mapped there once); the editor edits them.
export type {
  AreaServiceDoc,
  AssignmentDoc,
  AuthorityDoc,
  ContactDoc,
  DocOf,
  LebenslageDoc,
  RuleDoc,
  ServiceDoc,
} from '../catalog/index.ts';
export { areaServiceKey, STRUCTURE_TENANT } from '../catalog/index.ts';

export type AnyDoc = DocOf[EntityType];

export const ENTITY_LABELS: Record<EntityType, string> = {
  service: 'Leistung',
  area_service: 'Leistung vor Ort',
  authority: 'Organisationseinheit',
  contact: 'Ansprechperson',
  lebenslage: 'Lebenslage',
};

/** URL segment of each kind below /editor/<tenant>/ and /api/v1/editor/<tenant>/. */
export const ENTITY_PATHS: Record<EntityType, string> = {
  service: 'services',
  area_service: 'services',
  authority: 'authorities',
  contact: 'contacts',
  lebenslage: 'lebenslagen',
};

/** Field labels, in display order: forms, diffs and error summaries use the same words. */
export const FIELD_LABELS: { [K in EntityType]: Partial<Record<keyof DocOf[K] & string, string>> } = {
  service: {
    name: 'Bezeichnung',
    leikaKey: 'LeiKa-Schlüssel',
    leikaType: 'LeiKa-Typ',
    synonyms: 'Suchbegriffe (Synonyme)',
    task: 'Aufgabe (Task-Code)',
    lebenslagen: 'Lebenslagen',
    teaser: 'Kurztext (Teaser)',
    fullText: 'Volltext',
    documents: 'Erforderliche Unterlagen',
    prerequisites: 'Voraussetzungen',
    fees: 'Kosten (Gebühren)',
    deadlines: 'Fristen',
    processingTime: 'Bearbeitungsdauer',
    procedure: 'Verfahrensablauf',
    legalBasis: 'Rechtsgrundlagen',
    hints: 'Hinweise',
    furtherInfo: 'Weiterführende Informationen',
    forms: 'Formulare',
    onlineServices: 'Onlinedienste',
    textModules: 'Weitere Textmodule',
    defaultLevel: 'Zuständige Ebene (Regelfall)',
    defaultLegalBasis: 'Rechtsgrundlage der Zuständigkeit',
    defaultReason: 'Begründung der Zuständigkeit',
    rules: 'Abweichende Zuständigkeiten',
  },
  area_service: {
    offered: 'Angebot vor Ort',
    reason: 'Begründung',
    alternativeUrl: 'Stattdessen (Adresse)',
    alternativeServiceId: 'Stattdessen (Leistung)',
    localText: 'Ergänzender Text vor Ort',
    localFees: 'Kosten vor Ort',
    localDocuments: 'Unterlagen vor Ort',
    localOnlineServices: 'Onlinedienste vor Ort',
  },
  authority: {
    name: 'Name',
    areaAgs: 'Gebiet (AGS)',
    parentId: 'Übergeordnete Einheit',
    street: 'Straße und Hausnummer',
    postcode: 'Postleitzahl',
    city: 'Ort',
    phone: 'Telefon',
    fax: 'Fax',
    email: 'E-Mail',
    website: 'Internetseite',
    openingHours: 'Öffnungszeiten',
    openingHoursNote: 'Hinweis zu den Öffnungszeiten',
    accessibility: 'Barrierefreiheit',
    sample: 'Beispieldaten',
    assignments: 'Zuständigkeiten',
  },
  contact: {
    authorityId: 'Organisationseinheit',
    name: 'Name',
    role: 'Funktion',
    phone: 'Telefon',
    email: 'E-Mail',
    room: 'Raum',
    sample: 'Beispieldaten',
    serviceIds: 'Leistungen',
    tasks: 'Aufgaben (Task-Codes)',
  },
  lebenslage: {
    name: 'Name',
    nameEn: 'Name (englisch)',
    parentId: 'Übergeordnete Lebenslage',
    themenfeld: 'OZG-Themenfeld',
    position: 'Position',
    description: 'Beschreibung',
  },
};

export function fieldLabel(type: EntityType, field: string): string {
  const top = field.split('.')[0] ?? field;
  return (FIELD_LABELS[type] as Record<string, string>)[top] ?? field;
}

// ---- normalisation ------------------------------------------------------------------------------------------------

type Raw = Record<string, unknown>;

/** A form value as text: trimmed, line ends normalised, empty as null. */
export const str = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/\r\n?/g, '\n').trim();
  return s === '' ? null : s;
};
/** A form value as a checkbox reads it. */
export const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 'on' || v === 1;
const list = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.map(str).filter((x): x is string => !!x);
  const s = str(v);
  return s
    ? s
        .split(/[\n,;]+/)
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
};
const URL_RE = /^https?:\/\/[^\s<>"]+$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function links(v: unknown): Link[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((x) => ({ title: str((x as Raw)?.title) ?? '', url: str((x as Raw)?.url) ?? '' }))
    .filter((l) => l.title || l.url);
}

function onlineServices(v: unknown): OnlineService[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((x) => {
      const r = (x ?? {}) as Raw;
      const trust = str(r.trustLevel);
      return {
        title: str(r.title) ?? '',
        url: str(r.url) ?? '',
        type: (str(r.type) ?? 'antrag') as OnlineService['type'],
        ...(trust ? { trustLevel: trust as OnlineService['trustLevel'] } : {}),
      };
    })
    .filter((l) => l.title || l.url);
}

/** Turns client input (JSON body or parsed form) into a document of the kind, with every field present. */
export function normalizeDoc<T extends EntityType>(type: T, raw: Raw): DocOf[T] {
  switch (type) {
    case 'service': {
      const rules = Array.isArray(raw.rules) ? (raw.rules as Raw[]) : [];
      const modules =
        raw.textModules && typeof raw.textModules === 'object' ? (raw.textModules as Record<string, unknown>) : {};
      const doc: ServiceDoc = {
        name: str(raw.name) ?? '',
        leikaKey: str(raw.leikaKey),
        leikaType: str(raw.leikaType),
        synonyms: list(raw.synonyms),
        task: str(raw.task),
        lebenslagen: list(raw.lebenslagen),
        teaser: str(raw.teaser),
        fullText: str(raw.fullText),
        documents: str(raw.documents),
        prerequisites: str(raw.prerequisites),
        fees: str(raw.fees),
        deadlines: str(raw.deadlines),
        processingTime: str(raw.processingTime),
        procedure: str(raw.procedure),
        legalBasis: str(raw.legalBasis),
        hints: str(raw.hints),
        furtherInfo: str(raw.furtherInfo),
        forms: links(raw.forms),
        onlineServices: onlineServices(raw.onlineServices),
        textModules: Object.fromEntries(
          Object.entries(modules)
            .map(([k, v]) => [k, str(v)] as const)
            .filter((e): e is readonly [string, string] => !!e[1]),
        ),
        defaultLevel: (str(raw.defaultLevel) ?? 'gemeinde') as Level,
        defaultLegalBasis: str(raw.defaultLegalBasis),
        defaultReason: str(raw.defaultReason),
        rules: rules
          .map((r) => ({
            matchType: (str(r.matchType) ?? 'area_kind') as RuleDoc['matchType'],
            matchValue: str(r.matchValue) ?? '',
            withinAgs: str(r.withinAgs),
            level: (str(r.level) ?? '') as Level,
            legalBasis: str(r.legalBasis),
            reason: str(r.reason),
            // Dated and answered-elsewhere rules (bundle format 2) keep those parts through an edit.
            ...(str(r.answeredByAgs) ? { answeredByAgs: str(r.answeredByAgs) } : {}),
            ...(str(r.validFrom) ? { validFrom: str(r.validFrom) } : {}),
            ...(str(r.validUntil) ? { validUntil: str(r.validUntil) } : {}),
          }))
          .filter((r) => r.matchValue || r.level || r.legalBasis || r.reason),
        ...(Array.isArray(raw.audience) ? { audience: raw.audience as NonNullable<ServiceDoc['audience']> } : {}),
        ...(raw.provenance && typeof raw.provenance === 'object'
          ? { provenance: raw.provenance as NonNullable<ServiceDoc['provenance']> }
          : {}),
        // A service that follows its task's rules keeps doing so until an editor chooses otherwise (decision 0150).
        ...(raw.inheritsResponsibility === true ? { inheritsResponsibility: true } : {}),
        ...(str(raw.connectingFactor)
          ? { connectingFactor: str(raw.connectingFactor) as ServiceDoc['connectingFactor'] }
          : {}),
      };
      return doc as DocOf[T];
    }
    case 'area_service': {
      const doc: AreaServiceDoc = {
        offered: raw.offered === undefined ? true : bool(raw.offered),
        reason: str(raw.reason),
        alternativeUrl: str(raw.alternativeUrl),
        alternativeServiceId: str(raw.alternativeServiceId),
        localText: str(raw.localText),
        localFees: str(raw.localFees),
        localDocuments: str(raw.localDocuments),
        localOnlineServices: onlineServices(raw.localOnlineServices),
      };
      return doc as DocOf[T];
    }
    case 'authority': {
      const assignments = Array.isArray(raw.assignments) ? (raw.assignments as Raw[]) : [];
      const doc: AuthorityDoc = {
        name: str(raw.name) ?? '',
        areaAgs: str(raw.areaAgs) ?? '',
        parentId: str(raw.parentId),
        street: str(raw.street),
        postcode: str(raw.postcode),
        city: str(raw.city),
        phone: str(raw.phone),
        fax: str(raw.fax),
        email: str(raw.email),
        website: str(raw.website),
        openingHours: str(raw.openingHours),
        openingHoursNote: str(raw.openingHoursNote),
        accessibility: str(raw.accessibility),
        sample: bool(raw.sample),
        assignments: assignments
          .map((a) => ({
            serviceId: str(a.serviceId),
            task: str(a.task),
            areaAgs: str(a.areaAgs) ?? '',
            role: (str(a.role) ?? 'zustaendige_stelle') as AssignmentRole,
            deepLink: str(a.deepLink),
            note: str(a.note),
          }))
          .filter((a) => a.serviceId || a.task || a.deepLink || a.note),
      };
      return doc as DocOf[T];
    }
    case 'contact': {
      const doc: ContactDoc = {
        authorityId: str(raw.authorityId) ?? '',
        name: str(raw.name),
        role: str(raw.role),
        phone: str(raw.phone),
        email: str(raw.email),
        room: str(raw.room),
        sample: bool(raw.sample),
        serviceIds: list(raw.serviceIds),
        tasks: list(raw.tasks),
      };
      return doc as DocOf[T];
    }
    case 'lebenslage': {
      const position = Number(str(raw.position) ?? 0);
      const doc: LebenslageDoc = {
        name: str(raw.name) ?? '',
        nameEn: str(raw.nameEn),
        parentId: str(raw.parentId),
        themenfeld: str(raw.themenfeld),
        position: Number.isFinite(position) ? Math.trunc(position) : Number.NaN,
        description: str(raw.description),
      };
      return doc as DocOf[T];
    }
  }
  throw new Error(`unknown entity type ${String(type)}`);
}

const MAX_TEXT = 20_000;

/**
 * An area's key as the catalog accepts it: Land 2, Regierungsbezirk 3, Kreis 5, Gemeinde 8, Gemeindeverband 9 (ARS
 * digits 1–9), a Gemeinde's district 10–12 digits.
 */
const AREA_KEY = /^(\d{2}|\d{3}|\d{5}|\d{8,12})$/;

/** Shape and syntax checks that need no database; each issue names the form field (`rules.1.level`). */
export function docIssues<T extends EntityType>(type: T, doc: DocOf[T]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  const url = (field: string, v: string | null) => {
    if (v && !URL_RE.test(v)) add(field, 'Bitte eine vollständige Adresse mit https:// angeben.');
  };
  const email = (field: string, v: string | null) => {
    if (v && !EMAIL_RE.test(v)) add(field, 'Bitte eine gültige E-Mail-Adresse angeben.');
  };
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'string' && v.length > MAX_TEXT) add(k, `Höchstens ${MAX_TEXT} Zeichen.`);
  }
  const checkOnline = (field: string, items: OnlineService[]) =>
    items.forEach((o, i) => {
      if (!o.title) add(`${field}.${i}.title`, 'Bitte einen Titel angeben.');
      if (!URL_RE.test(o.url)) add(`${field}.${i}.url`, 'Bitte eine vollständige Adresse mit https:// angeben.');
      if (!(ONLINE_SERVICE_TYPES as readonly string[]).includes(o.type)) add(`${field}.${i}.type`, 'Unbekannte Art.');
      if (o.trustLevel && !(TRUST_LEVELS as readonly string[]).includes(o.trustLevel))
        add(`${field}.${i}.trustLevel`, 'Unbekanntes Vertrauensniveau.');
    });
  switch (type) {
    case 'service': {
      const d = doc as ServiceDoc;
      if (!d.name) add('name', 'Bitte eine Bezeichnung angeben.');
      if (d.leikaKey) {
        // The catalog's issue table: the same code as the bundle import reports, in German.
        const p = leikaKeyProblem(d.leikaKey);
        if (p)
          issues.push(
            makeIssue('de', 'leikaKey.format', 'leikaKey', {
              problem: p === 'must start with 99' ? 'prefix' : 'digits',
            }),
          );
      }
      if (d.task && !SLUG.test(d.task)) add('task', 'Nur Kleinbuchstaben, Ziffern und Bindestriche.');
      if (!isLevel(d.defaultLevel)) add('defaultLevel', `Bitte eine Ebene wählen (${LEVELS.join(', ')}).`);
      d.forms.forEach((f, i) => {
        if (!f.title) add(`forms.${i}.title`, 'Bitte einen Titel angeben.');
        if (!URL_RE.test(f.url)) add(`forms.${i}.url`, 'Bitte eine vollständige Adresse mit https:// angeben.');
      });
      checkOnline('onlineServices', d.onlineServices);
      d.rules.forEach((r, i) => {
        if (r.matchType !== 'area' && r.matchType !== 'area_kind')
          add(`rules.${i}.matchType`, 'Gebiet oder Gebietsart wählen.');
        if (!r.matchValue) add(`rules.${i}.matchValue`, 'Bitte das Gebiet (AGS) oder die Gebietsart angeben.');
        else if (r.matchType === 'area' && !/^\d{2,8}$/.test(r.matchValue))
          add(`rules.${i}.matchValue`, 'Ein Gebiet wird mit seinem AGS angegeben.');
        if (!isLevel(r.level)) add(`rules.${i}.level`, 'Bitte eine Ebene wählen.');
      });
      break;
    }
    case 'area_service': {
      const d = doc as AreaServiceDoc;
      if (!d.offered && !d.reason) add('reason', 'Bitte begründen, warum die Leistung hier nicht angeboten wird.');
      if (!d.offered && !d.alternativeUrl && !d.alternativeServiceId) {
        add('alternativeUrl', 'Bitte angeben, wohin sich Bürgerinnen und Bürger stattdessen wenden.');
      }
      url('alternativeUrl', d.alternativeUrl);
      if (d.alternativeServiceId && !SLUG.test(d.alternativeServiceId))
        add('alternativeServiceId', 'Unbekannte Leistung.');
      checkOnline('localOnlineServices', d.localOnlineServices);
      break;
    }
    case 'authority': {
      const d = doc as AuthorityDoc;
      if (!d.name) add('name', 'Bitte einen Namen angeben.');
      if (!AREA_KEY.test(d.areaAgs)) add('areaAgs', 'Bitte das Gebiet (AGS) angeben.');
      if (d.postcode && !/^\d{5}$/.test(d.postcode)) add('postcode', 'Die Postleitzahl hat fünf Ziffern.');
      email('email', d.email);
      url('website', d.website);
      if (d.openingHours) {
        const p = openingHoursProblem(d.openingHours);
        if (p) add('openingHours', `Die Öffnungszeiten sind nicht lesbar: ${p}`);
      }
      d.assignments.forEach((a, i) => {
        if (!!a.serviceId === !!a.task)
          add(`assignments.${i}.serviceId`, 'Genau eines von Leistung oder Aufgabe angeben.');
        if (!AREA_KEY.test(a.areaAgs)) add(`assignments.${i}.areaAgs`, 'Bitte das Gebiet (AGS) angeben.');
        if (!(ASSIGNMENT_ROLES as readonly string[]).includes(a.role))
          add(`assignments.${i}.role`, 'Unbekannte Rolle.');
        url(`assignments.${i}.deepLink`, a.deepLink);
      });
      break;
    }
    case 'contact': {
      const d = doc as ContactDoc;
      if (!d.authorityId) add('authorityId', 'Bitte die Organisationseinheit wählen.');
      if (!d.name && !d.role) add('name', 'Bitte einen Namen oder eine Funktion angeben.');
      email('email', d.email);
      break;
    }
    case 'lebenslage': {
      const d = doc as LebenslageDoc;
      if (!d.name) add('name', 'Bitte einen Namen angeben.');
      if (!Number.isInteger(d.position)) add('position', 'Bitte eine ganze Zahl angeben.');
      break;
    }
  }
  return issues;
}

export function idProblem(id: string): string | null {
  if (!SLUG.test(id) || id.length > 100)
    return 'Die Kennung besteht aus Kleinbuchstaben, Ziffern und Bindestrichen (z. B. "sperrmuell-anmelden").';
  return null;
}

/** Entity id of a town's settings for a service: one record per (town, service). */

/**
 * The owner of a service as the subject of a sentence: "der Bund", "das Land Nordrhein-Westfalen", "der Kreis Soest",
 * "die Verbandsgemeinde Weißenthurm" (decision 0238: a Kreis adopts the Bund's and the Länder's texts too, and the
 * stale panel must not call every owner "der Kreis").
 */
export function ownerPhraseOf(area: CatalogAreaName): string {
  if (area.tiers.includes('bund')) return 'der Bund';
  if (area.tiers.includes('land')) return `das Land ${area.name}`;
  return areaPhrases(area)?.nom ?? area.name;
}
