// Issue 11's fault test: two replicas share one database while 1,000 runs with sleeps, retries
// and children, and a minutely cron, are in flight; one replica or the other is killed with
// SIGKILL at random points and started again. Every run must complete exactly once, and no
// step whose completion was journaled may run again.
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { postgresOrSkip } from '../postgres/available.js'
import { callAny } from './fault-client.js'
import { numberedBatch } from './fault-rig.js'
import { useFaultRig } from './fault-suite.js'
import { checkExactlyOnce, readJournals } from './journal-checks.js'

const RUNS = 1_000
const T0 = Date.UTC(2026, 0, 1)
const db = await postgresOrSkip('the replica fault tests')

describe.skipIf(!db)('two replicas on PostgreSQL, one killed with SIGKILL at random points', () => {
  const faults = useFaultRig(db!, 40)

  it('completes every run exactly once and never runs a journaled step again', async () => {
    const options = faults.rig.options(db!.url, { clock: 'virtual', startAt: T0, leaseMs: 1_500, manifestIntervalMs: 500 })
    const replicas = faults.rig.replicas
    const start = (slot: number) => faults.rig.startReplica(slot, options)
    await start(0)
    await start(1)

    await callAny(replicas, 'POST', '/tasks/f-order/batch', numberedBatch(RUNS, 'order'), 60_000)

    // Drive virtual time a minute at a time; now and then kill a replica and start it again.
    let kills = 0
    let leaderKills = 0
    const holderId = async () => (await faults.pool.query<{ owner: string }>(`SELECT owner FROM backlot_leases`)).rows[0]?.owner
    let random = 7
    const next = () => (random = (random * 48271) % 2147483647) / 2147483647
    for (let minute = 0; minute < 40; minute++) {
      // The advance wakes sleepers and fires retries, a cron and children: kill while that work is in flight.
      const advancing = callAny(replicas, 'POST', '/clock/advance', { duration: '1m' }, 60_000)
      if (next() < 0.35) {
        const holder = await holderId()
        const holderSlot = replicas.findIndex((r) => r.id === holder)
        const slot = next() < 0.7 && holderSlot >= 0 ? holderSlot : next() < 0.5 ? 0 : 1 // mostly the one running the engine
        await new Promise((r) => setTimeout(r, next() * 150))
        if (slot === holderSlot) leaderKills++
        await replicas[slot]!.kill9()
        kills++
        await start(slot)
      }
      await advancing
      if (minute > 10 && (await completedCount(faults.pool)) === RUNS) break
    }
    // Let the last retries and children finish.
    for (let i = 0; i < 20 && (await completedCount(faults.pool)) < RUNS; i++) await callAny(replicas, 'POST', '/clock/advance', { duration: '1m' }, 60_000)

    const journals = await readJournals(faults.pool)
    const report = checkExactlyOnce(journals, faults.rig.executions())
    const interrupted = [...journals.values()].flat().filter((e) => e.type === 'attempt.failed' && e.error.name === 'InterruptedError').length
    console.info(`replica faults: ${kills} kills (${leaderKills} of the lease holder), ${interrupted} attempts interrupted, ${report.reexecuted} step executions not journaled and run again, ${report.cronFirings} cron firings`)
    expect(leaderKills).toBeGreaterThan(0)
    expect(interrupted).toBeGreaterThan(0)
    expect(report.problems).toEqual([])
    expect(report.completed['f-order']).toBe(RUNS)
    expect(report.completed['f-ship']).toBe(RUNS)
    expect(report.cronFirings).toBeGreaterThan(10)
  }, 600_000)
})

async function completedCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM backlot_events WHERE body::jsonb->>'type' = 'run.completed' AND run_id IN (SELECT run_id FROM backlot_events WHERE n = 0 AND body::jsonb->>'taskId' = 'f-order')`)
  return Number(rows[0]!.n)
}
