import type { Db } from '../db/database.ts';
import { type AreasService, createAreasService } from '../features/areas/index.ts';
import { type CatalogService, createCatalogService } from '../features/catalog/catalog.service.ts';
import { type ChecklistService, createChecklistService } from '../features/checklist/index.ts';
import { createWorkspaceServices, type WorkspaceServices } from '../features/editor/editor.service.ts';
import { createFeedbackService, type FeedbackService } from '../features/feedback/index.ts';
import { createLinksService, type LinkCheckConfig, type LinksService } from '../features/links/index.ts';
import {
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
  publicUrl: string | null;
}

export function createServices(
  db: Db,
  options: { publicUrl?: string | null; mail?: MailConfig; links?: LinkCheckConfig } = {},
): Services {
  const catalog = createCatalogService(db);
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
  const feedback = createFeedbackService(db, catalog, undefined, {
    onReport: (report) => deliver([reportNotice(report)]),
  });
  return {
    db,
    catalog,
    /** The editors' scheduler reports what ran; the record's owner hears it in its inbox. */
    onSchedulesRan: (runs: readonly ScheduleOutcome[]) => deliver(runs.map(scheduleNotice)),
    search: createSearchService(db, catalog),
    links,
    checklist: createChecklistService(db, catalog, links, { reports: feedback }),
    feedback,
    notifications,
    mail,
    ...workspace,
    areas: createAreasService(db, catalog),
    publicUrl,
  };
}
