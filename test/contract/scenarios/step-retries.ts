import { describe, expect, it } from 'vitest'
import { NonRetriableError, task } from 'backlot'
import type { Harness } from '../harness.js'
import { record } from '../support.js'

export function stepRetries(h: Harness): void {
  describe('step retries', () => {
    it('tries a step with retries again at once, recording each failed try, and journals its result', async () => {
      let calls = 0
      const retrying = task({
        id: 'step-retries-ok',
        run: async (_: void, { step }) => {
          const value = await step.run(
            'flaky',
            () => {
              if (++calls < 3) throw new Error(`try ${calls} fails`)
              return `try ${calls} works`
            },
            { retries: 2 },
          )
          await step.sleep('nap', '1m')
          return value
        },
      })
      await h.setup([retrying])
      const handle = await retrying.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(3)
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', attempts: 1, result: 'try 3 works' })
      const flaky = done.steps.find((s) => s.key === 'flaky')!
      expect(flaky.status).toBe('completed')
      expect(flaky.attempts.map((a) => [a.attempt, a.status, a.error?.message])).toEqual([
        [1, 'failed', 'try 1 fails'],
        [1, 'failed', 'try 2 fails'],
        [1, 'completed', undefined],
      ])
    })

    it('fails the attempt when every try fails, and the next attempt tries the step afresh', async () => {
      let calls = 0
      const doomed = task({
        id: 'step-retries-exhausted',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1s' },
        run: async (_: void, { step }) =>
          step.run(
            'flaky',
            () => {
              if (++calls <= 2) throw new Error(`try ${calls} fails`)
              return 'third try works'
            },
            { retries: 1 },
          ),
      })
      await h.setup([doomed])
      const handle = await doomed.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(3)
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 2, result: 'third try works' })
    })

    it('does not try a step again after a NonRetriableError', async () => {
      let calls = 0
      const fatal = task({
        id: 'step-retries-fatal',
        run: async (_: void, { step }) =>
          step.run(
            'fatal',
            () => {
              calls++
              throw new NonRetriableError('no point trying again')
            },
            { retries: 3 },
          ),
      })
      await h.setup([fatal])
      const handle = await fatal.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(1)
      expect(await record(handle.id)).toMatchObject({ status: 'failed', attempts: 1, error: { message: 'no point trying again' } })
    })

    it('fails the run at once for retries that are not a whole number from 0 to 10', async () => {
      const invalid = task({
        id: 'step-retries-invalid',
        run: async (_: void, { step }) => step.run('x', () => 1, { retries: 11 }),
      })
      await h.setup([invalid])
      const handle = await invalid.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_OPTION' } })
      expect(done.error!.message).toBe('Failed to run step.run("x"): retries is 11. Pass a whole number from 0 to 10, or leave retries to the task\'s retry policy.')
    })
  })
}
