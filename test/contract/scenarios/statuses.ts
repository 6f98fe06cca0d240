import { describe, expect, it } from 'vitest'
import { task } from 'backlot'
import type { Harness } from '../harness.js'
import { HOUR, MINUTE, START, deferred, iso, record } from '../support.js'

export function statuses(h: Harness): void {
  describe('statuses', () => {
    it('reports pending while delayed, running while sleeping, then completed with the seed fields', async () => {
      const nap = task({
        id: 'status-nap',
        run: async ({ n }: { n: number }, { step }) => {
          await step.sleep('nap', '1h')
          return { n }
        },
      })
      await h.setup([nap], { now: START })
      const handle = await nap.trigger({ n: 7 }, { delay: '10m' })

      const pending = await record(handle.id)
      expect(pending).toMatchObject({ id: handle.id, taskId: 'status-nap', status: 'pending', attempts: 0, startedAt: null, completedAt: null })
      expect(pending.waitingFor).toEqual({ kind: 'delay', until: iso(START + 10 * MINUTE) })

      await h.advance('10m')
      const running = await record(handle.id)
      expect(running.status).toBe('running')
      expect(running.waitingFor).toEqual({ kind: 'sleep', step: 'nap', until: iso(START + 70 * MINUTE) })

      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({
        id: handle.id,
        status: 'completed',
        createdAt: iso(START),
        startedAt: iso(START + 10 * MINUTE),
        completedAt: iso(START + 70 * MINUTE),
        result: { n: 7 },
        payload: { n: 7 },
        error: null,
        attempts: 1,
        parentId: null,
        children: [],
        waitingFor: null,
      })
    })

    it('reports pending with a concurrency wait while every slot is taken', async () => {
      const gate = deferred()
      const busy = task({ id: 'status-busy', concurrency: 1, run: async () => gate.promise })
      await h.setup([busy])
      const first = await busy.trigger()
      const second = await busy.trigger()
      await h.settle()
      expect((await record(first.id)).status).toBe('running')
      expect((await record(first.id)).waitingFor).toBeNull()
      const waiting = await record(second.id)
      expect(waiting.status).toBe('pending')
      expect(waiting.waitingFor).toEqual({ kind: 'concurrency' })
      gate.resolve()
      await h.runUntilIdle()
      expect((await record(second.id)).status).toBe('completed')
    })

    it('reports failed with the serialized error once the attempts run out', async () => {
      const broken = task({
        id: 'status-broken',
        retry: { maxAttempts: 1 },
        run: async () => {
          throw new Error('the printer is on fire')
        },
      })
      await h.setup([broken])
      const handle = await broken.trigger()
      await h.runUntilIdle()
      const failed = await record(handle.id)
      expect(failed.status).toBe('failed')
      expect(failed.error).toMatchObject({ name: 'Error', message: 'the printer is on fire' })
      expect(failed.attempts).toBe(1)
      expect(failed.completedAt).toBe(iso(h.now()))
      expect(failed).not.toHaveProperty('result')
    })

    it('reports pending with a retry wait between attempts', async () => {
      const flaky = task({
        id: 'status-flaky',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '30s' },
        run: async (_: void, ctx) => {
          if (ctx.attempt === 1) throw new Error('first try fails')
          return 'ok'
        },
      })
      await h.setup([flaky], { now: START })
      const handle = await flaky.trigger()
      await h.settle()
      const between = await record(handle.id)
      expect(between.status).toBe('pending')
      expect(between.waitingFor).toEqual({ kind: 'retry', until: iso(START + 30_000) })
      expect(between.error).toMatchObject({ message: 'first try fails' })
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', result: 'ok', attempts: 2, error: null })
      expect(done.completedAt).toBe(iso(START + 30_000))
      void HOUR
    })
  })
}
