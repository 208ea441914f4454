import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sharedDataDir } from './shared-data.ts';

describe('shared data folder', () => {
  it('defaults to ../shared/data next to the repository and follows AMTSWEG_SHARED_DATA', () => {
    const repo = resolve(import.meta.dirname, '..', '..');
    assert.equal(sharedDataDir({}), join(resolve(repo, '..'), 'shared', 'data'));
    assert.equal(sharedDataDir({ AMTSWEG_SHARED_DATA: '/data/x' }), '/data/x');
    assert.equal(sharedDataDir({ AMTSWEG_SHARED_DATA: '  ' }), join(resolve(repo, '..'), 'shared', 'data'));
  });
});
