// The accounts' machine API under /api/v1/editor: the caller's own API tokens, and for admins the accounts and the
// audit log (JSON or CSV). Authenticated by bearer token like the rest of the editors' API; cookies are ignored.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ForbiddenError } from '../../shared/errors.ts';
import { auditCsv, auditQueryFrom } from './auth.audit.ts';
import { loadBearer } from './auth.http.ts';
import type { AuthService } from './auth.service.ts';
import { ALL_TENANTS, canManageUsers, canReadAudit, type Grant, isRole, ROLES } from './auth.ts';

export interface AuthApiOptions {
  auth: AuthService;
}

const Str = Type.Union([Type.String(), Type.Null()]);
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer() },
  { additionalProperties: true },
);
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const security = [{ bearerAuth: [] }];
// The same tag as the rest of the editors' API: one section in the API documentation.
const tags = ['editor'];

export async function authApi(app: FastifyInstance, opts: AuthApiOptions): Promise<void> {
  const { auth } = opts;
  // Authentication before body validation: an anonymous caller learns nothing about the schemas.
  app.addHook('onRequest', async (request, reply) => loadBearer(auth, request, reply));

  // ---- tokens of the caller ----

  const TokenInfo = Type.Object({
    id: Type.String(),
    name: Type.String(),
    createdAt: Type.String(),
    lastUsedAt: Str,
    expiresAt: Str,
    revokedAt: Str,
  });
  app.get(
    '/editor/tokens',
    {
      schema: { tags, security, summary: 'Eigene API-Tokens', response: { 200: Type.Array(TokenInfo), 401: Problem } },
    },
    async (request) => auth.listApiTokens(request.principal!.userId!),
  );
  app.post<{ Body: { name: string; expiresAt?: string | null } }>(
    '/editor/tokens',
    {
      schema: {
        tags,
        security,
        summary: 'Weiteres eigenes API-Token erstellen (der Klartext kommt nur in dieser Antwort)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), expiresAt: Type.Optional(Str) }),
        response: { 201: Type.Object({ token: Type.String(), info: TokenInfo }), ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await auth.createApiToken(request.principal!.userId!, request.body, request.principal!)),
  );
  app.delete<{ Params: { id: string } }>(
    '/editor/tokens/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Eigenes API-Token widerrufen',
        params: Type.Object({ id: Type.String() }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await auth.revokeApiToken(request.principal!.userId!, request.params.id, request.principal!);
      return reply.code(204).send();
    },
  );

  // ---- admins: accounts and audit log ----

  const UserSchema = Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Str,
    active: Type.Boolean(),
    grants: Type.Array(Type.Object({ role: Type.String(), tenantAgs: Type.String() })),
    lockedUntil: Str,
    createdAt: Type.String(),
  });
  app.get(
    '/editor/users',
    {
      schema: {
        tags,
        security,
        summary: 'Konten (Administration)',
        response: { 200: Type.Array(UserSchema), ...errors },
      },
    },
    async (request) => {
      if (!canManageUsers(request.principal)) throw new ForbiddenError('Nur für die Administration.');
      return auth.listUsers();
    },
  );
  app.post<{ Body: { email: string; name?: string | null; password: string; role: string; tenant: string } }>(
    '/editor/users',
    {
      schema: {
        tags,
        security,
        summary: 'Konto anlegen (Administration)',
        body: Type.Object({
          email: Type.String(),
          name: Type.Optional(Str),
          password: Type.String(),
          role: Type.Union(ROLES.map((r) => Type.Literal(r))),
          tenant: Type.String({ description: 'AGS; "*" für Administration' }),
        }),
        response: { 201: UserSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!canManageUsers(request.principal)) throw new ForbiddenError('Nur für die Administration.');
      const b = request.body;
      const grants: Grant[] = isRole(b.role)
        ? [{ role: b.role, tenantAgs: b.role === 'admin' ? ALL_TENANTS : b.tenant }]
        : [];
      return reply
        .code(201)
        .send(
          await auth.createUser(
            { email: b.email, name: b.name ?? null, password: b.password, grants },
            request.principal!,
          ),
        );
    },
  );

  app.get<{
    Querystring: {
      from?: string;
      to?: string;
      actor?: string;
      action?: string;
      entityType?: string;
      entityId?: string;
      tenant?: string;
      format?: string;
    };
  }>(
    '/editor/audit',
    {
      schema: {
        tags,
        security,
        summary: 'Protokoll (Administration); format=csv für den Export',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
          to: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
          actor: Type.Optional(Type.String()),
          action: Type.Optional(Type.String()),
          entityType: Type.Optional(Type.String()),
          entityId: Type.Optional(Type.String()),
          tenant: Type.Optional(Type.String()),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
      },
    },
    async (request, reply) => {
      if (!canReadAudit(request.principal)) throw new ForbiddenError('Nur für die Administration.');
      const rows = await auth.queryAudit(
        auditQueryFrom(request.query, request.query.format === 'csv' ? 100_000 : 1000),
      );
      if (request.query.format === 'csv')
        return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store').send(auditCsv(rows));
      return rows;
    },
  );
}
