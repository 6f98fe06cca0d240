import { describe, expect, it } from 'vitest'
import { task } from 'backlot'
import type { Harness } from '../harness.js'
import { HOUR, MINUTE, SECOND, START, attemptStarts, iso, record } from '../support.js'

export function replayEnding(h: Harness): void {
  describe('replay: a run ends when its handler returns', () => {
    it('completes when the handler returns, though a sleep it did not await is still pending', async () => {
      const timing = task({
        id: 'replay-unawaited-timeout',
        run: async (_: void, { step }) => {
          let timedOut = false
          void step.sleep('timeout', '30s').then(() => (timedOut = true))
          await step.sleep('short', '10s')
          return timedOut ? 'timed out' : 'in time'
        },
      })
      await h.setup([timing], { now: START })
      const handle = await timing.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'in time', completedAt: iso(START + 10 * SECOND) })
      expect(done.steps.map((s) => [s.key, s.status])).toEqual([
        ['timeout', 'abandoned'],
        ['short', 'completed'],
      ])
      const abandoned = (await h.events(handle.id)).filter((e) => e.type === 'step.abandoned')
      expect(abandoned).toMatchObject([{ key: 'timeout', kind: 'sleep', at: START + 10 * SECOND }])
    })

    it('returns the winner of a race between a step and a sleep without waiting for the sleep', async () => {
      const racing = task({
        id: 'replay-race-timeout',
        run: async (_: void, { step }) => Promise.race([step.sleep('timeout', '1h').then(() => 'timed out'), step.run('fetch', () => 'data')]),
      })
      await h.setup([racing], { now: START })
      const handle = await racing.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'data', completedAt: iso(START) })
      expect(done.steps.map((s) => [s.key, s.kind, s.status])).toEqual([
        ['fetch', 'run', 'completed'],
        ['timeout', 'sleep', 'abandoned'],
      ])
      expect(h.now()).toBeLessThan(START + HOUR)
    })

    it('records a step still executing when the handler returns as abandoned, and does not wait for it', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const racing = task({
        id: 'replay-abandoned-step',
        run: async (_: void, { step }) => Promise.race([step.run('stuck', () => gate.then(() => 'stuck')), step.run('quick', () => 'quick')]),
      })
      await h.setup([racing], { now: START })
      const handle = await racing.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      release()
      expect(done).toMatchObject({ status: 'completed', result: 'quick' })
      expect(done.steps.map((s) => [s.key, s.status])).toEqual([
        ['quick', 'completed'],
        ['stuck', 'abandoned'],
      ])
    })

    it('fails when the handler throws, though a sleep it did not await is pending, and records the sleep as abandoned', async () => {
      const failing = task({
        id: 'replay-unawaited-failure',
        retry: { maxAttempts: 1 },
        run: async (_: void, { step }) => {
          void step.sleep('timeout', '1h')
          await step.sleep('short', '1m')
          throw new Error('gave up')
        },
      })
      await h.setup([failing], { now: START })
      const handle = await failing.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'failed', error: { message: 'gave up' }, completedAt: iso(START + MINUTE) })
      expect(done.steps.map((s) => [s.key, s.status])).toEqual([
        ['timeout', 'abandoned'],
        ['short', 'completed'],
      ])
    })

    it('does not start a retry early when a sleep the failed attempt left pending wakes during the backoff', async () => {
      const flaky = task({
        id: 'replay-unawaited-retry',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1m' },
        run: async (_: void, { step, attempt }) => {
          void step.sleep('timeout', '30s')
          await step.sleep('short', '10s')
          if (attempt === 1) throw new Error('first attempt fails')
          return 'second attempt'
        },
      })
      await h.setup([flaky], { now: START })
      const handle = await flaky.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 2, result: 'second attempt', completedAt: iso(START + 70 * SECOND) })
      expect(attemptStarts(await h.events(handle.id))).toEqual([START, START + 70 * SECOND])
    })

    // Inngest's `polling` example: a 30 s timeout not awaited, and a check every 10 s.
    const polling = (jobDoneAtCheck: number, handled: unknown[]) => {
      let checks = 0
      return task({
        id: 'replay-polling',
        run: async (_: void, { step }) => {
          const poll = async () => {
            let timedOut = false
            void step.sleep('polling-time-out', '30s').then(() => (timedOut = true))
            let interval = 0
            do {
              const jobData = await step.run('Check if external job complete', () => (++checks === jobDoneAtCheck ? { data: { foo: 'bar' } } : null))
              if (jobData !== null) return jobData
              await step.sleep(`interval-${interval++}`, '10s')
            } while (!timedOut)
            return null
          }
          const jobData = await poll()
          if (jobData) await step.run('Do something with data', () => void handled.push(jobData))
          return jobData
        },
      })
    }

    it('runs the last step of the polling example as soon as the job is done, before the timeout', async () => {
      const handled: unknown[] = []
      const poller = polling(2, handled)
      await h.setup([poller], { now: START })
      const handle = await poller.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: { data: { foo: 'bar' } }, completedAt: iso(START + 10 * SECOND) })
      expect(handled).toEqual([{ data: { foo: 'bar' } }])
      expect(done.steps.find((s) => s.key === 'polling-time-out')?.status).toBe('abandoned')
    })

    it('ends the polling example with null at the timeout when the job never finishes', async () => {
      const handled: unknown[] = []
      const poller = polling(Infinity, handled)
      await h.setup([poller], { now: START })
      const handle = await poller.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: null, completedAt: iso(START + 30 * SECOND) })
      expect(handled).toEqual([])
      expect(done.steps.filter((s) => s.kind === 'run').map((s) => s.key)).toEqual([
        'Check if external job complete',
        'Check if external job complete#2',
        'Check if external job complete#3',
      ])
    })
  })
}
