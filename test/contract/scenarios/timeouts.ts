import { describe, expect, it } from 'vitest'
import { task, type TaskContext } from 'backlot'
import type { Harness } from '../harness.js'
import { START, attemptStarts, iso, record } from '../support.js'

/** Resolves never; rejects with the signal's reason once it is aborted. */
function untilAborted(ctx: TaskContext): Promise<never> {
  return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }))
}

export function timeouts(h: Harness): void {
  describe('timeouts', () => {
    it('aborts the signal of an attempt that overruns and retries it after a TimeoutError', async () => {
      const reasons: unknown[] = []
      const slow = task(
        'timeouts-slow',
        async (ctx) => {
          ctx.signal.addEventListener('abort', () => reasons.push((ctx.signal.reason as Error).name))
          await untilAborted(ctx)
        },
        { retries: 1, timeout: '15s' },
      )
      await h.setup([slow], { now: START })
      const handle = await slow.trigger()
      await h.runUntilIdle()
      expect(reasons).toEqual(['TimeoutError', 'TimeoutError'])
      const failed = await record(handle.id)
      expect(failed).toMatchObject({ status: 'failed', attempts: 2 })
      expect(failed.error).toMatchObject({ name: 'TimeoutError' })
      expect(failed.error!.message).toContain('15000 ms')
      // attempt 1 times out at 15s, the default backoff waits 1s, attempt 2 times out 15s later
      expect(attemptStarts(await h.events(handle.id))).toEqual([START, START + 16_000])
      expect(failed.completedAt).toBe(iso(START + 31_000))
    })

    it('times out an attempt that ignores its signal', async () => {
      const stubborn = task('timeouts-stubborn', async () => new Promise<never>(() => {}), { retries: 0, timeout: '1 minute' })
      await h.setup([stubborn], { now: START })
      const handle = await stubborn.trigger()
      await h.runUntilIdle()
      const failed = await record(handle.id)
      expect(failed.status).toBe('failed')
      expect(failed.error?.name).toBe('TimeoutError')
      expect(failed.completedAt).toBe(iso(START + 60_000))
    })

    it('completes when the retry of a timed-out attempt finishes in time', async () => {
      const once = task(
        'timeouts-once',
        async (ctx) => {
          if (ctx.attempt === 1) await untilAborted(ctx)
          return { attempt: ctx.attempt }
        },
        { retries: 2, timeout: '15s' },
      )
      await h.setup([once])
      const handle = await once.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 2, result: { attempt: 2 } })
    })

    it('discards a step that finishes after its attempt timed out and runs it again on retry', async () => {
      let calls = 0
      const slowStep = task(
        'timeouts-slow-step',
        async (ctx) =>
          ctx.step.run('work', async () => {
            calls++
            if (calls === 1) await untilAborted(ctx)
            return `done on call ${calls}`
          }),
        { retries: 1, timeout: '15s' },
      )
      await h.setup([slowStep])
      const handle = await slowStep.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(2)
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', attempts: 2, result: 'done on call 2' })
      expect(done.steps.map((s) => [s.key, s.status, s.result])).toEqual([['work', 'completed', 'done on call 2']])
    })

    it('dispatches the ctx.task children of the attempt that finishes in time, not of the one that timed out', async () => {
      const born: unknown[] = []
      const child = task('timeouts-child', async (_ctx, payload: { attempt: number }) => void born.push(payload.attempt))
      const parent = task(
        'timeouts-fan-out',
        async (ctx) => {
          await ctx.task('timeouts-child', { attempt: ctx.attempt })
          if (ctx.attempt === 1) await untilAborted(ctx)
          return 'ok'
        },
        { retries: 1, timeout: '15s' },
      )
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 2 })
      expect(born).toEqual([2])
    })

    it('counts the timeout per attempt, not across sleeps', async () => {
      const sleepy = task(
        'timeouts-sleepy',
        async (ctx) => {
          await ctx.step.sleep('long-nap', '1h')
          return 'rested'
        },
        { retries: 0, timeout: '15s' },
      )
      await h.setup([sleepy])
      const handle = await sleepy.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: 'rested', attempts: 1 })
    })
  })
}
