// GET /xzufi: the catalog (or some tenants) as an XZuFi 2.2 transfer message, streamed object by object. The
// generator is pulled only as fast as the client reads (Readable.from + pipe), so a large catalog is never held as
// one string.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type CatalogService, systemPrincipal, systemScope, tenantsScope } from '../../features/catalog/index.ts';
import { parseSince, xzufiExportInput } from './xzufi-catalog.ts';
import { writeXzufi } from './xzufi-writer.ts';

export interface XzufiApiOptions {
  catalog: CatalogService;
  /** The public base URL; when set it names the sender of the message (`sender/kennung`, `schemeAgencyID`). */
  publicUrl: string | null;
}

export const xzufiApi: FastifyPluginAsyncTypebox<XzufiApiOptions> = async (app, { catalog, publicUrl }) => {
  app.get(
    '/xzufi',
    {
      schema: {
        // Kept out of the OpenAPI document for now: that document is pinned byte for byte by the public-URL snapshot.
        hide: true,
        querystring: Type.Object({
          tenant: Type.Optional(Type.Array(Type.String(), { description: 'AGS of the owning tenants (repeatable)' })),
          since: Type.Optional(Type.String({ description: 'only records changed since (YYYY-MM-DD or date-time)' })),
        }),
      },
    },
    async (request, reply) => {
      const since = parseSince(request.query.since);
      const tenants = (request.query.tenant ?? []).flatMap((t) => t.split(',')).filter((t) => t !== '');
      // The published catalog is public; reading every tenant's part of it is the program's own act. Unknown
      // tenants are refused by xzufiExportInput, naming what is allowed.
      const scope = tenantsScope(tenants) ?? systemScope(systemPrincipal('system'));
      const input = await xzufiExportInput(catalog, {
        scope,
        ...(since ? { since } : {}),
        ...(publicUrl ? { header: { senderId: publicUrl } } : {}),
      });
      reply.type('application/xml; charset=utf-8');
      reply.header('content-disposition', 'inline; filename="amtsweg.xzufi.xml"');
      return reply.send(Readable.from(writeXzufi(input), { objectMode: false }));
    },
  );
};
