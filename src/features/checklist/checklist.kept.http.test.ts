// A kept checklist answer reads no table (decision 0275): what it shows is versioned by generations (catalog, the
// checklist's items and ticks, link states, citizens' reports) bumped by their writes, so finding the kept bytes is a
// generation read and a lookup. Every query is counted through a Kysely plugin on the app's database.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { type App, buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { loadLinkCheckConfig } from '../links/links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from '../links/links.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { ALTDORF, importMiniKreis, MINI_CHECKLIST } from './testdata/load.ts';

describe('a kept checklist answer costs no query', () => {
  let server: Server;
  const gone = new Set<string>();
  let db: TestDb;
  let app: App;
  let counting = false;
  const queries: string[] = [];
  // Generation reads are what a kept answer may do (on PostgreSQL with pushes not even those): not counted.
  const counter: KyselyPlugin = {
    transformQuery({ node }: { node: RootOperationNode }) {
      const text = JSON.stringify(node);
      if (counting && !/cache_?generations/i.test(text)) queries.push(text.slice(0, 160));
      return node;
    },
    transformResult: async ({ result }) => result,
  };

  const page = () => app.inject({ url: '/checkliste/altdorf', headers: { accept: 'text/html' } });
  const data = () => app.inject(`/api/v1/areas/${ALTDORF}/coverage`);
  async function countedQueries(run: () => Promise<unknown>): Promise<string[]> {
    queries.length = 0;
    counting = true;
    try {
      await run();
    } finally {
      counting = false;
    }
    return [...queries];
  }

  before(async () => {
    server = createServer((req, res) => res.writeHead(gone.has(req.url ?? '') ? 404 : 200).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createTestDb('sqlite');
    const counted = { ...db, kysely: db.kysely.withPlugin(counter) };
    const config = loadLinkCheckConfig({ NODE_ENV: 'test' });
    const services = createServices(counted, {
      mail: loadMailConfig({ NODE_ENV: 'test' }),
      links: {
        ...config,
        checker: { ...config.checker, allowPrivateHosts: true, perHostIntervalMs: 0, timeoutMs: 2000 },
        policy: IMMEDIATE_BREAK_POLICY,
      },
    });
    app = await buildApp({ db: counted, services });
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

  it('the town page and its data are answered without a query while nothing changed', async () => {
    const first = await page();
    assert.equal(first.statusCode, 200);
    assert.equal((await data()).statusCode, 200);
    const seen = await countedQueries(async () => {
      const again = await page();
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers.etag, first.headers.etag, 'the kept bytes');
      assert.equal((await data()).statusCode, 200);
    });
    assert.deepEqual(seen, [], 'queries of a kept answer');
  });

  it('each write the page shows moves it: a tick, a link run, a checklist import', async () => {
    const before = await page();
    await app.services.checklist.review(ALTDORF, 'anmeldung', 'redaktion@altdorf.example');
    const ticked = await page();
    assert.notEqual(ticked.headers.etag, before.headers.etag, 'after a tick');
    assert.notEqual(ticked.body, before.body);

    gone.add('/online/anmeldung');
    await app.services.links.check({ trigger: 'cli' });
    const checked = await page();
    assert.notEqual(checked.headers.etag, ticked.headers.etag, 'after a link run that broke a link');
    assert.notEqual(checked.body, ticked.body);
    assert.deepEqual(await countedQueries(page), [], 'kept again once made');

    // The same file again changes no item: the kept page stays.
    await app.services.checklist.importFile(MINI_CHECKLIST);
    assert.equal((await page()).headers.etag, checked.headers.etag, 'an import that changes nothing');
  });
});
