import { describe, expect, it } from 'vitest'
import { cancelTask, task } from 'backlot'
import type { Harness } from '../harness.js'
import { deferred, record, type Deferred } from '../support.js'

/**
 * `concurrency: n` bounds handlers actually running: an attempt that timed out or was cancelled
 * keeps its slot until its handler returns, so a handler that ignores its signal cannot let more
 * than n run at once.
 */
export function heldSlots(h: Harness): void {
  describe('concurrency slots of abandoned attempts', () => {
    /** A task of concurrency 2 whose handler ignores its signal and waits for its gate. */
    function gated(id: string, extra: { timeout?: string } = {}) {
      const gates: Deferred[] = []
      let running = 0
      let most = 0
      const started: number[] = []
      const t = task({
        id,
        concurrency: 2,
        retry: { maxAttempts: 1 },
        ...extra,
        run: async ({ i }: { i: number }) => {
          started.push(i)
          most = Math.max(most, ++running)
          try {
            await gates[i]!.promise
          } finally {
            running--
          }
          return i
        },
      })
      /** Triggers runs 0 to n-1, each with its own closed gate; their ids, in order. */
      const triggerAll = async (n: number): Promise<string[]> => {
        const ids: string[] = []
        for (let i = 0; i < n; i++) {
          gates.push(deferred())
          ids.push((await t.trigger({ i })).id)
        }
        return ids
      }
      return { t, gates, started, most: () => most, triggerAll }
    }

    it('keeps the slots of timed-out attempts until their handlers return', async () => {
      const { t, gates, started, most, triggerAll } = gated('held-timeout', { timeout: '10s' })
      await h.setup([t])
      const ids = await triggerAll(6)
      await h.settle()
      expect(started).toEqual([0, 1])
      await h.advance('11s')
      expect((await record(ids[0]!)).error).toMatchObject({ name: 'TimeoutError' })
      // Both handlers still run: nobody else may start.
      expect(started).toEqual([0, 1])
      expect((await record(ids[2]!)).waitingFor).toEqual({ kind: 'concurrency' })
      gates[0]!.resolve()
      await h.settle()
      expect(started).toEqual([0, 1, 2])
      for (const gate of gates) gate.resolve()
      await h.runUntilIdle()
      expect(started).toEqual([0, 1, 2, 3, 4, 5])
      expect(most()).toBe(2)
    })

    it('keeps the slots of cancelled attempts until their handlers return', async () => {
      const { t, gates, started, most, triggerAll } = gated('held-cancel')
      await h.setup([t])
      const ids = await triggerAll(5)
      await h.settle()
      await cancelTask(undefined, ids[0]!)
      await cancelTask(undefined, ids[1]!)
      await h.settle()
      expect(started).toEqual([0, 1])
      expect((await record(ids[0]!)).status).toBe('cancelled')
      gates[1]!.resolve()
      await h.settle()
      expect(started).toEqual([0, 1, 2])
      for (const gate of gates) gate.resolve()
      await h.runUntilIdle()
      expect(started).toEqual([0, 1, 2, 3, 4])
      expect(most()).toBe(2)
    })

    it('frees the slot at once when the handler honours its signal', async () => {
      const started: number[] = []
      const polite = task({
        id: 'held-polite',
        concurrency: 1,
        run: async ({ i }: { i: number }, ctx) => {
          started.push(i)
          await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }))
        },
      })
      await h.setup([polite])
      const a = await polite.trigger({ i: 0 })
      const b = await polite.trigger({ i: 1 })
      await h.settle()
      expect(started).toEqual([0])
      await cancelTask(undefined, a.id)
      await h.settle()
      expect(started).toEqual([0, 1])
      await cancelTask(undefined, b.id)
      await h.settle()
    })
  })
}
