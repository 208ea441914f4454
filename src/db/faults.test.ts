import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceUnavailableError } from '../shared/errors.ts';
import { asServiceUnavailable, classifyDatabaseError } from './faults.ts';

function err(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('classifyDatabaseError', () => {
  it('treats outages as unavailable', () => {
    for (const e of [
      err('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      err('terminating connection due to administrator command', '57P01'),
      err('the database system is starting up', '57P03'),
      err('connection failure', '08006'),
      err('sorry, too many clients already', '53300'),
      err('Connection terminated unexpectedly'),
      err('timeout exceeded when trying to connect'),
      err('database is locked', 'SQLITE_BUSY'),
      new AggregateError([err('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      new Error('query failed', { cause: err('read ECONNRESET', 'ECONNRESET') }),
    ]) {
      assert.equal(classifyDatabaseError(e)?.kind, 'unavailable', `${e.message} (${(e as { code?: string }).code})`);
    }
  });

  it('leaves bugs and bad data alone', () => {
    for (const e of [
      err('duplicate key value violates unique constraint', '23505'),
      err('syntax error at or near "selec"', '42601'),
      err('UNIQUE constraint failed: areas.ags', 'SQLITE_CONSTRAINT_UNIQUE'),
      err('invalid byte sequence for encoding "UTF8": 0x00', '22021'),
      new TypeError('Cannot read properties of undefined'),
      'a string',
      null,
    ]) {
      assert.equal(classifyDatabaseError(e), null, String(e));
    }
  });

  it('turns an outage into a 503 with Retry-After seconds', () => {
    const e = asServiceUnavailable(err('database is locked', 'SQLITE_BUSY'));
    assert.ok(e instanceof ServiceUnavailableError);
    assert.equal(e.status, 503);
    assert.equal(e.type, 'service-unavailable');
    assert.ok(e.retryAfterSeconds > 0);
    assert.equal(asServiceUnavailable(err('x', '23505')), undefined);
  });
});
