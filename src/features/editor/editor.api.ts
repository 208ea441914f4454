// The machine API of the editors' workspace: the same writes as the pages, with personal API tokens
// (`Authorization: Bearer amt_…`), scoped by the token owner's roles. Cookies are ignored here (no CSRF surface).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { ForbiddenError } from '../../shared/errors.ts';
import { loadBearer } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { type EntityType, isRecordTenant } from '../auth/auth.ts';
import { LEVELS } from '../catalog/index.ts';
import type { EditorService, RecordView } from './editor.service.ts';
import { areaServiceKey, EditorNotFoundError, STRUCTURE_TENANT } from './editor.ts';

export interface EditorApiOptions {
  auth: AuthService;
  editor: EditorService;
}

// ---- schemas ------------------------------------------------------------------------------------------------------

const Str = Type.Union([Type.String(), Type.Null()]);
const Opt = (t: TSchema) => Type.Optional(t);
const LinkSchema = Type.Object({ title: Type.String(), url: Type.String() });
const OnlineServiceSchema = Type.Object({
  title: Type.String(),
  url: Type.String(),
  type: Type.String(),
  trustLevel: Opt(Type.String()),
});

const ServiceData = Type.Object(
  {
    name: Type.String(),
    leikaKey: Opt(Str),
    leikaType: Opt(Str),
    synonyms: Opt(Type.Array(Type.String())),
    task: Opt(Str),
    lebenslagen: Opt(Type.Array(Type.String())),
    teaser: Opt(Str),
    fullText: Opt(Str),
    documents: Opt(Str),
    prerequisites: Opt(Str),
    fees: Opt(Str),
    deadlines: Opt(Str),
    processingTime: Opt(Str),
    procedure: Opt(Str),
    legalBasis: Opt(Str),
    hints: Opt(Str),
    furtherInfo: Opt(Str),
    forms: Opt(Type.Array(LinkSchema)),
    onlineServices: Opt(Type.Array(OnlineServiceSchema)),
    textModules: Opt(Type.Record(Type.String(), Type.String())),
    defaultLevel: Type.String({ description: LEVELS.join(' | ') }),
    defaultLegalBasis: Opt(Str),
    defaultReason: Opt(Str),
    rules: Opt(
      Type.Array(
        Type.Object({
          matchType: Type.String({ description: 'area | area_kind' }),
          matchValue: Type.String(),
          withinAgs: Opt(Str),
          level: Type.String(),
          legalBasis: Opt(Str),
          reason: Opt(Str),
        }),
      ),
    ),
  },
  { description: 'A service owned by the tenant (the county for the shared catalog).' },
);

const AreaServiceData = Type.Object(
  {
    offered: Type.Boolean(),
    reason: Opt(Str),
    alternativeUrl: Opt(Str),
    alternativeServiceId: Opt(Str),
    localText: Opt(Str),
    localFees: Opt(Str),
    localDocuments: Opt(Str),
    localOnlineServices: Opt(Type.Array(OnlineServiceSchema)),
  },
  {
    description:
      "A town's settings for a catalog service of the county: offered or not (with reason and alternative), local texts.",
  },
);

const AuthorityData = Type.Object({
  name: Type.String(),
  areaAgs: Type.String(),
  parentId: Opt(Str),
  street: Opt(Str),
  postcode: Opt(Str),
  city: Opt(Str),
  phone: Opt(Str),
  fax: Opt(Str),
  email: Opt(Str),
  website: Opt(Str),
  openingHours: Opt(Type.Union([Type.String({ description: 'OSM opening_hours syntax' }), Type.Null()])),
  openingHoursNote: Opt(Str),
  accessibility: Opt(Str),
  sample: Opt(Type.Boolean()),
  assignments: Opt(
    Type.Array(
      Type.Object({
        serviceId: Opt(Str),
        task: Opt(Str),
        areaAgs: Type.String(),
        role: Type.String({ description: 'zustaendige_stelle | ansprechpunkt' }),
        deepLink: Opt(Str),
        note: Opt(Str),
      }),
    ),
  ),
});

