import { realNow } from '../model/real-timers.js'
import { VirtualClock } from '../clock/virtual-clock.js'
import type { Engine } from '../engine/engine.js'
import { TimeDriver } from '../engine/time-driver.js'
import { isBacklotError } from '../errors/backlot-error.js'
import type { ClockState } from '../protocol/api-clock.js'
import type { Duration } from '../model/duration.js'
import { ApiError } from './api-error.js'

/**
 * The clock endpoints' view of the engine's clock: reads it, and moves a virtual one through a
 * TimeDriver (so the invocations each timer starts finish before time moves on). Moves are
 * serialized: two advances asked at once run one after the other.
 */
export class ClockControl {
  private driver: TimeDriver | undefined
  private tail: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly engine: Engine,
    driver?: TimeDriver,
  ) {
    this.driver = driver
  }

  state(): ClockState {
    const clock = this.engine.clock
    const virtual = clock instanceof VirtualClock
    const next = virtual ? clock.nextTimerAt() : undefined
    return {
      virtual,
      now: new Date(clock.now()).toISOString(),
      wallNow: new Date(realNow()).toISOString(),
      nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
      activeRuns: this.engine.activeRuns,
    }
  }

  advance(by: { duration: Duration } | { to: string }): Promise<ClockState> {
    return this.move('advance the clock', (d) => ('duration' in by ? d.advance(by.duration) : d.advanceTo(by.to)))
  }

  next(): Promise<ClockState> {
    return this.move('move the clock to the next timer', (d) => d.next())
  }

  runUntilIdle(): Promise<ClockState> {
    return this.move('run until idle', (d) => d.runUntilIdle())
  }

  private move(action: string, fn: (driver: TimeDriver) => Promise<unknown>): Promise<ClockState> {
    const driver = this.requireDriver(action)
    const run = this.tail.then(async () => {
      try {
        await fn(driver)
      } catch (error) {
        if (isBacklotError(error) && error.code === 'LOOP_LIMIT') throw new ApiError(409, 'CLOCK_STUCK', error.message)
        throw error
      }
      return this.state()
    })
    this.tail = run.catch(() => undefined)
    return run
  }

  private requireDriver(action: string): TimeDriver {
    const clock = this.engine.clock
    if (!(clock instanceof VirtualClock)) {
      throw new ApiError(409, 'CLOCK_NOT_VIRTUAL', `Failed to ${action}: the engine runs on the system clock, which only real time moves. Start the platform on a virtual clock (e.g. backlot dev --clock virtual) to control time.`)
    }
    return (this.driver ??= new TimeDriver(this.engine, clock))
  }
}
