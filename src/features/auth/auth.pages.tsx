// Sign-in and sign-out, the own account (password, API tokens, sign-out everywhere), and the admins' pages for
// accounts and the audit log (with CSV export). Every form carries the session's CSRF token.

import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatBerlin } from '../../shared/berlin-time.ts';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import { readForm } from '../../web/form.ts';
import {
  Button,
  type WorkspaceFieldError as FieldError,
  Fieldset,
  Hidden,
  Select,
  TextField,
} from '../../web/ui/workspace-fields.tsx';
import { type AuditFilter, type AuditRow, auditCsv, auditQueryFrom } from './auth.audit.ts';
import {
  checkLoginCsrf,
  checkOrigin,
  clearSessionCookie,
  loginCsrfToken,
  requireFormSession,
  setSessionCookie,
} from './auth.http.ts';
import type { AuthService } from './auth.service.ts';
import {
  ALL_TENANTS,
  AuthenticationRequiredError,
  canManageUsers,
  canReadAudit,
  type Grant,
  isRole,
  type Principal,
  ROLE_LABELS,
  ROLES,
} from './auth.ts';
import { frameFor, Layout, safeNext, sendPage } from './auth.workspace.tsx';

export interface AuthPagesOptions {
  auth: AuthService;
  /** The areas an account can be granted (the catalog's, by AGS). */
  areas: () => Promise<ReadonlyArray<{ ags: string; name: string }>>;
  /** Versioned stylesheet URLs of the workspace pages. */
  stylesheets: readonly string[];
  /** Sign-in attempts per IP and minute (default 10). */
  loginRateLimit?: number;
}

function issuesOf(error: unknown): FieldError[] | null {
  return error instanceof ValidationError ? error.issues.map((i) => ({ field: i.field, message: i.message })) : null;
}

// ---- components ---------------------------------------------------------------------------------------------------

export function LoginForm({
  csrf,
  next,
  email,
  error,
}: {
  csrf: string;
  next: string;
  email?: string;
  error?: string | undefined;
}) {
  const errors = error ? [{ field: 'email', message: error }] : [];
  return (
    <form method="post" action="/editor/login" novalidate>
      <Hidden name="_csrf" value={csrf} />
      <Hidden name="next" value={next} />
      <TextField
        name="email"
        label="E-Mail-Adresse"
        type="email"
        autocomplete="username"
        value={email ?? ''}
        required
        errors={errors}
      />
      <TextField name="password" label="Passwort" type="password" autocomplete="current-password" value="" required />
      <div class="ed-actions">
        <Button>Anmelden</Button>
      </div>
    </form>
  );
}

