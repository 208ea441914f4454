// Citizens' error reports: what can be reported, how a report is checked, and which tenant it goes to. Pure rules;
// SQL in feedback.repository.ts, use cases in feedback.service.ts.

import type { ResolvedService } from '../responsibility/responsibility.ts';

export const REPORT_CATEGORIES = ['wrong_authority', 'wrong_contact', 'outdated_text', 'broken_link', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const REPORT_CATEGORY_LABELS: Record<ReportCategory, string> = {
  wrong_authority: 'Falsche Stelle genannt',
  wrong_contact: 'Kontaktdaten falsch (Telefon, E-Mail, Öffnungszeiten, Ansprechpartner)',
  outdated_text: 'Text veraltet oder falsch',
  broken_link: 'Link funktioniert nicht',
  other: 'Etwas anderes',
};

export const REPORT_STATUSES = ['open', 'answered', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  open: 'offen',
  answered: 'beantwortet',
  closed: 'erledigt',
};

/** Which kind of record the report is about: the one whose owner can fix it. */
export type ReportRecordType = 'service' | 'area_service' | 'authority';

/** The answer the citizen saw, frozen at the time of the report (the page may change before an editor reads it). */
export interface ShownAnswer {
  serviceName: string;
  level: string;
  responsibleArea: string;
  authority: string | null;
  contactPoint: string | null;
  phone: string | null;
  email: string | null;
  notOffered: boolean;
}

export interface Report {
  id: string;
  tenantAgs: string;
  areaAgs: string;
  serviceId: string | null;
  recordType: ReportRecordType;
  recordId: string;
  category: ReportCategory;
  message: string;
  email: string | null;
  pageUrl: string;
  shownAnswer: ShownAnswer;
  status: ReportStatus;
  answer: string | null;
  handledBy: string | null;
  createdAt: string;
  answeredAt: string | null;
  closedAt: string | null;
}

export interface ReportInput {
  category: string;
  message: string;
  email: string;
  /** The honeypot: a field people never see and bots fill in. */
  website: string;
}

export const MESSAGE_MIN = 10;
export const MESSAGE_MAX = 2000;
/** More links than this in a report is what spam looks like; a citizen pastes one or two. */
export const MAX_LINKS_IN_MESSAGE = 2;

export interface FieldProblem {
  field: 'category' | 'message' | 'email';
  message: string;
}

/** Checks a report as typed; empty list = fine. The messages name what is allowed. */
export function reportProblems(input: ReportInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(REPORT_CATEGORIES as readonly string[]).includes(input.category))
    problems.push({ field: 'category', message: 'Bitte wählen Sie aus, was nicht stimmt.' });
  const message = input.message.trim();
  if (message.length < MESSAGE_MIN)
    problems.push({
      field: 'message',
      message: `Bitte beschreiben Sie den Fehler in mindestens ${MESSAGE_MIN} Zeichen.`,
    });
  else if (message.length > MESSAGE_MAX)
    problems.push({ field: 'message', message: `Bitte fassen Sie sich kürzer: höchstens ${MESSAGE_MAX} Zeichen.` });
  else if ((message.match(/https?:\/\//gi) ?? []).length > MAX_LINKS_IN_MESSAGE)
    problems.push({
      field: 'message',
      message: `Bitte nennen Sie höchstens ${MAX_LINKS_IN_MESSAGE} Links in der Beschreibung.`,
    });
  const email = input.email.trim();
  if (email !== '' && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
    problems.push({
      field: 'email',
      message: 'Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an oder lassen Sie das Feld leer.',
    });
  return problems;
}

/**
 * Which record a report is about, and so which tenant gets it: the town for what it set (its "not offered", its
 * local text) and for its own units; the owner of the unit for a wrong unit or contact; the service's owner (the
 * Kreis for its catalog) for everything else.
 */
export function reportTarget(
  service: ResolvedService,
  category: ReportCategory,
): { tenantAgs: string; recordType: ReportRecordType; recordId: string } {
  const r = service.responsible;
  const unit = r.contactPoint ?? r.authority;
  if ((category === 'wrong_contact' || category === 'wrong_authority') && unit)
    return { tenantAgs: unit.areaAgs, recordType: 'authority', recordId: unit.id };
  const townSet = service.notOffered !== null || service.localText !== null;
  if (townSet && service.forAgs !== service.ownerAgs && (category === 'outdated_text' || category === 'other'))
    return { tenantAgs: service.forAgs, recordType: 'area_service', recordId: service.id };
  return { tenantAgs: service.ownerAgs, recordType: 'service', recordId: service.id };
}

export function shownAnswerOf(service: ResolvedService): ShownAnswer {
  const r = service.responsible;
  const reach = r.contactPoint ?? r.authority;
  return {
    serviceName: service.name,
    level: r.level,
    responsibleArea: r.areaName,
    authority: r.authority?.name ?? null,
    contactPoint: r.contactPoint?.name ?? null,
    phone: reach?.phone ?? null,
    email: reach?.email ?? null,
    notOffered: service.notOffered !== null,
  };
}

/**
 * The cache generation scope of the citizens' reports: bumped when one is filed, answered, closed or deleted, so that
 * what shows open reports (the checklist's kept answers, decision 0275) learns of it without a query per request.
 */
export const REPORTS_SCOPE = 'feedback-reports';
