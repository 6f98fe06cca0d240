import { RunNotFoundError, task } from 'backlot'
import { attemptsOf, createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const child = task({ id: 'in-child', run: async (n: number) => n + 1 })
const job = task({
  id: 'in-job',
  retry: { maxAttempts: 3, minDelay: '10s' },
  run: async (n: number, ctx) => {
    ctx.log.info('starting', { n })
    const a = await ctx.step.run('load', () => n * 2)
    if (ctx.attempt === 1) throw new Error('transient')
    ctx.log.warn('second try')
    await ctx.step.sleep('pause', '5m')
    const b = await child.triggerAndWait(a)
    return a + b
  },
})

describe('inspection', () => {
  it('lists runs by task and status, and returns [] for a task that never ran', async () => {
    await using engine = createTestEngine({ tasks: [job, child] })
    engine.trigger(job, 1)
    engine.trigger(job, 2)
    await engine.runUntilIdle()
    expect(engine.runs({ task: job }).map((r) => r.payload)).toEqual([1, 2])
    expect(engine.runs({ task: 'in-child', status: 'completed' })).toHaveLength(2)
    expect(engine.runs({ status: ['failed', 'cancelled'] })).toEqual([])
    expect(engine.runs({ task: 'in-never' })).toEqual([])
  })

  it('shows each step with its attempts, result, error and times', async () => {
    await using engine = createTestEngine({ tasks: [job, child] })
    const run = engine.trigger(job, 3)
    await engine.runUntilIdle()
    expect(engine.steps(run).map((s) => [s.key, s.kind, s.status])).toEqual([
      ['load', 'run', 'completed'],
      ['pause', 'sleep', 'completed'],
      ['triggerAndWait:in-child', 'wait', 'completed'],
    ])
    expect(engine.step(run, 'load')).toMatchObject({ result: 6, attempts: [{ attempt: 1, status: 'completed', startedAt: '2026-01-01T00:00:00.000Z' }] })
    expect(engine.step(run, 'pause')).toMatchObject({ startedAt: '2026-01-01T00:00:10.000Z', completedAt: '2026-01-01T00:05:10.000Z' })
    expect(engine.step(run, 'missing')).toBeUndefined()
  })

  it('shows attempts with their errors and retry times', async () => {
    await using engine = createTestEngine({ tasks: [job, child] })
    const run = engine.trigger(job, 3)
    await engine.runUntilIdle()
    expect(engine.attempts(run)).toEqual([
      { attempt: 1, startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:00.000Z', status: 'failed', error: expect.objectContaining({ name: 'Error', message: 'transient' }), retryAt: '2026-01-01T00:00:10.000Z', resumes: 0 },
      { attempt: 2, startedAt: '2026-01-01T00:00:10.000Z', endedAt: '2026-01-01T00:05:10.000Z', status: 'completed', resumes: 2 },
    ])
    expect(attemptsOf(engine.events(run))).toEqual(engine.attempts(run))
  })

  it('shows logs and children', async () => {
    await using engine = createTestEngine({ tasks: [job, child] })
    const run = engine.trigger(job, 3)
    await engine.runUntilIdle()
    expect(engine.logs(run).map((l) => [l.level, l.message, l.attempt])).toEqual([
      ['info', 'starting', 1],
      // A line written before a journaled step is not written again when a later attempt replays it.
      ['warn', 'second try', 2],
    ])
    expect(engine.children(run)).toEqual([expect.objectContaining({ taskId: 'in-child', payload: 6, result: 7, parentId: run.id })])
  })

  it('exposes the raw event log of a run and of the whole engine', async () => {
    await using engine = createTestEngine({ tasks: [job, child] })
    const run = engine.trigger(job, 3)
    await engine.runUntilIdle()
    const types = engine.events(run).map((e) => e.type)
    expect(types[0]).toBe('run.triggered')
    expect(types.at(-1)).toBe('run.completed')
    expect(engine.eventLog().filter((e) => e.runId === run.id)).toEqual(engine.events(run))
    expect(engine.timeline(run)).toContain('sleep.started      "pause" until +5m10s')
  })

  it('throws RunNotFoundError for an unknown run', async () => {
    await using engine = createTestEngine()
    expect(() => engine.run('run_nope')).toThrow(RunNotFoundError)
  })
})
