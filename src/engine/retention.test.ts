import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../clock/system-clock.js'
import { VirtualClock } from '../clock/virtual-clock.js'
import { task } from '../sdk/task.js'
import { Engine, type EngineOptions } from './engine.js'
import { DEFAULT_RETENTION, resolveRetention } from './retention.js'
import { TimeDriver } from './time-driver.js'
import { IdempotencyIndex } from './trigger-options.js'

let engine: Engine | undefined
afterEach(() => engine?.dispose())

function setup(options: EngineOptions) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  engine = new Engine({ clock, seed: 1, ...options })
  return { engine, driver: new TimeDriver(engine, clock) }
}

const trivial = task({ id: 'retention-trivial', run: async ({ i }: { i: number }) => i })

describe('retention of ended runs', () => {
  it('keeps at most maxRuns ended runs, forgetting the earliest ended first', async () => {
    const { engine: e, driver } = setup({ tasks: [trivial], retention: { maxRuns: 3 } })
    const ids: string[] = []
    for (let i = 0; i < 10; i++) {
      ids.push(e.trigger(trivial, { i }).id)
      await driver.runUntilIdle()
    }
    expect(e.listRuns().map((r) => r.id)).toEqual(ids.slice(7))
    expect(() => e.getRun(ids[0]!)).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }))
  })

  it('forgets runs that ended more than maxAge ago, and their idempotency keys with them', async () => {
    const { engine: e, driver } = setup({ tasks: [trivial], retention: { maxAge: '1h' } })
    const first = e.trigger(trivial, { i: 1 }, { idempotencyKey: 'k', idempotencyKeyTTL: '1d' })
    await driver.runUntilIdle()
    await driver.advance('59m')
    expect(e.trigger(trivial, { i: 2 }, { idempotencyKey: 'k' }).id).toBe(first.id)
    await driver.advance('2m')
    const second = e.trigger(trivial, { i: 3 }, { idempotencyKey: 'k' })
    expect(second.id).not.toBe(first.id)
    expect(e.get(first.id)).toBeUndefined()
    await driver.runUntilIdle()
    expect(e.getRun(second.id).status).toBe('completed')
  })

  it('never forgets a run that has not ended, nor an ended child while its parent runs', async () => {
    const child = task({ id: 'retention-child', run: async () => 'child' })
    const parent = task({
      id: 'retention-parent',
      run: async (_: unknown, { step }) => {
        await child.trigger()
        await step.sleep('wait', '1h')
        return 'parent'
      },
    })
    const { engine: e, driver } = setup({ tasks: [parent, child], retention: { maxRuns: 0 } })
    const p = e.trigger(parent, undefined)
    await driver.advance('30m')
    const [c] = e.listRuns({ taskId: 'retention-child' })
    expect(c?.status).toBe('completed')
    expect(e.getRun(p.id).status).toBe('running')
    await driver.runUntilIdle()
    expect(e.listRuns()).toEqual([])
  })

  it('keeps every run on a virtual clock unless told, and defaults to 7 days / 10,000 runs on a real clock', () => {
    expect(resolveRetention(undefined, new VirtualClock(0))).toBeUndefined()
    expect(resolveRetention(undefined, systemClock())).toEqual(DEFAULT_RETENTION)
    expect(DEFAULT_RETENTION).toEqual({ maxAgeMs: 7 * 86_400_000, maxRuns: 10_000 })
    expect(resolveRetention(false, systemClock())).toBeUndefined()
    expect(() => resolveRetention({ maxRuns: -1 }, systemClock())).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })
})

describe('idempotency keys', () => {
  it('drops keys past their TTL, so the index holds about the live keys only', () => {
    const index = new IdempotencyIndex()
    for (let i = 0; i < 100_000; i++) index.remember('t', `k${i}`, `run_${i}`, i + 10, i)
    expect(index.size).toBeLessThan(2_100)
    expect(index.live('t', 'k99999', 99_999)).toBe('run_99999')
    expect(index.live('t', 'k0', 99_999)).toBeUndefined()
  })
})
