import { describe, expect, it } from 'vitest'
import { task } from '../sdk/task.js'
import { executeRun } from './execute-run.js'
import type { ExecutionRequest, JournalStep } from './types.js'

const request = (journal: JournalStep[], attempt = 1): ExecutionRequest => ({ runId: 'run_1', taskId: 'replay-unit', attempt, payload: undefined, journal, dispatched: [], createdAt: 0 })

const racing = task({
  id: 'replay-unit',
  run: async (_: void, { step }) => {
    const winner = await Promise.race([step.run('slow', () => 'slow'), step.run('fast', () => 'fast')])
    await step.sleep('nap', '1m')
    return winner
  },
})

describe('executeRun on replay', () => {
  it('settles journaled entries in the order of their seq', async () => {
    const outcome = await executeRun(
      racing,
      request([
        { key: 'slow', kind: 'run', status: 'completed', result: 'slow', seq: 2 },
        { key: 'fast', kind: 'run', status: 'completed', result: 'fast', seq: 1 },
        { key: 'nap', kind: 'sleep', status: 'completed', until: 60_000, seq: 3 },
      ]),
      { now: () => 60_000 },
    )
    expect(outcome).toMatchObject({ status: 'completed', result: 'fast' })
  })

  it('reads a journal written before seq existed, settling entries in the order they are asked for', async () => {
    const outcome = await executeRun(
      racing,
      request([
        { key: 'slow', kind: 'run', status: 'completed', result: 'slow' },
        { key: 'fast', kind: 'run', status: 'completed', result: 'fast' },
        { key: 'nap', kind: 'sleep', status: 'completed', until: 60_000 },
      ]),
      { now: () => 60_000 },
    )
    expect(outcome).toMatchObject({ status: 'completed', result: 'slow' })
  })

  it('throws a journaled step failure again as the same error, without running the step', async () => {
    let calls = 0
    const catching = task({
      id: 'replay-unit-caught',
      run: async (_: void, { step }) =>
        step.run('a', () => ++calls).catch((error: Error) => `${error.name}: ${error.message}`),
    })
    const outcome = await executeRun(catching, { ...request([{ key: 'a', kind: 'run', status: 'failed', error: { name: 'RangeError', message: 'too far' }, seq: 1 }]), taskId: 'replay-unit-caught' })
    expect(outcome).toMatchObject({ status: 'completed', result: 'RangeError: too far' })
    expect(calls).toBe(0)
  })

  it('reports the waits and steps a handler left pending as abandoned when it returns', async () => {
    const leaving = task({
      id: 'replay-unit-leaving',
      run: async (_: void, { step }) => {
        void step.sleep('timeout', '1h')
        void step.run('forever', () => new Promise(() => {}))
        return 'done'
      },
    })
    const outcome = await executeRun(leaving, { ...request([]), taskId: 'replay-unit-leaving' }, { now: () => 0 })
    expect(outcome.status).toBe('completed')
    expect(outcome.abandoned).toEqual([
      { key: 'forever', name: 'forever', kind: 'run' },
      { key: 'timeout', name: 'timeout', kind: 'sleep' },
    ])
  })
})
