import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnswerCache, answerVersion, earliestChange, MAX_ANSWER_AGE_MS } from './answer-cache.ts';
import { CachedBody } from './cached-body.ts';

/** 2026-12-02 09:30 in Berlin. */
const NOW = Date.parse('2026-12-02T09:30:00+01:00');
const body = (text: string) => new CachedBody(text, 'text/plain', 't');

describe('AnswerCache', () => {
  it('answers while generation, Berlin day and the shown opening state hold', () => {
    const cache = new AnswerCache({ max: 10, maxBytes: 1_000_000 });
    const opens = Date.parse('2026-12-02T14:00:00+01:00');
    cache.set('/a', answerVersion(7, NOW, opens), body('a'));
    assert.equal(cache.get('/a', 7, NOW + 60_000)?.identity.toString(), 'a');
    assert.equal(cache.get('/a', 8, NOW + 60_000), undefined, 'a new generation misses');
    cache.set('/a', answerVersion(7, NOW, opens), body('a'));
    assert.equal(cache.get('/a', 7, opens), undefined, 'the office opened: made again');
  });

  it('a new Berlin day misses even within the hour (dated rules, "tomorrow", the week table)', () => {
    const cache = new AnswerCache({ max: 10, maxBytes: 1_000_000 });
    const late = Date.parse('2026-12-02T23:50:00+01:00');
    cache.set('/a', answerVersion(1, late, Number.POSITIVE_INFINITY), body('a'));
    assert.ok(cache.get('/a', 1, late + 5 * 60_000));
    assert.equal(cache.get('/a', 1, late + 15 * 60_000), undefined);
  });

  it('nothing is kept longer than the maximum age', () => {
    const cache = new AnswerCache({ max: 10, maxBytes: 1_000_000 });
    const at = Date.parse('2026-12-02T08:00:00+01:00');
    cache.set('/a', answerVersion(1, at, Number.POSITIVE_INFINITY), body('a'));
    assert.ok(cache.get('/a', 1, at + MAX_ANSWER_AGE_MS - 1));
    assert.equal(cache.get('/a', 1, at + MAX_ANSWER_AGE_MS), undefined);
  });

  it('is bounded by bytes: the least recently used answer goes first', () => {
    const cache = new AnswerCache({ max: 100, maxBytes: 5_000 });
    const v = answerVersion(1, NOW, Number.POSITIVE_INFINITY);
    for (let i = 0; i < 10; i++) cache.set(`/${i}`, v, body('x'.repeat(1000)));
    assert.ok(cache.size < 10);
    assert.ok(cache.get('/9', 1, NOW));
    assert.equal(cache.get('/0', 1, NOW), undefined);
  });

  it('ETag tags name generation, day and next change', () => {
    const change = Date.parse('2026-12-02T10:00:00+01:00');
    const v = answerVersion('a-3', NOW, change);
    assert.equal(v.tag, `a-3.20261202.${change.toString(36)}`);
    assert.equal(v.until, change);
    assert.equal(answerVersion(10, NOW, NOW - 1).tag, 'a.20261202.0', 'a past change counts as none');
  });

  it('earliestChange takes the first change after now', () => {
    const a = '2026-12-02T12:30:00+01:00';
    const b = '2026-12-02T10:00:00+01:00';
    assert.equal(earliestChange([a, null, b, '2026-12-01T10:00:00+01:00', undefined], NOW), Date.parse(b));
    assert.equal(earliestChange([], NOW), Number.POSITIVE_INFINITY);
  });

  it('concurrent misses of one answer make it once; the others get the one made', async () => {
    const cache = new AnswerCache({ max: 10, maxBytes: 1_000_000 });
    let made = 0;
    const serve = () =>
      cache.serve(
        '/p',
        1,
        NOW,
        (b) => `kept ${b.identity.toString()}`,
        async () => {
          made++;
          await new Promise((r) => setTimeout(r, 10));
          cache.set('/p', answerVersion(1, NOW, Number.POSITIVE_INFINITY), body('page'));
          return 'made page';
        },
      );
    const answers = await Promise.all([serve(), serve(), serve(), serve()]);
    assert.deepEqual(answers.sort(), ['kept page', 'kept page', 'kept page', 'made page']);
    assert.equal(made, 1);
  });

  it('an answer not kept, or a failed make, lets each waiter make its own', async () => {
    const cache = new AnswerCache({ max: 10, maxBytes: 1_000_000 });
    let made = 0;
    const serve = () =>
      cache.serve(
        '/q',
        1,
        NOW,
        () => 'kept',
        async () => {
          made++;
          await new Promise((r) => setTimeout(r, 5));
          return 'not kept';
        },
      );
    assert.deepEqual(await Promise.all([serve(), serve(), serve()]), ['not kept', 'not kept', 'not kept']);
    assert.equal(made, 3);
    const broken = cache.serve(
      '/r',
      1,
      NOW,
      () => 'kept',
      async () => {
        throw new Error('broken');
      },
    );
    const waiter = cache.serve(
      '/r',
      1,
      NOW,
      () => 'kept',
      async () => 'made by the waiter',
    );
    await assert.rejects(broken, /broken/);
    assert.equal(await waiter, 'made by the waiter');
  });
});
