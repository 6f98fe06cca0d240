import pg from 'pg'
import { freshDatabase, postgresUnavailable, type TestServer } from './test-database.js'

/** An empty database for one test file, or undefined when there is no PostgreSQL to test on. */
export interface TestDatabase {
  url: string
  server: TestServer
  /** Drops the database (and stops a private cluster). */
  drop(): Promise<void>
}

/**
 * For test files that need a database at collection time (`describe.skipIf(!db)`): a fresh
 * database, or undefined (the tests skip) when PostgreSQL is missing. With
 * `BACKLOT_REQUIRE_POSTGRES=1` (CI) a missing PostgreSQL fails the file instead.
 */
export async function postgresOrSkip(what: string): Promise<TestDatabase | undefined> {
  const missing = postgresUnavailable()
  if (missing !== undefined) {
    if (process.env.BACKLOT_REQUIRE_POSTGRES === '1') throw new Error(`Failed to run ${what}: ${missing}. BACKLOT_REQUIRE_POSTGRES=1 makes this a failure instead of a skip.`)
    return undefined
  }
  const db = await freshDatabase()
  return { url: db.url, server: db.server, drop: db.dispose }
}

/**
 * A small pool for a test's own queries. An idle connection ended by the server (the test's
 * database dropped WITH (FORCE), a restart) is an 'error' event: listened to, so it is not an
 * unhandled error of the test process.
 */
export function testPool(url: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', () => undefined)
  return pool
}
