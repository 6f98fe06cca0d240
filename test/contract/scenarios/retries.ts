import { describe, expect, it } from 'vitest'
import { NonRetriableError, RetryAfterError, task, type RetryOptions } from 'backlot'
import type { Harness } from '../harness.js'
import { START, attemptStarts, gaps, iso, record } from '../support.js'

export function retries(h: Harness): void {
  /** Runs a task that always fails and returns the delays between its attempts. */
  async function delaysOf(retry: RetryOptions | undefined, seed = 1): Promise<number[]> {
    const failing = task({
      id: 'retries-failing',
      ...(retry === undefined ? {} : { retry }),
      run: async () => {
        throw new Error('always fails')
      },
    })
    await h.setup([failing], { seed, now: START })
    const handle = await failing.trigger()
    await h.runUntilIdle()
    const done = await record(handle.id)
    expect(done.status).toBe('failed')
    return gaps(attemptStarts(await h.events(handle.id)))
  }

  describe('retries', () => {
    it('retries a failed attempt twice by default, exponentially from 1s', async () => {
      expect(await delaysOf(undefined)).toEqual([1_000, 2_000])
    })

    it('grows exponential backoff by the factor', async () => {
      expect(await delaysOf({ maxAttempts: 5, backoff: 'exponential', minDelay: '1s', factor: 3 })).toEqual([1_000, 3_000, 9_000, 27_000])
    })

    it('caps every delay at maxDelay', async () => {
      expect(await delaysOf({ maxAttempts: 5, minDelay: '1s', factor: 10, maxDelay: '30s' })).toEqual([1_000, 10_000, 30_000, 30_000])
    })

    it('caps the default exponential backoff at one hour', async () => {
      const delays = await delaysOf({ maxAttempts: 15 })
      expect(delays.slice(0, 3)).toEqual([1_000, 2_000, 4_000])
      expect(delays.at(-1)).toBe(3_600_000)
      expect(Math.max(...delays)).toBe(3_600_000)
    })

    it('grows linear backoff by minDelay each retry', async () => {
      expect(await delaysOf({ maxAttempts: 4, backoff: 'linear', minDelay: '2s' })).toEqual([2_000, 4_000, 6_000])
    })

    it('waits minDelay before every retry with fixed backoff', async () => {
      expect(await delaysOf({ maxAttempts: 4, backoff: 'fixed', minDelay: '5s' })).toEqual([5_000, 5_000, 5_000])
    })

    it('uses a 1s minDelay when none is given', async () => {
      expect(await delaysOf({ maxAttempts: 3, backoff: 'fixed' })).toEqual([1_000, 1_000])
    })

    it('spreads delays by the jitter fraction, the same way for the same seed', async () => {
      const retry: RetryOptions = { maxAttempts: 6, backoff: 'fixed', minDelay: '10s', jitter: 0.5 }
      const first = await delaysOf(retry, 42)
      await h.teardown()
      const again = await delaysOf(retry, 42)
      await h.teardown()
      const other = await delaysOf(retry, 43)
      expect(again).toEqual(first)
      expect(other).not.toEqual(first)
      for (const d of [...first, ...other]) {
        expect(d).toBeGreaterThanOrEqual(5_000)
        expect(d).toBeLessThanOrEqual(15_000)
      }
      expect(new Set(first).size).toBeGreaterThan(1)
    })

    it('never jitters a delay above maxDelay', async () => {
      const delays = await delaysOf({ maxAttempts: 6, backoff: 'fixed', minDelay: '10s', maxDelay: '10s', jitter: 1 }, 5)
      for (const d of delays) expect(d).toBeLessThanOrEqual(10_000)
    })

    it('fails at once on a NonRetriableError', async () => {
      let attempts = 0
      const strict = task({
        id: 'retries-strict',
        retry: { maxAttempts: 5 },
        run: async () => {
          attempts++
          throw new NonRetriableError('the user does not exist')
        },
      })
      await h.setup([strict])
      const handle = await strict.trigger()
      await h.runUntilIdle()
      expect(attempts).toBe(1)
      const failed = await record(handle.id)
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 })
      expect(failed.error).toMatchObject({ name: 'NonRetriableError', message: 'the user does not exist' })
    })

    it('fails at once on a NonRetriableError thrown inside a step, recording the step’s failure', async () => {
      let calls = 0
      const strict = task({
        id: 'retries-strict-step',
        run: async (_: void, { step }) => {
          await step.run('check', () => {
            calls++
            throw new NonRetriableError('invalid order')
          })
        },
      })
      await h.setup([strict])
      const handle = await strict.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(1)
      const failed = await record(handle.id)
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { name: 'NonRetriableError', message: 'invalid order' } })
      expect(failed.steps).toMatchObject([{ key: 'check', status: 'failed', error: { name: 'NonRetriableError' } }])
    })

    it('fails when a RetryAfterError comes on the last attempt', async () => {
      const limited = task({
        id: 'retries-last-retry-after',
        retry: { maxAttempts: 2 },
        run: async () => {
          throw new RetryAfterError('still rate limited', '1m')
        },
      })
      await h.setup([limited], { now: START })
      const handle = await limited.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'failed', attempts: 2, completedAt: iso(START + 60_000) })
    })

    it('starts the next attempt when a RetryAfterError says, instead of the backoff', async () => {
      const limited = task({
        id: 'retries-limited',
        retry: { maxAttempts: 3, backoff: 'fixed', minDelay: '1s' },
        run: async (_: void, ctx) => {
          if (ctx.attempt === 1) throw new RetryAfterError('rate limited', '90s')
          if (ctx.attempt === 2) throw new RetryAfterError('rate limited until noon', new Date(START + 12 * 3_600_000))
          return 'through'
        },
      })
      await h.setup([limited], { now: START })
      const handle = await limited.trigger()
      await h.runUntilIdle()
      expect(attemptStarts(await h.events(handle.id))).toEqual([START, START + 90_000, START + 12 * 3_600_000])
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: 'through', attempts: 3 })
    })

    it('treats retries: n as n retries after the first attempt', async () => {
      const counts: Record<string, number> = {}
      const make = (n: number) =>
        task(
          `retries-${n}`,
          async () => {
            counts[n] = (counts[n] ?? 0) + 1
            throw new Error('nope')
          },
          { retries: n },
        )
      const tasks = [make(0), make(2)]
      await h.setup(tasks)
      const ids = [(await tasks[0]!.trigger()).id, (await tasks[1]!.trigger()).id]
      await h.runUntilIdle()
      expect(counts).toEqual({ 0: 1, 2: 3 })
      expect((await record(ids[0]!)).attempts).toBe(1)
      expect((await record(ids[1]!)).attempts).toBe(3)
    })

    it('records each failed attempt with its retry time in the event log', async () => {
      const failing = task({
        id: 'retries-log',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '3s' },
        run: async () => {
          throw new Error('nope')
        },
      })
      await h.setup([failing], { now: START })
      const handle = await failing.trigger()
      await h.runUntilIdle()
      const failed = (await h.events(handle.id)).filter((e) => e.type === 'attempt.failed')
      expect(failed.map((e) => (e.type === 'attempt.failed' ? [e.attempt, e.retryAt] : null))).toEqual([
        [1, START + 3_000],
        [2, null],
      ])
      expect((await record(handle.id)).completedAt).toBe(iso(START + 3_000))
    })
  })
}
