// Child process of scripts/load.ts: autocannon (programmatic, for a mix of URLs) against the server under test.
// Arguments: <base URL> <connections> <seconds> <JSON array of paths>. Prints one JSON result on stdout.
import autocannon from 'autocannon';

const [base = '', connections = '100', seconds = '60', pathsJson = '[]'] = process.argv.slice(2);
const paths = JSON.parse(pathsJson) as Array<{ path: string; headers?: Record<string, string> }>;
const result = await autocannon({
  url: base,
  connections: Number(connections),
  duration: Number(seconds),
  timeout: 10,
  // Each connection walks the mix in turn: every kind of page is hit at the same rate.
  requests: paths.map((p) => ({ method: 'GET', path: p.path, headers: p.headers ?? {} })),
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: {
      '1xx': result['1xx'],
      '2xx': result['2xx'],
      '3xx': result['3xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
    },
  }),
);
