import { describe, expect, it } from 'vitest'
import { cancelTask, task, type Task } from 'backlot'
import type { Harness } from '../harness.js'
import { deferred, record, type Deferred } from '../support.js'

export function concurrency(h: Harness): void {
  describe('concurrency', () => {
    it('runs at most n attempts at once and starts the waiting runs first in, first out', async () => {
      const gates = new Map<number, Deferred>()
      const started: number[] = []
      let running = 0
      let most = 0
      const bounded = task({
        id: 'concurrency-bounded',
        concurrency: 2,
        run: async ({ i }: { i: number }) => {
          started.push(i)
          most = Math.max(most, ++running)
          await gates.get(i)!.promise
          running--
          return i
        },
      })
      await h.setup([bounded])
      const ids: string[] = []
      for (let i = 0; i < 6; i++) {
        gates.set(i, deferred())
        ids.push((await bounded.trigger({ i })).id)
      }
      await h.settle()
      expect(started).toEqual([0, 1])
      for (const id of ids.slice(2)) expect((await record(id)).waitingFor).toEqual({ kind: 'concurrency' })

      gates.get(1)!.resolve()
      await h.settle()
      expect(started).toEqual([0, 1, 2])
      gates.get(0)!.resolve()
      gates.get(2)!.resolve()
      await h.settle()
      expect(started).toEqual([0, 1, 2, 3, 4])
      gates.get(3)!.resolve()
      gates.get(4)!.resolve()
      gates.get(5)!.resolve()
      await h.runUntilIdle()
      expect(started).toEqual([0, 1, 2, 3, 4, 5])
      expect(most).toBe(2)
      for (const id of ids) expect((await record(id)).status).toBe('completed')
    })

    it('bounds each task separately', async () => {
      const gate = deferred()
      const a = task({ id: 'concurrency-a', concurrency: 1, run: async () => gate.promise })
      const b = task({ id: 'concurrency-b', concurrency: 1, run: async () => 'b' })
      await h.setup([a, b])
      const ra = await a.trigger()
      const rb = await b.trigger()
      await h.settle()
      expect((await record(ra.id)).status).toBe('running')
      expect((await record(rb.id)).status).toBe('completed')
      gate.resolve()
      await h.runUntilIdle()
    })

    it('gives a sleeping run’s slot to the next run', async () => {
      const gate = deferred()
      const order: string[] = []
      const single = task({
        id: 'concurrency-single',
        concurrency: 1,
        run: async ({ name, sleep }: { name: string; sleep: boolean }, { step }) => {
          order.push(`start ${name}`)
          if (sleep) await step.sleep('nap', '1h')
          else await gate.promise
          order.push(`end ${name}`)
          return name
        },
      })
      await h.setup([single])
      const sleeper = await single.trigger({ name: 'sleeper', sleep: true })
      const worker = await single.trigger({ name: 'worker', sleep: false })
      const queued = await single.trigger({ name: 'queued', sleep: true })
      await h.settle()
      expect((await record(sleeper.id)).waitingFor).toMatchObject({ kind: 'sleep' })
      expect((await record(worker.id)).status).toBe('running')
      // The worker holds the only slot: the third run waits although the sleeper sleeps.
      expect((await record(queued.id)).waitingFor).toEqual({ kind: 'concurrency' })
      gate.resolve()
      await h.runUntilIdle()
      expect(order.slice(0, 4)).toEqual(['start sleeper', 'start worker', 'end worker', 'start queued'])
      for (const id of [sleeper.id, worker.id, queued.id]) expect((await record(id)).status).toBe('completed')
    })

    it('holds no slot while a failed run waits for its retry', async () => {
      const order: string[] = []
      const single = task({
        id: 'concurrency-retrying',
        concurrency: 1,
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1h' },
        run: async ({ name }: { name: string }, ctx) => {
          order.push(`${name} attempt ${ctx.attempt}`)
          if (name === 'flaky' && ctx.attempt === 1) throw new Error('try again in an hour')
          return name
        },
      })
      await h.setup([single])
      const flaky = await single.trigger({ name: 'flaky' })
      const steady = await single.trigger({ name: 'steady' })
      await h.advance('1m')
      expect((await record(steady.id)).status).toBe('completed')
      expect((await record(flaky.id)).waitingFor).toMatchObject({ kind: 'retry' })
      await h.runUntilIdle()
      expect(order).toEqual(['flaky attempt 1', 'steady attempt 1', 'flaky attempt 2'])
    })

    it('drops a cancelled waiter from the queue and gives a cancelled attempt’s slot to the next once its handler returns', async () => {
      const gates = new Map<string, Deferred>([['a', deferred()], ['b', deferred()], ['c', deferred()]])
      const started: string[] = []
      const single = task({
        id: 'concurrency-cancel',
        concurrency: 1,
        run: async ({ name }: { name: string }) => {
          started.push(name)
          await gates.get(name)!.promise
          return name
        },
      })
      await h.setup([single])
      const a = await single.trigger({ name: 'a' })
      const b = await single.trigger({ name: 'b' })
      const c = await single.trigger({ name: 'c' })
      await h.settle()
      await cancelTask(undefined, b.id)
      await cancelTask(undefined, a.id)
      await h.settle()
      // a's handler ignores its signal and still runs: it keeps the only slot.
      expect(started).toEqual(['a'])
      expect((await record(c.id)).waitingFor).toEqual({ kind: 'concurrency' })
      gates.get('a')!.resolve()
      await h.settle()
      expect(started).toEqual(['a', 'c'])
      gates.get('c')!.resolve()
      await h.runUntilIdle()
      expect(started).toEqual(['a', 'c'])
      expect([(await record(a.id)).status, (await record(b.id)).status, (await record(c.id)).status]).toEqual(['cancelled', 'cancelled', 'completed'])
    })

    it('lets a parent waiting on a child of the same task free the slot for that child', async () => {
      const nested: Task<{ depth: number }, number> = task({
        id: 'concurrency-nested',
        concurrency: 1,
        run: async ({ depth }: { depth: number }): Promise<number> => {
          if (depth === 0) return 0
          const below = await nested.triggerAndWait({ depth: depth - 1 })
          return below + 1
        },
      })
      await h.setup([nested])
      const handle = await nested.trigger({ depth: 3 })
      await h.runUntilIdle()
      expect(await record(handle.id)).toMatchObject({ status: 'completed', result: 3 })
    })
  })
}
