import { BacklotError } from '../errors/backlot-error.js'
import { EngineDisposedError } from '../errors/run-errors.js'
import { realMacrotask, realNow } from '../model/real-timers.js'
import { eachTurn } from '../model/turns.js'
import type { VirtualClock } from '../clock/virtual-clock.js'
import { parseDuration, type Duration } from '../model/duration.js'
import type { Engine } from './engine.js'
import { isTerminal } from '../model/run-record.js'
import type { ReadonlyRun } from './run-types.js'
import { waitingFor } from './to-record.js'

export interface TimeDriverOptions {
  /** Most timer jumps one runUntilIdle / wait may make before it gives up. Default 100,000. */
  loopLimit?: number
  /**
   * Real milliseconds to wait for an executing invocation before virtual time moves on anyway
   * (so a hung attempt meets its virtual timeout instead of hanging the test). Default 2,000.
   */
  hangTimeoutMs?: number
  /**
   * True when executing invocations are only waiting on virtual time (fake globals, forced timeouts).
   * Over HTTP (httpExecutor), an invocation whose request or answer is still travelling is busy,
   * not parked: say true only while task code itself waits, or time moves on mid-request and
   * timeouts fire early. Without this option, settling waits until invocations finish, or
   * hangTimeoutMs (test/contract/http-harness.ts tracks both ends of every request).
   */
  isParked?: () => boolean
}

/**
 * Moves a VirtualClock for an engine: fires timers one instant at a time and lets the
 * invocations they start finish (in real time, but only as long as they need) in between.
 */
export class TimeDriver {
  private readonly loopLimit: number
  private readonly hangTimeoutMs: number
  private events = 0
  private driving: Promise<void> | undefined
  private readonly goals = new Set<{ done: () => boolean; resolve: () => void; reject: (e: unknown) => void }>()

  constructor(
    readonly engine: Engine,
    readonly clock: VirtualClock,
    private readonly options: TimeDriverOptions = {},
  ) {
    this.loopLimit = options.loopLimit ?? 100_000
    this.hangTimeoutMs = options.hangTimeoutMs ?? 2_000
    engine.subscribe(() => void this.events++)
  }

  /** Lets every invocation in flight finish (or park on virtual time). */
  settle(): Promise<void> {
    // Fast path: in-memory invocations usually finish within a few microtask turns, and a real
    // macrotask per timer would dominate a year of cron firings. Up to 64 turns, counted on the
    // process's shared chain of turns with a plain call each, not an awaited promise each.
    return new Promise<void>((resolve, reject) => {
      let done = false
      void this.engine.settled().then(() => (done = true))
      let turns = 0
      eachTurn(() => {
        if (!done && ++turns < 64) return true
        if (done && this.engine.executingCount === 0) resolve()
        else this.settleSlowly().then(resolve, reject)
        return false
      })
    })
  }

  /** Waits a real macrotask at a time for invocations still executing (or parked on virtual time). */
  private async settleSlowly(): Promise<void> {
    const deadline = realNow() + this.hangTimeoutMs
    let quiet = 0
    let seen = this.events
    for (;;) {
      const done = await Promise.race([this.engine.settled().then(() => true), realMacrotask().then(() => false)])
      if (done && this.engine.executingCount === 0) return
      if (this.events === seen) quiet++
      else {
        seen = this.events
        quiet = 0
      }
      if (quiet >= 3 && this.options.isParked?.()) return
      if (realNow() > deadline) return
    }
  }

  /** Moves time forward by `duration`, firing everything due on the way, in order. */
  async advance(duration: Duration): Promise<void> {
    await this.advanceTo(this.clock.now() + parseDuration(duration, 'advance duration'))
  }

  async advanceTo(date: Date | number | string): Promise<void> {
    const target = typeof date === 'number' ? date : new Date(date).getTime()
    if (!Number.isFinite(target) || target < this.clock.now()) this.clock.advanceTo(target) // throws the clock's message
    await this.settle()
    // Every jump moves toward a fixed target, so only jumps that stay at one instant can run away.
    for (let sameInstant = 0; ; ) {
      const next = this.clock.nextTimerAt()
      if (next === undefined || next > target) break
      sameInstant = next === this.clock.now() ? sameInstant + 1 : 0
      this.checkLimit(sameInstant, 'advance the clock')
      this.clock.advanceTo(next)
      await this.settle()
    }
    this.clock.advanceTo(target)
    await this.settle()
  }

  /** Jumps to the next timer and fires it. False when no timer is pending. */
  async next(): Promise<boolean> {
    await this.settle()
    const moved = this.clock.next()
    await this.settle()
    return moved
  }

  /**
   * Jumps from timer to timer until no run is pending or running. Future cron firings do not
   * count as work, so a schedule alone never keeps this busy.
   */
  async runUntilIdle(): Promise<void> {
    await this.until(() => this.engine.activeRuns === 0, 'reach idle')
  }

  /** Drives time until the run has ended (what awaiting a run on a test engine does). */
  async untilEnded(runId: string): Promise<void> {
    await this.until(() => {
      const run = this.engine.get(runId)
      return !run || isTerminal(run.status)
    }, `finish run "${runId}"`)
  }

  /** One loop drives time for every waiter at once, so concurrent waits do not race the clock. */
  private until(done: () => boolean, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.goals.add({ done, resolve, reject })
      this.driving ??= this.loop(what).finally(() => (this.driving = undefined))
    })
  }

  private async loop(what: string): Promise<void> {
    try {
      for (let jumps = 0; this.goals.size > 0; jumps++) {
        await this.settle()
        for (const goal of this.goals) {
          if (goal.done()) {
            this.goals.delete(goal)
            goal.resolve()
          }
        }
        if (this.goals.size === 0) return
        if (this.engine.disposed) {
          throw new EngineDisposedError(`Failed to ${what}: the engine was disposed while waiting, so the run will never end. Await the run before disposing the engine (or use \`await using\`).`)
        }
        this.checkLimit(jumps, what)
        if (!this.clock.next()) throw this.stuck(`Failed to ${what}: no timer is pending, so time cannot move, yet ${this.describeActive()}.`)
      }
    } catch (error) {
      for (const goal of this.goals) goal.reject(error)
      this.goals.clear()
    }
  }

  private checkLimit(jumps: number, what: string): void {
    if (jumps >= this.loopLimit) {
      throw this.stuck(`Failed to ${what} within ${this.loopLimit} timer jumps (now ${new Date(this.clock.now()).toISOString()}): ${this.describeActive()}. Raise loopLimit or look for a run that never ends.`)
    }
  }

  private stuck(message: string): BacklotError {
    return new BacklotError('LOOP_LIMIT', message)
  }

  private describeActive(): string {
    const active: ReadonlyRun[] = []
    for (const run of this.engine.allRuns()) if (!isTerminal(run.status)) active.push(run)
    if (active.length === 0) return 'no run is active'
    const shown = active.slice(0, 10).map((run) => {
      const w = waitingFor(run)
      const on = w ? `${w.kind}${w.step ? ` "${w.step}"` : ''}${w.until ? ` until ${w.until}` : ''}${w.childId ? ` on ${w.childId}` : ''}` : 'executing'
      return `${run.id} (task "${run.taskId}", ${run.status}, ${on})`
    })
    return `${active.length} run(s) still wait: ${shown.join('; ')}${active.length > 10 ? '; …' : ''}`
  }
}

