import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from 'backlot/host'
import { VirtualClock } from '../../src/clock/virtual-clock.js'
import type { RunEvent } from '../../src/model/events.js'
import { openPostgresRunStore } from '../../src/server/postgres/open-postgres-run-store.js'
import type { PostgresRunStore } from '../../src/server/postgres/pg-run-store.js'
import { SCHEMA_VERSION } from '../../src/server/postgres/pg-schema.js'
import type { RunStore } from '../../src/store/run-store.js'
import { findPostgresBin, freePort, startCluster } from '../postgres/cluster.js'
import { describeWithPostgres } from '../postgres/describe-with-postgres.js'
import { testServer, type TestServer } from '../postgres/test-database.js'
import { recoveryContract } from './recovery-contract.js'
import { storeContract } from './store-contract.js'
import type { StoreFactory } from './store-factory.js'

const T0 = Date.UTC(2026, 0, 1)
const HOUR = 3_600_000

function triggered(runId: string, at: number, extra: Partial<Extract<RunEvent, { type: 'run.triggered' }>> = {}): RunEvent {
  return { type: 'run.triggered', runId, at, taskId: 't', payload: 1, ...extra }
}

/** Each test gets an empty database, dropped afterwards; reopening is a new store (and pool) on it. */
function postgresFactory(server: () => TestServer): StoreFactory & { url(): Promise<string>; track(store: RunStore): RunStore } {
  let url: string | undefined
  const open = new Set<RunStore>()
  return {
    name: 'PostgreSQL',
    async url() {
      return (url ??= await server().createDatabase())
    },
    track(store) {
      open.add(store)
      return store
    },
    async open() {
      return this.track(await openPostgresRunStore({ connectionString: await this.url(), poolSize: 3 }))
    },
    async reopen(store) {
      await store.close()
      open.delete(store)
      return this.open()
    },
    async cleanup() {
      for (const store of open) await store.close().catch(() => undefined)
      open.clear()
      if (url) await server().dropDatabase(url)
      url = undefined
    },
  }
}

/** A plain connection for what another replica (or an operator) does to the database. */
async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

/**
 * Wraps the queries of the clients the store checks out of its pool for transactions (pool.query,
 * used by reads, passes callbacks and is left alone).
 */
function interceptQueries(store: RunStore, wrap: (text: string, run: () => Promise<pg.QueryResult>) => Promise<pg.QueryResult>): void {
  const pool = (store as unknown as { pool: pg.Pool }).pool
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient>
  ;(pool as unknown as { connect: typeof connect }).connect = (callback?: unknown) => {
    if (callback !== undefined) return connect(callback)
    return connect().then((client) => {
      const query = client.query.bind(client) as (text: string, values?: unknown, callback?: unknown) => Promise<pg.QueryResult>
      // The pool hands this client to pool.query later too, which passes a callback: left alone.
      ;(client as unknown as { query: typeof query }).query = (text, values, callback) =>
        typeof values === 'function' || callback !== undefined ? query(text, values, callback) : wrap(text, () => query(text, values))
      return client
    })
  }
}

let server: TestServer | undefined
const factory = postgresFactory(() => server!)

