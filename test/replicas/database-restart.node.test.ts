// Issue 11: PostgreSQL restarted while two replicas run work. The replicas reconnect and finish
// every run exactly once; what was acknowledged before the restart is not lost.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testPool } from '../postgres/available.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPostgresBin, startCluster, type Cluster } from '../postgres/cluster.js'
import { callAny, SECRET, SIGNING } from './fault-client.js'
import { checkExactlyOnce, readJournals } from './journal-checks.js'
import { spawnApp, spawnReplica, type Spawned } from './processes.js'

const RUNS = 200
const T0 = Date.UTC(2026, 0, 1)
const missing = findPostgresBin() === undefined
if (missing && process.env.BACKLOT_REQUIRE_POSTGRES === '1') throw new Error('Failed to run the database restart test: it needs PostgreSQL binaries (initdb, pg_ctl) to start and restart a private cluster. Install PostgreSQL.')

describe.skipIf(missing)('PostgreSQL restarted under two replicas', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backlot-dbrestart-'))
  const effects = join(dir, 'effects.log')
  let cluster: Cluster | undefined
  let app: (Spawned & { url: string }) | undefined
  const replicas: (Spawned & { url: string })[] = []

  beforeAll(async () => {
    writeFileSync(effects, '')
    cluster = await startCluster()
    app = await spawnApp({ SIDE_EFFECTS: effects, BACKLOT_SIGNING_KEY: SIGNING, STEP_MS: '10' })
  }, 60_000)

  afterAll(async () => {
    for (const r of replicas) await r.kill9()
    await app?.terminate()
    await cluster?.stop()
    rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  it('reconnects and finishes every run exactly once', async () => {
    const options = { database: cluster!.url, apps: [app!.url], port: 0, secretKey: SECRET, signingKey: SIGNING, clock: 'virtual' as const, startAt: T0, leaseMs: 10_000, poolSize: 4 }
    replicas.push(await spawnReplica(options), await spawnReplica(options))
    const items = Array.from({ length: RUNS }, (_, n) => ({ payload: n, options: { idempotencyKey: `order-${n}` } }))
    await callAny(replicas, 'POST', '/tasks/f-order/batch', { items })
    await callAny(replicas, 'POST', '/clock/advance', { duration: '1m' })

    // Restart the database while an advance wakes sleepers, fires retries and starts children.
    const advancing = callAny(replicas, 'POST', '/clock/advance', { duration: '2m' }, 60_000)
    await new Promise((r) => setTimeout(r, 50))
    await cluster!.restart() // as a crash would: in-flight transactions are lost, clients dropped
    await advancing
    for (let minute = 0; minute < 25; minute++) await callAny(replicas, 'POST', '/clock/advance', { duration: '1m' }, 60_000) // the longest sleep is 20 minutes

    const pool = testPool(cluster!.url, 1)
    try {
      const executions = readFileSync(effects, 'utf8').trim().split('\n').filter(Boolean)
      const report = checkExactlyOnce(await readJournals(pool), executions)
      expect(report.problems).toEqual([])
      expect(report.completed['f-order']).toBe(RUNS)
      expect(report.completed['f-ship']).toBe(RUNS)
    } finally {
      await pool.end()
    }
  }, 300_000)
})
