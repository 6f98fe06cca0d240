import { task, type TaskContext } from 'backlot'
import { createTestEngine, NonDeterminismError, parseHistory, replay, TestKitError } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const ID = 'rp-checkout'
type Handler = (payload: { orderId: string }, ctx: TaskContext) => Promise<unknown>

// Each version is its own task object with the same id, as a deploy would make.
function version(run: Handler) {
  return task({ id: ID, run })
}

const v1 = version(async ({ orderId }, { step }) => {
  const user = await step.run('validate', () => ({ orderId, ok: true }))
  await step.sleep('cool-down', '1h')
  const charge = await step.run('charge', () => ({ id: 'ch_1' }))
  await step.run('send', () => 'sent')
  return { user, charge }
})

async function historyOfV1(until?: string) {
  const engine = createTestEngine({ tasks: [v1] })
  const run = engine.trigger(v1, { orderId: 'o1' })
  if (until) await engine.advance(until)
  else await engine.runUntilIdle()
  const json = engine.exportHistory(run)
  engine.dispose()
  return json
}

describe('histories and replay', () => {
  it('exports a run history as JSON and reads it back', async () => {
    const json = await historyOfV1()
    const history = parseHistory(json)
    expect(history).toMatchObject({ format: 'backlot.history', version: 1, taskId: ID, order: ['validate', 'cool-down', 'charge', 'send'] })
    expect(history.events[0]?.type).toBe('run.triggered')
    expect(history.events.at(-1)?.type).toBe('run.completed')
  })

  it('replays the same handler without a difference and without running its steps', async () => {
    let ran = 0
    const same = version(async ({ orderId }, { step }) => {
      const user = await step.run('validate', () => (ran++, { orderId, ok: true }))
      await step.sleep('cool-down', '1h')
      const charge = await step.run('charge', () => (ran++, { id: 'ch_1' }))
      await step.run('send', () => (ran++, 'sent'))
      return { user, charge }
    })
    const result = await replay(same, await historyOfV1())
    expect(result).toBeDeterministic()
    expect(result.ok).toBe(true)
    expect(result.outcome.status).toBe('completed')
    expect(ran).toBe(0)
  })

  it('reports a renamed step', async () => {
    const renamed = version(async (p, { step }) => {
      await step.run('validate', () => 1)
      await step.sleep('cool-down', '1h')
      await step.run('charge-card', () => 2)
      await step.run('send', () => 3)
    })
    const result = await replay(renamed, await historyOfV1())
    expect(result.ok).toBe(false)
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'renamed', key: 'charge', to: 'charge-card' })])
    expect(result.diff).toContain('  - charge\n    + charge-card')
  })

  it('reports reordered steps', async () => {
    const reordered = version(async (p, { step }) => {
      await step.run('validate', () => 1)
      await step.run('charge', () => 2)
      await step.sleep('cool-down', '1h')
      await step.run('send', () => 3)
    })
    const result = await replay(reordered, await historyOfV1())
    expect(result.differences.map((d) => d.kind)).toEqual(['reordered'])
  })

  it('reports a step added before a completed one', async () => {
    const added = version(async (p, { step }) => {
      await step.run('validate', () => 1)
      await step.run('check-fraud', () => 'clean')
      await step.sleep('cool-down', '1h')
      await step.run('charge', () => 2)
      await step.run('send', () => 3)
    })
    const result = await replay(added, await historyOfV1())
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'added', key: 'check-fraud', before: 'cool-down' })])
  })

  it('reports a removed step', async () => {
    const removed = version(async (p, { step }) => {
      await step.run('validate', () => 1)
      await step.sleep('cool-down', '1h')
      await step.run('send', () => 3)
    })
    const result = await replay(removed, await historyOfV1())
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'removed', key: 'charge' })])
    expect(() => result.assertDeterministic()).toThrow(NonDeterminismError)
    expect(() => result.assertDeterministic()).toThrow(/Failed to replay run "run_\w+" of task "rp-checkout": the handler reached different steps than its history\.\n {2}step keys/)
  })

  it('replays a run still sleeping against the steps it reached so far', async () => {
    const history = await historyOfV1('30m')
    expect(parseHistory(history).order).toEqual(['validate', 'cool-down'])
    expect(await replay(v1, history)).toBeDeterministic()
    const moved = version(async (p, { step }) => {
      await step.sleep('cool-down', '1h')
      await step.run('validate', () => 1)
    })
    expect((await replay(moved, history)).differences.map((d) => d.kind)).toEqual(['reordered'])
  })

  it('replays from a bare event log, deriving the step order from the events', async () => {
    const history = parseHistory(await historyOfV1())
    expect(await replay(v1, history.events)).toBeDeterministic()
  })

  it('replays from a bare event log a run that left a sleep behind when it returned', async () => {
    const racing = task({
      id: 'rp-race',
      run: async (_: void, { step }) => Promise.race([step.sleep('timeout', '1h').then(() => 'late'), step.run('fetch', () => 'data')]),
    })
    const engine = createTestEngine({ tasks: [racing] })
    const run = engine.trigger(racing)
    await engine.runUntilIdle()
    const events = parseHistory(engine.exportHistory(run)).events
    engine.dispose()
    const result = await replay(racing, events)
    expect(result.expected).toEqual(['fetch', 'timeout'])
    expect(result.outcome).toMatchObject({ status: 'completed', result: 'data' })
  })

  it('prints the diff when toBeDeterministic fails', async () => {
    const renamed = version(async (p, { step }) => {
      await step.run('validate', () => 1)
      await step.sleep('nap', '1h')
    })
    const result = await replay(renamed, await historyOfV1())
    expect(() => expect(result).toBeDeterministic()).toThrow(/renamed: the history has step "cool-down" where the replay reached "nap"/)
  })

  it('rejects a history of another task or a malformed one', async () => {
    const other = task({ id: 'rp-other', run: async () => 1 })
    await expect(replay(other, await historyOfV1())).rejects.toThrow(/its history is of task "rp-checkout", not "rp-other"/)
    expect(() => parseHistory('{nope')).toThrow(TestKitError)
    expect(() => parseHistory({ format: 'x' } as never)).toThrow(/expected an object with format "backlot.history"/)
  })
})
