/**
 * `backlot server` on PostgreSQL (issue 11), in one run on one PostgreSQL server:
 *
 *   1. trivial runs per second through 1, 2 and 3 replicas (each replica its own Node process,
 *      bench/postgres-replica.ts, as `npx backlot server` runs it), triggered over the HTTP API
 *      round-robin across the replicas, timed until every run's end is committed
 *      (`backlot_runs.ended_at`); twice: by the batch endpoint and by single triggers;
 *   2. trigger-to-start latency: single triggers at a fixed rate to a non-leader replica (and to
 *      the leader), from sending the request to the app's handler starting;
 *   3. the floors, on the same server in the same run: pg-boss 10 (send/insert + work) and a
 *      plain `INSERT` + `UPDATE … FOR UPDATE SKIP LOCKED` queue, the same number of jobs and the
 *      same send-to-start measure.
 *
 * The app (serve() on node:http) and the pg-boss / raw workers run in this process, so a
 * handler's start and a trigger's send are read on the same clock. Every measure has a fresh
 * database. PostgreSQL: a throwaway cluster (test/postgres/cluster.ts, fsync on), or the server
 * of BACKLOT_BENCH_DATABASE_URL (its role needs CREATEDB). BACKLOT_BENCH_PROFILE=<dir> runs every
 * leader under `node --cpu-prof` (profiles in <dir>; figures of such a run are not comparable).
 *
 * Run: npm run bench -- postgres
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import PgBoss from 'pg-boss'
import { serve, task, type AnyTask } from 'backlot'
import { createNodeFetch, listen, type Listening } from 'backlot/server'
import { testServer } from '../test/postgres/test-database.js'

const RUNS = Number(process.env.BENCH_PG_RUNS ?? 5_000)
const WARM = 200
/** Batch mode: runs per POST, and POSTs in flight. */
const BATCH = 100
const BATCH_IN_FLIGHT = 4
/** Single mode: trigger POSTs in flight. */
const SINGLE_IN_FLIGHT = 32
/** Latency: this many triggers, one every LATENCY_EVERY_MS (a modest fixed rate). */
const LATENCY_N = 500
const LATENCY_LEADER_N = 200
const LATENCY_EVERY_MS = 20
/** pg-boss workers: `work()` calls, each fetching up to BOSS_BATCH jobs per poll (0.5 s, v10's minimum). */
const BOSS_WORKERS = 4
const BOSS_BATCH = 500
/** Raw queue: claiming loops, rows claimed per statement. */
const RAW_WORKERS = 2
const RAW_BATCH = 100
const SECRET = 'sk_bench_postgres'
const SIGNING = 'whsec_bench_postgres'
const TIMEOUT_MS = 300_000

type Mode = 'batch' | 'single'
const now = (): number => performance.now()
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

