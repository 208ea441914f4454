// Use cases of the tenants' inboxes: notify (deduplicated), read and mark read in the workspace, and the digest mail
// per tenant to its editors.
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { canWorkIn, type Principal } from '../auth/auth.ts';
import { scopeOfGrants } from '../catalog/index.ts';
import type { MailConfig, Mailer } from './notifications.mailer.ts';
import {
  addExtraRecipient,
  claimForDigest,
  countUnread,
  deleteReadBefore,
  digestCandidates,
  insertIfNew,
  markAllRead,
  markRead,
  readExtraRecipients,
  readInbox,
  readNotification,
  releaseClaim,
} from './notifications.repository.ts';
import {
  BODY_MAX,
  clip,
  composeDigest,
  dedupeKeyOf,
  isNotificationKind,
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  safeLink,
  TITLE_MAX,
} from './notifications.ts';

export interface NotificationsDeps {
  /** The tenant's editors' addresses (active accounts with a grant for exactly this tenant). */
  editorEmails(tenantAgs: string): Promise<string[]>;
  tenantName(tenantAgs: string): Promise<string>;
  mailer: Mailer | null;
  mail: Pick<MailConfig, 'digestIntervalHours' | 'inboxRetentionDays'>;
  publicUrl: string | null;
}

export interface DigestResult {
  /** Tenants that got a mail, with the recipients and how many items it carried. */
  sent: Array<{ tenantAgs: string; to: string[]; items: number }>;
  /** Why nothing could go out at all (no SMTP_URL), or null. */
  skipped: string | null;
}

export interface NotificationsService {
  /**
   * Puts an item into a tenant's inbox once per (tenant, kind, key); `key` defaults to the link, else the subject.
   * Returns whether it was new. `link` must be a path in this app ("/editor/…", "/geseke/leistungen/…").
   */
  notify(
    tenantAgs: string,
    kind: NotificationKind,
    subject: string,
    body: string,
    link: string | null,
    key?: string,
  ): Promise<boolean>;
  inbox(p: Principal, options?: { unreadOnly?: boolean; limit?: number }): Promise<Notification[]>;
  unreadCount(p: Principal): Promise<number>;
  markRead(p: Principal, id: string, now?: Date): Promise<Notification>;
  markAllRead(p: Principal, now?: Date): Promise<number>;
  /** A further digest address for a tenant (a team mailbox); editors with a grant get it anyway. */
  addRecipient(tenantAgs: string, email: string, now?: Date): Promise<void>;
  recipients(tenantAgs: string): Promise<string[]>;
  /** Mails each tenant whose last digest is at least the interval old the items no digest carried yet. */
  sendDigests(now?: Date): Promise<DigestResult>;
  /** Retention: deletes items read more than `inboxRetentionDays` ago (unread ones stay); returns how many. */
  purge(now?: Date): Promise<number>;
}

const scopeOf = (p: Principal | null) => (p ? scopeOfGrants(p) : null);

export function createNotificationsService(db: Db, deps: NotificationsDeps): NotificationsService {
  const q = db.kysely;

  async function recipients(tenantAgs: string): Promise<string[]> {
    const all = [...(await deps.editorEmails(tenantAgs)), ...(await readExtraRecipients(q, tenantAgs))];
    return [...new Set(all.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))].sort();
  }

  return {
    async notify(tenantAgs, kind, subject, body, link, key) {
      if (!isNotificationKind(kind))
        throw new ValidationError(`Unknown notification kind "${kind}"`, [
          { field: 'kind', message: `allowed: ${NOTIFICATION_KINDS.join(', ')}` },
        ]);
      const title = clip(subject, TITLE_MAX);
      const safe = safeLink(link);
      const n: Notification = {
        id: randomUUID(),
        tenantAgs,
        kind,
        title,
        body: clip(body, BODY_MAX),
        link: safe,
        createdAt: new Date().toISOString(),
        readAt: null,
        emailedAt: null,
      };
      return insertIfNew(q, n, dedupeKeyOf(kind, key ?? safe ?? title));
    },
    async inbox(p, options = {}) {
      return readInbox(q, {
        scope: scopeOf(p),
        unreadOnly: options.unreadOnly ?? false,
        limit: options.limit ?? 200,
      });
    },
    unreadCount: (p) => countUnread(q, scopeOf(p)),
    async markRead(p, id, now = new Date()) {
      const n = await readNotification(q, id);
      if (!n) throw new NotFoundError(`Keine Nachricht mit der Nummer ${id}.`);
      if (!canWorkIn(p, n.tenantAgs)) throw new ForbiddenError('Diese Nachricht gehört zu einer anderen Kommune.');
      await markRead(q, [id], now.toISOString());
      return { ...n, readAt: n.readAt ?? now.toISOString() };
    },
    markAllRead: (p, now = new Date()) => markAllRead(q, scopeOf(p), now.toISOString()),
    async addRecipient(tenantAgs, email, now = new Date()) {
      const e = email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e))
        throw new ValidationError(`"${email}" is not an e-mail address`, [
          { record: `recipient of ${tenantAgs}`, field: 'email', message: 'an address like name@beispiel.de' },
        ]);
      await addExtraRecipient(q, tenantAgs, e, now.toISOString());
    },
    recipients,
    purge: (now = new Date()) =>
      deleteReadBefore(q, new Date(now.getTime() - (deps.mail.inboxRetentionDays ?? 180) * 86_400_000).toISOString()),
    async sendDigests(now = new Date()) {
      const result: DigestResult = { sent: [], skipped: null };
      if (!deps.mailer) return { ...result, skipped: 'SMTP_URL is not set: no digest mail is sent' };
      const intervalMs = deps.mail.digestIntervalHours * 3_600_000;
      for (const c of await digestCandidates(q)) {
        if (c.lastEmailedAt && now.getTime() - Date.parse(c.lastEmailedAt) < intervalMs) continue;
        const to = await recipients(c.tenantAgs);
        // Nobody to tell: the items stay unmailed and go out once someone is there to read them.
        if (to.length === 0) continue;
        // Unique per claim (extra fraction digits, still a valid ISO time): two senders in the same millisecond
        // must not read each other's claim.
        const stamp = now.toISOString().replace('Z', `${randomInt(1_000_000).toString().padStart(6, '0')}Z`);
        const items = await claimForDigest(q, c.tenantAgs, stamp);
        if (items.length === 0) continue;
        const digest = composeDigest(await deps.tenantName(c.tenantAgs), items, {
          publicUrl: deps.publicUrl,
          intervalHours: deps.mail.digestIntervalHours,
        });
        try {
          await deps.mailer.send({ to, ...digest });
        } catch (error) {
          await releaseClaim(q, c.tenantAgs, stamp);
          throw error;
        }
        result.sent.push({ tenantAgs: c.tenantAgs, to, items: items.length });
      }
      return result;
    },
  };
}
