import type { FastifyInstance } from 'fastify';
import { type LinksService, startLinkSchedule } from './links.service.ts';

/**
 * The link check schedule inside the server (LINKCHECK_INTERVAL_MINUTES; off under NODE_ENV=test): starts when the
 * server is ready, stops (aborting a running check) when it closes. Registered by the app, next to `linksApi`.
 */
export async function linkSchedule(app: FastifyInstance, { links }: { links: LinksService }): Promise<void> {
  let stop: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    stop = startLinkSchedule(links, app.log);
    if (links.config.intervalMinutes > 0)
      app.log.info({ every: `${links.config.intervalMinutes} min` }, 'link check scheduled');
  });
  app.addHook('onClose', async () => {
    await stop?.();
  });
}
