// The preview of a service as the portal will show it: the draft (else the published state) of a service or of a
// town's settings for one, resolved by the portal's own resolver for the tenant's area — "Wer ist zuständig?", the
// contact cards, the town's local texts — without publishing anything or touching the portal's caches.
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Principal } from '../auth/auth.ts';
import { localSettingFromDoc, serviceFromDoc } from '../catalog/index.ts';
import type { ServicePreviewInput } from '../portal/index.ts';
import type { EditorContext } from './editor.context.ts';
import { type AreaServiceDoc, EditorNotFoundError, type ServiceDoc } from './editor.ts';

export function createPreviewUseCases(ctx: EditorContext) {
  const { catalog, authorize, record } = ctx;
  return {
    /** For `service` the whole service, for `area_service` the town's setting (id `<town>:<serviceId>`). */
    async previewService(p: Principal | null, type: 'service' | 'area_service', tenant: string, id: string) {
      await authorize(p, type, tenant, id);
      const view = await record(type, tenant, id);
      const doc = view.draft?.doc ?? view.published?.doc ?? null;
      if (type === 'service') {
        if (!doc) throw new EditorNotFoundError('Es gibt weder einen Entwurf noch eine veröffentlichte Fassung.');
        return {
          view,
          ...(await catalog.previewAreaService(tenant, id, { service: serviceFromDoc(id, tenant, doc as ServiceDoc) })),
        };
      }
      const serviceId = id.split(':')[1] ?? '';
      // No setting yet: the catalog default, as the town's page shows it today.
      const localSetting = doc ? localSettingFromDoc(tenant, serviceId, doc as AreaServiceDoc) : null;
      return { view, ...(await catalog.previewAreaService(tenant, serviceId, { localSetting })) };
    },
  };
}

/** Renders the portal's own service page around a resolved service (the app wires the portal's public face). */
export type ServicePreviewRenderer = (request: FastifyRequest, input: ServicePreviewInput) => Promise<VNode>;