function AccountPage({
  tokens,
  newToken,
  principal,
  csrf,
}: {
  csrf: string;
  tokens: Awaited<ReturnType<AuthService['listApiTokens']>>;
  newToken: string | null;
  principal: Principal;
}) {
  return (
    <>
      <section aria-labelledby="rollen">
        <h2 class="kern-heading-medium" id="rollen">
          Ihre Rollen
        </h2>
        <ul class="kern-list">
          {principal.grants.map((g) => (
            <li>
              {ROLE_LABELS[g.role]} {g.tenantAgs === ALL_TENANTS ? '(alle Gebiete)' : `für ${g.tenantAgs}`}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="tokens">
        <h2 class="kern-heading-medium" id="tokens">
          Persönliche API-Tokens
        </h2>
        <p class="kern-body">
          Ein Token handelt mit Ihren Rollen über die Schnittstelle <code>/api/v1/editor/…</code> (Dokumentation:{' '}
          <a class="kern-link" href="/api/v1/docs">
            /api/v1/docs
          </a>
          ). Es wird nur einmal angezeigt und nur als Prüfsumme gespeichert.
        </p>
        {newToken && (
          <div class="kern-alert kern-alert--success" role="status">
            <div class="kern-alert__body">
              <p class="kern-body">Ihr neues Token (jetzt kopieren – es wird nicht noch einmal angezeigt):</p>
              <code class="ed-token" id="neues-token">
                {newToken}
              </code>
            </div>
          </div>
        )}
        {tokens.length > 0 && (
          <table class="kern-table ed-table">
            <caption class="ed-sr-only">Ihre API-Tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kennung</th>
                <th scope="col">Erstellt</th>
                <th scope="col">Zuletzt benutzt</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>
                    <code>amt_{t.id}_…</code>
                  </td>
                  <td>{formatBerlin(t.createdAt, 'medium')}</td>
                  <td>{formatBerlin(t.lastUsedAt, 'medium')}</td>
                  <td>
                    {t.revokedAt ? (
                      `widerrufen ${formatBerlin(t.revokedAt, 'medium')}`
                    ) : (
                      <form method="post" action={`/editor/account/tokens/${t.id}/revoke`} class="ed-inline-form">
                        <Hidden name="_csrf" value={csrf} />
                        <Button kind="secondary">Token „{t.name}“ widerrufen</Button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/editor/account/tokens">
          <Hidden name="_csrf" value={csrf} />
          <TextField
            name="name"
            label="Name des neuen Tokens"
            hint="Wofür? Zum Beispiel „Import aus dem Fachverfahren“."
            value=""
            required
            width="medium"
          />
          <div class="ed-actions">
            <Button>Token erstellen</Button>
          </div>
        </form>
      </section>
      <section aria-labelledby="passwort">
        <h2 class="kern-heading-medium" id="passwort">
          Passwort ändern
        </h2>
        <form method="post" action="/editor/account/password">
          <Hidden name="_csrf" value={csrf} />
          <TextField
            name="password"
            label="Neues Passwort"
            type="password"
            autocomplete="new-password"
            hint="Mindestens 12 Zeichen. Alle anderen Sitzungen werden beendet."
            value=""
            required
            width="medium"
          />
          <div class="ed-actions">
            <Button kind="secondary">Passwort ändern</Button>
          </div>
        </form>
      </section>
      <section aria-labelledby="ueberall">
        <h2 class="kern-heading-medium" id="ueberall">
          Überall abmelden
        </h2>
        <p class="kern-body">Beendet Ihre Sitzungen auf allen Geräten, auch diese.</p>
        <form method="post" action="/editor/logout-everywhere">
          <Hidden name="_csrf" value={csrf} />
          <Button kind="secondary">Auf allen Geräten abmelden</Button>
        </form>
      </section>
    </>
  );
}

function UsersPage({
  users,
  areas,
  values,
  errors,
  csrf,
}: {
  csrf: string;
  users: Awaited<ReturnType<AuthService['listUsers']>>;
  areas: Array<{ ags: string; name: string }>;
  values: Record<string, string>;
  errors: FieldError[];
}) {
  const tenantOptions = [
    { value: '*', label: 'Alle Gebiete (nur Administration)' },
    ...areas.map((a) => ({ value: a.ags, label: `${a.name} (${a.ags})` })),
  ];
  return (
    <>
      <table class="kern-table ed-table">
        <caption class="ed-sr-only">Konten</caption>
        <thead>
          <tr>
            <th scope="col">E-Mail</th>
            <th scope="col">Name</th>
            <th scope="col">Rollen</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.email}</td>
              <td>{u.name ?? '–'}</td>
              <td>
                {u.grants.map((g) => `${ROLE_LABELS[g.role]} ${g.tenantAgs === '*' ? '' : g.tenantAgs}`).join(', ')}
              </td>
              <td>
                <form method="post" action={`/editor/admin/users/${u.id}/active`} class="ed-inline-form">
                  <Hidden name="_csrf" value={csrf} />
                  <Hidden name="active" value={u.active ? '0' : '1'} />
                  {u.active ? 'aktiv' : 'gesperrt'}{' '}
                  <Button kind="tertiary">{u.active ? `${u.email} sperren` : `${u.email} entsperren`}</Button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/editor/admin/users" novalidate>
        <Hidden name="_csrf" value={csrf} />
        <Fieldset legend="Neues Konto">
          <TextField
            name="email"
            label="E-Mail-Adresse"
            type="email"
            value={values.email}
            required
            errors={errors}
            autocomplete="off"
          />
          <TextField name="name" label="Name" value={values.name} errors={errors} />
          <Select
            name="role"
            label="Rolle"
            value={values.role ?? 'town_editor'}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            errors={errors}
            required
          />
          <Select
            name="tenant"
            label="Gebiet"
            hint="Redaktion Kreis: der Kreis; Redaktion Stadt/Gemeinde: die Stadt oder Gemeinde."
            value={values.tenant ?? ''}
            options={tenantOptions}
            errors={errors}
            required
          />
          <TextField
            name="password"
            label="Erstes Passwort"
            type="password"
            autocomplete="new-password"
            hint="Mindestens 12 Zeichen; bitte sicher übermitteln."
            value=""
            required
            errors={errors}
            width="medium"
          />
        </Fieldset>
        <div class="ed-actions">
          <Button>Konto anlegen</Button>
        </div>
      </form>
    </>
  );
}

function AuditPage({ rows, filter, csvHref }: { rows: AuditRow[]; filter: AuditFilter; csvHref: string }) {
  return (
    <>
      <form method="get" action="/editor/admin/audit" class="ed-cols">
        <TextField name="from" label="Von (Datum)" type="date" value={filter.from} width="medium" />
        <TextField name="to" label="Bis (Datum)" type="date" value={filter.to} width="medium" />
        <TextField name="actor" label="Wer (E-Mail)" value={filter.actor} width="medium" />
        <TextField
          name="action"
          label="Aktion"
          hint="z. B. publish, draft.save, login.failed"
          value={filter.action}
          width="medium"
        />
        <TextField
          name="entityType"
          label="Art"
          hint="service, area_service, authority, contact, lebenslage, user, token"
          value={filter.entityType}
          width="medium"
        />
        <TextField name="tenant" label="Gebiet (AGS)" value={filter.tenant} width="medium" />
        <div class="ed-actions">
          <Button kind="secondary">Filtern</Button>
          <a class="kern-link" href={csvHref}>
            Als CSV herunterladen
          </a>
        </div>
      </form>
      <table class="kern-table ed-table">
        <caption>{rows.length === 500 ? 'Die letzten 500 Einträge' : `${rows.length} Einträge`}</caption>
        <thead>
          <tr>
            <th scope="col">Wann</th>
            <th scope="col">Wer</th>
            <th scope="col">Aktion</th>
            <th scope="col">Was</th>
            <th scope="col">Gebiet</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{formatBerlin(r.at, 'medium')}</td>
              <td>
                {r.actorLabel} <span class="kern-body--small">({r.via})</span>
              </td>
              <td>{r.action}</td>
              <td>{r.entityType ? `${r.entityType} ${r.entityId ?? ''}` : '–'}</td>
              <td>{r.tenantAgs ?? '–'}</td>
              <td>{r.summary ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// ---- routes -------------------------------------------------------------------------------------------------------

export async function authPages(app: FastifyInstance, opts: AuthPagesOptions): Promise<void> {
  const { auth } = opts;
  await app.register(fastifyRateLimit, { global: false });
  const frame = (request: FastifyRequest) => frameFor(request, opts.stylesheets);
  // Every field of these forms is single: a repeated one is a 400 naming it (src/web/form.ts), never a 500.
  const body = (request: FastifyRequest) => readForm(request.body).values as Record<string, string | undefined>;
  const requireAdmin = (request: FastifyRequest, check: (p: Principal | null) => boolean) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    if (!check(request.principal)) throw new ForbiddenError('Nur für die Administration.');
  };

  app.get<{ Querystring: { next?: string } }>('/editor/login', async (request, reply) => {
    if (request.principal) return reply.redirect(safeNext(request.query.next), 303);
    const csrf = loginCsrfToken(request, reply);
    return sendPage(
      reply,
      <Layout frame={frame(request)} title="Anmelden">
        <LoginForm csrf={csrf} next={safeNext(request.query.next)} />
      </Layout>,
    );
  });

  app.post(
    '/editor/login',
    { config: { rateLimit: { max: opts.loginRateLimit ?? 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      checkOrigin(request);
      const b = body(request);
      checkLoginCsrf(request, b._csrf);
      const next = safeNext(b.next);
      try {
        const { token, session } = await auth.login({
          email: b.email ?? '',
          password: b.password ?? '',
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(request, reply, token, session.expiresAt);
        return reply.redirect(next, 303);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 401 && status !== 429) throw error;
        const csrf = loginCsrfToken(request, reply);
        const message = (error as Error).message;
        return sendPage(
          reply,
          <Layout frame={frame(request)} title="Anmelden" errors={[{ field: 'email', message }]}>
            <LoginForm csrf={csrf} next={next} email={b.email ?? ''} error={message} />
          </Layout>,
          status,
        );
      }
    },
  );

  app.post('/editor/logout', async (request, reply) => {
    const session = requireFormSession(auth, request);
    await auth.logout(session, request.ip);
    clearSessionCookie(request, reply);
    return reply.redirect('/editor/login', 303);
  });

  app.post('/editor/logout-everywhere', async (request, reply) => {
    const session = requireFormSession(auth, request);
    await auth.logoutEverywhere(session.principal, request.ip);
    clearSessionCookie(request, reply);
    return reply.redirect('/editor/login', 303);
  });

  const account = async (
    request: FastifyRequest,
    reply: FastifyReply,
    newToken: string | null,
    notice: string | null,
    status = 200,
  ) => {
    const p = request.principal!;
    return sendPage(
      reply,
      <Layout
        frame={frame(request)}
        title="Mein Konto"
        notice={notice ? { kind: 'success', text: notice } : null}
        crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Mein Konto' }]}
      >
        <AccountPage
          tokens={await auth.listApiTokens(p.userId!)}
          newToken={newToken}
          principal={p}
          csrf={request.session?.csrfToken ?? ''}
        />
      </Layout>,
      status,
    );
  };

  app.get('/editor/account', async (request, reply) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
    return account(request, reply, null, null);
  });

  app.post('/editor/account/tokens', async (request, reply) => {
    const session = requireFormSession(auth, request);
    const { token } = await auth.createApiToken(
      session.principal.userId!,
      { name: body(request).name ?? '' },
      session.principal,
    );
    return account(request, reply, token, 'Token erstellt.', 201);
  });

  app.post<{ Params: { id: string } }>('/editor/account/tokens/:id/revoke', async (request, reply) => {
    const session = requireFormSession(auth, request);
    await auth.revokeApiToken(session.principal.userId!, request.params.id, session.principal);
    return reply.redirect('/editor/account', 303);
  });

  app.post('/editor/account/password', async (request, reply) => {
    const session = requireFormSession(auth, request);
    await auth.setPassword(session.principal.userId!, body(request).password ?? '', session.principal);
    clearSessionCookie(request, reply);
    return reply.redirect('/editor/login', 303);
  });

  // ---- admin: accounts ----

  const usersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldError[],
    notice: string | null,
    status = 200,
  ) =>
    sendPage(
      reply,
      <Layout
        frame={frame(request)}
        title="Konten"
        errors={errors}
        notice={notice ? { kind: 'success', text: notice } : null}
        crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Konten' }]}
      >
        <UsersPage
          users={await auth.listUsers()}
          areas={[...(await opts.areas())]}
          values={values}
          errors={errors}
          csrf={request.session?.csrfToken ?? ''}
        />
      </Layout>,
      status,
    );

  app.get('/editor/admin/users', async (request, reply) => {
    requireAdmin(request, canManageUsers);
    return usersPage(request, reply, {}, [], null);
  });

  app.post('/editor/admin/users', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    const b = body(request);
    const values = { email: b.email ?? '', name: b.name ?? '', role: b.role ?? '', tenant: b.tenant ?? '' };
    const grants: Grant[] = isRole(values.role)
      ? [{ role: values.role, tenantAgs: values.role === 'admin' ? ALL_TENANTS : values.tenant }]
      : [];
    try {
      const user = await auth.createUser(
        { email: values.email, name: values.name, password: b.password ?? '', grants },
        session.principal,
      );
      return usersPage(request, reply, {}, [], `Konto ${user.email} angelegt.`, 201);
    } catch (error) {
      const issues = issuesOf(error);
      const conflict =
        (error as { status?: number }).status === 409 ? [{ field: 'email', message: (error as Error).message }] : null;
      const errors =
        (issues ?? conflict)?.map((e) => ({ ...e, field: e.field.startsWith('grants') ? 'tenant' : e.field })) ?? null;
      if (!errors) throw error;
      return usersPage(request, reply, values, errors, null, conflict ? 409 : 400);
    }
  });

  app.post<{ Params: { id: string } }>('/editor/admin/users/:id/active', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    await auth.setActive(request.params.id, body(request).active === '1', session.principal);
    return reply.redirect('/editor/admin/users', 303);
  });

  // ---- admin: audit log ----

  app.get<{ Querystring: AuditFilter }>('/editor/admin/audit', async (request, reply) => {
    requireAdmin(request, canReadAudit);
    const rows = await auth.queryAudit(auditQueryFrom(readForm(request.query).values as AuditFilter, 500));
    const qs = new URLSearchParams(
      Object.entries(request.query).filter(([, v]) => typeof v === 'string' && v) as Array<[string, string]>,
    ).toString();
    return sendPage(
      reply,
      <Layout
        frame={frame(request)}
        title="Protokoll"
        crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Protokoll' }]}
      >
        <AuditPage rows={rows} filter={request.query} csvHref={`/editor/admin/audit.csv${qs ? `?${qs}` : ''}`} />
      </Layout>,
    );
  });

  app.get<{ Querystring: AuditFilter }>('/editor/admin/audit.csv', async (request, reply) => {
    requireAdmin(request, canReadAudit);
    const rows = await auth.queryAudit(auditQueryFrom(readForm(request.query).values as AuditFilter, 100_000));
    await auth.audit(request.principal!, { action: 'audit.export', summary: `${rows.length} Zeilen`, ip: request.ip });
    return reply
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="amtsweg-protokoll-${new Date().toISOString().slice(0, 10)}.csv"`,
      )
      .type('text/csv; charset=utf-8')
      .send(auditCsv(rows));
  });
}
