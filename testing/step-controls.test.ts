import { NonRetriableError, task, TimeoutError } from 'backlot'
import { createTestEngine, TestKitError } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

let charges = 0
const checkout = task({
  id: 'sc-checkout',
  retry: { maxAttempts: 4, minDelay: '1s' },
  timeout: '30s',
  run: async ({ orderId }: { orderId: string }, { step }) => {
    const user = await step.run('fetch-user', async () => ({ id: 'real-user' }))
    const charge = await step.run('charge', async () => {
      charges++
      return { chargeId: `ch_${orderId}` }
    })
    await step.sleep('cool-down', '1h')
    const first = await step.run('notify', () => 'first')
    const second = await step.run('notify', () => 'second')
    return { user, charge, first, second }
  },
})

describe('step controls', () => {
  it('reports a control that never matched a step when the engine is disposed, naming the steps that ran', async () => {
    const engine = createTestEngine({ tasks: [checkout] })
    engine.onStep(checkout, 'sned').mock('x')
    engine.onStep(checkout, 'notify').mock('mocked') // matches: not reported
    engine.onStep(checkout, 'never-called') // a spy without a behaviour may see no call: not reported
    await engine.triggerAndWait(checkout, { orderId: 'o1' })
    let error: unknown
    try {
      engine.dispose()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TestKitError)
    expect((error as TestKitError).code).toBe('UNMATCHED_STEP_CONTROL')
    expect((error as Error).message).toContain('onStep("sc-checkout", "sned") matched no step')
    expect((error as Error).message).toContain('"fetch-user", "charge", "notify"')
    expect((error as Error).message).not.toContain('never-called')
    expect(() => engine.dispose()).not.toThrow() // disposed all the same: a second call is a no-op
  })

  it('mocks a step result', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    engine.onStep(checkout, 'fetch-user').mock({ id: 'u_mock' })
    const result = await engine.triggerAndWait(checkout, { orderId: 'o1' })
    expect(result.user).toEqual({ id: 'u_mock' })
  })

  it('mocks with a function of the call', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    engine.onStep(checkout, 'charge').mock((call: { runId: string; attempt: number }) => ({ chargeId: `mock-${call.attempt}` }))
    const result = await engine.triggerAndWait(checkout, { orderId: 'o1' })
    expect(result.charge).toEqual({ chargeId: 'mock-1' })
  })

  it('fails a step N times with a given error, then runs it for real', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    const charge = engine.onStep(checkout, 'charge').fail({ times: 2, error: new Error('card declined') })
    const before = charges
    const run = engine.trigger(checkout, { orderId: 'o2' })
    await engine.runUntilIdle()
    expect(run).toHaveCompleted()
    expect(run).toHaveAttempts(3)
    expect(charges - before).toBe(1)
    expect(charge.calls.map((c) => [c.attempt, c.behaviour, c.status])).toEqual([
      [1, 'fail', 'failed'],
      [2, 'fail', 'failed'],
      [3, 'real', 'completed'],
    ])
    expect(engine.attempts(run).map((a) => a.error?.message)).toEqual(['card declined', 'card declined', undefined])
    expect(engine.step(run, 'charge')?.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'completed'])
  })

  it('fails with an error class, or fails the run at once with NonRetriableError', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    engine.onStep(checkout, 'charge').fail({ error: NonRetriableError })
    const run = engine.trigger(checkout, { orderId: 'o3' })
    await engine.runUntilIdle()
    expect(run).toHaveFailedWith(NonRetriableError)
    expect(run).toHaveFailedWith(/forced by the test kit/)
    expect(run).toHaveAttempts(1)
  })

  it('forces a timeout: the step hangs until the attempt times out, then the attempt is retried', async () => {
    await using engine = createTestEngine({ tasks: [checkout], hangTimeoutMs: 60_000 })
    engine.onStep(checkout, 'charge').timeout()
    const realStart = performance.now()
    const run = engine.trigger(checkout, { orderId: 'o4' })
    await engine.runUntilIdle()
    expect(performance.now() - realStart).toBeLessThan(1_000)
    expect(run).toHaveCompleted()
    const [first] = engine.attempts(run)
    expect(first?.error?.name).toBe(TimeoutError.name)
    expect(first?.endedAt).toBe('2026-01-01T00:00:30.000Z')
  })

  it('fails a forced timeout at once with a TimeoutError when the task has no timeout', async () => {
    const quick = task({ id: 'sc-quick', retries: 0, run: async (_: void, { step }) => step.run('work', () => 1) })
    await using engine = createTestEngine({ tasks: [quick] })
    engine.onStep(quick, 'work').timeout()
    const run = engine.trigger(quick)
    await engine.runUntilIdle()
    expect(run).toHaveFailedWith(TimeoutError)
    expect(run).toHaveFailedWith('has no `timeout`')
  })

  it('targets one occurrence of a repeated step name by index', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    engine.onStep(checkout, 'notify', 2).mock('mocked second')
    const result = await engine.triggerAndWait(checkout, { orderId: 'o5' })
    expect([result.first, result.second]).toEqual(['first', 'mocked second'])
  })

  it('applies controls set after the engine and the run were created', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    const run = engine.trigger(checkout, { orderId: 'o6' })
    await engine.advance('1m')
    expect(engine.step(run, 'cool-down')?.status).toBe('sleeping')
    engine.onStep(checkout, 'notify').mock('late mock')
    expect(await run.waitForCompletion()).toMatchObject({ first: 'late mock', second: 'late mock' })
  })

  it('queues behaviours in order and reset() restores the real step', async () => {
    await using engine = createTestEngine({ tasks: [checkout], skipRetryDelays: true })
    const user = engine.onStep(checkout, 'fetch-user').fail({ times: 1 }).mock({ id: 'after-failure' })
    expect((await engine.triggerAndWait(checkout, { orderId: 'o7' })).user).toEqual({ id: 'after-failure' })
    user.reset()
    expect(user.calls).toHaveLength(0)
    expect((await engine.triggerAndWait(checkout, { orderId: 'o8' })).user).toEqual({ id: 'real-user' })
  })

  it('spies on every step call with its run, attempt and payload', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    const run = engine.trigger(checkout, { orderId: 'o9' })
    await engine.runUntilIdle()
    const calls = engine.stepCalls(checkout, 'charge')
    expect(calls).toEqual([
      expect.objectContaining({ runId: run.id, attempt: 1, key: 'charge', index: 1, payload: { orderId: 'o9' }, result: { chargeId: 'ch_o9' }, at: '2026-01-01T00:00:00.000Z' }),
    ])
    expect(engine.stepCalls(checkout).map((c) => c.key)).toEqual(['fetch-user', 'charge', 'notify', 'notify#2'])
    expect(engine.stepCalls('sc-unknown')).toEqual([])
  })

  it('skips sleeps and retry delays for logic-only tests', async () => {
    await using engine = createTestEngine({ tasks: [checkout], skipSleeps: true, skipRetryDelays: true })
    engine.onStep(checkout, 'charge').fail({ times: 2 })
    const run = engine.trigger(checkout, { orderId: 'o10' })
    await engine.runUntilIdle()
    expect(run).toHaveCompleted()
    expect(engine.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('rejects a bad control with a clear error', async () => {
    await using engine = createTestEngine({ tasks: [checkout] })
    expect(() => engine.onStep(checkout, '')).toThrow(TestKitError)
    expect(() => engine.onStep(checkout, 'charge', 0)).toThrow(/index is 0\. Pass 1 for the first step/)
    expect(() => engine.onStep(checkout, 'charge').fail({ times: -1 })).toThrow(/times is -1\. Pass a whole number ≥ 1/)
  })
})
