import { describe, expect, it } from 'vitest'
import { task } from '../sdk/task.js'
import { executeRun } from './execute-run.js'
import type { ExecutionRequest } from './types.js'

const request = (taskId: string, payload?: unknown): ExecutionRequest => ({ runId: `run_${taskId}`, taskId, attempt: 1, payload, journal: [], dispatched: [], createdAt: 0 })

/** Resolves after `n` microtask turns of plain awaits: a deep async call chain. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null
}

describe('executeRun after the handler suspends', () => {
  it('keeps the completed outcome of a handler that returns while a sleep it never awaited is pending', async () => {
    const leaving = task({
      id: 'suspend-unit-leaving',
      run: async (_: void, { step }) => {
        void step.sleep('nap', '1h')
        await step.run('a', () => 1)
        return 'done'
      },
    })
    const outcome = await executeRun(leaving, request('suspend-unit-leaving'), { now: () => 0 })
    const status = outcome.status
    // Long after the outcome was sent, it still says what the handler did.
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect([status, outcome.status]).toEqual(['completed', 'completed'])
    expect(outcome).toMatchObject({ result: 'done', abandoned: [{ key: 'nap', name: 'nap', kind: 'sleep' }] })
  })

  it('lets a parallel branch of every invocation suspended at once reach its step', async () => {
    const parallel = task({
      id: 'suspend-unit-parallel',
      run: async (i: number, { step }) => {
        await Promise.all([
          step.sleep('nap', '1h'),
          (async () => {
            await turns(20 + (i % 5))
            await step.run('late', () => i)
          })(),
        ])
      },
    })
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => executeRun(parallel, request('suspend-unit-parallel', i), { now: () => 0 })))
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.status).toBe('suspended')
      expect(outcome.steps).toMatchObject([{ key: 'late', status: 'completed', result: i }])
      expect(outcome.waits).toMatchObject([{ key: 'nap', kind: 'sleep' }])
    }
  })
})
