import type { Migration } from 'kysely';
import * as m0001 from './0001-catalog.ts';
import * as m0002 from './0002-search.ts';
import * as m0003 from './0003-editor.ts';
import * as m0004 from './0004-links.ts';
import * as m0005 from './0005-checklist.ts';
import * as m0010 from './0010-feedback.ts';
import * as m0012 from './0012-responsibility.ts';
import * as m0013 from './0013-area-register.ts';
import * as m0014 from './0014-stale-local-settings.ts';
import * as m0015 from './0015-area-kind-changes.ts';
import * as m0019 from './0019-service-archive.ts';
import * as m0020 from './0020-accounts.ts';
import * as m0022 from './0022-service-provenance.ts';
import * as m0031 from './0031-snapshot-read-indexes.ts';

/**
 * Every migration, by name; Kysely runs them in name order. Add new ones here (static imports keep the
 * bundle-free `tsx` start fast and make the list reviewable). Reserved numbers: 0002 search, 0003 auth/editor,
 * 0004 links, 0005 checklist.
 */
export const migrations: Record<string, Migration> = {
  '0001-catalog': m0001,
  '0002-search': m0002,
  '0003-editor': m0003,
  '0004-links': m0004,
  '0005-checklist': m0005,
  '0010-feedback': m0010,
  '0012-responsibility': m0012,
  '0013-area-register': m0013,
  '0014-stale-local-settings': m0014,
  '0015-area-kind-changes': m0015,
  '0019-service-archive': m0019,
  '0020-accounts': m0020,
  '0022-service-provenance': m0022,
  '0031-snapshot-read-indexes': m0031,
};
