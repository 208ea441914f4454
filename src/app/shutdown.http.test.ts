// Slow clients and the bounded graceful shutdown, on a real server at an ephemeral 127.0.0.1 port with real (slow) clients.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { type App, buildApp } from './app.ts';

describe('graceful shutdown', () => {
  let db: TestDb | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await db?.cleanup();
  });

  async function start(timeoutMs: number, handlerMs: number): Promise<{ app: App; port: number; exits: number[] }> {
    db = await createTestDb('sqlite');
    const exits: number[] = [];
    const app = await buildApp({ db, shutdown: { timeoutMs, exit: (code) => exits.push(code) } });
    app.get('/test/slow', async () => {
      await new Promise((r) => setTimeout(r, handlerMs));
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, port: (app.server.address() as AddressInfo).port, exits };
  }

  /** A client that sends half its request headers and then nothing (slowloris). */
  function slowClient(port: number): Promise<Socket> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        resolve(socket);
      });
      socket.on('error', () => {});
      sockets.push(socket);
    });
  }

  it('lets an in-flight request finish, cuts slow clients, and does not wait for the bound', async () => {
    const { app, port, exits } = await start(5000, 300);
    const slow = await slowClient(port);
    const slowClosed = new Promise<void>((r) => slow.on('close', () => r()));
    const inFlight = fetch(`http://127.0.0.1:${port}/test/slow`);
    await new Promise((r) => setTimeout(r, 50)); // the request is in its handler
    const started = Date.now();
    await app.shutdown.run('test');
    const took = Date.now() - started;
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { done: true });
    await slowClosed;
    assert.ok(took < 2000, `closed after ${took} ms, want well under the 5 s bound`);
    assert.deepEqual(exits, [0]);
    assert.equal(app.shutdown.draining, true);
  });

  it('exits within the bound when a request takes longer', async () => {
    const { app, port, exits } = await start(500, 3000);
    await slowClient(port);
    const inFlight = fetch(`http://127.0.0.1:${port}/test/slow`).then(
      (r) => r.status,
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await app.shutdown.run('test');
    const took = Date.now() - started;
    assert.ok(took >= 450 && took < 1500, `closed after ${took} ms, want about the 500 ms bound`);
    assert.equal(await inFlight, 'cut');
    assert.deepEqual(exits, [0]);
  });

  it('disconnects a client that never finishes its headers (headers timeout)', async () => {
    db = await createTestDb('sqlite');
    const app = await buildApp({ db, timeouts: { headersMs: 400, requestMs: 1000 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const slow = await slowClient((app.server.address() as AddressInfo).port);
      const started = Date.now();
      let answer = '';
      slow.on('data', (chunk) => {
        answer += String(chunk);
      });
      await new Promise<void>((r) => slow.on('close', () => r()));
      const took = Date.now() - started;
      assert.ok(took >= 300 && took < 2000, `cut after ${took} ms`);
      assert.match(answer, /^HTTP\/1\.1 408/);
    } finally {
      await app.close();
    }
  });
});
