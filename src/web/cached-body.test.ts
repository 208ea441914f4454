import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { CachedBody, pickEncoding } from './cached-body.ts';

describe('cached bodies', () => {
  it('picks br over gzip over identity and honours q=0 and *', () => {
    assert.equal(pickEncoding(undefined), 'identity');
    assert.equal(pickEncoding(''), 'identity');
    assert.equal(pickEncoding('gzip, deflate, br'), 'br');
    assert.equal(pickEncoding('gzip'), 'gzip');
    assert.equal(pickEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(pickEncoding('deflate'), 'identity');
    assert.equal(pickEncoding('*'), 'br');
    assert.equal(pickEncoding('*, br;q=0'), 'gzip');
    assert.equal(pickEncoding('GZIP;Q=1'), 'gzip');
    assert.equal(pickEncoding(['gzip', 'br']), 'br');
  });

  it('makes each compressed variant once and derives ETags from the tag', () => {
    const text = JSON.stringify({ items: Array.from({ length: 100 }, (_, i) => ({ id: `leistung-${i}` })) });
    const body = new CachedBody(text, 'application/json', 'g7');
    assert.ok(Buffer.isBuffer(body.identity));
    assert.equal(gunzipSync(body.bytes('gzip')).toString(), text);
    assert.equal(body.bytes('gzip'), body.bytes('gzip'), 'the same Buffer, not compressed again');
    assert.deepEqual([body.etag('identity'), body.etag('gzip'), body.etag('br')], ['W/"g7"', 'W/"g7-gz"', 'W/"g7-br"']);
    assert.equal(new CachedBody('{}', 'application/json', 'x').compressible, false);
  });

  it('prepares both variants off the event loop, byte for byte what serving would make', async () => {
    const text = JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ id: `gebiet-${i}`, name: 'Süd' })) });
    const prepared = await new CachedBody(text, 'application/json', 'g1').prepare();
    const lazy = new CachedBody(text, 'application/json', 'g1');
    assert.deepEqual(prepared.bytes('gzip'), lazy.bytes('gzip'));
    assert.deepEqual(prepared.bytes('br'), lazy.bytes('br'));
    assert.equal(brotliDecompressSync(prepared.bytes('br')).toString(), text);
    assert.equal(prepared.bytes('br'), prepared.bytes('br'), 'kept, not made again');
  });
});
