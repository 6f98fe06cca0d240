import { describe, expect, it } from 'vitest'
import { getTransport, task } from 'backlot'
import type { Harness } from '../harness.js'
import { record } from '../support.js'

/** A child task that fails on every attempt, and counts its runs. */
function doomedChild(id: string) {
  const counter = { runs: 0 }
  const child = task({
    id,
    retry: { maxAttempts: 1 },
    run: async () => {
      counter.runs++
      throw new Error(`${id} fails`)
    },
  })
  return { child, counter }
}

export function replayFailures(h: Harness): void {
  describe('replay: failures the handler caught', () => {
    it('replays a step failure the handler caught as the same error, without running the step again', async () => {
      let calls = 0
      const branches: string[] = []
      const catching = task({
        id: 'replay-caught-step',
        run: async (_: void, { step }) => {
          const outcome = await step
            .run('a', () => {
              if (++calls === 1) throw new TypeError('first call fails')
              return 'ok'
            })
            .catch((error: Error) => `caught ${error.name}: ${error.message}`)
          branches.push(outcome)
          await step.sleep('nap', '1m')
          return outcome
        },
      })
      await h.setup([catching])
      const handle = await catching.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(1)
      expect(branches).toEqual(['caught TypeError: first call fails', 'caught TypeError: first call fails'])
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', attempts: 1, result: 'caught TypeError: first call fails' })
      expect(done.steps.find((s) => s.key === 'a')).toMatchObject({ status: 'failed', error: { name: 'TypeError', message: 'first call fails' } })
    })

    it('runs a step again on the retry when its failure ended the attempt', async () => {
      let calls = 0
      const failing = task({
        id: 'replay-uncaught-step',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1s' },
        run: async (_: void, { step }) => {
          await step.sleep('nap', '1m')
          return step.run('a', () => {
            if (++calls === 1) throw new Error('first call fails')
            return 'second call works'
          })
        },
      })
      await h.setup([failing])
      const handle = await failing.trigger()
      await h.runUntilIdle()
      expect(calls).toBe(2)
      expect(await record(handle.id)).toMatchObject({ status: 'completed', attempts: 2, result: 'second call works' })
    })

    it('starts a new child on each retry of a parent whose attempt a child failure ended', async () => {
      const { child: doomed, counter } = doomedChild('replay-doomed-child')
      const parent = task({
        id: 'replay-retrying-parent',
        retry: { maxAttempts: 3, backoff: 'fixed', minDelay: '1s' },
        run: async () => doomed.triggerAndWait(),
      })
      await h.setup([parent, doomed])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'failed', attempts: 3 })
      expect(counter.runs).toBe(3)
      expect(done.children).toHaveLength(3)
      const kids = await getTransport().listRuns({ taskId: 'replay-doomed-child' })
      expect(kids.map((k) => [k.parentId, k.status])).toEqual([
        [handle.id, 'failed'],
        [handle.id, 'failed'],
        [handle.id, 'failed'],
      ])
    })

    it('keeps a child failure the parent caught across its later replays, and starts no second child', async () => {
      const { child: doomed, counter } = doomedChild('replay-doomed-caught-child')
      const parent = task({
        id: 'replay-catching-parent',
        retry: { maxAttempts: 2, backoff: 'fixed', minDelay: '1s' },
        run: async (_: void, { step }) => {
          const outcome = await doomed.triggerAndWait().then(
            () => 'child worked',
            (error: Error) => `caught ${error.name}`,
          )
          await step.sleep('nap', '1m')
          return outcome
        },
      })
      await h.setup([parent, doomed])
      const handle = await parent.trigger()
      await h.runUntilIdle()
      const done = await record(handle.id)
      expect(done).toMatchObject({ status: 'completed', attempts: 1, result: 'caught TaskRunFailedError' })
      expect(counter.runs).toBe(1)
      expect(done.children).toHaveLength(1)
    })
  })
}
