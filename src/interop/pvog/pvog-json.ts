// A PVOG service description (JSON) → a patch for a `Service`: texts by text-module code, fees, deadlines, processing
// time, online services with trust level, synonyms, Lebenslagen names and validity. Two shapes exist: the full one
// (`details[]` modules by LeiKa code) and a reduced one (`description`, `requirements`, `legal_basis`).
import type { Link, OnlineService, Service } from '../../features/catalog/catalog.ts';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { htmlToText } from '../html-text.ts';
import { FIELD_BY_TEXT_MODULE, TEXT_MODULE_CODES } from '../xzufi/xzufi.ts';
import type { PvogProvenance } from './pvog-csv.ts';

export type ServicePatch = Partial<
  Pick<
    Service,
    | 'name'
    | 'leikaKey'
    | 'leikaType'
    | 'synonyms'
    | 'teaser'
    | 'fullText'
    | 'documents'
    | 'prerequisites'
    | 'fees'
    | 'deadlines'
    | 'processingTime'
    | 'procedure'
    | 'legalBasis'
    | 'hints'
    | 'furtherInfo'
    | 'forms'
    | 'onlineServices'
    | 'textModules'
    | 'audience'
  >
>;

export interface PvogDescriptionResult {
  patch: ServicePatch;
  /** Lebenslagen as PVOG names them (its tree flattened to the leaves): the catalog keys Lebenslagen by its own ids, so the caller maps names to ids. */
  lebenslagenNames: string[];
  provenance: PvogProvenance;
  /** PVOG trust levels we could not map (kept out of the patch rather than guessed). */
  warnings: string[];
}

interface PvogLink {
  uri?: string;
  title?: string;
}
interface PvogModule {
  code?: string;
  title?: string;
  text?: string;
  placeholder?: boolean;
  links?: PvogLink[];
  details?: PvogModule[];
  xZufiCategory?: string;
}
interface PvogMatter {
  name?: string;
  children?: PvogMatter[];
}

/**
 * PVOG's `levelOfConfidence` values seen in exports. Only the eIDAS names are mapped with certainty; numeric codes
 * are reported as warnings until their meaning is confirmed (see docs/xzufi.md).
 */
