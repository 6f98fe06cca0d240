import { describe, expect, it } from 'vitest'
import { TaskRunFailedError, cancelTask, getTransport, task } from 'backlot'
import type { Harness } from '../harness.js'
import { HOUR, START, iso, record } from '../support.js'

export function children(h: Harness): void {
  describe('children', () => {
    const makeChild = (ran: unknown[]) =>
      task('children-child', async (_ctx, payload: { id: string }) => {
        ran.push(payload.id)
        return { delivered: payload.id }
      })

    it('dispatches ctx.task requests as children linked to their parent', async () => {
      const ran: unknown[] = []
      const child = makeChild(ran)
      const parent = task('children-parent', async (ctx) => {
        for (const id of ['a', 'b', 'c']) await ctx.task('children-child', { id })
        return { dispatched: 3 }
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: { dispatched: 3 } })
      expect(done.children).toHaveLength(3)
      const kids = await Promise.all(done.children.map((id) => record(id)))
      expect(kids.map((k) => [k.taskId, k.parentId, k.payload, k.status])).toEqual([
        ['children-child', handle.id, { id: 'a' }, 'completed'],
        ['children-child', handle.id, { id: 'b' }, 'completed'],
        ['children-child', handle.id, { id: 'c' }, 'completed'],
      ])
      expect(ran).toEqual(['a', 'b', 'c'])
    })

    it('does not dispatch the children of an attempt that fails, and dispatches them once when it succeeds', async () => {
      const ran: unknown[] = []
      const child = makeChild(ran)
      const parent = task(
        'children-flaky-parent',
        async (ctx) => {
          await ctx.task('children-child', { id: `from attempt ${ctx.attempt}` })
          if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} fails after requesting a child`)
          return 'ok'
        },
        { retries: 2 },
      )
      await h.setup([parent, child], { now: START })
      const handle = await parent.trigger()
      await h.settle()
      const afterFirst = await record(handle.id)
      expect(afterFirst.status).toBe('pending')
      expect(afterFirst.children).toEqual([])
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', attempts: 3 })
      expect(done.children).toHaveLength(1)
      expect(ran).toEqual(['from attempt 3'])
      expect(await getTransport().listRuns({ taskId: 'children-child' })).toHaveLength(1)
    })

    it('dispatches a ctx.task child once across the replays of a sleeping parent', async () => {
      const ran: unknown[] = []
      const child = makeChild(ran)
      let invocations = 0
      const parent = task('children-sleepy-parent', async (ctx) => {
        invocations++
        await ctx.task('children-child', { id: 'only-once' })
        await ctx.step.sleep('nap', '1h')
        await ctx.step.sleep('nap', '1h')
        return 'rested'
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.settle()
      // The invocation ended (suspended) without error: the child is already out.
      expect((await record(handle.id)).children).toHaveLength(1)
      await h.runUntilIdle()
      expect(invocations).toBe(3)
      expect(ran).toEqual(['only-once'])
      expect((await record(handle.id)).children).toHaveLength(1)
    })

    it('dispatches a ctx.task child once when a later attempt of the parent fails and retries', async () => {
      const ran: unknown[] = []
      const child = makeChild(ran)
      const parent = task(
        'children-late-failure',
        async (ctx) => {
          await ctx.task('children-child', { id: 'sent-before-the-nap' })
          await ctx.step.sleep('nap', '1h')
          if (ctx.attempt === 1) throw new Error('fails after waking')
          return 'ok'
        },
        { retries: 1 },
      )
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 2 })
      expect(ran).toEqual(['sent-before-the-nap'])
      expect((await record(handle.id)).children).toHaveLength(1)
    })

    it('gives each ctx.task child its own retries and timeout', async () => {
      let attempts = 0
      const fragile = task(
        'children-fragile',
        async () => {
          attempts++
          throw new Error('child breaks')
        },
        { retries: 1, timeout: '15s' },
      )
      const parent = task('children-fanout', async (ctx) => {
        await ctx.task('children-fragile', {})
        return 'parent done'
      })
      await h.setup([parent, fragile])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'parent done' })
      const kid = await record(done.children[0]!)
      expect(kid).toMatchObject({ status: 'failed', attempts: 2, parentId: handle.id })
      expect(attempts).toBe(2)
    })

    it('makes a child of a trigger() inside a run, once across replays', async () => {
      const ran: unknown[] = []
      const child = makeChild(ran)
      const parent = task({
        id: 'children-triggering',
        run: async (_: void, { step }) => {
          const handle = await child.trigger({ id: 'triggered' })
          await step.sleep('nap', '1m')
          return { childId: handle.id }
        },
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record<{ childId: string }>(handle.id)
      expect(done.children).toEqual([done.result!.childId])
      expect(await record(done.result!.childId)).toMatchObject({ parentId: handle.id, status: 'completed', payload: { id: 'triggered' } })
      expect(ran).toEqual(['triggered'])
    })

    it('makes children of a batchTrigger() inside a run', async () => {
      const ran: unknown[] = []
      const child = makeChild(ran)
      const parent = task({
        id: 'children-batching',
        run: async () => {
          const { runs } = await child.batchTrigger([{ id: 'x' }, { id: 'y' }])
          return runs.map((r) => r.id)
        },
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record<string[]>(handle.id)
      expect(done.children).toEqual(done.result)
      expect(ran.sort()).toEqual(['x', 'y'])
    })

    it('suspends a parent durably on triggerAndWait until its child ends', async () => {
      let parentInvocations = 0
      let childWork = 0
      const slowChild = task({
        id: 'children-slow',
        run: async ({ n }: { n: number }, { step }) => {
          await step.sleep('think', '1h')
          return step.run('double', () => {
            childWork++
            return { doubled: n * 2 }
          })
        },
      })
      const parent = task({
        id: 'children-waiting',
        run: async ({ n }: { n: number }) => {
          parentInvocations++
          const { doubled } = await slowChild.triggerAndWait({ n })
          return doubled + 1
        },
      })
      await h.setup([parent, slowChild], { now: START })
      const handle = await parent.trigger({ n: 20 })
      await h.advance('30m')
      const waiting = await record(handle.id)
      expect(waiting.status).toBe('running')
      expect(waiting.waitingFor).toMatchObject({ kind: 'child', childId: waiting.children[0] })
      expect(await record(waiting.children[0]!)).toMatchObject({ parentId: handle.id, status: 'running' })
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 41, attempts: 1, completedAt: iso(START + HOUR) })
      expect(parentInvocations).toBe(2)
      expect(childWork).toBe(1)
      expect(done.children).toHaveLength(1)
    })

    it('throws the failure of a waited-for child inside the parent as a TaskRunFailedError', async () => {
      const doomed = task({
        id: 'children-doomed',
        retry: { maxAttempts: 1 },
        run: async () => {
          throw new Error('child exploded')
        },
      })
      const parent = task({
        id: 'children-catching',
        run: async () => {
          try {
            await doomed.triggerAndWait()
            return 'unreachable'
          } catch (error) {
            return { caught: TaskRunFailedError.is(error), message: (error as Error).message }
          }
        },
      })
      await h.setup([parent, doomed])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record<{ caught: boolean; message: string }>(handle.id)
      expect(done.status).toBe('completed')
      expect(done.result!.caught).toBe(true)
      expect(done.result!.message).toContain('child exploded')
    })

    it('throws a TaskRunCancelledError inside the parent when its waited-for child is cancelled', async () => {
      const slow = task({
        id: 'children-cancelled-child',
        run: async (_: void, { step }) => {
          await step.sleep('long', '1d')
        },
      })
      const parent = task({
        id: 'children-cancelled-parent',
        run: async () => {
          try {
            await slow.triggerAndWait()
            return 'unreachable'
          } catch (error) {
            return (error as Error).name
          }
        },
      })
      await h.setup([parent, slow])
      const handle = await parent.trigger()
      await h.advance('1h')
      const childId = (await record(handle.id)).children[0]!
      await cancelTask(undefined, childId)
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: 'TaskRunCancelledError' })
    })

    it('starts a child triggered with a delay inside a run after that delay', async () => {
      const child = task({ id: 'children-delayed', run: async () => 'late' })
      const parent = task({
        id: 'children-delaying',
        run: async () => child.triggerAndWait(undefined, { delay: '2h' }),
      })
      await h.setup([parent, child], { now: START })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'late', completedAt: iso(START + 2 * HOUR) })
      expect((await record(done.children[0]!)).startedAt).toBe(iso(START + 2 * HOUR))
    })

    it('throws a TaskRunFailedError from a top-level triggerAndWait of a failing run', async () => {
      const doomed = task({
        id: 'children-top-doomed',
        retry: { maxAttempts: 1 },
        run: async () => {
          throw new Error('nope')
        },
      })
      await h.setup([doomed])
      const error = await doomed.triggerAndWait().catch((e: unknown) => e)
      expect(TaskRunFailedError.is(error)).toBe(true)
      expect((error as TaskRunFailedError).error.message).toBe('nope')
      expect((await record((error as TaskRunFailedError).runId)).status).toBe('failed')
    })
  })
}
