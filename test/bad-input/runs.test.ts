import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { SerializationError, RunNotFoundError, UnknownTaskError, cancelTask, ValidationError, createCron, getTask, task, type AnyTask } from 'backlot'
import { Engine, VirtualClock, executeRun } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'
import { expectEngineStillRuns, healthy, setup, thrown } from './setup.js'

const signup = task({
  id: 'signup',
  schema: z.object({ email: z.string().email(), age: z.number().int().min(13) }),
  run: async ({ email }) => ({ welcomed: email }),
})

/** Triggers `t`, runs until idle, and returns the ended run's record. */
async function failedRun(s: ReturnType<typeof setup>, runId: string) {
  await s.driver.runUntilIdle()
  return getTask(undefined, runId)
}

describe('bad input to runs', () => {
  it('rejects engine.trigger of an unknown task id, naming it and the registered ids', async () => {
    const s = setup()
    const error = await thrown(() => s.engine.trigger('nope', {}))
    expect(error).toBeInstanceOf(UnknownTaskError)
    expect(error.code).toBe('UNKNOWN_TASK')
    expect(error.message).toContain('"nope"')
    expect(error.message).toContain('registered: "healthy"')
    expect(error.message).toContain('or fix the id')
    expect([...s.engine.allRuns()]).toHaveLength(0)
    await expectEngineStillRuns()
  })

  it('fails the run that calls ctx.task with an unknown id at once, and creates no children', async () => {
    const s = setup()
    let attempts = 0
    const parent = task('fan-out-typo', async (ctx) => {
      attempts++
      await ctx.task('healthy', { n: 1 })
      await ctx.task('nope', { n: 2 })
    })
    s.engine.register(parent)
    const handle = await parent.trigger()
    const run = await failedRun(s, handle.id)
    expect(run.status).toBe('failed')
    expect(attempts).toBe(1)
    expect(run.error).toMatchObject({ name: 'UnknownTaskError', code: 'UNKNOWN_TASK' })
    expect(run.error!.message).toContain('"nope"')
    expect(run.children).toEqual([])
    await expectEngineStillRuns()
  })

  it('rejects a payload that fails the schema at trigger time, naming the field and the fix', async () => {
    const s = setup([signup])
    const error = await thrown(() => signup.trigger({ email: 'not-an-email', age: 9 }))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.code).toBe('INVALID_PAYLOAD')
    expect(error.message).toContain('task "signup"')
    expect(error.message).toContain('email:')
    expect(error.message).toContain('age:')
    expect(error.message).toContain("Send a payload that matches the task's schema")
    expect([...s.engine.allRuns()]).toHaveLength(0)
    expect(await signup.triggerAndWait({ email: 'ada@example.com', age: 36 })).toEqual({ welcomed: 'ada@example.com' })
    await expectEngineStillRuns()
  })

  it('checks the schema again at run time and fails the invocation without retrying', async () => {
    const outcome = await executeRun(signup, {
      runId: 'run_from_elsewhere',
      taskId: 'signup',
      attempt: 1,
      payload: { email: 'nope', age: 30 },
      journal: [],
      dispatched: [],
      createdAt: Date.UTC(2026, 0, 1),
    })
    expect(outcome.status).toBe('failed')
    expect(outcome.error).toMatchObject({ name: 'ValidationError', code: 'INVALID_PAYLOAD', retriable: false })
    expect(outcome.error!.message).toContain('email:')
  })

  it('rejects a ctx.task child payload that fails the child’s schema, failing the parent and keeping the engine', async () => {
    const s = setup([signup])
    const parent = task('bad-child-payload', async (ctx) => {
      await ctx.task('signup', { email: 'nope', age: 1 })
      return 'unreachable'
    })
    s.engine.register(parent)
    const handle = await parent.trigger()
    const run = await failedRun(s, handle.id)
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'INVALID_PAYLOAD' })
    expect(run.error!.message).toContain('task "signup"')
    expect(run.children).toEqual([])
    await expectEngineStillRuns()
  })

  it('rejects a createCron payload that the task’s schema or JSON rejects, creating no cron', async () => {
    const s = setup([signup])
    const schema = await thrown(() => createCron(undefined, { name: 'nightly-signup', cron: '0 0 * * *', taskId: 'signup', payload: { email: 'nope', age: 1 } }))
    expect(schema).toBeInstanceOf(ValidationError)
    expect(schema.code).toBe('INVALID_PAYLOAD')
    expect(schema.message).toContain('task "signup"')
    const json = await thrown(() => createCron(undefined, { name: 'big', cron: '0 0 * * *', taskId: 'healthy', payload: { n: 1n } }))
    expect(json).toBeInstanceOf(SerializationError)
    expect(json.message).toContain('at "n"')
    expect(s.engine.crons.list()).toEqual([])
    await expectEngineStillRuns()
  })

  it('records a failed run for a firing whose payload the task rejects, and keeps the schedule', async () => {
    // The cron is created while its task is unknown here; the task only appears later.
    const known = new Map<string, AnyTask>()
    const clock = new VirtualClock(Date.UTC(2026, 0, 1))
    const engine = new Engine({ clock, tasks: [healthy], resolveTask: (id) => known.get(id) })
    const driver = new TimeDriver(engine, clock)
    try {
      engine.createCron({ name: 'late-signup', cron: '0 0 * * *', taskId: 'signup', payload: { email: 'nope', age: 1 } })
      known.set('signup', signup)
      await driver.advance('2d')
      const runs = engine.listRuns({ taskId: 'signup' })
      expect(runs.map((r) => [r.status, r.cron])).toEqual([
        ['failed', 'late-signup'],
        ['failed', 'late-signup'],
      ])
      expect(runs[0]!.error).toMatchObject({ code: 'INVALID_PAYLOAD' })
      expect(engine.crons.list()[0]!.nextRunAt).toBe('2026-01-04T00:00:00.000Z')
      const ok = engine.trigger(healthy, { n: 2 })
      await driver.untilEnded(ok.id)
      expect(engine.getRun(ok.id).result).toBe(4)
    } finally {
      engine.dispose()
    }
  })

  it.each([
    ['a BigInt', { amount: 10n }, 'at "amount"'],
    ['a function', { callback: () => 1 }, 'at "callback"'],
    ['a cycle', (() => { const o: Record<string, unknown> = { name: 'loop' }; o.self = o; return o })(), 'a circular reference at "self"'],
  ])('rejects a payload holding %s with a SerializationError naming where', async (_kind, payload, where) => {
    const s = setup()
    const anything = task({ id: 'anything', run: async (_payload: unknown) => 'ok' })
    s.engine.register(anything)
    const error = await thrown(() => anything.trigger(payload))
    expect(error).toBeInstanceOf(SerializationError)
    expect(error.code).toBe('NOT_SERIALIZABLE')
    expect(error.message).toContain('the payload of task "anything"')
    expect(error.message).toContain(where)
    expect(error.message).toContain('which JSON cannot carry')
    expect([...s.engine.allRuns()]).toHaveLength(0)
    await expectEngineStillRuns()
  })

  it.each([
    ['a BigInt', () => ({ total: 2n ** 64n }), 'a BigInt at "total"', 'Convert it to a string or number first'],
    ['a function', () => ({ later: () => 1 }), 'a function at "later"', 'Return plain data'],
    ['a cycle', () => { const list: unknown[] = []; list.push(list); return list }, 'a circular reference at "[0]"', 'Remove the cycle'],
  ])('fails the run whose step returns %s, naming the step, without retrying', async (_kind, make, what, fix) => {
    const s = setup()
    let attempts = 0
    const bad = task({
      id: 'bad-step',
      run: async (_: void, { step }) => {
        attempts++
        await step.run('compute', make as () => unknown)
      },
    })
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run.status).toBe('failed')
    expect(attempts).toBe(1)
    expect(run.error).toMatchObject({ name: 'SerializationError', code: 'NOT_SERIALIZABLE' })
    expect(run.error!.message).toContain('the result of step "compute"')
    expect(run.error!.message).toContain(what)
    expect(run.error!.message).toContain(fix)
    await expectEngineStillRuns()
  })

  it('fails the run whose handler returns what JSON cannot carry, naming the task', async () => {
    const s = setup()
    const bad = task({ id: 'bad-result', run: async () => ({ id: 1n }) })
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run.status).toBe('failed')
    expect(run.error!.message).toContain('the result of task "bad-result"')
    expect(run.error!.message).toContain('a BigInt at "id"')
    await expectEngineStillRuns()
  })

  it.each([
    ['step.run', ''],
    ['step.run', '   '],
    ['step.sleep', ''],
  ])('fails the run that calls %s with the empty name %j, naming the fix', async (tool, name) => {
    const s = setup()
    const bad = task({
      id: 'nameless',
      run: async (_: void, { step }) => {
        if (tool === 'step.run') await step.run(name, () => 1)
        else await step.sleep(name, '1m')
      },
    })
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run.status).toBe('failed')
    expect(run.attempts).toBe(1)
    expect(run.error).toMatchObject({ name: 'ValidationError', code: 'INVALID_STEP' })
    expect(run.error!.message).toContain(`the step name is ${JSON.stringify(name)}`)
    expect(run.error!.message).toContain('Give every step a non-empty name')
    await expectEngineStillRuns()
  })

  it('fails the run that sleeps for a negative or invalid duration, naming the step and the value', async () => {
    const s = setup()
    const bad = task({
      id: 'bad-sleep',
      run: async (_: void, { step }) => {
        await step.sleep('nap', '-1h')
      },
    })
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run.status).toBe('failed')
    expect(run.attempts).toBe(1)
    expect(run.error).toMatchObject({ code: 'INVALID_DURATION' })
    expect(run.error!.message).toContain('step.sleep("nap")')
    expect(run.error!.message).toContain('"-1h"')
    await expectEngineStillRuns()
  })

  it('rejects getTask and cancelTask of an unknown run id with a RunNotFoundError naming it', async () => {
    setup()
    for (const call of [() => getTask(undefined, 'run_nope'), () => cancelTask(undefined, 'run_nope')]) {
      const error = await thrown(call)
      expect(error).toBeInstanceOf(RunNotFoundError)
      expect(error.code).toBe('RUN_NOT_FOUND')
      expect(error.message).toContain('"run_nope"')
      expect(error.message).toContain('Check the id returned by trigger()')
    }
    await expectEngineStillRuns()
  })

  it('rejects an empty idempotency key without creating a run', async () => {
    const s = setup()
    const error = await thrown(() => healthy.trigger({ n: 1 }, { idempotencyKey: '' }))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.message).toContain('idempotencyKey is ""')
    expect([...s.engine.allRuns()]).toHaveLength(0)
    await expectEngineStillRuns()
  })

  it('fails the run that sleeps until an invalid date, naming the step and the value', async () => {
    const s = setup()
    const bad = task({ id: 'bad-until', run: async (_: void, { step }) => step.sleepUntil('alarm', 'next tuesday') })
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_DURATION' } })
    expect(run.error!.message).toContain('step.sleepUntil("alarm")')
    expect(run.error!.message).toContain('"next tuesday"')
    await expectEngineStillRuns()
  })

  it('fails the run that calls ctx.task with an empty task id, naming the fix', async () => {
    const s = setup()
    const bad = task('bad-child-id', async (ctx) => ctx.task('', {}))
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_STEP' } })
    expect(run.error!.message).toContain('the task id is ""')
    expect(run.error!.message).toContain("ctx.task('send-email', payload)")
    expect(run.children).toEqual([])
    await expectEngineStillRuns()
  })

  it('fails the run that calls a child trigger with an empty idempotency key, creating no child', async () => {
    const s = setup()
    const bad = task({ id: 'bad-child-key', run: async () => healthy.triggerAndWait({ n: 1 }, { idempotencyKey: '' }) })
    s.engine.register(bad)
    const handle = await bad.trigger()
    const run = await failedRun(s, handle.id)
    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_OPTION' } })
    expect(run.error!.message).toContain('idempotencyKey is ""')
    expect(run.children).toEqual([])
    await expectEngineStillRuns()
  })
})
