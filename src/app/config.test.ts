import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../shared/errors.ts';
import { assertServable, loadConfig, parseTrustProxy } from './config.ts';

describe('config for running as a service', () => {
  it('trusts no proxy by default, and parses true, hop counts and address lists', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('true'), true);
    assert.equal(parseTrustProxy('1'), 1);
    assert.deepEqual(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8'), [
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses a TRUST_PROXY it cannot read, naming what is allowed', () => {
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.example', '127.0.0.1/8/1']) {
      assert.throws(
        () => parseTrustProxy(bad),
        (e: unknown) => e instanceof ConfigError && /hop count/.test(e.message),
        bad,
      );
    }
  });

  it('requires PUBLIC_URL under NODE_ENV=production', () => {
    assert.throws(() => assertServable(loadConfig({ NODE_ENV: 'production' })), /PUBLIC_URL is required/);
    assert.doesNotThrow(() =>
      assertServable(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://service.example.de/' })),
    );
    assert.equal(loadConfig({ PUBLIC_URL: 'https://service.example.de/' }).publicUrl, 'https://service.example.de');
    assert.throws(() => loadConfig({ PUBLIC_URL: 'service.example.de' }), /absolute http\(s\) URL/);
    assert.doesNotThrow(() => assertServable(loadConfig({})));
  });

  it('reads the share of requests in the access log, from 0 to 1', () => {
    assert.equal(loadConfig({}).accessLogSample, 1);
    assert.equal(loadConfig({ ACCESS_LOG_SAMPLE: '0.05' }).accessLogSample, 0.05);
    assert.equal(loadConfig({ ACCESS_LOG_SAMPLE: '0' }).accessLogSample, 0);
    for (const bad of ['2', '-1', '5%', 'all'])
      assert.throws(() => loadConfig({ ACCESS_LOG_SAMPLE: bad }), /ACCESS_LOG_SAMPLE must be a number from 0 to 1/);
  });

  it('reads the timeouts and refuses nonsense', () => {
    const c = loadConfig({ REQUEST_TIMEOUT_MS: '20000', SHUTDOWN_TIMEOUT_MS: '3000', SQLITE_BUSY_TIMEOUT_MS: '250' });
    assert.deepEqual(
      [c.requestTimeoutMs, c.headersTimeoutMs, c.shutdownTimeoutMs, c.sqliteBusyTimeoutMs],
      [20000, 10000, 3000, 250],
    );
    assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '10s' }), /SHUTDOWN_TIMEOUT_MS must be a whole number/);
    assert.throws(
      () => assertServable(loadConfig({ HEADERS_TIMEOUT_MS: '60000' })),
      /must not exceed REQUEST_TIMEOUT_MS/,
    );
  });
});

describe('DEPLOYMENT_SCOPE', () => {
  it('takes Land, Regierungsbezirk and Kreis keys and names what is allowed otherwise', async () => {
    const { deploymentScope } = await import('./app.ts');
    assert.equal(deploymentScope(undefined), null);
    assert.deepEqual(deploymentScope('05974, 05958'), ['05974', '05958']);
    assert.throws(() => deploymentScope('5974'), /Land \(2 digits\), Regierungsbezirk \(3\) or Kreis \(5\)/);
  });
});
