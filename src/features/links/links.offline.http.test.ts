// The link checker's "could not check" run through the app (issue #14): on a machine where no server answers at all
// (every link of the catalog points at a closed port, as without internet or DNS), the run is reported as
// `could_not_check` by the API, no link is listed as broken, and no inbox gets a "Link defekt".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { importMiniKreis } from '../checklist/testdata/load.ts';
import { loadMailConfig } from '../notifications/index.ts';
import { loadLinkCheckConfig } from './links.service.ts';
import { IMMEDIATE_BREAK_POLICY } from './links.ts';

describe('a link check in which no server answers', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    db = await createTestDb('sqlite');
    const config = loadLinkCheckConfig({ NODE_ENV: 'test' });
    const services = createServices(db, {
      mail: loadMailConfig({ NODE_ENV: 'test' }),
      links: {
        ...config,
        checker: { ...config.checker, allowPrivateHosts: true, perHostIntervalMs: 0, timeoutMs: 2000 },
        // Even a policy that breaks a link on its first failure must not, when nothing could be reached.
        policy: IMMEDIATE_BREAK_POLICY,
      },
    });
    app = await buildApp({ db, services });
    await importMiniKreis(app.services.catalog, 'http://127.0.0.1:1');
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('is reported as "could not check" and changes no link, tells no inbox', async () => {
    const run = await app.services.links.check({ trigger: 'cli' });
    assert.ok(run.total >= 5, 'links were tried');

    const runs = await app.inject('/api/v1/links/runs?limit=1');
    assert.equal(runs.statusCode, 200);
    const [last] = runs.json().items;
    assert.equal(last.verdict, 'could_not_check');
    assert.equal(last.broken, 0);
    assert.deepEqual(last.newlyBroken, []);

    const problems = await app.inject('/api/v1/links/problems');
    assert.equal(problems.statusCode, 200);
    assert.deepEqual(problems.json().items, []);
    const inbox = await app.services.notifications.inbox(CLI_PRINCIPAL);
    assert.equal(inbox.filter((n) => n.kind === 'link_broken').length, 0);
  });
});
