import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { findPostgresBin, startCluster, type Cluster } from './cluster.js'

/**
 * Where the PostgreSQL tests get a server: `BACKLOT_TEST_DATABASE_URL` (CI starts one shared
 * cluster and sets it), else a private throwaway cluster per test file when PostgreSQL's
 * binaries are installed, else the tests skip, saying why; with `BACKLOT_REQUIRE_POSTGRES=1`
 * (CI) they fail instead.
 */
export function postgresUnavailable(): string | undefined {
  if (process.env.BACKLOT_TEST_DATABASE_URL) return undefined
  if (findPostgresBin() !== undefined) return undefined
  return 'no PostgreSQL: set BACKLOT_TEST_DATABASE_URL=postgres://… or install PostgreSQL (initdb on PATH or in /usr/lib/postgresql/*/bin)'
}

/** A server for one test file, making an empty database per test and removing it after. */
export interface TestServer {
  /** The private cluster, when there is no shared server (tests that stop the server need it). */
  readonly cluster: Cluster | undefined
  /** A new empty database's URL. */
  createDatabase(): Promise<string>
  /** Drops a database made by `createDatabase` (ending its connections first). */
  dropDatabase(url: string): Promise<void>
  /** Drops what is left and stops the private cluster. */
  close(): Promise<void>
}

let counter = 0

export interface TestServerOptions {
  /** A server to make databases on instead of a private cluster. Default BACKLOT_TEST_DATABASE_URL. */
  sharedUrl?: string | undefined
  /** How the databases made are named. Default `backlot_test`. */
  prefix?: string
}

export async function testServer(options: TestServerOptions = {}): Promise<TestServer> {
  const shared = 'sharedUrl' in options ? options.sharedUrl : process.env.BACKLOT_TEST_DATABASE_URL
  const cluster = shared ? undefined : await startCluster()
  const base = shared ?? cluster!.url
  const made = new Set<string>()
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: base })
    client.on('error', () => undefined)
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  const drop = async (name: string): Promise<void> => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`))
    made.delete(name)
  }
  return {
    cluster,
    async createDatabase() {
      const name = `${options.prefix ?? 'backlot_test'}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`
      await admin((c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE template0`))
      made.add(name)
      const url = new URL(base)
      url.pathname = `/${name}`
      return url.toString()
    },
    async dropDatabase(url) {
      await drop(decodeURIComponent(new URL(url).pathname.slice(1)))
    },
    async close() {
      try {
        if (shared) for (const name of [...made]) await drop(name)
      } finally {
        await cluster?.stop()
      }
    },
  }
}

/** One empty database for a test file: `dispose()` drops it (and stops the private cluster). */
export async function freshDatabase(): Promise<{ url: string; server: TestServer; dispose(): Promise<void> }> {
  const server = await testServer()
  try {
    const url = await server.createDatabase()
    return { url, server, dispose: () => server.close() }
  } catch (error) {
    await server.close()
    throw error
  }
}
