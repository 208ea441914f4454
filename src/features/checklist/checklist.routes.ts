// Everything the checklist and the link checker add to the app, registered with one line in src/app/app.ts:
// the API (/api/v1/areas/{ags}/coverage …, /api/v1/links/…), the pages (/checkliste …) and the link check schedule.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { linksApi } from '../links/links.api.ts';
import { startLinkSchedule } from '../links/links.service.ts';
import { checklistApi } from './checklist.api.ts';
import { checklistPages } from './checklist.pages.tsx';
import { closePdfBrowser } from './checklist.pdf.ts';

export async function checklistRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await app.register(checklistApi, { prefix: '/api/v1', services });
  await app.register(linksApi, { prefix: '/api/v1', services });
  await app.register(checklistPages, { services });
  // The schedule (LINKCHECK_INTERVAL_MINUTES; off under NODE_ENV=test) starts when the server is ready.
  let stop: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    stop = startLinkSchedule(services.links, app.log);
    if (services.links.config.intervalMinutes > 0)
      app.log.info({ every: `${services.links.config.intervalMinutes} min` }, 'link check scheduled');
  });
  app.addHook('onClose', async () => {
    await stop?.();
    await closePdfBrowser();
  });
}
