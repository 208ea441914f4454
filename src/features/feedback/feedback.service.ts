// Use cases of the citizens' reports: file one (checked, rate-limited, sent to the owning tenant), list, answer and
// close them in the workspace, and the open counts the checklist uses.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { AppError, ConfigError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { canWorkIn, type Principal } from '../auth/auth.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import { scopeOfGrants } from '../catalog/index.ts';
import {
  countOpenByService,
  deleteClosedBefore,
  insertReport,
  readReport,
  readReports,
  updateReport,
} from './feedback.repository.ts';
import {
  type FieldProblem,
  REPORT_STATUSES,
  REPORTS_SCOPE,
  type Report,
  type ReportCategory,
  type ReportInput,
  type ReportStatus,
  reportProblems,
  reportTarget,
  shownAnswerOf,
} from './feedback.ts';

/** Too many reports from one address in the window: a 429 (there is no shared 429 kind yet) with a clear message. */
export class TooManyReportsError extends AppError {
  override readonly status: number = 429;
  override readonly type: string = 'too-many-reports';
}

export class ReportInvalidError extends ValidationError {
  override readonly type: string = 'report-invalid';
  constructor(readonly problems: FieldProblem[]) {
    super(
      problems.map((p) => p.message).join(' '),
      problems.map((p) => ({ record: 'report', field: p.field, message: p.message })),
    );
  }
}

export interface FeedbackConfig {
  /** Reports one address may file per window (REPORT_RATE_LIMIT, default 5). */
  perWindow: number;
  windowMs: number;
  /** Closed reports are deleted this many days after closing (REPORT_RETENTION_DAYS, default 365). */
  retentionDays?: number;
}

export function loadFeedbackConfig(env: NodeJS.ProcessEnv = process.env): FeedbackConfig {
  const n = Number(env.REPORT_RATE_LIMIT ?? 5);
  const rawDays = env.REPORT_RETENTION_DAYS?.trim() || '365';
  const days = Number(rawDays);
  if (!Number.isInteger(days) || days <= 0)
    throw new ConfigError(`REPORT_RETENTION_DAYS must be a whole number of days above 0, got "${rawDays}"`);
  return { perWindow: Number.isInteger(n) && n > 0 ? n : 5, windowMs: 15 * 60_000, retentionDays: days };
}

export interface SubmitInput extends ReportInput {
  areaAgs: string;
  serviceId: string;
  pageUrl: string;
  /** The client's address, only to rate-limit (kept hashed in memory, never stored). */
  clientIp: string;
}

export interface FeedbackService {
  /** Files a report; a filled honeypot is accepted silently and stored nowhere. Returns null then. */
  submit(input: SubmitInput, now?: Date): Promise<Report | null>;
  list(p: Principal, statuses?: readonly ReportStatus[], limit?: number): Promise<Report[]>;
  get(p: Principal, id: string): Promise<Report>;
  answer(p: Principal, id: string, answer: string, now?: Date): Promise<Report>;
  close(p: Principal, id: string, note?: string | null, now?: Date): Promise<Report>;
  openByService(areaAgs: string): Promise<Map<string, number>>;
  /** Moves whenever a report is filed, answered, closed or deleted (what kept answers showing open reports check). */
  generation(): Promise<number>;
  /** Retention: deletes reports closed more than `retentionDays` ago (open and answered ones stay); returns how many. */
  purge(now?: Date): Promise<number>;
}

export interface FeedbackHooks {
  /** A report was filed: tell the owning tenant (the notifications inbox). */
  onReport?: (report: Report) => Promise<void>;
}

export function createFeedbackService(
  db: Db,
  catalog: CatalogService,
  config: FeedbackConfig = loadFeedbackConfig(),
  hooks: FeedbackHooks = {},
): FeedbackService {
  const q = db.kysely;
  // Per process: a fixed window per hashed address. Several instances each allow `perWindow`; that bounds spam well
  // enough without storing addresses anywhere.
  const hits = new Map<string, number[]>();
  const limited = (ip: string, now: number): boolean => {
    const key = createHash('sha256').update(ip).digest('base64url').slice(0, 22);
    const recent = (hits.get(key) ?? []).filter((t) => now - t < config.windowMs);
    if (recent.length >= config.perWindow) {
      hits.set(key, recent);
      return true;
    }
    recent.push(now);
    hits.set(key, recent);
    if (hits.size > 10_000) for (const k of [...hits.keys()].slice(0, 5_000)) hits.delete(k);
    return false;
  };

  async function mine(p: Principal, id: string): Promise<Report> {
    const report = await readReport(q, id);
    if (!report) throw new NotFoundError(`Keine Meldung mit der Nummer ${id}.`);
    if (!canWorkIn(p, report.tenantAgs))
      throw new ForbiddenError('Diese Meldung gehört zu einer anderen Kommune; Sie können sie nicht bearbeiten.');
    return report;
  }

  return {
    async submit(input, now = new Date()) {
      if (input.website.trim() !== '') return null;
      const problems = reportProblems(input);
      if (problems.length > 0) throw new ReportInvalidError(problems);
      if (limited(input.clientIp, now.getTime()))
        throw new TooManyReportsError(
          'Von Ihrem Anschluss kamen in den letzten 15 Minuten schon mehrere Meldungen. Bitte versuchen Sie es später noch einmal.',
        );
      const service = await catalog.getAreaService(input.areaAgs, input.serviceId, now);
      const category = input.category as ReportCategory;
      const target = reportTarget(service, category);
      const report: Report = {
        id: randomUUID(),
        ...target,
        areaAgs: input.areaAgs,
        serviceId: service.id,
        category,
        message: input.message.trim(),
        email: input.email.trim() || null,
        pageUrl: input.pageUrl,
        shownAnswer: shownAnswerOf(service),
        status: 'open',
        answer: null,
        handledBy: null,
        createdAt: now.toISOString(),
        answeredAt: null,
        closedAt: null,
      };
      await insertReport(q, report);
      await hooks.onReport?.(report);
      return report;
    },
    async list(p, statuses = REPORT_STATUSES, limit = 200) {
      return readReports(q, p ? scopeOfGrants(p) : null, statuses, limit);
    },
    get: mine,
    async answer(p, id, answer, now = new Date()) {
      const report = await mine(p, id);
      const text = answer.trim();
      if (text.length === 0)
        throw new ValidationError('Bitte schreiben Sie eine Antwort.', [
          { record: `report ${id}`, field: 'answer', message: 'must not be empty' },
        ]);
      const set = {
        status: 'answered' as const,
        answer: text,
        handledBy: p.label,
        answeredAt: now.toISOString(),
        closedAt: null,
      };
      await updateReport(q, id, set);
      return { ...report, ...set };
    },
    async close(p, id, note = null, now = new Date()) {
      const report = await mine(p, id);
      const set = {
        status: 'closed' as const,
        answer: note?.trim() || report.answer,
        handledBy: p.label,
        answeredAt: report.answeredAt,
        closedAt: now.toISOString(),
      };
      await updateReport(q, id, set);
      return { ...report, ...set };
    },
    openByService: (areaAgs) => countOpenByService(q, areaAgs),
    generation: () => catalog.cacheGeneration(REPORTS_SCOPE),
    purge: (now = new Date()) =>
      deleteClosedBefore(q, new Date(now.getTime() - (config.retentionDays ?? 365) * 86_400_000).toISOString()),
  };
}
