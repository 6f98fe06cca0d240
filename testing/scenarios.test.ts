import { cron, task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

// The scenarios bench/ times; here they are checked for what they do, not how fast.

describe('cheap scenarios', () => {
  it('sleeps 30 days', async () => {
    const monthly = task({ id: 'sc-30d', run: async (_: void, { step }) => { await step.sleep('month', '30d'); return 'done' } })
    await using engine = createTestEngine({ tasks: [monthly] })
    expect(await engine.triggerAndWait(monthly)).toBe('done')
    expect(engine.now().toISOString()).toBe('2026-01-31T00:00:00.000Z')
  })

  it('retries three times with exponential backoff', async () => {
    const flaky = task({
      id: 'sc-backoff',
      retry: { maxAttempts: 4, backoff: 'exponential', minDelay: '1s', factor: 2 },
      run: async (_: void, { attempt }) => {
        if (attempt < 4) throw new Error(`attempt ${attempt}`)
        return attempt
      },
    })
    await using engine = createTestEngine({ tasks: [flaky] })
    const run = engine.trigger(flaky)
    await engine.runUntilIdle()
    expect(run).toHaveCompletedWith(4)
    expect(engine.attempts(run).map((a) => a.startedAt.slice(11, 19))).toEqual(['00:00:00', '00:00:01', '00:00:03', '00:00:07'])
  })

  it('fires an hourly cron over a week', async () => {
    const hourly = cron('sc-hourly', '0 * * * *', async (ctx) => ctx.run.scheduledAt?.toISOString())
    await using engine = createTestEngine({ tasks: [hourly] })
    await engine.advance('7d')
    const runs = engine.runs({ task: hourly, status: 'completed' })
    expect(runs).toHaveLength(168)
    expect(runs.at(-1)?.result).toBe('2026-01-08T00:00:00.000Z')
  })

  it('fans out 100 children that each fail once then succeed', async () => {
    const child = task({ id: 'sc-child', retry: { maxAttempts: 2, minDelay: '1s' }, run: async (n: number, { attempt }) => {
      if (attempt === 1) throw new Error('once')
      return n
    } })
    const fan = task({ id: 'sc-fan', run: async (_: void, ctx) => {
      for (let i = 0; i < 100; i++) await ctx.task('sc-child', i)
    } })
    await using engine = createTestEngine({ tasks: [fan, child] })
    const run = engine.trigger(fan)
    await engine.runUntilIdle()
    expect(engine.children(run)).toHaveLength(100)
    expect(engine.runs({ task: child, status: 'completed' }).every((r) => r.attempts === 2)).toBe(true)
  })

  it('waits on a triggerAndWait chain three tasks deep', async () => {
    const c = task({ id: 'sc-c', run: async (n: number) => n + 1 })
    const b = task({ id: 'sc-b', run: async (n: number) => (await c.triggerAndWait(n)) * 2 })
    const a = task({ id: 'sc-a', run: async (n: number) => (await b.triggerAndWait(n)) - 3 })
    await using engine = createTestEngine({ tasks: [a, b, c] })
    expect(await engine.triggerAndWait(a, 1)).toBe(1)
  })
})
