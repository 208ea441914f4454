// "Zuletzt geprüft" on a service page: the last published change until a person confirms the text for the town,
// then the date of that review; always the Berlin calendar day, written out ("12. März 2026").
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { type App, buildApp } from '../../app/app.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { ALTDORF, importMiniKreis, MINI_CHECKLIST } from '../checklist/testdata/load.ts';
import { longDate } from './last-reviewed.ts';

describe('last reviewed date on the service page', () => {
  let db: TestDb;
  let app: App;
  before(async () => {
    // The import's revisions carry this moment: late evening UTC is already the next day in Berlin.
    mock.timers.enable({ apis: ['Date'], now: new Date('2026-03-11T23:30:00Z') });
    db = await createTestDb('sqlite');
    app = await buildApp({ db });
    await importMiniKreis(app.services.catalog);
    await app.services.checklist.importFile(MINI_CHECKLIST);
    mock.timers.reset();
  });
  after(async () => {
    await app.close();
    await db.cleanup();
  });

  it('formats the Berlin day in words', () => {
    assert.equal(longDate('2026-03-11T23:30:00Z', 'de'), '12. März 2026');
    assert.equal(longDate('2026-03-11T23:30:00Z', 'en'), '12 March 2026');
    assert.equal(longDate('kaputt', 'de'), '–');
  });

  it('shows the last published change, then the date a person confirmed the text for the town', async () => {
    const before = await app.inject('/altdorf/leistungen/anmeldung');
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /Zuletzt geprüft: <time datetime="2026-03-12">12\. März 2026<\/time>/);

    await app.services.checklist.review(
      ALTDORF,
      'anmeldung',
      'redaktion@altdorf.example',
      null,
      new Date('2026-11-20T10:00:00Z'),
    );
    const after = await app.inject('/altdorf/leistungen/anmeldung');
    assert.match(after.body, /Zuletzt geprüft: <time datetime="2026-11-20">20\. November 2026<\/time>/);
    // Another town's page of the same service still shows the catalog's change: the review was Altdorf's.
    const other = await app.inject('/neustadt/leistungen/anmeldung');
    assert.match(other.body, /Zuletzt geprüft: <time[^>]*>12\. März 2026</);
    const english = await app.inject('/en/altdorf/leistungen/anmeldung');
    assert.equal(english.statusCode, 200);
    assert.match(english.body, /Last reviewed: <time[^>]*>20 November 2026</);
  });

  it('the API’s service answer carries the same date and where it comes from; lists leave it out', async () => {
    const reviewed = await app.inject(`/api/v1/areas/${ALTDORF}/services/anmeldung`);
    assert.equal(reviewed.statusCode, 200);
    assert.deepEqual(reviewed.json().lastReviewed, { at: '2026-11-20T10:00:00.000Z', source: 'review' });
    const changed = await app.inject('/api/v1/areas/17001002/services/anmeldung');
    assert.deepEqual(changed.json().lastReviewed, { at: '2026-03-11T23:30:00.000Z', source: 'change' });
    const list = await app.inject(`/api/v1/areas/${ALTDORF}/services`);
    assert.equal(list.statusCode, 200);
    assert.equal('lastReviewed' in (list.json().items[0] ?? {}), false);
    // Documented in the API description, from the same schema that serialises it.
    const spec = (await app.inject('/api/v1/openapi.json')).json();
    type Props = Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    const schemas = Object.values(spec.components.schemas as Record<string, { properties?: Props }>);
    const resolved = schemas.find((x) => x.properties?.responsible && x.properties?.lastReviewed);
    assert.deepEqual(resolved?.properties?.lastReviewed?.properties?.source?.enum, ['review', 'change']);
  });
});
