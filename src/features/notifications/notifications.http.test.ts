// The tenants' inboxes end to end through app.inject: a link that breaks lands in the inbox of the tenant whose view
// shows it, once (not again on the next run), never in another tenant's; a citizen's report lands in the owning
// tenant's inbox; marking read needs the session's CSRF token.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { ALTDORF, importMiniKreis, KREIS, NEUSTADT } from '../checklist/testdata/load.ts';
import { loadLinkCheckConfig } from '../links/links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from '../links/links.ts';
import { loadMailConfig } from './notifications.mailer.ts';

const PASSWORD = 'korrekt-pferd-batterie';
let server: Server;
let base = '';
/** Paths the local server answers with 404 (a link that broke). */
const gone = new Set<string>();

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the tenants’ inboxes', () => {
  let db: TestDb;
  let app: App;
  const cookies: Record<string, string> = {};

  async function signIn(email: string, tenantAgs: string, role: 'town_editor' | 'county_editor'): Promise<string> {
    await app.services.auth.createUser({ email, password: PASSWORD, grants: [{ role, tenantAgs }] }, CLI_PRINCIPAL);
    const { token } = await app.services.auth.login({ email, password: PASSWORD });
    return `amtsweg_session=${token}`;
  }
  const inbox = (who: string, query = '') =>
    app.inject({ url: `/editor/inbox${query}`, headers: { cookie: cookies[who] ?? '' } });

  before(async () => {
    server = createServer((req, res) => res.writeHead(gone.has(req.url ?? '') ? 404 : 200).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createTestDb('sqlite');
    const config = loadLinkCheckConfig({ NODE_ENV: 'test' });
    const services = createServices(db, {
      mail: loadMailConfig({ NODE_ENV: 'test' }),
      links: {
        ...config,
        checker: { ...config.checker, allowPrivateHosts: true, perHostIntervalMs: 0, timeoutMs: 2000 },
        policy: IMMEDIATE_BREAK_POLICY,
      },
    });
    app = await buildApp({ db, services });
    await importMiniKreis(app.services.catalog, base);
    cookies.altdorf = await signIn('redaktion@altdorf.example', ALTDORF, 'town_editor');
    cookies.neustadt = await signIn('redaktion@neustadt.example', NEUSTADT, 'town_editor');
    cookies.kreis = await signIn('redaktion@kreis.example', KREIS, 'county_editor');
  });
  after(async () => {
    await app.close();
    await db.cleanup();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a broken link lands once in the inbox of the tenant whose view shows it, and in no other', async () => {
    const first = await app.services.links.check({ trigger: 'cli' });
    assert.equal(first.summary.broken, 0);
    assert.doesNotMatch((await inbox('altdorf')).body, /Link defekt/);

    gone.add('/altdorf/anmelden');
    const second = await app.services.links.check({ trigger: 'cli' });
    assert.deepEqual(second.summary.newlyBroken, [`${base}/altdorf/anmelden`]);
    const page = await inbox('altdorf');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal((page.body.match(/data-kind="link_broken"/g) ?? []).length, 1);
    assert.match(page.body, /Link defekt: http:\/\/127\.0\.0\.1:\d+\/altdorf\/anmelden/);
    assert.match(page.body, /HTTP 404/);
    assert.match(page.body, /href="\/altdorf\/leistungen\/anmeldung"/, 'links to the page that shows it');
    assert.match(page.body, /data-testid="inbox-unread">1 ungelesene Nachricht</);

    // Still broken on the next run: no second entry.
    await app.services.links.check({ trigger: 'cli' });
    const again = await inbox('altdorf');
    assert.equal((again.body.match(/data-kind="link_broken"/g) ?? []).length, 1);

    // Neustadt's and the Kreis's views do not show Altdorf's unit: their inboxes stay empty.
    for (const who of ['neustadt', 'kreis']) {
      const other = await inbox(who);
      assert.equal(other.statusCode, 200);
      assert.doesNotMatch(other.body, /altdorf\/anmelden/, who);
    }
  });

  it('a citizen’s report lands in the owning tenant’s inbox with a link to the report', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/altdorf/leistungen/anmeldung/fehler-melden',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        category: 'wrong_contact',
        message: 'Die Telefonnummer stimmt nicht mehr.',
        email: '',
        website: '',
      }),
    });
    assert.equal(res.statusCode, 200);
    const [report] = await app.services.feedback.list(CLI_PRINCIPAL);
    assert.ok(report);
    const page = await inbox('altdorf');
    assert.match(page.body, /Fehlermeldung zu „Wohnsitz anmelden“/);
    assert.match(page.body, new RegExp(`href="/editor/reports/${report.id}"`));
    assert.match(page.body, /Die Telefonnummer stimmt nicht mehr\./);
    assert.doesNotMatch((await inbox('neustadt')).body, /Fehlermeldung/);
  });

  it('marking read needs the session’s CSRF token; read items leave the default view', async () => {
    assert.equal((await app.inject('/editor/inbox')).statusCode, 303, 'signed out: to the sign-in');
    const page = await inbox('altdorf');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const id = /action="\/editor\/inbox\/([^"/]+)\/read"/.exec(page.body)?.[1] ?? '';
    assert.ok(csrf && id);
    const post = (who: string, url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: cookies[who] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(fields),
      });
    assert.equal((await post('altdorf', `/editor/inbox/${id}/read`, { _csrf: 'falsch' })).statusCode, 403);
    assert.equal((await post('altdorf', `/editor/inbox/${id}/read`, {})).statusCode, 403);
    // Another tenant's editor cannot touch it, even with a valid token of their own.
    const neustadtCsrf = /name="_csrf" value="([^"]+)"/.exec((await inbox('neustadt')).body)?.[1];
    if (neustadtCsrf)
      assert.equal((await post('neustadt', `/editor/inbox/${id}/read`, { _csrf: neustadtCsrf })).statusCode, 403);
    assert.match((await inbox('altdorf')).body, /2 ungelesene Nachrichten/);

    assert.equal((await post('altdorf', `/editor/inbox/${id}/read`, { _csrf: csrf })).statusCode, 303);
    assert.match((await inbox('altdorf')).body, /1 ungelesene Nachricht</);
    assert.equal((await post('altdorf', '/editor/inbox/read-all', { _csrf: csrf })).statusCode, 303);
    const after = await inbox('altdorf');
    assert.match(after.body, /0 ungelesene Nachrichten/);
    assert.match(after.body, /Keine ungelesenen Nachrichten/);
    const all = await inbox('altdorf', '?alle=1');
    assert.match(all.body, /Link defekt: http/);
    assert.doesNotMatch(all.body, /Als gelesen markieren/);
  });
});
