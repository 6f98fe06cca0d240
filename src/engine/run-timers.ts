import type { Clock, TimerHandle } from '../clock/clock.js'

/**
 * The timers of each run (delay, retry, one per sleep), by key, so a run's timers are set once
 * and all cleared when it ends.
 */
export class RunTimers {
  private readonly byRun = new Map<string, Map<string, { handle: TimerHandle; fire: () => void }>>()

  constructor(private readonly clock: Clock) {}

  /** Calls `fn` at `at` unless the run already has a timer under `key`. */
  set(runId: string, key: string, at: number, fn: () => void): void {
    let timers = this.byRun.get(runId)
    if (!timers) this.byRun.set(runId, (timers = new Map()))
    else if (timers.has(key)) return
    const own = timers
    const fire = (): void => {
      own.delete(key)
      if (own.size === 0) this.byRun.delete(runId)
      fn()
    }
    own.set(key, { handle: this.clock.setTimer(at, fire), fire })
  }

  /** The keys of the run's pending timers. */
  keys(runId: string): string[] {
    return [...(this.byRun.get(runId)?.keys() ?? [])]
  }

  /** Fires the run's timer under `key` now instead of at its time. False when there is none. */
  fireNow(runId: string, key: string): boolean {
    const timer = this.byRun.get(runId)?.get(key)
    if (!timer) return false
    this.clock.clearTimer(timer.handle)
    timer.fire()
    return true
  }

  has(runId: string, key: string): boolean {
    return this.byRun.get(runId)?.has(key) ?? false
  }

  clearRun(runId: string): void {
    const timers = this.byRun.get(runId)
    if (!timers) return
    for (const t of timers.values()) this.clock.clearTimer(t.handle)
    this.byRun.delete(runId)
  }

  clearAll(): void {
    for (const runId of [...this.byRun.keys()]) this.clearRun(runId)
  }
}