/** Where handlers record their first start, by payload number (backlot app, pg-boss and raw workers alike). */
const starts = new Map<number, number>()
let handlerCalls = 0
let nextI = 0
function started(i: number): void {
  handlerCalls++
  if (!starts.has(i)) starts.set(i, now())
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one server, a fresh database per measure.

interface DbServer {
  version: string
  create(): Promise<string>
  drop(url: string): Promise<void>
  close(): Promise<void>
}

async function dbServer(): Promise<DbServer> {
  const shared = process.env.BACKLOT_BENCH_DATABASE_URL
  const server = await testServer({ sharedUrl: shared, prefix: 'backlot_bench' })
  try {
    const probe = new pg.Client({ connectionString: server.cluster?.url ?? shared })
    probe.on('error', () => undefined)
    await probe.connect()
    const version = await probe.query<{ v: string }>("SELECT current_setting('server_version') AS v").finally(() => probe.end())
    return {
      version: `PostgreSQL ${version.rows[0]!.v}${shared ? ' (BACKLOT_BENCH_DATABASE_URL)' : ' (throwaway cluster, fsync on)'}`,
      create: () => server.createDatabase(),
      drop: (url) => server.dropDatabase(url),
      close: () => server.close(),
    }
  } catch (error) {
    await server.close()
    throw error
  }
}

async function count(pool: pg.Pool, sql: string): Promise<number> {
  return Number((await pool.query<{ n: string }>(sql)).rows[0]!.n)
}

/** Polls `sql` (a count) every 10 ms until it reaches `target`. */
async function untilCount(pool: pg.Pool, sql: string, target: number, what: string): Promise<void> {
  const deadline = now() + TIMEOUT_MS
  for (;;) {
    const n = await count(pool, sql)
    if (n >= target) return
    if (now() > deadline) throw new Error(`Failed to measure ${what}: ${n} of ${target} done after ${TIMEOUT_MS / 1000} s`)
    await sleep(10)
  }
}

/** Runs `work(k)` for k in [0, n) with at most `inFlight` at a time. */
async function pooled(n: number, inFlight: number, work: (k: number) => Promise<void>): Promise<void> {
  let k = 0
  await Promise.all(
    Array.from({ length: Math.min(n, inFlight) }, async () => {
      while (k < n) await work(k++)
    }),
  )
}

/** Payload numbers for `n` new jobs. */
const take = (n: number): number[] => Array.from({ length: n }, () => nextI++)

/** Sends the jobs `is` in the given mode: chunks of BATCH, or one each; `send` gets the chunk and its index. */
async function sendAll(is: number[], mode: Mode, send: (chunk: number[], k: number) => Promise<void>): Promise<void> {
  if (mode === 'single') return pooled(is.length, SINGLE_IN_FLIGHT, (k) => send([is[k]!], k))
  const chunks = Math.ceil(is.length / BATCH)
  return pooled(chunks, BATCH_IN_FLIGHT, (k) => send(is.slice(k * BATCH, (k + 1) * BATCH), k))
}

/** Sends `n` jobs one every LATENCY_EVERY_MS; p50/p95 of send-to-handler-start, in ms. */
async function latency(n: number, send: (i: number) => Promise<void>): Promise<{ p50: number; p95: number; max: number }> {
  const is = take(n)
  const sent = new Map<number, number>()
  const t0 = now()
  const pending: Promise<void>[] = []
  for (let k = 0; k < n; k++) {
    const wait = t0 + k * LATENCY_EVERY_MS - now()
    if (wait > 0) await sleep(wait)
    const i = is[k]!
    sent.set(i, now())
    pending.push(send(i))
  }
  await Promise.all(pending)
  const deadline = now() + TIMEOUT_MS
  while (is.some((i) => !starts.has(i))) {
    if (now() > deadline) throw new Error('Failed to measure latency: some jobs never started')
    await sleep(5)
  }
  const ms = is.map((i) => starts.get(i)! - sent.get(i)!).sort((a, b) => a - b)
  const p = (q: number): number => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!
  return { p50: p(0.5), p95: p(0.95), max: ms[ms.length - 1]! }
}

interface Throughput {
  perSecond: number
  /** ms until every send was acknowledged */
  sentMs: number
  ms: number
  /** How long one send (a POST, an insert) took to be acknowledged: median and max, ms. */
  ackP50: number
  ackMax: number
}

/** Times sending RUNS jobs until `doneSql` counts them all, after a warm-up of WARM. */
async function timed(pool: pg.Pool, doneSql: string, mode: Mode, send: (chunk: number[], k: number) => Promise<void>, what: string): Promise<Throughput> {
  const before = await count(pool, doneSql)
  await sendAll(take(WARM), mode, send)
  await untilCount(pool, doneSql, before + WARM, `${what} (warm-up)`)
  const acks: number[] = []
  const t0 = now()
  await sendAll(take(RUNS), mode, async (chunk, k) => {
    const t = now()
    await send(chunk, k)
    acks.push(now() - t)
  })
  const sentMs = now() - t0
  await untilCount(pool, doneSql, before + WARM + RUNS, what)
  const ms = now() - t0
  acks.sort((a, b) => a - b)
  return { perSecond: RUNS / (ms / 1000), sentMs, ms, ackP50: acks[Math.floor(acks.length / 2)]!, ackMax: acks[acks.length - 1]! }
}

// ---------------------------------------------------------------------------------------------
// backlot: N replica processes and the app in this process.

interface Replica {
  url: string
  id: string
  leading: boolean
  stop(): Promise<void>
}

const replicaScript = new URL('./postgres-replica.js', import.meta.url).pathname

async function startReplica(database: string, appUrl: string, profileDir: string | undefined): Promise<Replica> {
  const args = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, replicaScript] : [replicaScript]
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, BENCH_DATABASE_URL: database, BENCH_APP_URL: appUrl, BENCH_SECRET_KEY: SECRET, BENCH_SIGNING_KEY: SIGNING },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve)
      child.once('exit', (code) => reject(new Error(`a replica exited with ${code} before serving`)))
      child.once('error', reject)
    })
    const info = JSON.parse(line) as { url: string; id: string; leading: boolean }
    return { ...info, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

const fetch = createNodeFetch({ maxSockets: 64 })

/** Network errors retried (with the same request id), as the SDK's HTTP transport does: reported with the figures. */
let retried = 0

/**
 * One API call, as the SDK's HTTP transport makes it: a POST carries an `x-backlot-request-id`
 * and is sent again with the same id after a network error (a kept-alive socket the replica
 * closed as it was reused), so a trigger that landed is answered with its run, not made twice.
 */
async function api(base: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${SECRET}` }
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'x-backlot-request-id': randomUUID() })
  const json = body === undefined ? undefined : JSON.stringify(body)
  let res: Response | undefined
  for (let attempt = 1; res === undefined; attempt++) {
    try {
      res = await fetch(new Request(`${base}/api/v1${route}`, { method, headers, ...(json === undefined ? {} : { body: json }) }))
    } catch (error) {
      if (attempt >= 3) throw error
      retried++
    }
  }
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${route} answered ${res.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

/** Sends one chunk (one payload: a single trigger; more: the batch endpoint) to `base`. */
function backlotSend(base: string, taskId: string, chunk: number[]): Promise<unknown> {
  if (chunk.length === 1) return api(base, 'POST', `/tasks/${taskId}/trigger`, { payload: { i: chunk[0] } })
  return api(base, 'POST', `/tasks/${taskId}/batch`, { items: chunk.map((i) => ({ payload: { i } })) })
}

const ENDED = 'SELECT count(*) AS n FROM backlot_runs WHERE ended_at IS NOT NULL'

/** Starts `n` replicas on a fresh database (the first takes the lease), runs `measure`, stops them all (leader last) and drops the database. */
async function withReplicas<T>(db: DbServer, appUrl: string, n: number, measure: (replicas: Replica[], pool: pg.Pool) => Promise<T>): Promise<T> {
  const url = await db.create()
  const replicas: Replica[] = []
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => undefined)
  try {
    for (let k = 0; k < n; k++) replicas.push(await startReplica(url, appUrl, process.env.BACKLOT_BENCH_PROFILE && k === 0 ? path.resolve(process.env.BACKLOT_BENCH_PROFILE) : undefined))
    if (!replicas[0]!.leading || replicas.slice(1).some((r) => r.leading)) throw new Error('Failed to set up replicas: the first one started should hold the lease, and only it')
    return await measure(replicas, pool)
  } finally {
    for (const r of [...replicas].reverse()) await r.stop()
    await pool.end()
    await db.drop(url)
  }
}

async function backlotThroughput(db: DbServer, appUrl: string, taskId: string, n: number, mode: Mode): Promise<Throughput> {
  return withReplicas(db, appUrl, n, async (replicas, pool) => {
    const calls = handlerCalls
    const result = await timed(pool, ENDED, mode, (chunk, k) => backlotSend(replicas[k % n]!.url, taskId, chunk).then(() => undefined), `backlot, ${n} replicas, ${mode}`)
    const failed = (await api(replicas[0]!.url, 'GET', `/runs?taskId=${taskId}&status=failed&limit=1`)) as { runs: unknown[] }
    if (failed.runs.length > 0) throw new Error('Failed to measure backlot: a run failed')
    if (handlerCalls - calls !== WARM + RUNS) throw new Error(`backlot: ${handlerCalls - calls} handler calls for ${WARM + RUNS} runs`)
    return result
  })
}

// ---------------------------------------------------------------------------------------------
// Floors: pg-boss 10 and a plain SKIP LOCKED queue.

const BOSS_DONE = "SELECT count(*) AS n FROM pgboss.job WHERE name = 'noop' AND state = 'completed'"

async function withBoss<T>(db: DbServer, batchSize: number, measure: (boss: PgBoss, pool: pg.Pool) => Promise<T>): Promise<T> {
  const url = await db.create()
  const boss = new PgBoss({ connectionString: url, max: 10, schedule: false, supervise: false })
  // 57P01: the connections pg-boss still held when the database is dropped with FORCE.
  boss.on('error', (error: Error & { code?: string }) => void (error.code === '57P01' || console.error('pg-boss:', error.message)))
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => undefined)
  try {
    await boss.start()
    await boss.createQueue('noop')
    for (let w = 0; w < BOSS_WORKERS; w++) {
      await boss.work<{ i: number }>('noop', { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) started(job.data.i)
      })
    }
    return await measure(boss, pool)
  } finally {
    await boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined)
    await pool.end()
    await db.drop(url)
  }
}

function bossThroughput(db: DbServer, mode: Mode): Promise<Throughput> {
  return withBoss(db, BOSS_BATCH, (boss, pool) =>
    timed(
      pool,
      BOSS_DONE,
      mode,
      async (chunk) => {
        if (chunk.length === 1) await boss.send('noop', { i: chunk[0] })
        else await boss.insert(chunk.map((i) => ({ name: 'noop', data: { i } })))
      },
      `pg-boss, ${mode}`,
    ),
  )
}

const RAW_DONE = 'SELECT count(*) AS n FROM raw_job WHERE state = 2'

/** A queue in plain SQL: insert; claim with UPDATE … FOR UPDATE SKIP LOCKED (a 1 ms sleep when empty); run; mark done. */
async function withRaw<T>(db: DbServer, measure: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const url = await db.create()
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('error', () => undefined)
  let stopping = false
  const loops: Promise<void>[] = []
  try {
    await pool.query('CREATE TABLE raw_job (id bigserial PRIMARY KEY, i integer NOT NULL, state smallint NOT NULL DEFAULT 0)')
    await pool.query('CREATE INDEX raw_job_created ON raw_job (id) WHERE state = 0')
    for (let w = 0; w < RAW_WORKERS; w++) {
      loops.push(
        (async () => {
          while (!stopping) {
            const { rows } = await pool.query<{ id: string; i: number }>('UPDATE raw_job SET state = 1 WHERE id IN (SELECT id FROM raw_job WHERE state = 0 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id, i', [RAW_BATCH])
            if (rows.length === 0) {
              await sleep(1)
              continue
            }
            for (const row of rows) started(row.i)
            await pool.query('UPDATE raw_job SET state = 2 WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)])
          }
        })(),
      )
    }
    return await measure(pool)
  } finally {
    stopping = true
    await Promise.allSettled(loops)
    await pool.end()
    await db.drop(url)
  }
}

async function rawSend(pool: pg.Pool, chunk: number[]): Promise<void> {
  if (chunk.length === 1) await pool.query('INSERT INTO raw_job (i) VALUES ($1)', [chunk[0]])
  else await pool.query('INSERT INTO raw_job (i) SELECT unnest($1::int[])', [chunk])
}

// ---------------------------------------------------------------------------------------------

const ackText = (t: Throughput): string => `ack p50 ${t.ackP50.toFixed(0)} ms, max ${t.ackMax.toFixed(0)} ms; all acked in ${(t.sentMs / 1000).toFixed(2)} s, all done in ${(t.ms / 1000).toFixed(2)} s`

export async function postgresReplicasBench(): Promise<string[]> {
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ')
  const loadBefore = load()
  const noop: AnyTask = task({ id: 'noop', run: async (p: { i: number }) => (started(p.i), p.i) })
  const app: Listening = await listen(serve({ tasks: [noop], signingKey: SIGNING }).fetch, { port: 0, host: '127.0.0.1' })
  let db: DbServer | undefined
  try {
    db = await dbServer()
    const appUrl = `${app.url}/api/tasks`
    const rows: string[] = []
    const modes: [Mode, string, string, string][] = [
      ['batch', `batch endpoint, ${BATCH} runs per POST, ${BATCH_IN_FLIGHT} POSTs in flight`, `insert(), ${BATCH} jobs per call`, `multi-row INSERT of ${BATCH}`],
      ['single', `single triggers, ${SINGLE_IN_FLIGHT} POSTs in flight`, `send(), ${SINGLE_IN_FLIGHT} in flight`, `one INSERT each, ${SINGLE_IN_FLIGHT} in flight`],
    ]
    for (const [mode, how, bossHow, rawHow] of modes) {
      const raw = await withRaw(db, (pool) => timed(pool, RAW_DONE, mode, (chunk) => rawSend(pool, chunk), `raw, ${mode}`))
      const boss = await bossThroughput(db, mode)
      const floor = `pg-boss ${fmt(boss.perSecond)} jobs/s (${bossHow}; ${BOSS_WORKERS} workers × batchSize ${BOSS_BATCH}, polling 0.5 s; ${ackText(boss)}); raw SKIP LOCKED ${fmt(raw.perSecond)} jobs/s (${rawHow}; ${ackText(raw)})`
      for (const n of [1, 2, 3]) {
        const b = await backlotThroughput(db, appUrl, noop.id, n, mode)
        rows.push(`| postgres: ${fmt(RUNS)} trivial runs through ${n} replica${n > 1 ? 's' : ''} (${how}, round-robin) | ${fmt(b.perSecond)} runs/s (${ackText(b)}) | ${floor} | — |`)
      }
    }
    // Latency, one trigger every LATENCY_EVERY_MS.
    const ms = (l: { p50: number; p95: number; max: number }): string => `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms (max ${l.max.toFixed(0)})`
    const rawLat = await withRaw(db, async (pool) => {
      await latency(50, (i) => rawSend(pool, [i]))
      return latency(LATENCY_N, (i) => rawSend(pool, [i]))
    })
    const bossLat = await withBoss(db, BOSS_BATCH, async (boss) => {
      await latency(50, async (i) => void (await boss.send('noop', { i })))
      return latency(LATENCY_N, async (i) => void (await boss.send('noop', { i })))
    })
    const floor = `pg-boss ${ms(bossLat)} (send(), the workers above); raw SKIP LOCKED ${ms(rawLat)}`
    await withReplicas(db, appUrl, 2, async ([leader, other]) => {
      const single = (base: string) => async (i: number) => void (await backlotSend(base, noop.id, [i]))
      await latency(100, single(other!.url))
      const viaOther = await latency(LATENCY_N, single(other!.url))
      const viaLeader = await latency(LATENCY_LEADER_N, single(leader!.url))
      rows.push(`| postgres: trigger-to-start, ${LATENCY_N} single triggers to a non-leader replica, one per ${LATENCY_EVERY_MS} ms | ${ms(viaOther)} | ${floor} | — |`)
      rows.push(`| postgres: trigger-to-start, ${LATENCY_LEADER_N} single triggers to the leader, one per ${LATENCY_EVERY_MS} ms | ${ms(viaLeader)} | (same floors) | — |`)
    })
    rows.push(`| postgres: setting | ${db.version}; replicas in child processes, app and floors' workers in the bench process; load average before ${loadBefore}, after ${load()} (${os.cpus().length} CPUs); API calls sent again after a network error: ${retried} | — | — |`)
    return rows
  } finally {
    await db?.close()
    await app.close()
  }
}