const TRUST_BY_PVOG: Record<string, OnlineService['trustLevel']> = {
  basisregistrierung: 'basisregistrierung',
  niedrig: 'basisregistrierung',
  substanziell: 'substanziell',
  hoch: 'hoch',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const text = (html: string | undefined): string | null => {
  const t = html ? htmlToText(html) : '';
  return t === '' ? null : t;
};
const linkLines = (links: PvogLink[] | undefined): string | null => {
  const lines = (links ?? []).filter((l) => str(l.uri)).map((l) => `- ${l.title ? `${l.title}: ` : ''}${l.uri}`);
  return lines.length ? lines.join('\n') : null;
};
const join = (...parts: (string | null)[]): string | null => parts.filter(Boolean).join('\n\n') || null;

export function readPvogDescription(json: unknown, name = 'description.json'): PvogDescriptionResult {
  const issues: ValidationIssue[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ValidationError(`${name} is not a PVOG service description`, [
      { record: name, field: '(file)', message: 'must be a JSON object with name and details or description' },
    ]);
  }
  const d = json as Record<string, unknown>;
  const patch: ServicePatch = {};
  const warnings: string[] = [];
  const textModules: Record<string, string> = {};
  const pvogId = str(d.id) ?? str(d.idlb)?.replace(/_/g, '.') ?? null;
  if (!pvogId) issues.push({ record: name, field: 'id', message: 'missing (id or idlb)' });
  const title = str(d.name);
  if (title) patch.name = title;
  else issues.push({ record: name, field: 'name', message: 'missing' });
  const keys = Array.isArray(d.leikakeys) ? d.leikakeys.filter((k): k is string => typeof k === 'string') : [];
  if (keys[0]) patch.leikaKey = keys[0];
  if (keys.length > 1) warnings.push(`several LeiKa keys (${keys.join(', ')}); ${keys[0]} is used`);
  const typing = Array.isArray(d.typing) ? (d.typing[0] as { code?: string } | undefined) : undefined;
  if (typing?.code) patch.leikaType = typing.code;
  // PVOG's addressees ("Bürger", "Unternehmen") say whom the service is for; a town's list shows citizens' first.
  if (Array.isArray(d.addressees)) {
    const audience = new Set<'citizens' | 'businesses'>();
    for (const a of d.addressees) {
      if (typeof a !== 'string') continue;
      if (/bürger|einwohner|privat/i.test(a)) audience.add('citizens');
      else if (/unternehm|wirtschaft|gewerb|betrieb/i.test(a)) audience.add('businesses');
    }
    if (audience.size) patch.audience = [...audience].sort();
  }
  if (Array.isArray(d.synonyms)) patch.synonyms = [...new Set(d.synonyms.filter((s): s is string => !!str(s)))];

  const details = Array.isArray(d.details) ? (d.details as PvogModule[]) : [];
  for (const [i, m] of details.entries()) {
    const code = m.code ?? '';
    if (m.placeholder) continue; // "nicht angegeben" and the like: nothing to say
    if (m.xZufiCategory === 'TEXT_MODUL_INDIVIDUELL') continue; // PVOG's own status flags
    if (code === '98') patch.fees = text(m.text);
    else if (code === '97') patch.deadlines = join(text(m.text), subLines(m.details, true));
    else if (code === '95') patch.processingTime = join(text(m.text), subLines(m.details, false));
    else if (code === '14') {
      const t = text(m.text);
      if (t) textModules['14'] = t;
      const forms: Link[] = (m.links ?? []).flatMap((l) => (l.uri ? [{ title: l.title || l.uri, url: l.uri }] : []));
      if (forms.length) patch.forms = forms;
    } else if (code === '03') {
      if (!title && text(m.text)) patch.name = text(m.text) as string;
    } else if ((TEXT_MODULE_CODES as readonly string[]).includes(code)) {
      // legal basis and further information often come as links only
      const value = join(text(m.text), linkLines(m.links));
      if (!value) continue;
      const field = FIELD_BY_TEXT_MODULE[code];
      if (field) patch[field] = value;
      else if (code !== '02' || value !== patch.name) textModules[code] = value;
    } else {
      issues.push({
        record: name,
        field: `details.${i}.code`,
        message: `"${code}" is no text module; allowed: ${TEXT_MODULE_CODES.join(', ')}, 95, 97, 98`,
      });
    }
  }
  // the reduced shape
  if (!patch.fullText && str(d.description)) patch.fullText = text(d.description as string);
  if (!patch.prerequisites && str(d.requirements)) patch.prerequisites = (d.requirements as string).trim();
  if (!patch.legalBasis && str(d.legal_basis)) patch.legalBasis = (d.legal_basis as string).trim();
  if (Object.keys(textModules).length) patch.textModules = textModules;

  if (Array.isArray(d.onlineServiceLinks)) {
    patch.onlineServices = (d.onlineServiceLinks as (PvogLink & { levelOfConfidence?: string; id?: string })[]).flatMap(
      (l) => {
        if (!l.uri) return [];
        const o: OnlineService = { title: l.title || l.uri, url: l.uri, type: 'antrag' };
        const level = l.levelOfConfidence?.toLowerCase();
        if (level && TRUST_BY_PVOG[level]) o.trustLevel = TRUST_BY_PVOG[level];
        else if (level)
          warnings.push(`online service ${l.id ?? l.uri}: levelOfConfidence "${l.levelOfConfidence}" not mapped`);
        return [o];
      },
    );
  }
  const leaves = (ms: PvogMatter[]): string[] =>
    ms.flatMap((m) => (m.children?.length ? leaves(m.children) : m.name ? [m.name] : []));
  const lebenslagenNames = Array.isArray(d.personalMatters) ? leaves(d.personalMatters as PvogMatter[]) : [];

  if (issues.length > 0) throw new ValidationError(`${name} has ${issues.length} problem(s)`, issues);
  return {
    patch,
    lebenslagenNames,
    provenance: {
      source: 'pvog-json',
      pvogId: pvogId as string,
      updatedAt: str(d.externalLastUpdate) ?? str(d.lastUpdate),
      validFrom: str(d.validFrom),
      validTo: str(d.validTo) ?? str(d.valid_to),
    },
    warnings,
  };
}

/** Sub-modules of Frist/Bearbeitungsdauer: `title: text` lines (or the text alone when the title repeats it). */
function subLines(details: PvogModule[] | undefined, titleFirst: boolean): string | null {
  const lines = (details ?? []).flatMap((s) => {
    const t = text(s.text);
    const title = s.title?.trim();
    if (!t && !title) return [];
    if (!titleFirst) return [`- ${title && t && title !== t ? `${t} (${title})` : (t ?? title)}`];
    return [`- ${title && t ? `${title}: ${t}` : (t ?? title)}`];
  });
  return lines.length ? lines.join('\n') : null;
}