const ContactData = Type.Object({
  authorityId: Type.String(),
  name: Opt(Str),
  role: Opt(Str),
  phone: Opt(Str),
  email: Opt(Str),
  room: Opt(Str),
  sample: Opt(Type.Boolean()),
  serviceIds: Opt(Type.Array(Type.String())),
  tasks: Opt(Type.Array(Type.String())),
});

const LebenslageData = Type.Object({
  name: Type.String(),
  nameEn: Opt(Str),
  parentId: Opt(Str),
  themenfeld: Opt(Str),
  position: Opt(Type.Integer()),
  description: Opt(Str),
});

interface KindDef {
  segment: string;
  type: EntityType;
  data: TSchema;
  summary: string;
}

const KINDS: KindDef[] = [
  { segment: 'services', type: 'service', data: ServiceData, summary: 'Leistung (eigene des Gebiets)' },
  {
    segment: 'service-settings',
    type: 'area_service',
    data: AreaServiceData,
    summary: 'Einstellungen einer Stadt zu einer Leistung des Kreises',
  },
  { segment: 'authorities', type: 'authority', data: AuthorityData, summary: 'Organisationseinheit' },
  { segment: 'contacts', type: 'contact', data: ContactData, summary: 'Ansprechperson' },
  {
    segment: 'lebenslagen',
    type: 'lebenslage',
    data: LebenslageData,
    summary: 'Lebenslage (nur Administration; Gebiet „struktur“)',
  },
];

const Params = Type.Object({
  tenant: Type.String({
    description: 'AGS of the tenant (Kreis 5 digits, town 8 digits) or "struktur" for Lebenslagen',
  }),
  id: Type.String({ description: 'Record id; for service-settings the service id' }),
});

const Version = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
const RecordResponse = Type.Object({
  type: Type.String(),
  tenant: Type.String(),
  id: Type.String(),
  published: Type.Union([
    Type.Object({ version: Type.Integer(), updatedAt: Type.String(), data: Type.Any() }),
    Type.Null(),
  ]),
  draft: Type.Union([
    Type.Object({
      version: Type.Integer(),
      baseVersion: Version,
      updatedAt: Type.String(),
      updatedBy: Str,
      data: Type.Any(),
    }),
    Type.Null(),
  ]),
  schedules: Type.Array(Type.Object({ action: Type.String(), runAt: Type.String(), createdBy: Str })),
});

const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer() },
  { additionalProperties: true },
);
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const security = [{ bearerAuth: [] }];
const tags = ['editor'];

function toResponse(view: RecordView) {
  const tenant = view.tenantAgs === STRUCTURE_TENANT ? 'struktur' : view.tenantAgs;
  return {
    type: view.type,
    tenant,
    id: view.type === 'area_service' ? (view.id.split(':')[1] ?? view.id) : view.id,
    published: view.published
      ? { version: view.published.version, updatedAt: view.published.updatedAt, data: view.published.doc }
      : null,
    draft: view.draft
      ? {
          version: view.draft.version,
          baseVersion: view.draft.baseVersion,
          updatedAt: view.draft.updatedAt,
          updatedBy: view.draft.updatedBy,
          data: view.draft.doc,
        }
      : null,
    schedules: view.schedules,
  };
}

// ---- routes -------------------------------------------------------------------------------------------------------

