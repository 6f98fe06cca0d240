import { configure, resetConfiguration, type AnyTask, type Duration, type RunEvent } from 'backlot'
import { Engine, memoryTransport, VirtualClock } from 'backlot/host'
import { TimeDriver } from 'backlot/testing'
import { httpInProcessHarness, httpSocketHarness } from './http-harness.js'

export interface HarnessOptions {
  /** Seeds run ids and retry jitter. */
  seed?: number
  /** Where the virtual clock starts. */
  now?: number | Date
}

/**
 * One way of running the contract suite: an engine behind a transport that the SDK calls
 * (task.trigger, getTask, cancelTask, createCron...) reach through `configure({ transport })`.
 * Everything the suite asserts goes through the public status record and the run's event log,
 * so the same scenarios hold over HTTP.
 */
export interface Harness {
  readonly name: string
  /** Scenarios (by test name) this harness cannot run, each with the reason. */
  readonly skips?: Readonly<Record<string, string>>
  /** A fresh engine on a virtual clock that knows `tasks`, made the configured transport. */
  setup(tasks: readonly AnyTask[], options?: HarnessOptions): Promise<void>
  /** Moves virtual time forward, firing every timer due on the way, in order. */
  advance(duration: Duration): Promise<void>
  advanceTo(time: Date | number | string): Promise<void>
  /** Jumps from timer to timer until no run is pending or running. */
  runUntilIdle(): Promise<void>
  /** Lets work already in flight finish, without moving time. */
  settle(): Promise<void>
  /** The engine's current time (epoch ms). */
  now(): number
  /** The run's event log, oldest first. */
  events(runId: string): Promise<RunEvent[]>
  teardown(): Promise<void>
}

/** The in-process engine, reached through the memory transport. */
export function memoryHarness(): Harness {
  let engine: Engine | undefined
  let driver: TimeDriver | undefined
  const need = () => {
    if (!engine || !driver) throw new Error('Failed to use the memory harness: call setup() first.')
    return { engine, driver }
  }
  return {
    name: 'memory',
    async setup(tasks, options = {}) {
      const clock = new VirtualClock(options.now ?? Date.UTC(2026, 0, 1))
      engine = new Engine({ clock, tasks, seed: options.seed ?? 1 })
      // Task code in this suite waits only on virtual time (or on gates the test opens),
      // so an invocation that stays busy for a few quiet turns is parked, not working.
      driver = new TimeDriver(engine, clock, { isParked: () => true })
      const d = driver
      configure({ transport: memoryTransport(engine, { drive: (id) => d.untilEnded(id) }) })
    },
    advance: (duration) => need().driver.advance(duration),
    advanceTo: (time) => need().driver.advanceTo(time),
    runUntilIdle: () => need().driver.runUntilIdle(),
    settle: () => need().driver.settle(),
    now: () => need().engine.clock.now(),
    async events(runId) {
      return [...need().engine.events(runId)]
    },
    async teardown() {
      resetConfiguration()
      engine?.dispose()
      engine = driver = undefined
    },
  }
}

/** Every harness the contract suite runs against. HTTP harnesses join this list. */
export const harnesses: (() => Harness)[] = [memoryHarness, httpInProcessHarness, httpSocketHarness]
