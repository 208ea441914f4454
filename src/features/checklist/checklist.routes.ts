// Everything the checklist adds to the app, registered with one line in src/app/app.ts: the API
// (/api/v1/areas/{ags}/coverage …) and the pages (/checkliste …). The link checker it reads is wired by the app.
import type { FastifyInstance } from 'fastify';
import { checklistApi } from './checklist.api.ts';
import { type ChecklistPagesDeps, checklistPages } from './checklist.pages.tsx';
import { closePdfBrowser } from './checklist.pdf.ts';

export type ChecklistDeps = ChecklistPagesDeps;

export async function checklistRoutes(app: FastifyInstance, deps: ChecklistDeps): Promise<void> {
  await app.register(checklistApi, { prefix: '/api/v1', checklist: deps.checklist, catalog: deps.catalog });
  await app.register(checklistPages, deps);
  app.addHook('onClose', async () => {
    await closePdfBrowser();
  });
}
