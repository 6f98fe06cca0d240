import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'

const stamper = task({
  id: 'fg-stamper',
  run: async (_: void, { step }) => {
    const before = await step.run('before', () => new Date().toISOString())
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    const after = await step.run('after', () => Date.now())
    return { before, after: new Date(after).toISOString() }
  },
})

const poller = task({
  id: 'fg-poller',
  timeout: '1m',
  run: async () => {
    let ticks = 0
    await new Promise<void>((resolve) => {
      const id = setInterval(() => {
        if (++ticks === 3) {
          clearInterval(id)
          resolve()
        }
      }, 10_000)
    })
    return ticks
  },
})

describe('fake globals', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('makes Date and setTimeout in task code follow the engine clock', async () => {
    await using engine = createTestEngine({ tasks: [stamper], fakeGlobals: true, now: '2026-03-01T00:00:00Z' })
    const realStart = performance.now()
    const result = await engine.triggerAndWait(stamper)
    expect(result).toEqual({ before: '2026-03-01T00:00:00.000Z', after: '2026-03-01T00:00:05.000Z' })
    expect(performance.now() - realStart).toBeLessThan(1_000)
  })

  it('follows setInterval too, and clearInterval stops it', async () => {
    await using engine = createTestEngine({ tasks: [poller], fakeGlobals: true })
    expect(await engine.triggerAndWait(poller)).toBe(3)
    expect(engine.now().toISOString()).toBe('2026-01-01T00:00:30.000Z')
    expect(engine.clock.foreignTimers()).toBe(0)
  })

  it('restores the real globals on dispose', async () => {
    const { Date: RealDate, setTimeout: realSetTimeout } = globalThis
    const engine = createTestEngine({ fakeGlobals: true, now: '2000-01-01T00:00:00Z' })
    expect(new Date().getUTCFullYear()).toBe(2000)
    expect(globalThis.setTimeout).not.toBe(realSetTimeout)
    engine.dispose()
    expect(globalThis.Date).toBe(RealDate)
    expect(globalThis.setTimeout).toBe(realSetTimeout)
    expect(new Date().getUTCFullYear()).toBeGreaterThan(2020)
  })

  it('leaves the globals alone unless asked', async () => {
    await using engine = createTestEngine({ now: '2000-01-01T00:00:00Z' })
    expect(new Date().getUTCFullYear()).toBeGreaterThan(2020)
    expect(engine.clock.globalsInstalled).toBe(false)
  })

  it('keeps working when the test already called vi.useFakeTimers()', async () => {
    vi.useFakeTimers()
    const retrier = task({
      id: 'fg-retrier',
      retry: { maxAttempts: 3, minDelay: '1m' },
      run: async (_: void, { step, attempt }) => {
        await step.sleep('wait', '1h')
        if (attempt < 3) throw new Error(`flaky ${attempt}`)
        return 'ok'
      },
    })
    await using engine = createTestEngine({ tasks: [retrier] })
    const run = engine.trigger(retrier)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith('ok')
    expect(run).toHaveAttempts(3)
    expect(engine.now().toISOString()).toBe('2026-01-01T01:03:00.000Z')
  })

  it('parks a task waiting on a faked timer instead of waiting the real hang timeout', async () => {
    const slow = task({ id: 'fg-slow', run: () => new Promise((resolve) => setTimeout(() => resolve('done'), 3_600_000)) })
    await using engine = createTestEngine({ tasks: [slow], fakeGlobals: true, hangTimeoutMs: 60_000 })
    const realStart = performance.now()
    expect(await engine.triggerAndWait(slow)).toBe('done')
    expect(performance.now() - realStart).toBeLessThan(1_000)
  })
})
