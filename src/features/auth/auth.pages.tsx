// Sign-in and sign-out, the own account (password, API tokens, sign-out everywhere), and the admins' pages for
// accounts and the audit log (with CSV export). Every form carries the session's CSRF token.

import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatBerlin } from '../../shared/berlin-time.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
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
import type { AuthService, IssuedReset, User } from './auth.service.ts';
import { groupedSecret } from './auth.totp.ts';
import {
  ALL_TENANTS,
  AuthenticationRequiredError,
  canManageUsers,
  canReadAudit,
  type Grant,
  isAdmin,
  isRole,
  LoginThrottledError,
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
      <TextField
        name="code"
        label="Bestätigungscode"
        hint="Nur wenn Sie die Zwei-Faktor-Anmeldung eingerichtet haben: der sechsstellige Code Ihrer Authenticator-App."
        value=""
        autocomplete="one-time-code"
        inputmode="numeric"
        width="short"
      />
      <div class="ed-actions">
        <Button>Anmelden</Button>
      </div>
    </form>
  );
}

function SecondFactorSection({
  csrf,
  enabled,
  pending,
  errors,
}: {
  csrf: string;
  enabled: boolean;
  pending: { secret: string; uri: string } | null;
  errors: FieldError[];
}) {
  return (
    <section aria-labelledby="zwei-faktor">
      <h2 class="kern-heading-medium" id="zwei-faktor">
        Zwei-Faktor-Anmeldung
      </h2>
      {enabled ? (
        <>
          <p class="kern-body">
            Eingerichtet: Bei der Anmeldung ist außer dem Passwort der Code Ihrer Authenticator-App nötig.
          </p>
          <form method="post" action="/editor/account/totp/disable">
            <Hidden name="_csrf" value={csrf} />
            <Button kind="secondary">Zwei-Faktor-Anmeldung ausschalten</Button>
          </form>
        </>
      ) : pending ? (
        <>
          <p class="kern-body">
            Tragen Sie diesen Schlüssel in Ihre Authenticator-App ein (Eintrag „Schlüssel eingeben“; Zeitbasiert, 6
            Stellen, 30 Sekunden) oder übergeben Sie ihr die Adresse darunter. Bestätigen Sie dann mit dem aktuellen
            Code.
          </p>
          <p class="kern-body">
            Schlüssel: <code id="totp-secret">{groupedSecret(pending.secret)}</code>
          </p>
          <p class="kern-body">
            Adresse: <code id="totp-uri">{pending.uri}</code>
          </p>
          <form method="post" action="/editor/account/totp/confirm" novalidate>
            <Hidden name="_csrf" value={csrf} />
            <TextField
              name="code"
              label="Code aus der App"
              value=""
              autocomplete="one-time-code"
              inputmode="numeric"
              width="short"
              required
              errors={errors}
            />
            <div class="ed-actions">
              <Button>Bestätigen und einschalten</Button>
            </div>
          </form>
        </>
      ) : (
        <>
          <p class="kern-body">
            Für Administrationskonten empfohlen: Dann reicht ein erratenes oder abgefangenes Passwort allein nicht.
          </p>
          <form method="post" action="/editor/account/totp">
            <Hidden name="_csrf" value={csrf} />
            <Button kind="secondary">Zwei-Faktor-Anmeldung einrichten</Button>
          </form>
        </>
      )}
    </section>
  );
}

