// A vitest test using backlot/testing, in an app without msw installed.
import { task } from 'backlot'
import { createTestEngine } from 'backlot/testing'
import { expect, it } from 'vitest'

const remind = task({
  id: 'remind',
  retry: { maxAttempts: 3 },
  run: async ({ who }: { who: string }, { step }) => {
    await step.sleep('wait-a-day', '1 day')
    return step.run('send', () => `reminded ${who}`)
  },
})

it('sleeps a day on the virtual clock and completes', async () => {
  await using engine = createTestEngine({ tasks: [remind] })
  const started = engine.now().getTime()
  const run = engine.trigger(remind, { who: 'ada' })
  await engine.runUntilIdle()
  expect(engine.run(run.id)).toMatchObject({ status: 'completed', result: 'reminded ada' })
  expect(run).toHaveCompletedWith('reminded ada')
  expect(engine.now().getTime() - started).toBe(24 * 60 * 60 * 1000)
})
