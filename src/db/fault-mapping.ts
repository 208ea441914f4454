// Database outages leave the database layer as ServiceUnavailableError, whoever catches them: the API's problem
// sender, the portal's and checklist's own error pages, the CLI. Other errors (constraint violations, bugs) pass
// through untouched, with the driver's codes, because features inspect those.
import type { DatabaseConnection, DatabaseIntrospector, Dialect, Driver, Kysely } from 'kysely';
import { asServiceUnavailable } from './faults.ts';

const MAPPED = Symbol('amtsweg.faultMapped');

function mapped(error: unknown): unknown {
  const unavailable = asServiceUnavailable(error);
  if (unavailable && unavailable !== error) Object.assign(unavailable, { cause: error });
  return unavailable ?? error;
}

/** Wraps a dialect so that connecting and every query turn outages into `ServiceUnavailableError`. */
export function withFaultMapping(
  dialect: Dialect,
  introspector: (db: Kysely<unknown>) => DatabaseIntrospector = (db) => dialect.createIntrospector(db),
): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: introspector,
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => faultMappingDriver(dialect.createDriver()),
  };
}

function faultMappingDriver(driver: Driver): Driver {
  // The driver's own connection objects are patched in place (once): its other methods keep getting their own type.
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => {
    let connection: DatabaseConnection;
    try {
      connection = await acquire();
    } catch (error) {
      throw mapped(error);
    }
    patch(connection);
    return connection;
  };
  return driver;
}

function patch(connection: DatabaseConnection & { [MAPPED]?: true }): void {
  if (connection[MAPPED]) return;
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = async (query) => {
    try {
      return await execute(query);
    } catch (error) {
      throw mapped(error);
    }
  };
  connection[MAPPED] = true;
}
