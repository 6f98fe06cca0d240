import type { Pool } from 'pg'
import { StoreError } from '../../store/store-errors.js'
import { importOptional } from '../optional-module.js'
import { PostgresRunStore, type PostgresFence } from './pg-run-store.js'
import { migrate } from './pg-schema.js'
import { redactUrl } from './redact-url.js'

export interface OpenPostgresRunStoreOptions {
  /** `postgres://user:password@host:5432/database`; without it (and without `pool`), pg reads the PG* environment variables. */
  connectionString?: string
  /** A pool of your own; the store uses it and leaves it open on `close()`. */
  pool?: Pool
  /**
   * Connections of the pool the store makes (default 10): writes use one at a time, reads
   * (`readRun`, `load`) one each while they run. Ignored with `pool`.
   */
  poolSize?: number
  /** Refuse writes unless this lease epoch is still current (see `PostgresRunStore`). */
  fence?: PostgresFence
}

/**
 * Connects to PostgreSQL, creates or migrates backlot's tables (`backlot_*`), and returns the
 * store. Throws a StoreError naming the database (never its password) and what to check when
 * it cannot connect, or when the schema is newer than this backlot. Loads the optional `pg`
 * package on first use.
 *
 * @example
 * const store = await openPostgresRunStore({ connectionString: 'postgres://backlot@db:5432/backlot' })
 * const engine = new Engine({ store, tasks: [sendEmail] })
 * await engine.recover()
 * // ...
 * engine.dispose()
 * await store.close()
 */
export async function openPostgresRunStore(options: OpenPostgresRunStoreOptions = {}): Promise<PostgresRunStore> {
  const pool = options.pool ?? (await makePool(options))
  const shown = describe(options)
  try {
    const client = await pool.connect()
    client.on('error', ignore)
    try {
      await migrate(client, shown)
    } finally {
      client.off('error', ignore)
      client.release()
    }
  } catch (error) {
    if (!options.pool) await pool.end().catch(ignore)
    throw openError(error, shown)
  }
  return new PostgresRunStore(pool, shown, { ownsPool: options.pool === undefined, ...(options.fence ? { fence: options.fence } : {}) })
}

async function makePool(options: OpenPostgresRunStoreOptions): Promise<Pool> {
  const { Pool } = await importOptional(() => import('pg'), 'pg', 'open the PostgreSQL store', 'Install it with `npm i pg`.')
  const pool = new Pool({
    ...(options.connectionString === undefined ? {} : { connectionString: options.connectionString }),
    max: options.poolSize ?? 10,
    // An unreachable host fails a write after this long instead of holding it forever.
    connectionTimeoutMillis: 10_000,
    application_name: 'backlot',
  })
  pool.on('error', ignore) // an idle connection dropped before the store took the pool over
  return pool
}

function describe(options: OpenPostgresRunStoreOptions): string {
  if (options.connectionString !== undefined) return redactUrl(options.connectionString)
  const o = (options.pool as { options?: { host?: string; port?: number; database?: string; user?: string } } | undefined)?.options
  if (o?.host || o?.database) return `postgres://${o.user ? `${o.user}@` : ''}${o.host ?? 'localhost'}${o.port ? `:${o.port}` : ''}/${o.database ?? ''}`
  return 'the PostgreSQL database named by the PG* environment variables'
}

function openError(error: unknown, shown: string): StoreError {
  if (error instanceof StoreError) return error
  const code = (error as { code?: string })?.code
  const reason = ((error as Error)?.message ?? String(error)).replace(/\.$/, '') || code || 'unknown error'
  const fix =
    code === '28P01' || code === '28000'
      ? 'Check the user name and password in the URL.'
      : code === '3D000'
        ? 'Create the database (createdb <name>) or fix its name in the URL.'
        : code === '42501'
          ? "Grant the user CREATE on the database (backlot creates its tables on first start), or run the first start as the database's owner."
          : 'Check that PostgreSQL is running and reachable at that host and port, and that the URL is right.'
  return new StoreError('STORE_OPEN_FAILED', `Failed to open ${shown}: ${reason}. ${fix}`, { cause: error })
}

function ignore(): void {}