describeWithPostgres('PostgreSQL', () => {
  beforeAll(async () => {
    server = await testServer()
  }, 60_000)
  afterAll(() => server?.close())

  storeContract(factory)
  recoveryContract(factory)

  describe('the PostgreSQL store', () => {
    afterEach(() => factory.cleanup())

    it('migrates an empty database once when five replicas open it at once', async () => {
      const url = await factory.url()
      const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresRunStore({ connectionString: url, poolSize: 1 })))
      stores.forEach((s) => factory.track(s))
      expect(await sql(url, 'SELECT version FROM backlot_schema')).toEqual([{ version: SCHEMA_VERSION }])
      const tables = await sql<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE tablename LIKE 'backlot_%' ORDER BY tablename")
      expect(tables.map((t) => t.tablename)).toEqual(['backlot_cron_firings', 'backlot_cron_marks', 'backlot_crons', 'backlot_events', 'backlot_keys', 'backlot_leases', 'backlot_meta', 'backlot_requests', 'backlot_runs', 'backlot_schema'])
      stores[0]!.append(triggered('run_1', T0))
      await stores[0]!.flush()
      expect((await stores[4]!.readRun('run_1'))?.length).toBe(1)
    })

    it('refuses a database written by a newer backlot, naming it without its password', async () => {
      const url = await factory.url()
      await (await factory.open()).close()
      await sql(url, 'UPDATE backlot_schema SET version = $1', [SCHEMA_VERSION + 1])
      const withPassword = url.replace('postgres@', 'postgres:hunter2@')
      const error = await openPostgresRunStore({ connectionString: withPassword }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'STORE_TOO_NEW', message: expect.stringMatching(/^Failed to open postgres:\/\/postgres@.*version 2.*Upgrade backlot/) })
      expect((error as Error).message).not.toContain('hunter2')
      expect(await sql(url, 'SELECT version FROM backlot_schema')).toEqual([{ version: SCHEMA_VERSION + 1 }])
    })

    it('migrates a version 1 database forward, and keeps answers by request id until they expire', async () => {
      const url = await factory.url()
      await (await factory.open()).close()
      await sql(url, 'DROP TABLE backlot_requests')
      await sql(url, 'UPDATE backlot_schema SET version = 1')
      const store = factory.track(await openPostgresRunStore({ connectionString: url })) as PostgresRunStore
      expect(await sql(url, 'SELECT version FROM backlot_schema')).toEqual([{ version: SCHEMA_VERSION }])
      store.rememberRequest('/tasks/a/trigger\nreq_1', 'f1', '{"status":201}')
      store.rememberRequest('/tasks/a/trigger\nreq_1', 'f2', '{"status":500}') // the first answer stays
      await store.flush()
      expect(await store.findRequest('/tasks/a/trigger\nreq_1', 60_000)).toEqual({ fingerprint: 'f1', answer: '{"status":201}' })
      expect(await store.findRequest('/tasks/a/trigger\nreq_2', 60_000)).toBeUndefined()
      await sql(url, "UPDATE backlot_requests SET at = now() - interval '11 minutes'")
      expect(await store.findRequest('/tasks/a/trigger\nreq_1', 600_000)).toBeUndefined()
      await store.compact({ endedBefore: 0, maxEnded: 100 })
      expect(await sql(url, 'SELECT count(*)::int AS n FROM backlot_requests')).toEqual([{ n: 0 }])
    })

    it('says what to check when the server cannot be reached', async () => {
      const port = await freePort()
      const error = await openPostgresRunStore({ connectionString: `postgres://app:s3cret@127.0.0.1:${port}/runs` }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'STORE_OPEN_FAILED', message: expect.stringMatching(new RegExp(`^Failed to open postgres://app@127\\.0\\.0\\.1:${port}/runs: .*Check that PostgreSQL is running`)) })
      expect((error as Error).message).not.toContain('s3cret')
    })

    it('writes a turn of 2,000 events in one transaction of a few statements', async () => {
      const store = (await factory.open()) as PostgresRunStore
      const statements: string[] = []
      interceptQueries(store, (text, run) => (statements.push(text.trim().split(/\s+/)[0]!), run()))
      for (let r = 0; r < 200; r++) {
        store.append(triggered(`run_${r}`, T0 + r, r % 2 === 0 ? { cron: 'hourly', scheduledAt: T0 + r * HOUR } : {}))
        for (let i = 0; i < 8; i++) store.append({ type: 'log', runId: `run_${r}`, at: T0 + r, attempt: 1, level: 'info', message: `line ${i}` })
        store.append({ type: 'run.completed', runId: `run_${r}`, at: T0 + r + 1 })
      }
      store.rememberKey({ taskId: 't', key: 'k', runId: 'run_0', expiresAt: T0 + HOUR })
      await store.flush()
      expect(statements[0]).toBe('BEGIN')
      expect(statements.at(-1)).toBe('COMMIT')
      expect(statements.length).toBeLessThanOrEqual(10)
      const state = await store.load()
      expect([...state.runs].map((events) => events.length)).toEqual(Array(200).fill(10))
      expect(state.cronMarks.get('hourly')).toBe(T0 + 198 * HOUR)
      expect(await sql(await factory.url(), 'SELECT count(*)::int AS n FROM backlot_cron_firings')).toEqual([{ n: 100 }])
    })

    it('stores a cron firing once: a second run for it fails the flush and is discarded, the rest is written', async () => {
      const first = await factory.open()
      first.append(triggered('run_1', T0, { cron: 'hourly', scheduledAt: T0 + HOUR }))
      await first.flush()
      const second = factory.track(await openPostgresRunStore({ connectionString: await factory.url() }))
      second.append(triggered('run_other', T0))
      second.append(triggered('run_2', T0 + 1, { cron: 'hourly', scheduledAt: T0 + HOUR }))
      second.append({ type: 'attempt.started', runId: 'run_other', at: T0 + 2, attempt: 1 })
      await expect(second.flush()).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
        message: expect.stringMatching(/^Failed to write 3 change\(s\) to PostgreSQL: cron "hourly" already fired for 2026-01-01T01:00:00.000Z, so run "run_2" is a duplicate\. .*one replica only/),
      })
      second.append({ type: 'attempt.started', runId: 'run_2', at: T0 + 3, attempt: 1 }) // the duplicate's later events are dropped
      await second.flush()
      expect(await second.readRun('run_2')).toBeUndefined()
      expect((await second.readRun('run_other'))?.map((e) => e.type)).toEqual(['run.triggered', 'attempt.started'])
      expect([...(await second.load()).runs].map((events) => events[0]!.runId)).toEqual(['run_1', 'run_other'])
    })

    it('fences writes by the lease epoch: once another replica takes the lease, nothing more is written', async () => {
      const url = await factory.url()
      await (await factory.open()).close() // makes the schema
      await sql(url, "INSERT INTO backlot_leases (name, epoch, owner) VALUES ('leader', 1, 'replica-a')")
      const store = factory.track(await openPostgresRunStore({ connectionString: url, fence: { name: 'leader', epoch: 1 } })) as PostgresRunStore
      store.append(triggered('run_a', T0))
      await store.flush()
      await sql(url, "UPDATE backlot_leases SET epoch = 2, owner = 'replica-b' WHERE name = 'leader'")
      store.append(triggered('run_b', T0 + 1))
      store.rememberKey({ taskId: 't', key: 'k', runId: 'run_b', expiresAt: T0 + HOUR })
      await expect(store.flush()).rejects.toMatchObject({
        code: 'STORE_FENCED',
        message: expect.stringMatching(/^Failed to write 2 change\(s\) to PostgreSQL: another replica holds the lease now \(epoch 2 > 1\)\. This replica stops acting/),
      })
      expect(store.fenced).toBe(true)
      store.append(triggered('run_c', T0 + 2)) // a late write: discarded, and flush keeps saying why
      await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_FENCED' })
      await expect(store.compact({ endedBefore: T0 + HOUR, maxEnded: 0 })).rejects.toMatchObject({ code: 'STORE_FENCED' })
      expect(await sql(url, 'SELECT run_id FROM backlot_runs ORDER BY seq')).toEqual([{ run_id: 'run_a' }])
      expect(await sql(url, 'SELECT count(*)::int AS n FROM backlot_keys')).toEqual([{ n: 0 }])
      await store.close()
    })

    it('refuses to write when its lease row is gone', async () => {
      const url = await factory.url()
      await (await factory.open()).close()
      const store = factory.track(await openPostgresRunStore({ connectionString: url, fence: { name: 'leader', epoch: 3 } }))
      store.append(triggered('run_a', T0))
      await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_FENCED', message: expect.stringContaining('the lease "leader" is gone (this replica held epoch 3)') })
      expect(await sql(url, 'SELECT count(*)::int AS n FROM backlot_events')).toEqual([{ n: 0 }])
    })

    it('does not store a batch twice when the answer to its COMMIT was lost', async () => {
      const store = (await factory.open()) as PostgresRunStore
      let loseNextCommit = true
      interceptQueries(store, async (text, run) => {
        const result = await run()
        if (text === 'COMMIT' && loseNextCommit) {
          loseNextCommit = false
          throw new Error('Connection terminated unexpectedly')
        }
        return result
      })
      const seen: string[] = []
      store.subscribe((events) => seen.push(...events.map((e) => e.type)))
      store.append(triggered('run_1', T0))
      await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_WRITE_FAILED', message: expect.stringContaining('Connection terminated unexpectedly') })
      store.append({ type: 'attempt.started', runId: 'run_1', at: T0 + 1, attempt: 1 })
      await store.flush()
      expect((await store.readRun('run_1'))?.map((e) => e.type)).toEqual(['run.triggered', 'attempt.started'])
      expect(seen).toEqual(['run.triggered', 'attempt.started'])
    })

    it('leaves out a run whose stored event does not parse, and starts with the rest', async () => {
      const store = await factory.open()
      for (const runId of ['run_ok', 'run_bad']) store.append(triggered(runId, T0, { delayUntil: T0 + HOUR }))
      await store.close()
      await sql(await factory.url(), "UPDATE backlot_events SET body = '{not json' WHERE run_id = 'run_bad'")
      const reopened = await factory.open()
      const engine = new Engine({ store: reopened, clock: new VirtualClock(T0) })
      expect(await engine.recover()).toMatchObject({ runs: 1, unreadable: ['run_bad'] })
      expect(engine.get('run_ok')?.status).toBe('pending')
      engine.dispose()
    })
  })

  describe.skipIf(findPostgresBin() === undefined)('the PostgreSQL store through an outage (a private cluster)', () => {
    it('fails a write while the server is down, keeps it, and writes it in order once the server is back', async () => {
      const cluster = await startCluster()
      let store: RunStore | undefined
      try {
        store = await openPostgresRunStore({ connectionString: cluster.url, poolSize: 2 })
        store.append(triggered('run_1', T0))
        await store.flush()
        await cluster.halt()
        await expect(store.readRun('run_1')).rejects.toMatchObject({ code: 'STORE_READ_FAILED', message: expect.stringMatching(/^Failed to read run "run_1" from PostgreSQL: .*Check that/) })
        store.append({ type: 'attempt.started', runId: 'run_1', at: T0 + 1, attempt: 1 })
        await expect(store.flush()).rejects.toMatchObject({
          code: 'STORE_WRITE_FAILED',
          message: expect.stringMatching(/^Failed to write 1 change\(s\) to PostgreSQL: .*\. Check that postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres is reachable.*written on the next try\.$/),
        })
        store.append({ type: 'log', runId: 'run_1', at: T0 + 2, attempt: 1, level: 'info', message: 'still here' })
        await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_WRITE_FAILED', message: expect.stringMatching(/^Failed to write 2 change/) })
        await cluster.start()
        store.append({ type: 'run.completed', runId: 'run_1', at: T0 + 3 })
        await store.flush()
        await store.close()
        store = await openPostgresRunStore({ connectionString: cluster.url, poolSize: 1 })
        expect((await store.readRun('run_1'))?.map((e) => e.type)).toEqual(['run.triggered', 'attempt.started', 'log', 'run.completed'])
        await store.close()
        await expect(store.load()).rejects.toMatchObject({ code: 'STORE_CLOSED' })
      } finally {
        await store?.close().catch(() => undefined)
        await cluster.stop()
      }
    }, 60_000)
  })
})
