import { BacklotError } from '../errors/backlot-error.js'
import { ValidationError } from '../errors/input-errors.js'
import type { Clock, TimerHandle } from '../clock/clock.js'
import type { CronInfo, CronInput } from '../model/cron-types.js'
import { parseCron, type CronSchedule } from './cron-schedule.js'
import { iso } from './run-state.js'

interface CronEntry {
  info: Omit<CronInfo, 'nextRunAt'>
  schedule: CronSchedule
  timer?: TimerHandle
  nextAt: number | null
  /** Firings already past when armed that may still fire (a restart's catch-up). */
  catchUp: number
  /** Set by pause(): the cron is not armed until resume(). */
  paused?: boolean
}

/** Most missed firings of one cron caught up after a restart; later missed ones are skipped. */
export const MAX_CRON_CATCH_UP = 10

/** What a store learns from the crons (engine.ts wires these to its RunStore). */
export interface CronHooks {
  /** A cron was armed at `at` (the store keeps the first mark: see RunStore.markCron). */
  armed?(name: string, at: number): void
  /** A cron was deleted by name. */
  deleted?(name: string): void
}

/** Fires a cron's run for one firing; `scheduledAt` is the firing's own time, even when caught up late. */
export type FireCron = (cron: Omit<CronInfo, 'nextRunAt'>, scheduledAt: number) => void

/**
 * Declared crons (`cron()` in code) and created ones (`createCron()`), each armed with one
 * timer for its next firing. When the clock jumps over several firings, each fires in order.
 */
export class CronManager {
  private readonly crons = new Map<string, CronEntry>()

  constructor(
    private readonly clock: Clock,
    private readonly fire: FireCron,
    private readonly hooks: CronHooks = {},
  ) {}

  /**
   * Adds or replaces a cron (createCron with an existing name updates it). With `firedUpTo`
   * (a restart), firings after that time that are already past fire at once, in order, at most
   * MAX_CRON_CATCH_UP of them.
   */
  upsert(input: CronInput, source: CronInfo['source'], firedUpTo?: number): CronInfo {
    if (typeof input?.name !== 'string' || input.name.trim() === '') {
      throw new ValidationError('INVALID_CRON', `Failed to create the cron: its name is ${JSON.stringify(input?.name)}. Give it a non-empty name such as 'daily-report'.`)
    }
    const timezone = input.timezone ?? 'UTC'
    const schedule = parseCron(input.cron, timezone)
    this.remove(input.name)
    const info: CronEntry['info'] = { name: input.name, cron: schedule.expression, timezone, taskId: input.taskId ?? input.name, source }
    if (input.payload !== undefined) info.payload = input.payload
    if (input.callbackUrl !== undefined) info.callbackUrl = input.callbackUrl
    const entry: CronEntry = { info, schedule, nextAt: null, catchUp: firedUpTo === undefined ? Infinity : MAX_CRON_CATCH_UP }
    this.crons.set(input.name, entry)
    this.hooks.armed?.(input.name, this.clock.now())
    this.arm(entry, firedUpTo ?? this.clock.now())
    return this.describe(entry)
  }

  list(): CronInfo[] {
    return [...this.crons.values()].map((e) => this.describe(e))
  }

  delete(name: string): void {
    if (this.remove(name)) return this.hooks.deleted?.(name)
    throw this.notFound('delete', name)
  }

  /** The cron with this name, or a CRON_NOT_FOUND error. */
  get(name: string): CronInfo {
    const entry = this.crons.get(name)
    if (!entry) throw this.notFound('find', name)
    return this.describe(entry)
  }

  /**
   * Stops a cron's firings until `resume()`; firings due while paused are skipped, not caught up.
   * Pausing a paused cron changes nothing.
   */
  pause(name: string): CronInfo {
    const entry = this.crons.get(name)
    if (!entry) throw this.notFound('pause', name)
    if (entry.timer) this.clock.clearTimer(entry.timer)
    entry.timer = undefined
    entry.nextAt = null
    entry.paused = true
    return this.describe(entry)
  }

  /** Arms a paused cron again from now on. Resuming a running cron changes nothing. */
  resume(name: string): CronInfo {
    const entry = this.crons.get(name)
    if (!entry) throw this.notFound('resume', name)
    if (entry.paused) {
      entry.paused = undefined
      this.arm(entry, this.clock.now())
    }
    return this.describe(entry)
  }

  private notFound(action: string, name: string): BacklotError {
    const known = [...this.crons.keys()].map((n) => `"${n}"`).join(', ') || 'none'
    return new BacklotError('CRON_NOT_FOUND', `Failed to ${action} cron "${name}": no cron has this name (crons: ${known}). Check the name given to createCron().`)
  }

  dispose(): void {
    for (const name of [...this.crons.keys()]) this.remove(name)
  }

  private remove(name: string): boolean {
    const entry = this.crons.get(name)
    if (!entry) return false
    if (entry.timer) this.clock.clearTimer(entry.timer)
    this.crons.delete(name)
    return true
  }

  private arm(entry: CronEntry, after: number): void {
    let at = entry.schedule.nextAfter(after)
    entry.timer = undefined
    if (at !== null && at < this.clock.now()) {
      if (entry.catchUp-- > 0) {
        // Missed while stopped: fires now, each firing in order with its own scheduled time.
        const missed = at
        entry.nextAt = missed
        queueMicrotask(() => this.fireAt(entry, missed))
        return
      }
      at = entry.schedule.nextAfter(this.clock.now())
    }
    entry.nextAt = at
    if (at === null) return
    const due = at
    entry.timer = this.clock.setTimer(due, () => this.fireAt(entry, due))
  }

  private fireAt(entry: CronEntry, at: number): void {
    if (this.crons.get(entry.info.name) !== entry) return
    this.arm(entry, at)
    this.fire(entry.info, at)
  }

  private describe(entry: CronEntry): CronInfo {
    const info: CronInfo = { ...entry.info, nextRunAt: entry.nextAt === null ? null : iso(entry.nextAt) }
    if (entry.paused) info.paused = true
    return info
  }
}
