import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { RetryAfterError } from '../errors/control-flow.js'
import type { ExecutionOutcome } from '../runner/types.js'
import { task } from '../sdk/task.js'
import { MAX_WAIT_MS } from '../model/time-limits.js'
import { Engine } from './engine.js'
import type { Executor, TaskPolicy } from './executor.js'
import { TimeDriver } from './time-driver.js'

const T0 = Date.UTC(2026, 0, 1)
let engine: Engine | undefined
afterEach(() => engine?.dispose())

function setup(tasks: readonly object[], executor?: Executor) {
  const clock = new VirtualClock(T0)
  engine = new Engine({ clock, tasks: tasks as TaskPolicy[], seed: 1, ...(executor ? { executor } : {}) })
  return { clock, engine, driver: new TimeDriver(engine, clock) }
}

/** Every read the platform offers works on the run. */
function expectReadable(e: Engine, runId: string): void {
  expect(() => JSON.stringify(e.getRun(runId))).not.toThrow()
  expect(() => e.listRuns().map((r) => e.getRun(r.id))).not.toThrow()
}

describe('time limits', () => {
  it('refuses a trigger delay or delay date past 365 days with INVALID_DURATION and stores nothing', () => {
    const t = task({ id: 'later', run: async () => 1 })
    const { engine: e } = setup([t])
    for (const delay of [8_640_000_000_000_000, MAX_WAIT_MS + 1, '400 days', new Date(T0 + MAX_WAIT_MS + 1)]) {
      expect(() => e.trigger(t, undefined, { delay })).toThrow(expect.objectContaining({ code: 'INVALID_DURATION', message: expect.stringMatching(/^Failed to accept the delay of task "later": .*365 days/) }))
    }
    expect(e.listRuns()).toEqual([])
    const ok = e.trigger(t, undefined, { delay: MAX_WAIT_MS })
    expect(e.getRun(ok.id).waitingFor).toEqual({ kind: 'delay', until: new Date(T0 + MAX_WAIT_MS).toISOString() })
  })

  it('refuses an idempotency key TTL past 365 days', () => {
    const t = task({ id: 'ttl', run: async () => 1 })
    const { engine: e } = setup([t])
    expect(() => e.trigger(t, undefined, { idempotencyKey: 'k', idempotencyKeyTTL: '2000 days' })).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }))
  })

  it('fails a run whose step.sleep or step.sleepUntil asks for more than 365 days, and the run stays readable', async () => {
    const sleeper = task({ id: 'sleeper', run: async (_: unknown, { step }) => step.sleep('nap', 1e16) })
    const until = task({ id: 'until', run: async (_: unknown, { step }) => step.sleepUntil('nap', new Date(T0 + 2 * MAX_WAIT_MS)) })
    const { engine: e, driver } = setup([sleeper, until])
    const a = e.trigger(sleeper, undefined)
    const b = e.trigger(until, undefined)
    await driver.runUntilIdle()
    for (const [run, message] of [[a, /step\.sleep\("nap"\).*365 days/], [b, /step\.sleepUntil\("nap"\).*365 days/]] as const) {
      const record = e.getRun(run.id)
      expect(record.status).toBe('failed')
      expect(record.attempts).toBe(1)
      expect(record.error).toMatchObject({ code: 'INVALID_DURATION', message: expect.stringMatching(message) })
      expectReadable(e, run.id)
    }
  })

  it('fails a run whose RetryAfterError asks for more than 365 days instead of storing that time', async () => {
    const t = task({ id: 'retry-far', run: async () => { throw new RetryAfterError('Rate limited', 1e16) } })
    const { engine: e, driver } = setup([t])
    const run = e.trigger(t, undefined)
    await driver.runUntilIdle()
    expect(e.getRun(run.id)).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_DURATION', message: expect.stringMatching(/retry of run .*Rate limited.*365 days/) } })
    expectReadable(e, run.id)
  })

  it('fails an attempt whose remote outcome sleeps past the limit (an app is not trusted with times)', async () => {
    const remote = { id: 'remote', retry: { maxAttempts: 3, backoff: 'fixed' as const, minDelayMs: 1, maxDelayMs: 1, factor: 1, jitter: 0 } }
    const executor: Executor = {
      execute: async (): Promise<ExecutionOutcome> => ({ status: 'suspended', steps: [], waits: [{ key: 'nap', kind: 'sleep', until: 8.64e15 }], spawns: [], logs: [], order: ['nap'] }),
    }
    const { engine: e, driver } = setup([remote as never], executor)
    const run = e.trigger('remote', undefined)
    await driver.runUntilIdle()
    expect(e.getRun(run.id)).toMatchObject({ status: 'failed', error: { code: 'INVALID_DURATION', message: expect.stringMatching(/sleep "nap"/) } })
    expectReadable(e, run.id)
  })

  it('refuses retry delays past 365 days when the task is defined', () => {
    expect(() => task({ id: 'slow-retry', retry: { maxDelay: '400 days' }, run: async () => 1 })).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }))
    expect(() => task({ id: 'slow-retry', retry: { minDelay: 1e16 }, run: async () => 1 })).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }))
  })
})
