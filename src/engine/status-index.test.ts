import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../clock/virtual-clock.js'
import { task } from '../sdk/task.js'
import { Engine } from './engine.js'
import { TimeDriver } from './time-driver.js'

let engine: Engine | undefined
afterEach(() => engine?.dispose())

function setup(tasks: ConstructorParameters<typeof Engine>[0] = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  engine = new Engine({ clock, seed: 1, ...tasks })
  return { engine, driver: new TimeDriver(engine, clock) }
}

// Runs sleep for (10 - i) minutes: the last one triggered completes first.
const sleeper = task({
  id: 'status-index-sleeper',
  run: async (i: number, { step }) => {
    await step.sleep('nap', `${10 - i}m`)
    return i
  },
})

let failures = 0
const flaky = task({
  id: 'status-index-flaky',
  retry: { maxAttempts: 3, backoff: 'fixed', minDelay: '1s' },
  run: async (i: number) => {
    if (i === 0 && failures++ < 2) throw new Error('not yet')
    return i
  },
})

describe('listing runs by status', () => {
  it('lists runs of a status in creation order, whatever order they reached it in', async () => {
    const { engine: e, driver } = setup({ tasks: [sleeper] })
    const ids = Array.from({ length: 10 }, (_, i) => e.trigger(sleeper, i).id)
    await driver.advance('5m')
    expect(e.listRuns({ status: 'completed' }).map((r) => r.id)).toEqual(ids.slice(5))
    expect(e.listRuns({ status: 'running' }).map((r) => r.id)).toEqual(ids.slice(0, 5))
    expect(e.listRuns({ status: ['running', 'completed'], limit: 3 }).map((r) => r.id)).toEqual(ids.slice(0, 3))
    await driver.runUntilIdle()
    expect(e.listRuns({ status: 'completed', limit: 4 }).map((r) => r.id)).toEqual(ids.slice(0, 4))
    expect(e.listRuns({ status: 'running' })).toEqual([])
  })

  it('lists a run again under a status it comes back to, in its place', async () => {
    failures = 0
    const { engine: e, driver } = setup({ tasks: [flaky] })
    const ids = [0, 1, 2].map((i) => e.trigger(flaky, i).id)
    await driver.next()
    expect(e.listRuns({ status: 'pending' }).map((r) => r.id)).toEqual([ids[0]])
    expect(e.listRuns({ status: 'completed' }).map((r) => r.id)).toEqual(ids.slice(1))
    await driver.runUntilIdle()
    expect(e.listRuns({ status: 'completed' }).map((r) => r.id)).toEqual(ids)
    expect(e.listRuns({ status: ['pending', 'running'] })).toEqual([])
  })

  it('agrees with a scan of every run after thousands of changes', async () => {
    const { engine: e, driver } = setup({ tasks: [sleeper, flaky] })
    for (let i = 0; i < 3_000; i++) e.trigger(i % 3 === 0 ? flaky : sleeper, i % 10)
    for (let step = 0; step < 12; step++) {
      for (const status of ['pending', 'running', 'completed', 'failed'] as const) {
        expect(e.listRuns({ status }).map((r) => r.id)).toEqual([...e.allRuns()].filter((r) => r.status === status).map((r) => r.id))
      }
      await driver.next()
    }
  })
})
