import { describe, expect, it } from 'vitest'
import { TaskRunCancelledError, cancelTask, getTransport, task } from 'backlot'
import type { Harness } from '../harness.js'
import { deferred, record } from '../support.js'

export function cancel(h: Harness): void {
  describe('cancel', () => {
    it('ends a delayed run at once so it never starts', async () => {
      let ran = 0
      const later = task({ id: 'cancel-later', run: async () => ++ran })
      await h.setup([later])
      const handle = await later.trigger(undefined, { delay: '1h' })
      const cancelled = await cancelTask(undefined, handle.id)
      expect(cancelled.status).toBe('cancelled')
      await h.advance('2h')
      expect(ran).toBe(0)
      expect(await record(handle.id)).toMatchObject({ status: 'cancelled', attempts: 0, startedAt: null })
    })

    it('ends a sleeping run at once so its later steps never run', async () => {
      const after: string[] = []
      const sleeper = task({
        id: 'cancel-sleeper',
        run: async (_: void, { step }) => {
          await step.sleep('nap', '1d')
          await step.run('after', () => after.push('ran'))
        },
      })
      await h.setup([sleeper])
      const handle = await sleeper.trigger()
      await h.advance('1h')
      await cancelTask(undefined, handle.id)
      const cancelled = await record(handle.id)
      expect(cancelled.status).toBe('cancelled')
      expect(cancelled.completedAt).toBe(new Date(h.now()).toISOString())
      expect(cancelled.waitingFor).toBeNull()
      await h.advance('2d')
      expect(after).toEqual([])
      expect((await record(handle.id)).status).toBe('cancelled')
    })

    it('aborts the signal of a running attempt and discards its outcome', async () => {
      const started = deferred()
      const gate = deferred()
      let aborted = false
      const busy = task({
        id: 'cancel-busy',
        run: async (_: void, ctx) => {
          ctx.signal.addEventListener('abort', () => (aborted = true))
          started.resolve()
          await gate.promise
          return 'finished anyway'
        },
      })
      await h.setup([busy])
      const handle = await busy.trigger()
      await started.promise
      await cancelTask(undefined, handle.id)
      expect(aborted).toBe(true)
      gate.resolve()
      await h.runUntilIdle()
      const cancelled = await record(handle.id)
      expect(cancelled).toMatchObject({ status: 'cancelled', attempts: 1 })
      expect(cancelled).not.toHaveProperty('result')
      expect((await h.events(handle.id)).map((e) => e.type)).not.toContain('run.completed')
    })

    it('dispatches none of the ctx.task children requested by a cancelled attempt', async () => {
      const started = deferred()
      const gate = deferred()
      const child = task('cancel-unborn', async () => 'born')
      const parent = task('cancel-fan-out-busy', async (ctx) => {
        await ctx.task('cancel-unborn', {})
        started.resolve()
        await gate.promise
        return 'done'
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await started.promise
      await cancelTask(undefined, handle.id)
      gate.resolve()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'cancelled', children: [] })
      expect(await getTransport().listRuns({ taskId: 'cancel-unborn' })).toEqual([])
    })

    it('does not retry a running attempt that throws after being cancelled', async () => {
      const started = deferred()
      let attempts = 0
      const busy = task({
        id: 'cancel-throwing',
        run: async (_: void, ctx) => {
          attempts++
          started.resolve()
          await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)))
        },
      })
      await h.setup([busy])
      const handle = await busy.trigger()
      await started.promise
      await cancelTask(undefined, handle.id)
      await h.runUntilIdle()
      await h.advance('1d')
      expect(attempts).toBe(1)
      expect((await record(handle.id)).status).toBe('cancelled')
    })

    it('cancels the sleeping child of a cancelled parent, and leaves ended children alone', async () => {
      const quick = task({ id: 'cancel-quick', run: async () => 'quick' })
      const slow = task({
        id: 'cancel-slow',
        run: async (_: void, { step }) => {
          await step.sleep('forever-ish', '30d')
          return 'slow'
        },
      })
      const parent = task({
        id: 'cancel-parent',
        run: async () => {
          await quick.triggerAndWait()
          return slow.triggerAndWait()
        },
      })
      await h.setup([parent, quick, slow])
      const handle = await parent.trigger()
      await h.advance('1h')
      const waiting = await record(handle.id)
      expect(waiting.children).toHaveLength(2)
      const [quickId, slowId] = waiting.children as [string, string]
      expect((await record(slowId)).waitingFor).toMatchObject({ kind: 'sleep' })
      await cancelTask(undefined, handle.id)
      expect((await record(handle.id)).status).toBe('cancelled')
      expect((await record(slowId)).status).toBe('cancelled')
      expect((await record(quickId)).status).toBe('completed')
      await h.runUntilIdle()
    })

    it('cancels the pending ctx.task children of a cancelled parent', async () => {
      const child = task('cancel-delayed-child', async (ctx) => {
        await ctx.step.sleep('wait', '1h')
      })
      const parent = task('cancel-fanout', async (ctx) => {
        await ctx.task('cancel-delayed-child', {})
        await ctx.step.sleep('wait', '1d')
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.settle()
      const childId = (await record(handle.id)).children[0]!
      await cancelTask(undefined, handle.id)
      expect((await record(childId)).status).toBe('cancelled')
    })

    it('ends a run waiting for its retry so no further attempt starts', async () => {
      let attempts = 0
      const flaky = task({
        id: 'cancel-retrying',
        retry: { maxAttempts: 5, backoff: 'fixed', minDelay: '1h' },
        run: async () => {
          attempts++
          throw new Error('fails')
        },
      })
      await h.setup([flaky])
      const handle = await flaky.trigger()
      await h.advance('30m')
      expect((await record(handle.id)).waitingFor).toMatchObject({ kind: 'retry' })
      await cancelTask(undefined, handle.id)
      await h.advance('1d')
      expect(attempts).toBe(1)
      expect(await record(handle.id)).toMatchObject({ status: 'cancelled', waitingFor: null, attempts: 1 })
    })

    it('cancels the whole tree of unfinished descendants', async () => {
      const leaf = task({ id: 'cancel-leaf', run: async (_: void, { step }) => step.sleep('wait', '7d') })
      const middle = task({ id: 'cancel-middle', run: async () => leaf.triggerAndWait() })
      const root = task({ id: 'cancel-root', run: async () => middle.triggerAndWait() })
      await h.setup([root, middle, leaf])
      const handle = await root.trigger()
      await h.advance('1h')
      const middleId = (await record(handle.id)).children[0]!
      const leafId = (await record(middleId)).children[0]!
      expect((await record(leafId)).waitingFor).toMatchObject({ kind: 'sleep' })
      await cancelTask(undefined, handle.id)
      expect([(await record(handle.id)).status, (await record(middleId)).status, (await record(leafId)).status]).toEqual(['cancelled', 'cancelled', 'cancelled'])
    })

    it('changes nothing when the run has already ended', async () => {
      const done = task({ id: 'cancel-done', run: async () => 'done' })
      await h.setup([done])
      const handle = await done.trigger()
      await h.runUntilIdle()
      const after = await cancelTask(undefined, handle.id)
      expect(after).toMatchObject({ status: 'completed', result: 'done' })
    })

    it('makes waitForCompletion throw a TaskRunCancelledError', async () => {
      const later = task({ id: 'cancel-waited', run: async () => 'never' })
      await h.setup([later])
      const handle = await later.trigger(undefined, { delay: '1h' })
      await cancelTask(undefined, handle.id)
      const error = await handle.waitForCompletion().catch((e: unknown) => e)
      expect(TaskRunCancelledError.is(error)).toBe(true)
      expect((error as TaskRunCancelledError).runId).toBe(handle.id)
    })
  })
}
