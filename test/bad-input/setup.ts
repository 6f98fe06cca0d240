import { afterEach, expect } from 'vitest'
import { configure, resetConfiguration, task, type AnyTask } from 'backlot'
import { Engine, VirtualClock, memoryTransport } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'

export const START = Date.UTC(2026, 0, 1)

/** A task that always works: what each test triggers after the bad input. */
export const healthy = task({ id: 'healthy', run: async ({ n }: { n: number }, { step }) => step.run('double', () => n * 2) })

export interface Setup {
  engine: Engine
  clock: VirtualClock
  driver: TimeDriver
}

let current: Setup | undefined

/** An engine on a virtual clock that knows `tasks` and `healthy`, made the configured transport. */
export function setup(tasks: readonly AnyTask[] = []): Setup {
  const clock = new VirtualClock(START)
  const engine = new Engine({ clock, tasks: [healthy, ...tasks], seed: 3 })
  const driver = new TimeDriver(engine, clock, { isParked: () => true })
  configure({ transport: memoryTransport(engine, { drive: (id) => driver.untilEnded(id) }) })
  current = { engine, clock, driver }
  return current
}

afterEach(() => {
  resetConfiguration()
  current?.engine.dispose()
  current = undefined
})

/** The engine still takes, runs and completes a good run, and nothing is left stuck. */
export async function expectEngineStillRuns(s: Setup = current!): Promise<void> {
  const result = await healthy.triggerAndWait({ n: 21 })
  expect(result).toBe(42)
  await s.driver.runUntilIdle()
  expect(s.engine.activeRuns).toBe(0)
}

/** Calls `fn` and returns what it threw (or the rejection), failing the test if it did not throw. */
export async function thrown(fn: () => unknown): Promise<Error & { code?: string }> {
  try {
    await fn()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the call to throw, but it returned')
}
