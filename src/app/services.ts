import type { Db } from '../db/database.ts';
import type { GenerationListener } from '../db/notify.ts';
import { type AreasService, createAreasService } from '../features/areas/index.ts';
import type { CatalogService } from '../features/catalog/catalog.service.ts';
import type { CatalogNotice } from '../features/catalog/index.ts';
import { type ChecklistService, createChecklistService } from '../features/checklist/index.ts';
import { createWorkspaceServices, type WorkspaceServices } from '../features/editor/editor.service.ts';
import { createFeedbackService, type FeedbackConfig, type FeedbackService } from '../features/feedback/index.ts';
import { createLinksService, type LinkCheckConfig, type LinksService } from '../features/links/index.ts';
import {
  catalogNotice,
  createMailer,
  createNotificationsService,
  linkChangeNotices,
  loadMailConfig,
  type MailConfig,
  type Notice,
  type NotificationsService,
  reportNotice,
  type ScheduleOutcome,
  scheduleNotice,
} from '../features/notifications/index.ts';
import { createSearchService, type SearchService } from '../features/search/index.ts';
import { createHookedCatalogService } from './catalog-hooks.ts';

/** The use-case services of every feature, built once per process and shared by API, pages and CLI. */
export interface Services extends WorkspaceServices {
  db: Db;
  catalog: CatalogService;
  search: SearchService;
  links: LinksService;
  checklist: ChecklistService;
  feedback: FeedbackService;
  areas: AreasService;
  notifications: NotificationsService;
  mail: MailConfig;
  onSchedulesRan: (runs: readonly ScheduleOutcome[]) => Promise<void>;
  /** What the catalog's `onNotices` does: every notice of a committed write into its tenant's inbox. */
  deliverCatalogNotices: (notices: readonly CatalogNotice[]) => Promise<void>;
  /**
   * The housekeeping of the feedback loops (the editors' scheduler calls it every minute, `amtsweg editor
   * run-schedules` once): notices catalog writes left for the inboxes, and at most hourly the retention of closed
   * reports (REPORT_RETENTION_DAYS) and read inbox items (INBOX_RETENTION_DAYS).
   */
  maintenance: (now?: Date) => Promise<{ notices: number; reports: number; inboxItems: number }>;
  publicUrl: string | null;
  /** PostgreSQL with `listen`: the connection that hears other instances' writes (tests wait for it); else null. */
  generationListener: GenerationListener | null;
  /** Stops what the services run in the background (the generation listener). Idempotent. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  publicUrl?: string | null;
  mail?: MailConfig;
  links?: LinkCheckConfig;
  feedback?: FeedbackConfig;
  /**
   * PostgreSQL: LISTEN for generation bumps of other instances (one extra connection), so their writes reach this
   * instance without a request and generation reads can be throttled. The server and the app's own services do;
   * CLI commands do not.
   */
  listen?: boolean;
  /** Read the cache generation at most this often (ms; SQLite always, PostgreSQL with a live listener); `GENERATION_CHECK_MS`. */
  generationCheckMs?: number;
  /** Where listener trouble (lost connection, reconnects) is reported. */
  onListenError?: (error: unknown) => void;
}

export function createServices(db: Db, options: ServicesOptions = {}): Services {
  // A write that makes a town's own values stale, or an import that changes a text a town adds to, tells the town
  // (after the commit; `notifications` is built below and only called then).
  const deliverCatalogNotices = (notices: readonly CatalogNotice[]) => deliver(notices.map(catalogNotice));
  const catalog = createHookedCatalogService(db, deliverCatalogNotices, options);
  // Another instance's write reaches this one at commit (NOTIFY), not only at this instance's next generation read.
  const listener = options.listen
    ? (db.listen?.({
        onError: options.onListenError ?? ((e) => console.error(`amtsweg: generation listener: ${String(e)}`)),
      }) ?? null)
    : null;
  const unfollow = listener ? catalog.followGenerations(listener) : () => {};
  const publicUrl = options.publicUrl ?? null;
  const mail = options.mail ?? loadMailConfig();
  const mailer = createMailer(mail);
  // Password reset links go out by the same SMTP as the digests; without SMTP the admin is shown the link once.
  const workspace = createWorkspaceServices(db, catalog, { mailer, publicUrl });
  // Feedback loops: every tenant has an inbox; a digest mail goes to its editors when SMTP is configured.
  const notifications = createNotificationsService(db, {
    async editorEmails(tenantAgs) {
      const users = await workspace.auth.listUsers();
      return users.filter((u) => u.active && u.grants.some((g) => g.tenantAgs === tenantAgs)).map((u) => u.email);
    },
    tenantName: async (ags) => (await catalog.getArea(ags).catch(() => null))?.name ?? ags,
    mailer,
    mail,
    publicUrl,
  });
  const deliver = async (notices: readonly Notice[]) => {
    for (const n of notices) await notifications.notify(n.tenantAgs, n.kind, n.subject, n.body, n.link, n.key);
  };
  const links = createLinksService(db, catalog, options.links, {
    // A link broke or works again: the tenants whose views show it hear it once.
    async onChanges(changes) {
      const slugs = new Map((await catalog.listAreas()).map((a) => [a.ags, a.slug]));
      await deliver(linkChangeNotices(changes, (ags) => slugs.get(ags) ?? null));
    },
  });
  // Citizens' reports go to the owning tenant's inbox and lower the checklist while open.
  const feedback = createFeedbackService(db, catalog, options.feedback, {
    onReport: (report) => deliver([reportNotice(report)]),
  });
  let lastPurge = Number.NEGATIVE_INFINITY;
  async function maintenance(now = new Date()) {
    const notices = await catalog.deliverNotices();
    if (now.getTime() - lastPurge < 3_600_000) return { notices, reports: 0, inboxItems: 0 };
    lastPurge = now.getTime();
    return { notices, reports: await feedback.purge(now), inboxItems: await notifications.purge(now) };
  }
  return {
    db,
    catalog,
    maintenance,
    /** The editors' scheduler reports what ran; the record's owner hears it in its inbox. */
    onSchedulesRan: (runs: readonly ScheduleOutcome[]) => deliver(runs.map(scheduleNotice)),
    deliverCatalogNotices,
    search: createSearchService(db, catalog),
    links,
    checklist: createChecklistService(db, catalog, links, { reports: feedback }),
    feedback,
    notifications,
    mail,
    ...workspace,
    areas: createAreasService(db, catalog),
    publicUrl,
    generationListener: listener,
    async close() {
      unfollow();
      await listener?.close();
    },
  };
}
