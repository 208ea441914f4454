import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface ShutdownOptions {
  /** In-flight requests get this long; then every remaining connection is cut. */
  timeoutMs: number;
  /** How the process ends; tests pass a spy instead of `process.exit`. */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** True once shutdown began (readiness answers 503 so the proxy stops sending traffic). */
  readonly draining: boolean;
  /** Starts (once) and resolves when the app closed or was cut off; then calls `exit`. */
  run(reason: string): Promise<void>;
}

/**
 * Graceful shutdown with a bound. `app.close()` stops listening, answers new requests on kept-alive connections
 * with 503 + `Connection: close`, closes idle connections and waits for the rest. A client that sends its request
 * slowly (or never finishes) would hold that wait forever, so: as soon as no request is being *handled*, or at the
 * latest after `timeoutMs`, the remaining connections are destroyed; if closing still hangs (a stuck database
 * call), the process exits anyway one second later.
 */
export function createShutdown(app: FastifyInstance, options: ShutdownOptions): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  // Requests whose body has arrived: slow uploads and half-sent headers never get here, so they do not count.
  const handling = new Set<FastifyRequest>();
  // Callback hooks: these run for every request and never wait, so they cost no promise.
  app.addHook('preValidation', (request, _reply, done) => {
    handling.add(request);
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    handling.delete(request);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    handling.delete(request);
    done();
  });

  let running: Promise<void> | undefined;
  const state = {
    draining: false,
    run(reason: string): Promise<void> {
      running ??= (async () => {
        state.draining = true;
        const started = Date.now();
        app.log.info({ reason, inFlight: handling.size, timeoutMs: options.timeoutMs }, 'shutting down');
        const cutOff = () => app.server.closeAllConnections();
        const poll = setInterval(() => handling.size === 0 && cutOff(), 50);
        const deadline = setTimeout(() => {
          app.log.warn({ inFlight: handling.size }, 'shutdown: time is up, closing the remaining connections');
          cutOff();
        }, options.timeoutMs);
        const force = setTimeout(() => {
          app.log.error({ ms: Date.now() - started }, 'shutdown: still not closed, forcing exit');
          exit(1);
        }, options.timeoutMs + 1000);
        force.unref();
        try {
          await app.close();
          app.log.info({ ms: Date.now() - started }, 'shutdown complete');
          exit(0);
        } catch (err) {
          app.log.error({ err, ms: Date.now() - started }, 'shutdown failed');
          exit(1);
        } finally {
          clearInterval(poll);
          clearTimeout(deadline);
          clearTimeout(force);
        }
      })();
      return running;
    },
  };
  return state;
}

/** SIGTERM (systemd, Kubernetes) and SIGINT (Ctrl-C) start the shutdown; a second signal does not restart it. */
export function handleSignals(shutdown: Shutdown): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown.run(signal));
}
