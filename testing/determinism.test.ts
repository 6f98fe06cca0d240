import { cron, task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const flaky = task({
  id: 'det-flaky',
  retry: { maxAttempts: 4, minDelay: '1s', jitter: 0.5 },
  run: async (n: number, { step, attempt }) => {
    await step.run('work', () => {
      if (attempt < 3) throw new Error(`flaky ${n}`)
      return n
    })
    return n
  },
})

const fan = cron('det-fan', '0 */6 * * *', async (ctx) => {
  for (let i = 0; i < 5; i++) await ctx.task('det-flaky', i)
  await ctx.step.sleep('rest', '30m')
  return 'fanned'
})

async function scenario(seed: number): Promise<string> {
  await using engine = createTestEngine({ tasks: [fan, flaky], seed })
  engine.trigger(flaky, 100)
  engine.trigger(flaky, 200, { delay: '2h' })
  await engine.advance('1d')
  await engine.runUntilIdle()
  // Error stacks name this file's lines, which are the same across runs of one test.
  return JSON.stringify(engine.eventLog())
}

describe('determinism', () => {
  it('gives byte-identical event logs for the same seed', async () => {
    const first = await scenario(42)
    const second = await scenario(42)
    expect(first.length).toBeGreaterThan(10_000)
    expect(second).toBe(first)
  })

  it('gives different ids and jitter for another seed', async () => {
    const a = JSON.parse(await scenario(1)) as { runId: string; type: string; retryAt?: number | null }[]
    const b = JSON.parse(await scenario(2)) as typeof a
    expect(a[0]!.runId).not.toBe(b[0]!.runId)
    const retries = (log: typeof a) => log.filter((e) => e.type === 'attempt.failed').map((e) => e.retryAt)
    expect(retries(a)).not.toEqual(retries(b))
  })

  it('uses a fixed seed by default', async () => {
    await using one = createTestEngine({ tasks: [flaky] })
    await using two = createTestEngine({ tasks: [flaky] })
    expect(one.trigger(flaky, 1).id).toBe(two.trigger(flaky, 1).id)
  })
})
