// The tenants' inboxes and digest mail: the service the app builds, the inbox pages, the digest schedule, the
// mappings from the other feedback loops, and the shared types.
export {
  catalogNotice,
  linkChangeNotices,
  type Notice,
  reportNotice,
  type ScheduleOutcome,
  scheduleNotice,
} from './notifications.events.ts';
export { createMailer, loadMailConfig, type MailConfig, type Mailer } from './notifications.mailer.ts';
export { type InboxPagesDeps, inboxPages } from './notifications.pages.tsx';
export { digestSchedule, startDigestSchedule } from './notifications.plugin.ts';
export {
  createNotificationsService,
  type DigestResult,
  type NotificationsService,
} from './notifications.service.ts';
export {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
} from './notifications.ts';
