// The editors' task pages (decision 0150): a task's rules are shown, a dated rule is added in one change and ended
// with one date, each through the catalog's write path with a revision; bad input keeps what was typed and names what
// is allowed; a stale version is a conflict; another tenant's editor is refused. A service that follows its task
// shows the task's rules read-only and where to change them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { emptyChangeSet, systemPrincipal } from '../catalog/index.ts';
import { COUNTY, createHttpFixture, form, type HttpFixture, type Signed } from './editor.testing.ts';

const TASK = '/editor/17001/tasks/melde';

describe('editor task pages', () => {
  let f: HttpFixture;
  let county: Signed;
  before(async () => {
    f = await createHttpFixture();
    const set = emptyChangeSet();
    set.tasks = [
      {
        label: 'task melde',
        value: {
          code: 'melde',
          tenantAgs: COUNTY,
          name: 'Meldewesen',
          defaultLevel: 'gemeinde',
          defaultLegalBasis: '§ 1 TestMG',
          defaultReason: 'Meldebehörde ist die Gemeinde.',
          connectingFactor: null,
          rules: [],
          version: 1,
        },
      },
    ];
    set.services = [
      {
        label: 'service abmeldung',
        value: {
          id: 'abmeldung',
          name: 'Wohnsitz abmelden',
          leikaKey: null,
          leikaType: null,
          synonyms: [],
          task: 'melde',
          lebenslagen: [],
          teaser: null,
          fullText: null,
          documents: null,
          prerequisites: null,
          fees: null,
          deadlines: null,
          processingTime: null,
          procedure: null,
          legalBasis: null,
          hints: null,
          furtherInfo: null,
          forms: [],
          onlineServices: [],
          textModules: {},
          tenantAgs: COUNTY,
          defaultLevel: 'gemeinde',
          defaultLegalBasis: null,
          defaultReason: null,
          rules: [],
          inheritsResponsibility: true,
          version: 1,
        },
      },
    ];
    await f.app.services.catalog.write(set, { actor: systemPrincipal('cli'), source: 'test' });
    county = await f.login('county');
  });
  after(async () => {
    await f.app.close();
    await f.db.cleanup();
  });

  const get = (url: string, s: Signed) => f.app.inject({ url, cookies: { amtsweg_session: s.cookie } });
  const post = (url: string, s: Signed, values: Record<string, string>) =>
    f.app.inject({
      method: 'POST',
      url,
      cookies: { amtsweg_session: s.cookie },
      ...form({ _csrf: s.csrf, ...values }),
    });
  const rule = (values: Record<string, string> = {}) => ({
    version: '1',
    matchType: 'area',
    matchValue: '17001003',
    level: 'kreis',
    validFrom: '2027-01-01',
    reason: '{area} hat die Meldebehörde ab 2027 dem Kreis übertragen.',
    legalBasis: '§ 3 TestMG',
    ...values,
  });
  const answer = async (at: string) =>
    (await f.app.services.catalog.getAreaService('17001003', 'abmeldung', new Date(at))).responsible;

  it('lists the tenant’s tasks and shows a task with the services that follow it', async () => {
    const list = await get('/editor/17001/tasks', county);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/editor\/17001\/tasks\/melde"[^>]*>\s*Meldewesen/);
    const page = await get(TASK, county);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Keine Abweichungen/);
    assert.match(page.body, /Wohnsitz abmelden<\/a> – folgt diesen Regeln/);
    assert.match(page.body, /Regel hinzufügen/);
  });

  it('refuses bad input with what is allowed, keeping what was typed, and writes nothing', async () => {
    const res = await post(`${TASK}/rules`, county, rule({ level: 'amt', validFrom: '2027-13-01', reason: '' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Erlaubt: bund, land, regierungsbezirk, kreis, gemeindeverband, gemeinde, bezirk/);
    assert.match(res.body, /„2027-13-01“ ist kein Datum/);
    assert.match(res.body, /Bitte in einem Satz begründen/);
    assert.match(res.body, /value="17001003"/);
    const unknown = await post(`${TASK}/rules`, county, rule({ matchValue: '17001999' }));
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Das Gebiet 17001999 ist nicht im Katalog/);
    assert.equal((await answer('2027-06-01T10:00:00Z')).level, 'gemeinde');
  });

  it('another tenant’s editor may not change the task', async () => {
    const town = await f.login('altdorf');
    const res = await post(`${TASK}/rules`, town, rule());
    assert.equal(res.statusCode, 403);
  });

  it('adds a dated rule in one change: a revision, today unchanged with the change announced, from the day the Kreis', async () => {
    const res = await post(`${TASK}/rules`, county, rule());
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${TASK}?ok=added`);
    const today = await answer('2026-11-30T10:00:00Z');
    assert.deepEqual(
      [today.level, today.areaAgs, today.upcoming?.from, today.upcoming?.level],
      ['gemeinde', '17001003', '2027-01-01', 'kreis'],
    );
    const then = await answer('2027-01-02T10:00:00Z');
    assert.deepEqual(
      [then.level, then.areaAgs, then.rule.origin, then.legalBasis],
      ['kreis', '17001', 'task', '§ 3 TestMG'],
    );
    assert.equal(then.reason, 'Sonderhausen hat die Meldebehörde ab 2027 dem Kreis übertragen.');
    const revisions = await f.app.services.catalog.revisions(COUNTY, 'task', '17001:melde');
    assert.deepEqual(
      revisions.map((r) => r.action).sort(),
      ['import', 'publish'],
      'created by the first write, then one revision for the editor’s change',
    );
    const page = await get(`${TASK}?ok=added`, county);
    assert.match(page.body, /Version 2/);
    assert.match(page.body, /ab 1\. Januar 2027/);
  });

  it('a stale version is a conflict and writes nothing', async () => {
    const res = await post(`${TASK}/rules`, county, rule({ version: '1', matchValue: '17001001' }));
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /inzwischen geändert/);
    assert.equal((await f.app.services.catalog.revisions(COUNTY, 'task', '17001:melde')).length, 2);
  });

  it('ends a rule with one date: it holds until the day before', async () => {
    const res = await post(`${TASK}/rules/end`, county, {
      version: '2',
      rule: 'task:melde#0',
      'end-task:melde#0': '2028-01-01',
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await answer('2027-12-31T10:00:00Z')).level, 'kreis');
    assert.equal((await answer('2028-01-01T10:00:00Z')).level, 'gemeinde');
    const bad = await post(`${TASK}/rules/end`, county, {
      version: '3',
      rule: 'task:melde#0',
      'end-task:melde#0': '2026-01-01',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /muss vor „gültig bis“ 2026-01-01 liegen/);
  });

  it('a service that follows its task shows the rules read-only, where to change them, and the explicit override', async () => {
    const page = await get('/editor/17001/services/abmeldung', county);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Zuständigkeit aus der Aufgabe „Meldewesen“/);
    assert.match(page.body, /href="\/editor\/17001\/tasks\/melde"/);
    assert.match(page.body, /name="ownResponsibility"/);
  });
});
