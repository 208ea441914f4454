// The link checker with a database, against a local HTTP server on 127.0.0.1 (never the internet).

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb, testDialects } from '../../db/testing.ts';
import { type CatalogService, createCatalogService } from '../catalog/catalog.service.ts';
import { importMiniKreis, NEUSTADT } from '../checklist/testdata/load.ts';
import {
  createLinksService,
  LinkCheckBusyError,
  type LinksService,
  loadLinkCheckConfig,
  startLinkSchedule,
} from './links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from './links.ts';

let server: Server;
let base: string;
let formStatus = 200;
let requests = 0;
/** While set, the server holds every answer until it resolves; `onRequest` tells that a request arrived. */
let hold: Promise<void> | null = null;
let onRequest: () => void = () => {};

before(async () => {
  server = createServer(async (req, res) => {
    requests++;
    onRequest();
    if (hold) await hold;
    if (req.url?.startsWith('/forms/')) return res.writeHead(formStatus).end();
    if (req.url === '/kreis') return res.writeHead(301, { location: '/kreis/neu' }).end();
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

for (const dialect of await testDialects()) {
  describe(`link checker on ${dialect}`, () => {
    let db: TestDb;
    let catalog: CatalogService;
    let links: LinksService;

    before(async () => {
      db = await createTestDb(dialect);
      catalog = createCatalogService(db);
      const config = loadLinkCheckConfig({ NODE_ENV: 'test' });
      links = createLinksService(db, catalog, {
        ...config,
        checker: { ...config.checker, allowPrivateHosts: true, perHostIntervalMs: 0, timeoutMs: 2000 },
        policy: IMMEDIATE_BREAK_POLICY,
      });
      await importMiniKreis(catalog, base);
    });
    after(async () => db.cleanup());

    it('finds every link the catalog shows, with where it appears', async () => {
      const sources = await links.sources();
      const urls = new Set(sources.map((s) => s.url));
      for (const path of [
        '/online/anmeldung',
        '/forms/sepa.pdf',
        '/kreis/bau',
        '/kreis/zulassung',
        '/altdorf/anmelden',
        '/kreis',
      ]) {
        assert.ok(urls.has(`${base}${path}`), path);
      }
      const form = sources.filter((s) => s.url.endsWith('/forms/sepa.pdf'));
      assert.ok(form.some((s) => s.areaAgs === NEUSTADT && s.serviceId === 'zulassung' && s.kind === 'form'));
      const only = await links.sources([NEUSTADT]);
      assert.ok(only.every((s) => s.areaAgs === NEUSTADT));
    });

    it('records states, redirects, last success and the links that broke', async () => {
      formStatus = 200;
      const first = await links.check({ trigger: 'cli' });
      assert.equal(first.summary.broken, 0);
      const states = await links.statuses([`${base}/kreis`, `${base}/forms/sepa.pdf`, `${base}/unbekannt`]);
      assert.equal(states.get(`${base}/kreis`)?.state, 'moved');
      assert.equal(states.get(`${base}/kreis`)?.redirects[0]?.status, 301);
      assert.equal(states.get(`${base}/unbekannt`)?.state, 'unchecked');
      const okAt = states.get(`${base}/forms/sepa.pdf`)?.lastSuccessAt;
      assert.ok(okAt);

      formStatus = 410;
      const second = await links.check({ trigger: 'cli' });
      assert.deepEqual(second.summary.newlyBroken, [`${base}/forms/sepa.pdf`]);
      const form = (await links.statuses([`${base}/forms/sepa.pdf`])).get(`${base}/forms/sepa.pdf`);
      assert.equal(form?.state, 'broken');
      assert.equal(form?.lastSuccessAt, okAt, 'last success is kept');
      assert.equal(form?.lastHttpStatus, 410);

      const problems = await links.problems();
      assert.equal(problems.length, 1);
      assert.ok(problems[0]?.sources.some((s) => s.serviceId === 'zulassung'));

      // Re-check only the broken ones: it works again.
      formStatus = 200;
      const recheck = await links.check({ trigger: 'cli', onlyStates: ['broken'] });
      assert.equal(recheck.total, 1);
      assert.deepEqual(recheck.summary.recovered, [`${base}/forms/sepa.pdf`]);

      const runs = await links.recentRuns(5);
      assert.equal(runs.length, 3);
      assert.ok(runs.every((r) => r.finishedAt !== null && !r.active));
      assert.deepEqual(runs[1]?.summary.newlyBroken, [`${base}/forms/sepa.pdf`]);
    });

    it('when no server answers at all, the run "could not check" and changes no link', async () => {
      // A second catalog whose every link points at a closed port: like a machine without internet, every host
      // fails the same way before any server could answer.
      const offline = await createTestDb(dialect);
      try {
        const offlineCatalog = createCatalogService(offline);
        await importMiniKreis(offlineCatalog, 'http://127.0.0.1:1');
        const changes: unknown[] = [];
        const offlineLinks = createLinksService(
          offline,
          offlineCatalog,
          { ...links.config, policy: IMMEDIATE_BREAK_POLICY },
          { onChanges: async (c) => void changes.push(...c) },
        );
        const run = await offlineLinks.check({ trigger: 'cli' });
        assert.ok(run.total >= 5);
        assert.equal(run.summary.verdict, 'could_not_check');
        assert.equal(run.summary.broken, 0);
        assert.deepEqual(run.summary.newlyBroken, []);
        assert.equal(changes.length, 0, 'nobody is told that links broke');
        assert.deepEqual(await offlineLinks.counts(), {}, 'no link state was written');
        const [stored] = await offlineLinks.recentRuns(1);
        assert.equal(stored?.summary.verdict, 'could_not_check');
        assert.match(stored?.error ?? '', /nicht möglich.*keine Verbindung/);
      } finally {
        await offline.cleanup();
      }
    });

    it('one run at a time: a second run while one holds the lease is refused', async () => {
      let release: () => void = () => {};
      hold = new Promise<void>((r) => {
        release = r;
      });
      const arrived = new Promise<void>((r) => {
        onRequest = r;
      });
      const first = links.check({ trigger: 'cli', areas: [NEUSTADT] });
      await arrived; // the first run is checking (and holds the lease)
      await assert.rejects(links.check({ trigger: 'api' }), LinkCheckBusyError);
      hold = null;
      onRequest = () => {};
      release();
      await first;
      assert.equal(await links.activeRun(), null);
    });

    it('a crashed run (lease ran out) does not block the next one', async () => {
      await db.kysely
        .insertInto('linkCheckRuns')
        .values({
          id: 'crashed',
          trigger: 'schedule',
          owner: 'gone:1',
          active: 1,
          startedAt: '2020-01-01T00:00:00.000Z',
          leaseUntil: '2020-01-01T00:10:00.000Z',
          finishedAt: null,
          total: 10,
          checked: 2,
          working: 2,
          failing: 0,
          broken: 0,
          skipped: 0,
          newlyBroken: '[]',
          recovered: '[]',
          error: null,
          verdict: null,
        })
        .execute();
      const run = await links.check({ trigger: 'cli', areas: [NEUSTADT] });
      assert.ok(run.total > 0);
      const crashed = (await links.recentRuns(10)).find((r) => r.id === 'crashed');
      assert.match(crashed?.error ?? '', /lease expired/);
    });

    it('the schedule runs inside the process and stops cleanly; interval 0 is off', async () => {
      const infos: string[] = [];
      const log = { info: (_o: object, m: string) => void infos.push(m), warn: () => {}, error: () => {} };
      const off = startLinkSchedule(links, log, { ...links.config, intervalMinutes: 0 });
      await off();
      assert.equal(infos.length, 0);
      const before = requests;
      const stop = startLinkSchedule(links, log, { ...links.config, intervalMinutes: 60, initialDelayMs: 1 });
      for (let i = 0; i < 100 && !infos.includes('link check finished'); i++)
        await new Promise((r) => setTimeout(r, 20));
      await stop();
      assert.ok(infos.includes('link check finished'));
      assert.ok(requests > before);
    });

    it('NODE_ENV=test turns the schedule off by default; the interval is configurable', () => {
      assert.equal(loadLinkCheckConfig({ NODE_ENV: 'test' }).intervalMinutes, 0);
      assert.equal(loadLinkCheckConfig({}).intervalMinutes, 1440);
      assert.equal(loadLinkCheckConfig({ LINKCHECK_INTERVAL_MINUTES: '30' }).intervalMinutes, 30);
      assert.throws(() => loadLinkCheckConfig({ LINKCHECK_INTERVAL_MINUTES: 'oft' }), /non-negative number/);
    });
  });
}
