import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { lazyRequestLogger } from './request-logger.ts';

describe("a request's logger made on first use", () => {
  function parent(level: string) {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = pino({ level }, sink);
    let children = 0;
    const child = logger.child.bind(logger);
    logger.child = ((...args: Parameters<typeof child>) => {
      children++;
      return child(...args);
    }) as typeof logger.child;
    return { logger, lines, children: () => children };
  }

  it('makes no child while nothing is logged, and logs with the request id once something is', async () => {
    const p = parent('warn');
    const log = lazyRequestLogger(p.logger, { reqId: 'abc-1' }, {});
    assert.equal(log.level, 'warn');
    assert.equal(p.children(), 0);
    log.warn({ status: 503 }, 'database away');
    await new Promise((r) => setImmediate(r));
    assert.equal(p.children(), 1);
    assert.equal(p.lines.length, 1);
    assert.equal(p.lines[0]?.reqId, 'abc-1');
    assert.equal(p.lines[0]?.msg, 'database away');
    assert.equal(p.lines[0]?.status, 503);
  });

  it("keeps a route's own level", () => {
    const p = parent('info');
    const log = lazyRequestLogger(p.logger, { reqId: 'abc-2' }, { level: 'warn' });
    assert.equal(log.level, 'warn');
    log.info('hidden');
    assert.equal(p.lines.length, 0);
  });
});
