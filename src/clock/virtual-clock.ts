import FakeTimers from '@sinonjs/fake-timers'
import { ValidationError } from '../errors/input-errors.js'
import { parseDuration, type Duration } from '../model/duration.js'
import type { Clock, TimerHandle } from './clock.js'

type FakeClock = ReturnType<typeof FakeTimers.createClock>

// Like setTimeout, fake-timers turns a delay past 2^31-1 ms (~24.8 days) into 1 ms; longer
// waits are chained in steps below it.
const MAX_DELAY = 2_147_483_647

/**
 * A clock that moves only when told to, built on @sinonjs/fake-timers' `createClock`, which
 * installs nothing globally and so coexists with `vi.useFakeTimers()`. Timers fire in time
 * order, each with the clock set to its own time.
 *
 * @example
 * const clock = new VirtualClock(Date.UTC(2026, 0, 1))
 * clock.setTimer(clock.now() + 1000, () => console.log('tick'))
 * clock.advance('1s')
 */
export class VirtualClock implements Clock {
  readonly fake: FakeClock
  /** Logical timer id → [due time, current fake-timers id]. */
  private readonly pending = new Map<number, [number, unknown]>()
  private lastId = 0

  constructor(start: number | Date = Date.UTC(2026, 0, 1), loopLimit = 1_000_000) {
    this.fake = FakeTimers.createClock(typeof start === 'number' ? start : start.getTime(), loopLimit)
  }

  now(): number {
    return this.fake.now
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    const id = ++this.lastId
    const due = Math.max(at, this.fake.now)
    const arm = () => {
      const wait = due - this.fake.now
      const fakeId = this.fake.setTimeout(() => {
        if (due > this.fake.now) return arm()
        this.pending.delete(id)
        fn()
      }, Math.min(wait, MAX_DELAY))
      this.pending.set(id, [due, fakeId])
    }
    arm()
    return id as unknown as TimerHandle
  }

  clearTimer(handle: TimerHandle): void {
    const id = handle as unknown as number
    const entry = this.pending.get(id)
    if (!entry) return
    this.pending.delete(id)
    this.fake.clearTimeout(entry[1] as never)
  }

  /** Time of the earliest pending timer, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    let min: number | undefined
    for (const [at] of this.pending.values()) if (min === undefined || at < min) min = at
    return min
  }

  pendingTimers(): number {
    return this.pending.size
  }

  /** Moves time forward, firing every timer due on the way, in order. */
  advance(duration: Duration): void {
    this.fake.tick(parseDuration(duration, 'clock advance'))
  }

  /** Moves time to `date`, which may not be in the past. */
  advanceTo(date: Date | number | string): void {
    const target = typeof date === 'number' ? date : new Date(date).getTime()
    if (!Number.isFinite(target) || target < this.fake.now) {
      throw new ValidationError(
        'INVALID_TIME',
        `Failed to move the clock to ${JSON.stringify(date)}: ${Number.isFinite(target) ? 'it is before the current time ' + new Date(this.fake.now).toISOString() : 'not a valid date'}. Time only moves forward.`,
      )
    }
    this.fake.tick(target - this.fake.now)
  }

  /** Jumps to the earliest pending timer and fires it (and any others due at that instant). */
  next(): boolean {
    const at = this.nextTimerAt()
    if (at === undefined) return false
    this.fake.tick(at - this.fake.now)
    return true
  }
}
