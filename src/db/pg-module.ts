// `pg`, loaded when a PostgreSQL connection is first made rather than with the module graph: a process on SQLite
// (an XZuFi import, most CLI commands) never needs it, and loading it costs ~15 MB of resident memory (decision 0260).
import { createRequire } from 'node:module';
import type Pg from 'pg';

const require = createRequire(import.meta.url);

/** The `pg` module (CommonJS, so it can be loaded synchronously where a pool or client is made). */
export function pgModule(): typeof Pg {
  return require('pg') as typeof Pg;
}
