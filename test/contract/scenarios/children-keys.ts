import { describe, expect, it } from 'vitest'
import { getTransport, task } from 'backlot'
import type { Harness } from '../harness.js'
import { record } from '../support.js'

export function childrenKeys(h: Harness): void {
  describe('children with idempotency keys', () => {
    it('waits on the existing run when a child trigger reuses a live idempotency key', async () => {
      const child = task({
        id: 'children-keyed',
        run: async ({ n }: { n: number }, { step }) => {
          await step.sleep('think', '1m')
          return n
        },
      })
      const parent = task({
        id: 'children-keyed-parent',
        run: async () => child.triggerAndWait({ n: 2 }, { idempotencyKey: 'shared' }),
      })
      await h.setup([parent, child])
      const first = await child.trigger({ n: 1 }, { idempotencyKey: 'shared' })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 1 })
      // The keyed run is not this parent's child; the parent waited on it all the same.
      expect(done.children).toEqual([])
      expect(done.steps.map((s) => [s.kind, s.childId])).toEqual([['wait', first.id]])
      expect(await getTransport().listRuns({ taskId: 'children-keyed' })).toHaveLength(1)
    })

    it('points a keyed trigger() inside a run at the live run, across replays', async () => {
      const child = task({ id: 'children-keyed-fire', run: async ({ n }: { n: number }) => n })
      const parent = task({
        id: 'children-keyed-fire-parent',
        run: async (_: void, { step }) => {
          const handle = await child.trigger({ n: 2 }, { idempotencyKey: 'once' })
          await step.sleep('nap', '1m')
          return { id: handle.id, result: await handle.waitForCompletion() }
        },
      })
      await h.setup([parent, child])
      const first = await child.trigger({ n: 1 }, { idempotencyKey: 'once' })
      const handle = await parent.trigger()
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: { id: first.id, result: 1 } })
      expect(await getTransport().listRuns({ taskId: 'children-keyed-fire' })).toHaveLength(1)
    })

    it('returns the run a key points at from a second keyed trigger() inside the same run', async () => {
      const child = task({ id: 'children-keyed-twice', run: async ({ n }: { n: number }) => n })
      const parent = task({
        id: 'children-keyed-twice-parent',
        run: async (_: void, { step }) => {
          const first = await child.trigger({ n: 1 }, { idempotencyKey: 'k' })
          const second = await child.trigger({ n: 2 }, { idempotencyKey: 'k' })
          await step.sleep('nap', '1m')
          const third = await child.trigger({ n: 3 }, { idempotencyKey: 'k' })
          return { first: first.id, second: second.id, third: third.id }
        },
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record<{ first: string; second: string; third: string }>(handle.id)
      expect(done.status).toBe('completed')
      const { first, second, third } = done.result!
      expect(second).toBe(first)
      expect(third).toBe(first)
      expect(await record(second)).toMatchObject({ status: 'completed', result: 1, parentId: handle.id })
      expect(done.children).toEqual([first])
      expect(await getTransport().listRuns({ taskId: 'children-keyed-twice' })).toHaveLength(1)
    })

    it('waits on the run a key points at from a second keyed triggerAndWait() inside the same run', async () => {
      const child = task({ id: 'children-keyed-wait-twice', run: async ({ n }: { n: number }) => n })
      const parent = task({
        id: 'children-keyed-wait-twice-parent',
        run: async () => {
          const handle = await child.trigger({ n: 1 }, { idempotencyKey: 'k' })
          const waited = await child.triggerAndWait({ n: 2 }, { idempotencyKey: 'k' })
          return { id: handle.id, waited }
        },
      })
      await h.setup([parent, child])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record<{ id: string; waited: number }>(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: { waited: 1 } })
      expect(done.steps.find((s) => s.kind === 'wait')?.childId).toBe(done.result!.id)
      expect(await getTransport().listRuns({ taskId: 'children-keyed-wait-twice' })).toHaveLength(1)
    })
  })
}
