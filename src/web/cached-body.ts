// Answers that stay the same for a whole catalog generation (a town's list, one resolved service, a page), kept as
// bytes with their compressed variants, so that serving one costs a header lookup and a socket write. Measured
// (docs/benchmarks.md): a 650 KB list kept as a JS string was re-encoded to UTF-8 on every response and compressed
// per request by @fastify/compress; a Buffer is written as is, and each variant is compressed once.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, gzip, gzipSync, constants as zlib } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type BodyEncoding, pickEncoding } from './accept-encoding.ts';
import { markKept } from './front-cache.ts';

export { type BodyEncoding, pickEncoding };

/** Below this, compression saves less than its own headers and CPU (the same threshold as the app's compressor). */
const COMPRESS_THRESHOLD = 1024;
const GZIP_OPTIONS = { level: 6 };
// Quality 5 once per generation: smaller than the per-request quality 4 the app's compressor uses, still fast.
const brotliOptions = (size: number) => ({
  params: {
    [zlib.BROTLI_PARAM_QUALITY]: 5,
    [zlib.BROTLI_PARAM_SIZE_HINT]: size,
    [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
  },
});
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One cached answer: its bytes, its compressed variants (each made on first demand), its ETag per variant. */
export class CachedBody {
  readonly identity: Buffer;
  /**
   * Set when an `AnswerCache` keeps this body for everyone (epoch ms until which its version is good): only such
   * answers are marked for the front cache (src/web/front-cache.ts); bodies kept per reader or not at all are not.
   */
  keptUntil: number | undefined = undefined;
  private gzip: Buffer | undefined;
  private br: Buffer | undefined;
  private readonly etags: Record<BodyEncoding, string>;

  /**
   * `tag` names this version of the answer among all answers of its URL, e.g. the catalog generation and the time
   * its opening hours change: the ETag is derived from it instead of hashing the bytes on every response, and is
   * the same on every instance that serves the same generation.
   */
  constructor(
    body: string | Buffer,
    readonly contentType: string,
    tag: string,
  ) {
    this.identity = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.etags = { identity: `W/"${tag}"`, gzip: `W/"${tag}-gz"`, br: `W/"${tag}-br"` };
  }

  get compressible(): boolean {
    return this.identity.length >= COMPRESS_THRESHOLD;
  }

  etag(encoding: BodyEncoding): string {
    return this.etags[encoding];
  }

  bytes(encoding: BodyEncoding): Buffer {
    if (encoding === 'gzip') {
      this.gzip ??= gzipSync(this.identity, GZIP_OPTIONS);
      return this.gzip;
    }
    if (encoding === 'br') {
      this.br ??= brotliCompressSync(this.identity, brotliOptions(this.identity.length));
      return this.br;
    }
    return this.identity;
  }

  /**
   * Makes both compressed variants in libuv's thread pool, for a warm-up that must not hold the event loop (the area
   * list of all of Germany: 3.5 MB, ~0.1–0.2 s of brotli). The same settings as `bytes`, so the same bytes.
   */
  async prepare(): Promise<this> {
    if (!this.compressible) return this;
    const [gz, br] = await Promise.all([
      this.gzip ?? gzipAsync(this.identity, GZIP_OPTIONS),
      this.br ?? brotliAsync(this.identity, brotliOptions(this.identity.length)),
    ]);
    this.gzip ??= gz;
    this.br ??= br;
    return this;
  }

  /** Bytes held, for size-bounded caches (variants not made yet count as a guess of a fifth each). */
  get size(): number {
    const guess = Math.ceil(this.identity.length / 5);
    return this.identity.length + (this.gzip?.length ?? guess) + (this.br?.length ?? guess);
  }
}

/**
 * Sends a cached answer in the encoding the client prefers. Sets Content-Encoding, Vary and the variant's ETag, so
 * that the app's compressor and ETag plugin leave it alone (they skip answers that already carry both), and the ETag
 * plugin still answers a matching If-None-Match with 304.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: CachedBody): FastifyReply {
  const encoding = body.compressible ? pickEncoding(request.headers['accept-encoding']) : 'identity';
  reply.header('vary', 'accept-encoding').header('etag', body.etag(encoding)).type(body.contentType);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  const bytes = body.bytes(encoding);
  if (body.keptUntil !== undefined) markKept(reply, body.keptUntil, bytes);
  return reply.send(bytes);
}