function AccountPage({
  tokens,
  newToken,
  principal,
  csrf,
  totp,
}: {
  csrf: string;
  tokens: Awaited<ReturnType<AuthService['listApiTokens']>>;
  newToken: string | null;
  principal: Principal;
  /** Admins only: the second factor's state. */
  totp: { enabled: boolean; pending: { secret: string; uri: string } | null; errors: FieldError[] } | null;
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
      {totp && <SecondFactorSection csrf={csrf} {...totp} />}
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
              <td>
                <a class="kern-link" href={`/editor/admin/users/${u.id}`}>
                  {u.email}
                </a>
                {u.secondFactor ? <span class="kern-body--small"> (2FA)</span> : null}
              </td>
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
          <GrantFields
            values={values}
            errors={errors}
            tenants={tenantOptions}
            hint="Redaktion Kreis: der Kreis; Redaktion Gemeindeverband: das Amt, die Verbands- oder Samtgemeinde; Redaktion Stadt/Gemeinde: die Stadt oder Gemeinde."
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

/** A grant's two fields, role and area: the new-account form and the add-a-role form ask the same. */
function GrantFields(props: {
  values: Record<string, string>;
  errors: readonly FieldError[] | undefined;
  tenants: ReadonlyArray<{ value: string; label: string }>;
  hint: string;
}) {
  return (
    <>
      <Select
        name="role"
        label="Rolle"
        value={props.values.role ?? 'town_editor'}
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        errors={props.errors}
        required
      />
      <Select
        name="tenant"
        label="Gebiet"
        hint={props.hint}
        value={props.values.tenant ?? ''}
        options={props.tenants}
        errors={props.errors}
        required
      />
    </>
  );
}

function grantLabel(g: Grant): string {
  return `${ROLE_LABELS[g.role]}${g.tenantAgs === ALL_TENANTS ? ' (alle Gebiete)' : ` für ${g.tenantAgs}`}`;
}

function UserPage({
  user,
  areas,
  csrf,
  values,
  errors,
  reset,
  self,
}: {
  user: User;
  areas: Array<{ ags: string; name: string }>;
  csrf: string;
  values: Record<string, string>;
  errors: FieldError[];
  reset: IssuedReset | null;
  self: boolean;
}) {
  const base = `/editor/admin/users/${user.id}`;
  const areaName = new Map(areas.map((a) => [a.ags, a.name]));
  return (
    <>
      <section aria-labelledby="rollen">
        <h2 class="kern-heading-medium" id="rollen">
          Rollen
        </h2>
        {user.grants.length === 0 ? (
          <p class="kern-body">Keine Rolle: Das Konto kann sich anmelden, aber nichts bearbeiten.</p>
        ) : (
          <table class="kern-table ed-table">
            <caption class="ed-sr-only">Rollen von {user.email}</caption>
            <thead>
              <tr>
                <th scope="col">Rolle</th>
                <th scope="col">Gebiet</th>
                <th scope="col">Entfernen</th>
              </tr>
            </thead>
            <tbody>
              {user.grants.map((g) => (
                <tr>
                  <td>{ROLE_LABELS[g.role]}</td>
                  <td>
                    {g.tenantAgs === ALL_TENANTS
                      ? 'alle Gebiete'
                      : `${areaName.get(g.tenantAgs) ?? g.tenantAgs} (${g.tenantAgs})`}
                  </td>
                  <td>
                    <form method="post" action={`${base}/grants/remove`} class="ed-inline-form">
                      <Hidden name="_csrf" value={csrf} />
                      <Hidden name="role" value={g.role} />
                      <Hidden name="tenant" value={g.tenantAgs} />
                      <Button kind="tertiary">{`${grantLabel(g)} entfernen`}</Button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action={`${base}/grants`} novalidate>
          <Hidden name="_csrf" value={csrf} />
          <Fieldset legend="Rolle hinzufügen">
            <GrantFields
              values={values}
              errors={errors}
              tenants={[
                { value: ALL_TENANTS, label: 'Alle Gebiete (nur Administration)' },
                ...areas.map((a) => ({ value: a.ags, label: `${a.name} (${a.ags})` })),
              ]}
              hint="Administration: alle Gebiete; Redaktion Kreis: der Kreis; Redaktion Gemeindeverband: das Amt, die Verbands- oder Samtgemeinde; Redaktion Stadt/Gemeinde: die Stadt oder Gemeinde."
            />
          </Fieldset>
          <div class="ed-actions">
            <Button>Rolle hinzufügen</Button>
          </div>
        </form>
      </section>
      <section aria-labelledby="passwort">
        <h2 class="kern-heading-medium" id="passwort">
          Passwort zurücksetzen
        </h2>
        {reset ? (
          <div class={`kern-alert kern-alert--${reset.mailed ? 'success' : 'info'}`} role="status">
            <div class="kern-alert__body">
              {reset.mailed ? (
                <p class="kern-body">
                  Ein Link zum Festlegen eines neuen Passworts ging per E-Mail an {reset.email}. Er gilt bis{' '}
                  {formatBerlin(reset.expiresAt, 'medium')} und nur einmal.
                </p>
              ) : (
                <>
                  <p class="kern-body">
                    {reset.mailError
                      ? `Die E-Mail konnte nicht gesendet werden (${reset.mailError}). `
                      : 'Es ist kein E-Mail-Versand eingerichtet. '}
                    Geben Sie diesen Link sicher an {reset.email} weiter – er wird nur jetzt angezeigt, gilt bis{' '}
                    {formatBerlin(reset.expiresAt, 'medium')} und nur einmal:
                  </p>
                  <code class="ed-token" id="reset-link">
                    {reset.link}
                  </code>
                </>
              )}
            </div>
          </div>
        ) : null}
        <p class="kern-body">
          Erstellt einen Link, mit dem {user.email} selbst ein neues Passwort festlegt (24 Stunden gültig, einmal
          benutzbar; ein neuer Link ersetzt ältere). Das bisherige Passwort gilt, bis der Link benutzt wird.
        </p>
        <form method="post" action={`${base}/password-reset`}>
          <Hidden name="_csrf" value={csrf} />
          <Button kind="secondary">Link zum Zurücksetzen erstellen</Button>
        </form>
      </section>
      <section aria-labelledby="zugang">
        <h2 class="kern-heading-medium" id="zugang">
          Zugang
        </h2>
        <p class="kern-body">
          Status: {user.active ? 'aktiv' : 'gesperrt'}.{' '}
          {user.secondFactor ? 'Zwei-Faktor-Anmeldung eingerichtet.' : 'Anmeldung nur mit Passwort.'}
        </p>
        {self ? (
          <p class="kern-body">Ihr eigenes Konto können Sie nicht sperren.</p>
        ) : (
          <form method="post" action={`${base}/active`} class="ed-inline-form">
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="active" value={user.active ? '0' : '1'} />
            <Button kind="secondary">{user.active ? `${user.email} sperren` : `${user.email} entsperren`}</Button>
          </form>
        )}
        {user.secondFactor && (
          <form method="post" action={`${base}/totp/disable`} class="ed-inline-form">
            <Hidden name="_csrf" value={csrf} />
            <Button kind="tertiary">Zwei-Faktor-Anmeldung entfernen (Gerät verloren)</Button>
          </form>
        )}
      </section>
    </>
  );
}

function ResetForm({ csrf, secret, email }: { csrf: string; secret: string; email: string }) {
  return (
    <form method="post" action={`/editor/passwort/${secret}`} novalidate>
      <Hidden name="_csrf" value={csrf} />
      <p class="kern-body">Neues Passwort für {email}:</p>
      <TextField
        name="password"
        label="Neues Passwort"
        type="password"
        autocomplete="new-password"
        hint="Mindestens 12 Zeichen, nicht die E-Mail-Adresse. Danach melden Sie sich damit an."
        value=""
        required
        width="medium"
      />
      <div class="ed-actions">
        <Button>Passwort festlegen</Button>
      </div>
    </form>
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
          code: b.code ?? null,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(request, reply, token, session.expiresAt);
        return reply.redirect(next, 303);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 401 && status !== 429) throw error;
        if (error instanceof LoginThrottledError) reply.header('retry-after', String(error.retryAfterSeconds));
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
    totpErrors: FieldError[] = [],
  ) => {
    const p = request.principal!;
    const me = await auth.getUser(p.userId!);
    // The second factor is offered to admins; an account that has one (an admin once) can still see and end it.
    const totp =
      isAdmin(p) || me.secondFactor
        ? { enabled: me.secondFactor, pending: me.secondFactor ? null : await auth.pendingTotp(p), errors: totpErrors }
        : null;
    return sendPage(
      reply,
      <Layout
        frame={frame(request)}
        title="Mein Konto"
        errors={totpErrors}
        notice={notice ? { kind: 'success', text: notice } : null}
        crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: 'Mein Konto' }]}
      >
        <AccountPage
          tokens={await auth.listApiTokens(p.userId!)}
          newToken={newToken}
          principal={p}
          csrf={request.session?.csrfToken ?? ''}
          totp={totp}
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

  // ---- own second factor (admins) ----

  app.post('/editor/account/totp', async (request, reply) => {
    const session = requireFormSession(auth, request);
    await auth.startTotp(session.principal);
    return reply.redirect('/editor/account#zwei-faktor', 303);
  });

  app.post('/editor/account/totp/confirm', async (request, reply) => {
    const session = requireFormSession(auth, request);
    try {
      await auth.confirmTotp(session.principal, body(request).code ?? '', request.ip);
    } catch (error) {
      const issues = issuesOf(error);
      if (!issues) throw error;
      return account(request, reply, null, null, 400, issues);
    }
    return account(request, reply, null, 'Zwei-Faktor-Anmeldung eingeschaltet.');
  });

  app.post('/editor/account/totp/disable', async (request, reply) => {
    const session = requireFormSession(auth, request);
    await auth.disableTotp(session.principal.userId!, session.principal);
    return account(request, reply, null, 'Zwei-Faktor-Anmeldung ausgeschaltet.');
  });

  // ---- password reset by one-time link (no session needed: the link is the proof) ----

  app.get<{ Params: { secret: string } }>('/editor/passwort/:secret', async (request, reply) => {
    const { email } = await auth.passwordResetFor(request.params.secret);
    const csrf = loginCsrfToken(request, reply);
    return sendPage(
      reply,
      <Layout frame={{ ...frame(request), principal: null }} title="Neues Passwort festlegen">
        <ResetForm csrf={csrf} secret={request.params.secret} email={email} />
      </Layout>,
    );
  });

  app.post<{ Params: { secret: string } }>(
    '/editor/passwort/:secret',
    { config: { rateLimit: { max: opts.loginRateLimit ?? 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      checkOrigin(request);
      const b = body(request);
      checkLoginCsrf(request, b._csrf);
      try {
        await auth.resetPassword(request.params.secret, b.password ?? '', request.ip);
      } catch (error) {
        const issues = issuesOf(error);
        if (!issues) throw error;
        const { email } = await auth.passwordResetFor(request.params.secret);
        return sendPage(
          reply,
          <Layout frame={{ ...frame(request), principal: null }} title="Neues Passwort festlegen" errors={issues}>
            <ResetForm csrf={loginCsrfToken(request, reply)} secret={request.params.secret} email={email} />
          </Layout>,
          400,
        );
      }
      clearSessionCookie(request, reply);
      return sendPage(
        reply,
        <Layout
          frame={{ ...frame(request), principal: null }}
          title="Anmelden"
          notice={{ kind: 'success', text: 'Das neue Passwort gilt. Bitte melden Sie sich damit an.' }}
        >
          <LoginForm csrf={loginCsrfToken(request, reply)} next="/editor" />
        </Layout>,
      );
    },
  );

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

  const userPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    options: {
      values?: Record<string, string>;
      errors?: FieldError[];
      notice?: { kind: 'success' | 'danger'; text: string } | null;
      reset?: IssuedReset | null;
      status?: number;
    } = {},
  ) => {
    const user = await auth.getUser(request.params.id);
    return sendPage(
      reply,
      <Layout
        frame={frame(request)}
        title={`Konto ${user.email}`}
        errors={options.errors}
        notice={options.notice ?? null}
        crumbs={[
          { label: 'Übersicht', href: '/editor' },
          { label: 'Konten', href: '/editor/admin/users' },
          { label: user.email },
        ]}
      >
        <UserPage
          user={user}
          areas={[...(await opts.areas())]}
          csrf={request.session?.csrfToken ?? ''}
          values={options.values ?? {}}
          errors={options.errors ?? []}
          reset={options.reset ?? null}
          self={request.principal?.userId === user.id}
        />
      </Layout>,
      options.status ?? 200,
    );
  };

  /** A refused account change (last admin, bad grant) shows the account page again with the reason, status kept. */
  const refused = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    error: unknown,
    values: Record<string, string> = {},
  ) => {
    if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
    const issues = issuesOf(error)?.map((e) => ({ ...e, field: e.field.startsWith('grants') ? 'tenant' : e.field }));
    return userPage(request, reply, {
      values,
      errors: issues ?? [],
      notice: issues ? null : { kind: 'danger', text: error.message },
      status: error.status,
    });
  };

  app.get<{ Params: { id: string } }>('/editor/admin/users/:id', async (request, reply) => {
    requireAdmin(request, canManageUsers);
    return userPage(request, reply);
  });

  app.post<{ Params: { id: string } }>('/editor/admin/users/:id/active', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    const active = body(request).active === '1';
    try {
      await auth.setActive(request.params.id, active, session.principal);
    } catch (error) {
      return refused(request, reply, error);
    }
    return userPage(request, reply, {
      notice: { kind: 'success', text: active ? 'Konto entsperrt.' : 'Konto gesperrt.' },
    });
  });

  const grantFrom = (
    b: Record<string, string | undefined>,
  ): { grant: Grant | null; values: Record<string, string> } => {
    const values = { role: b.role ?? '', tenant: b.tenant ?? '' };
    return { grant: isRole(values.role) ? { role: values.role, tenantAgs: values.tenant } : null, values };
  };

  app.post<{ Params: { id: string } }>('/editor/admin/users/:id/grants', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    const { grant, values } = grantFrom(body(request));
    try {
      if (!grant)
        throw new ValidationError(`Unbekannte Rolle. Möglich: ${ROLES.join(', ')}.`, [
          { field: 'role', message: `Bitte eine Rolle wählen (${ROLES.map((r) => ROLE_LABELS[r]).join(', ')}).` },
        ]);
      await auth.addGrant(request.params.id, grant, session.principal);
    } catch (error) {
      return refused(request, reply, error, values);
    }
    return userPage(request, reply, { notice: { kind: 'success', text: 'Rolle hinzugefügt.' } });
  });

  app.post<{ Params: { id: string } }>('/editor/admin/users/:id/grants/remove', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    const { grant } = grantFrom(body(request));
    try {
      if (!grant) throw new NotFoundError('Diese Rolle hat das Konto nicht.');
      await auth.removeGrant(request.params.id, grant, session.principal);
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      return refused(request, reply, error);
    }
    return userPage(request, reply, { notice: { kind: 'success', text: 'Rolle entfernt.' } });
  });

  app.post<{ Params: { id: string } }>('/editor/admin/users/:id/password-reset', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    const reset = await auth.issuePasswordReset(
      request.params.id,
      session.principal,
      `${request.protocol}://${request.host}`,
    );
    return userPage(request, reply, { reset, status: 201 });
  });

  app.post<{ Params: { id: string } }>('/editor/admin/users/:id/totp/disable', async (request, reply) => {
    const session = requireFormSession(auth, request);
    requireAdmin(request, canManageUsers);
    await auth.disableTotp(request.params.id, session.principal);
    return userPage(request, reply, { notice: { kind: 'success', text: 'Zwei-Faktor-Anmeldung entfernt.' } });
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
