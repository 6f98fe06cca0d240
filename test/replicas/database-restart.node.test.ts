// Issue 11: PostgreSQL restarted while two replicas run work. The replicas reconnect and finish
// every run exactly once; what was acknowledged before the restart is not lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPool } from '../postgres/available.js'
import { findPostgresBin, startCluster, type Cluster } from '../postgres/cluster.js'
import { callAny } from './fault-client.js'
import { FaultRig, numberedBatch } from './fault-rig.js'
import { checkExactlyOnce, readJournals } from './journal-checks.js'

const RUNS = 200
const T0 = Date.UTC(2026, 0, 1)
const missing = findPostgresBin() === undefined
if (missing && process.env.BACKLOT_REQUIRE_POSTGRES === '1') throw new Error('Failed to run the database restart test: it needs PostgreSQL binaries (initdb, pg_ctl) to start and restart a private cluster. Install PostgreSQL.')

describe.skipIf(missing)('PostgreSQL restarted under two replicas', () => {
  let cluster: Cluster | undefined
  let rig: FaultRig | undefined

  beforeAll(async () => {
    cluster = await startCluster()
    rig = await FaultRig.start(10)
  }, 60_000)

  afterAll(async () => {
    await rig?.close()
    await cluster?.stop()
  }, 60_000)

  it('reconnects and finishes every run exactly once', async () => {
    const options = rig!.options(cluster!.url, { clock: 'virtual', startAt: T0, leaseMs: 10_000 })
    const replicas = rig!.replicas
    await rig!.startReplica(0, options)
    await rig!.startReplica(1, options)
    await callAny(replicas, 'POST', '/tasks/f-order/batch', numberedBatch(RUNS, 'order'))
    await callAny(replicas, 'POST', '/clock/advance', { duration: '1m' })

    // Restart the database while an advance wakes sleepers, fires retries and starts children.
    const advancing = callAny(replicas, 'POST', '/clock/advance', { duration: '2m' }, 60_000)
    await new Promise((r) => setTimeout(r, 50))
    await cluster!.restart() // as a crash would: in-flight transactions are lost, clients dropped
    await advancing
    for (let minute = 0; minute < 25; minute++) await callAny(replicas, 'POST', '/clock/advance', { duration: '1m' }, 60_000) // the longest sleep is 20 minutes

    const pool = testPool(cluster!.url, 1)
    try {
      const report = checkExactlyOnce(await readJournals(pool), rig!.executions())
      expect(report.problems).toEqual([])
      expect(report.completed['f-order']).toBe(RUNS)
      expect(report.completed['f-ship']).toBe(RUNS)
    } finally {
      await pool.end()
    }
  }, 300_000)
})
