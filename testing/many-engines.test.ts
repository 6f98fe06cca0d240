import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { describe, expect, it } from 'vitest'

const child = task({ id: 'many-child', retries: 1, retry: { minDelay: '1s' }, run: async (n: number, { attempt }) => {
  if (attempt === 1 && n % 2 === 0) throw new Error('first attempt fails')
  return n
} })

const parent = task({
  id: 'many-parent',
  timeout: '1m',
  run: async (n: number, ctx) => {
    await ctx.step.sleep('wait', '1d')
    await ctx.task('many-child', n)
    return child.triggerAndWait(n + 1)
  },
})

describe('200 engines, each created and disposed', () => {
  for (let i = 0; i < 200; i++) {
    it(`runs and disposes engine ${i}`, async () => {
      const engine = createTestEngine({ tasks: [parent, child], seed: i, fakeGlobals: i % 10 === 0 })
      engine.createCron({ name: `many-${i}`, cron: '0 */6 * * *', taskId: 'many-child', payload: i })
      const run = engine.trigger(parent, i)
      expect(await run.waitForCompletion()).toBe(i + 1)
      engine.trigger(parent, i + 1000)
      engine.dispose()
      expect(engine.clock.fake.countTimers()).toBe(0)
    })
  }
})
