// Issue 11: a replica that stops answering for longer than its lease (a network pause, here
// SIGSTOP) loses the work: the other replica claims it and runs the attempts in flight again,
// and when the paused one comes back its late answers are discarded, not journaled.
import { describe, expect, it } from 'vitest'
import { postgresOrSkip } from '../postgres/available.js'
import { callAny } from './fault-client.js'
import { numberedBatch } from './fault-rig.js'
import { useFaultRig } from './fault-suite.js'
import { checkExactlyOnce, readJournals } from './journal-checks.js'

const RUNS = 20
const db = await postgresOrSkip('the replica pause test')

describe.skipIf(!db)('a replica paused past its lease', () => {
  const faults = useFaultRig(db!, 1_500)

  it('has the other replica claim the work once, and discards the paused one’s late answers', async () => {
    const options = faults.rig.options(db!.url, { leaseMs: 1_500 })
    const replicas = faults.rig.replicas
    await faults.rig.startReplica(0, options)
    await faults.rig.startReplica(1, options)
    const holder = async () => (await faults.pool.query<{ owner: string; epoch: string }>(`SELECT owner, epoch FROM backlot_leases`)).rows[0]!
    const first = await holder()
    const leader = replicas.find((r) => r.id === first.owner)!
    await callAny(replicas, 'POST', '/tasks/f-ship/batch', numberedBatch(RUNS, 'ship'))

    // Once every run's step is under way in the app (each takes 1.5 s), the leader stops
    // answering for 5 s.
    const started = () => faults.rig.executions().filter((line) => line.endsWith(' label:start 1')).length
    for (const until = Date.now() + 10_000; started() < RUNS && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20))
    expect(started()).toBe(RUNS)
    leader.pause()
    await new Promise((r) => setTimeout(r, 5_000))
    const second = await holder()
    expect(second.owner).not.toBe(leader.id)
    expect(Number(second.epoch)).toBeGreaterThan(Number(first.epoch))
    leader.resume() // its answers from the app arrive now, with its lease long gone

    const until = Date.now() + 30_000
    let journals = await readJournals(faults.pool)
    const done = () => [...journals.values()].filter((log) => log.some((e) => e.type === 'run.completed')).length
    while (done() < RUNS && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200))
      journals = await readJournals(faults.pool)
    }
    await new Promise((r) => setTimeout(r, 1_000)) // time for a late write, were one to land
    journals = await readJournals(faults.pool)

    const executions = faults.rig.executions()
    const report = checkExactlyOnce(journals, executions)
    expect(report.problems).toEqual([])
    expect(report.completed['f-ship']).toBe(RUNS)
    // The paused replica's runs all ran their step in attempt 1 (its answers came late) and
    // again in attempt 2 on the new holder, whose answer is the one journaled.
    for (const [runId, events] of journals) {
      const step = events.find((e) => e.type === 'step.completed')
      expect(step, runId).toMatchObject({ attempt: 2 })
      expect(events.some((e) => e.type === 'attempt.failed' && e.error.name === 'InterruptedError'), runId).toBe(true)
      expect(executions.filter((line) => line.startsWith(`${runId} label `)).sort()).toEqual([`${runId} label 1`, `${runId} label 2`])
    }
    expect(leader.logs.some((line) => line.includes('lease engine lost'))).toBe(true)
  }, 120_000)
})
