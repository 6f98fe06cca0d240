import { ValidationError } from '../errors/input-errors.js'
import { parseDuration, type Duration } from '../model/duration.js'
import type { Clock, TimerHandle } from './clock.js'
import { TimerHeap, type HeapEntry } from './timer-heap.js'

/** A timer on a VirtualClock. `every` > 0 makes it repeat; `foreign` ones are not the engine's. */
export interface VirtualTimer extends HeapEntry {
  fn: () => void
  every: number
  foreign: boolean
}

/**
 * A clock that moves only when told to. Timers fire in time order, same-instant timers in the
 * order they were set, each with the clock set to its own time. It keeps its timers in its own
 * heap: no globals are touched, so it coexists with `vi.useFakeTimers()`.
 *
 * @example
 * const clock = new VirtualClock(Date.UTC(2026, 0, 1))
 * clock.setTimer(clock.now() + 1000, () => console.log('tick'))
 * clock.advance('1s')
 */
export class VirtualClock implements Clock {
  private time: number
  private readonly timers = new TimerHeap<VirtualTimer>()
  private lastSeq = 0
  private ownTimers = 0
  private firing = false

  /** `loopLimit` is kept for the test kit's faked globals (see TestClock). */
  constructor(
    start: number | Date = Date.UTC(2026, 0, 1),
    readonly loopLimit = 1_000_000,
  ) {
    this.time = typeof start === 'number' ? start : start.getTime()
  }

  now(): number {
    return this.time
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    return this.addTimer(at, fn, 0, 0, false) as unknown as TimerHandle
  }

  clearTimer(handle: TimerHandle): void {
    // A foreign timer is cleared only through the faked globals; a handle not of this clock is ignored.
    const timer = handle as unknown as VirtualTimer | null | undefined
    if (!timer?.foreign) this.removeTimer(timer as VirtualTimer)
  }

  /** Time of the earliest pending timer, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    return this.timers.peek()?.at
  }

  /** The engine's timers not yet fired or cleared (timers set through faked globals excluded). */
  pendingTimers(): number {
    return this.ownTimers
  }

  /** Moves time forward, firing every timer due on the way, in order. */
  advance(duration: Duration): void {
    this.fireUntil(this.time + Math.floor(parseDuration(duration, 'clock advance')))
  }

  /** Moves time to `date`, which may not be in the past. */
  advanceTo(date: Date | number | string): void {
    const target = typeof date === 'number' ? date : new Date(date).getTime()
    if (!Number.isFinite(target) || target < this.time) {
      throw new ValidationError(
        'INVALID_TIME',
        `Failed to move the clock to ${JSON.stringify(date)}: ${Number.isFinite(target) ? 'it is before the current time ' + new Date(this.time).toISOString() : 'not a valid date'}. Time only moves forward.`,
      )
    }
    this.fireUntil(this.time + Math.floor(target - this.time))
  }

  /** Jumps to the earliest pending timer and fires it (and any others due at that instant). */
  next(): boolean {
    const at = this.nextTimerAt()
    if (at === undefined) return false
    this.fireUntil(at)
    return true
  }

  /**
   * Adds a timer due at `at` (never before now). Same-instant timers fire by `rank`, then in the
   * order they were set. A timer set for now while timers fire is due 1 ms later, as
   * `setTimeout(fn, 0)` is, so a timer that re-arms itself for "now" cannot stall time.
   */
  protected addTimer(at: number, fn: () => void, rank: number, every: number, foreign: boolean): VirtualTimer {
    let due = at > this.time ? at : this.time
    if (due === this.time && this.firing) due++
    const timer: VirtualTimer = { at: due, rank, seq: ++this.lastSeq, index: -1, fn, every, foreign }
    this.timers.push(timer)
    if (!foreign) this.ownTimers++
    return timer
  }

  /** Cancels a timer of this clock; false if it already fired, was cleared, or is not ours. */
  protected removeTimer(timer: VirtualTimer): boolean {
    if (typeof timer !== 'object' || timer === null || !this.timers.remove(timer)) return false
    if (!timer.foreign) this.ownTimers--
    return true
  }

  /**
   * Fires every timer due up to `target`, in order, then leaves the clock at `target`. A timer
   * that throws does not stop the others; the first error is rethrown at the end.
   */
  private fireUntil(target: number): void {
    const wasFiring = this.firing
    this.firing = true
    let failed = false
    let firstError: unknown
    try {
      for (let timer = this.timers.peek(); timer !== undefined && timer.at <= target; timer = this.timers.peek()) {
        this.timers.remove(timer)
        this.time = timer.at
        if (timer.every > 0) {
          // Re-armed before it runs, so its callback can clear it.
          timer.at += timer.every
          timer.seq = ++this.lastSeq
          this.timers.push(timer)
        } else if (!timer.foreign) {
          this.ownTimers--
        }
        try {
          timer.fn()
        } catch (error) {
          if (!failed) firstError = error
          failed = true
        }
      }
      if (target > this.time) this.time = target
    } finally {
      this.firing = wasFiring
    }
    if (failed) throw firstError
  }
}
