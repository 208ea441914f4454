// The checklist tells the truth about the feedback loops, through the public coverage API: an open citizen's report
// lowers a town's score and closing it lifts it again; a person's review raises it; a broken link lowers it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { loadLinkCheckConfig } from '../links/links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from '../links/links.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { ALTDORF, importMiniKreis, MINI_CHECKLIST } from './testdata/load.ts';

interface Coverage {
  score: number;
  percent: number;
  brokenLinks: number;
  lebenslagen: Array<{ items: Array<{ serviceId: string; checks: Array<{ id: string; state: string }> }> }>;
}

describe('checklist scores before and after each feedback loop', () => {
  let server: Server;
  const gone = new Set<string>();
  let db: TestDb;
  let app: App;

  const coverage = async (): Promise<Coverage> => {
    const res = await app.inject(`/api/v1/areas/${ALTDORF}/coverage`);
    assert.equal(res.statusCode, 200);
    return res.json() as Coverage;
  };
  const anmeldung = (c: Coverage) => c.lebenslagen.flatMap((l) => l.items).find((i) => i.serviceId === 'anmeldung');

  before(async () => {
    server = createServer((req, res) => res.writeHead(gone.has(req.url ?? '') ? 404 : 200).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    await app.services.checklist.importFile(MINI_CHECKLIST);
    await app.services.links.check({ trigger: 'cli' });
  });
  after(async () => {
    await app.close();
    await db.cleanup();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('an open report lowers the score, closing it restores it', async () => {
    const before = await coverage();
    const res = await app.inject({
      method: 'POST',
      url: '/altdorf/leistungen/anmeldung/fehler-melden',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        category: 'outdated_text',
        message: 'Die Gebühr auf der Seite ist veraltet.',
        email: '',
        website: '',
      }).toString(),
    });
    assert.equal(res.statusCode, 200);
    const open = await coverage();
    assert.ok(open.score < before.score, `${open.score} < ${before.score}`);
    const [report] = await app.services.feedback.list(CLI_PRINCIPAL, ['open']);
    assert.ok(report);
    await app.services.feedback.close(CLI_PRINCIPAL, report.id, 'Gebühr korrigiert.');
    assert.equal((await coverage()).score, before.score);
  });

  it('a person’s review raises the score', async () => {
    const before = await coverage();
    await app.services.checklist.review(ALTDORF, 'anmeldung', 'redaktion@altdorf.example');
    const after = await coverage();
    assert.ok(after.score > before.score, `${after.score} > ${before.score}`);
    assert.notDeepEqual(anmeldung(after)?.checks, anmeldung(before)?.checks);
  });

  it('a broken link lowers the score and is counted', async () => {
    const before = await coverage();
    assert.equal(before.brokenLinks, 0);
    gone.add('/altdorf/anmelden');
    await app.services.links.check({ trigger: 'cli' });
    const after = await coverage();
    assert.equal(after.brokenLinks, 1);
    assert.ok(after.score < before.score, `${after.score} < ${before.score}`);
  });
});