export async function editorApi(app: FastifyInstance, opts: EditorApiOptions): Promise<void> {
  const { auth, editor } = opts;
  // Authentication before body validation: an anonymous caller learns nothing about the schemas.
  app.addHook('onRequest', async (request, reply) => loadBearer(auth, request, reply));

  /** Tenant and entity id of a URL; a service id under service-settings must be a service of a Kreis above the town. */
  async function target(request: FastifyRequest, kind: KindDef, params: { tenant: string; id: string }) {
    const tenant = params.tenant === 'struktur' ? STRUCTURE_TENANT : params.tenant;
    if ((kind.type === 'lebenslage') !== (tenant === STRUCTURE_TENANT))
      throw new EditorNotFoundError('Lebenslagen liegen unter /api/v1/editor/struktur/lebenslagen.');
    if (tenant !== STRUCTURE_TENANT && !isRecordTenant(tenant)) throw new EditorNotFoundError('Unbekanntes Gebiet.');
    if (kind.type === 'area_service') {
      const k = await editor.serviceKind(request.principal, tenant, params.id);
      if (k.type !== 'area_service')
        throw new EditorNotFoundError('Einstellungen gibt es nur für Leistungen des Kreises, nicht für eigene.');
      return { tenant, id: areaServiceKey(tenant, params.id) };
    }
    if (kind.type === 'service') {
      const k = await editor.serviceKind(request.principal, tenant, params.id);
      if (k.type !== 'service')
        throw new ForbiddenError('Diese Leistung gehört dem Kreis; für die eigenen Angaben: service-settings.');
    }
    return { tenant, id: params.id };
  }

  app.get(
    '/editor/me',
    {
      schema: {
        tags,
        security,
        summary: 'Wer bin ich (Rollen des Tokens)',
        response: {
          200: Type.Object({
            label: Type.String(),
            grants: Type.Array(Type.Object({ role: Type.String(), tenantAgs: Type.String() })),
          }),
          401: Problem,
        },
      },
    },
    async (request) => ({
      label: request.principal!.label,
      grants: request.principal!.grants,
    }),
  );

  app.get<{ Params: { tenant: string } }>(
    '/editor/:tenant/drafts',
    {
      schema: {
        tags,
        security,
        summary: 'Offene Entwürfe eines Gebiets',
        params: Type.Object({ tenant: Type.String() }),
        response: { 200: Type.Array(Type.Any()), ...errors },
      },
    },
    async (request) => {
      const ws = await editor.workspace(request.principal, request.params.tenant);
      return ws.drafts.map((d) => ({
        type: d.entityType,
        id: d.entityId,
        version: d.version,
        baseVersion: d.baseVersion,
        updatedAt: d.updatedAt,
        updatedBy: d.updatedBy,
      }));
    },
  );

  for (const kind of KINDS) {
    const base = `/editor/:tenant/${kind.segment}/:id`;
    const s = (summary: string, extra: Record<string, unknown> = {}) => ({
      tags,
      security,
      summary: `${kind.summary}: ${summary}`,
      params: Params,
      ...extra,
    });
    type P = { tenant: string; id: string };

    app.get<{ Params: P }>(
      base,
      { schema: s('lesen (veröffentlicht, Entwurf, Planung)', { response: { 200: RecordResponse, ...errors } }) },
      async (request) => {
        const t = await target(request, kind, request.params);
        return toResponse(await editor.get(request.principal, kind.type, t.tenant, t.id));
      },
    );

    app.put<{
      Params: P;
      Body: { data: Record<string, unknown>; baseVersion: number | null; draftVersion?: number | null };
    }>(
      `${base}/draft`,
      {
        schema: s('Entwurf speichern', {
          body: Type.Object({
            data: kind.data,
            baseVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
              description: 'Version des veröffentlichten Eintrags, auf dem der Entwurf beruht; null für neue Einträge',
            }),
            draftVersion: Type.Optional(Version),
          }),
          response: { 200: RecordResponse, ...errors },
        }),
      },
      async (request) => {
        const t = await target(request, kind, request.params);
        const b = request.body;
        return toResponse(
          await editor.saveDraft(request.principal, kind.type, t.tenant, t.id, b.data, {
            baseVersion: b.baseVersion,
            draftVersion: b.draftVersion ?? 0,
            ip: request.ip,
          }),
        );
      },
    );

    app.delete<{ Params: P; Querystring: { draftVersion?: number } }>(
      `${base}/draft`,
      {
        schema: s('Entwurf verwerfen', {
          querystring: Type.Object({ draftVersion: Type.Optional(Type.Integer()) }),
          response: { 204: Type.Null(), ...errors },
        }),
      },
      async (request, reply) => {
        const t = await target(request, kind, request.params);
        await editor.discardDraft(request.principal, kind.type, t.tenant, t.id, {
          draftVersion: request.query.draftVersion ?? null,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    app.post<{ Params: P; Body: { draftVersion?: number | null } }>(
      `${base}/publish`,
      {
        schema: s('Entwurf veröffentlichen', {
          body: Type.Object({ draftVersion: Type.Optional(Version) }),
          response: { 200: RecordResponse, ...errors },
        }),
      },
      async (request) => {
        const t = await target(request, kind, request.params);
        return toResponse(
          await editor.publish(request.principal, kind.type, t.tenant, t.id, {
            draftVersion: request.body?.draftVersion ?? null,
            ip: request.ip,
          }),
        );
      },
    );

    app.put<{
      Params: P;
      Body: { data: Record<string, unknown>; baseVersion: number | null; draftVersion?: number | null };
    }>(
      base,
      {
        schema: s('speichern und sofort veröffentlichen', {
          body: Type.Object({
            data: kind.data,
            baseVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
              description: 'Version, die Sie geändert haben (optimistisches Sperren); null für neue Einträge',
            }),
            draftVersion: Type.Optional(Version),
          }),
          response: { 200: RecordResponse, ...errors },
        }),
      },
      async (request) => {
        const t = await target(request, kind, request.params);
        const b = request.body;
        return toResponse(
          await editor.saveAndPublish(request.principal, kind.type, t.tenant, t.id, b.data, {
            baseVersion: b.baseVersion,
            draftVersion: b.draftVersion ?? 0,
            ip: request.ip,
          }),
        );
      },
    );

    app.post<{ Params: P; Body: { version: number } }>(
      `${base}/unpublish`,
      {
        schema: s('aus dem öffentlichen Katalog entfernen', {
          body: Type.Object({ version: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null(), ...errors },
        }),
      },
      async (request, reply) => {
        const t = await target(request, kind, request.params);
        await editor.unpublish(request.principal, kind.type, t.tenant, t.id, {
          version: request.body.version,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    app.get<{ Params: P }>(
      `${base}/history`,
      { schema: s('Verlauf mit Änderungen', { response: { 200: Type.Array(Type.Any()), ...errors } }) },
      async (request) => {
        const t = await target(request, kind, request.params);
        return (await editor.history(request.principal, kind.type, t.tenant, t.id)).revisions;
      },
    );

    app.post<{ Params: P; Body: { revisionId: string; version: number | null } }>(
      `${base}/restore`,
      {
        schema: s('früheren Stand wiederherstellen (als neue Version)', {
          body: Type.Object({
            revisionId: Type.String(),
            // Null first: the schema compiler coerces types, and with the integer first it turned null into 0 — a
            // restore of a removed record then met "version 0" and answered 409 (issue 13, finding 2).
            version: Type.Union([Type.Null(), Type.Integer({ minimum: 1 })], {
              description: 'aktuelle Version (null, wenn entfernt)',
            }),
          }),
          response: { 200: RecordResponse, ...errors },
        }),
      },
      async (request) => {
        const t = await target(request, kind, request.params);
        return toResponse(
          await editor.restore(request.principal, kind.type, t.tenant, t.id, request.body.revisionId, {
            version: request.body.version,
            ip: request.ip,
          }),
        );
      },
    );

    app.post<{ Params: P; Body: { action: 'publish' | 'unpublish'; runAt: string } }>(
      `${base}/schedule`,
      {
        schema: s('Veröffentlichen oder Entfernen planen', {
          body: Type.Object({
            action: Type.Union([Type.Literal('publish'), Type.Literal('unpublish')]),
            runAt: Type.String({ description: 'ISO 8601 instant' }),
          }),
          response: { 200: RecordResponse, ...errors },
        }),
      },
      async (request) => {
        const t = await target(request, kind, request.params);
        return toResponse(
          await editor.schedule(request.principal, kind.type, t.tenant, t.id, request.body.action, request.body.runAt, {
            ip: request.ip,
          }),
        );
      },
    );

    app.delete<{ Params: P & { action: string } }>(
      `${base}/schedule/:action`,
      {
        schema: s('Planung aufheben', {
          params: Type.Object({
            tenant: Type.String(),
            id: Type.String(),
            action: Type.Union([Type.Literal('publish'), Type.Literal('unpublish')]),
          }),
          response: { 204: Type.Null(), ...errors },
        }),
      },
      async (request, reply) => {
        const t = await target(request, kind, request.params);
        await editor.cancelSchedule(
          request.principal,
          kind.type,
          t.tenant,
          t.id,
          request.params.action as 'publish' | 'unpublish',
          { ip: request.ip },
        );
        return reply.code(204).send();
      },
    );
  }
}
