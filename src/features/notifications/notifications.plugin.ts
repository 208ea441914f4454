import type { FastifyInstance } from 'fastify';
import type { MailConfig } from './notifications.mailer.ts';
import type { NotificationsService } from './notifications.service.ts';

/** How often the schedule looks for tenants due a digest; each tenant still gets one at most every interval. */
const TICK_MS = 15 * 60_000;
const FIRST_TICK_MS = 60_000;

export interface DigestLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Looks every 15 minutes for tenants due a digest. The due time comes from the database (the last digest sent to a
 * tenant), so restarts neither skip nor repeat digests. Returns a stop function.
 */
export function startDigestSchedule(notifications: NotificationsService, log: DigestLog): () => Promise<void> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = (async () => {
      try {
        const { sent } = await notifications.sendDigests();
        for (const s of sent) log.info({ tenant: s.tenantAgs, recipients: s.to.length, items: s.items }, 'digest sent');
      } catch (error) {
        log.error({ err: error }, 'digest failed; the items wait for the next turn');
      } finally {
        running = null;
        if (!stopped) {
          timer = setTimeout(tick, TICK_MS);
          timer.unref();
        }
      }
    })();
  };
  timer = setTimeout(tick, FIRST_TICK_MS);
  timer.unref();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/** The digest schedule inside the server: on when SMTP_URL is set, off under NODE_ENV=test. */
export async function digestSchedule(
  app: FastifyInstance,
  { notifications, mail }: { notifications: NotificationsService; mail: MailConfig },
): Promise<void> {
  let stop: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    if (!mail.scheduleEnabled) return;
    stop = startDigestSchedule(notifications, app.log);
    app.log.info({ everyHours: mail.digestIntervalHours }, 'notification digest scheduled');
  });
  app.addHook('onClose', async () => {
    await stop?.();
  });
}
