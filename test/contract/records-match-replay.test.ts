import { afterEach, describe, expect, it } from 'vitest'
import { task } from 'backlot'
import { SEED, expectSameRecords, teardownCurrent } from './same-records.js'
import { START, afterTurns } from './support.js'

afterEach(teardownCurrent)

describe('run records of replay semantics over memory, HTTP in-process and HTTP over sockets', () => {
  it('match for a race kept across replays, a caught step failure and an abandoned sleep', async () => {
    const records = await expectSameRecords(async (h) => {
      let calls = 0
      const mixed = task({
        id: 'match-replay',
        run: async (_: void, { step }) => {
          const winner = await Promise.race([step.run('slow', () => afterTurns(20, 'slow')), step.run('fast', () => 'fast')])
          const caught = await step
            .run('flaky', () => {
              if (++calls === 1) throw new Error('flaky once')
              return 'worked'
            })
            .catch((error: Error) => `caught: ${error.message}`)
          let timedOut = false
          void step.sleep('timeout', '1h').then(() => (timedOut = true))
          await step.sleep('short', '1m')
          return { winner, caught, timedOut }
        },
      })
      await h.setup([mixed], { seed: SEED, now: START })
      const handle = await mixed.trigger()
      await h.runUntilIdle()
      return [handle.id]
    })
    expect(records[0]).toMatchObject({ status: 'completed', result: { winner: 'fast', caught: 'caught: flaky once', timedOut: false } })
    expect(records[0]!.steps.map((s) => [s.key, s.status])).toEqual([
      ['fast', 'completed'],
      ['flaky', 'failed'],
      ['slow', 'completed'],
      ['timeout', 'abandoned'],
      ['short', 'completed'],
    ])
  })

  it('match for a parent retried after its waited-for child failed, which starts a new child', async () => {
    const records = await expectSameRecords(async (h) => {
      const child = task({ id: 'match-replay-child', retry: { maxAttempts: 1 }, run: async ({ n }: { n: number }) => { throw new Error(`child ${n} fails`) } })
      const parent = task({
        id: 'match-replay-parent',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1s' },
        run: async (_: void, { attempt }) => child.triggerAndWait({ n: attempt }),
      })
      await h.setup([parent, child], { seed: SEED, now: START })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      return [handle.id]
    })
    expect(records.map((r) => [r.taskId, r.status, r.payload])).toEqual([
      ['match-replay-parent', 'failed', undefined],
      ['match-replay-child', 'failed', { n: 1 }],
      ['match-replay-child', 'failed', { n: 2 }],
    ])
  })
})
