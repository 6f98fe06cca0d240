import type { Clock } from '../clock/clock.js'
import { isVirtualClock } from '../clock/is-virtual-clock.js'
import { ValidationError } from '../errors/input-errors.js'
import { parseDuration, type Duration } from '../model/duration.js'

/**
 * How long ended runs (completed, failed, cancelled) stay in memory. A run is forgotten (its
 * record, event log and idempotency key) once it ended more than `maxAge` ago, or when more than
 * `maxRuns` ended runs are held (the earliest ended first). Checked whenever a run is triggered
 * or ends; runs not yet ended are never forgotten, and neither is an ended child while its parent
 * runs. `false` keeps every run.
 */
export interface RetentionOptions {
  /** Default '7d' on a real clock. */
  maxAge?: Duration
  /** Default 10,000 on a real clock. */
  maxRuns?: number
}

export interface RetentionPolicy {
  maxAgeMs: number
  maxRuns: number
}

/** The defaults of an engine on a real clock (the embedded engine, the dev server, a platform). */
export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeMs: 7 * 86_400_000, maxRuns: 10_000 }

/**
 * The policy for an engine: the given one, or the defaults on a real clock, or keep everything
 * on a virtual clock (tests see every run they made) unless told.
 */
export function resolveRetention(options: RetentionOptions | false | undefined, clock: Clock): RetentionPolicy | undefined {
  if (options === false) return undefined
  if (options === undefined) return isVirtualClock(clock) ? undefined : DEFAULT_RETENTION
  const maxRuns = options.maxRuns ?? DEFAULT_RETENTION.maxRuns
  if (!(Number.isInteger(maxRuns) && maxRuns >= 0)) {
    throw new ValidationError('INVALID_OPTION', `Failed to create the engine: retention.maxRuns is ${JSON.stringify(options.maxRuns)}; expected a whole number ≥ 0.`)
  }
  return { maxRuns, maxAgeMs: options.maxAge === undefined ? DEFAULT_RETENTION.maxAgeMs : parseDuration(options.maxAge, 'retention.maxAge') }
}

/** What retention needs of the engine. */
export interface RetentionHost {
  /** The parent a run waits for before it may go, if that parent has not ended; else undefined. */
  liveParent(runId: string): string | undefined
  forget(runId: string): void
}

/** Ended runs in the order they ended, forgotten by age and count under a `RetentionPolicy`. */
export class Retention {
  private queue: { id: string; at: number }[] = []
  private head = 0
  /** Ended children kept until their parent ends, by parent id. */
  private readonly held = new Map<string, { id: string; at: number }[]>()
  private heldCount = 0

  constructor(
    private readonly policy: RetentionPolicy,
    private readonly host: RetentionHost,
  ) {}

  /** Ended runs held now. */
  get size(): number {
    return this.queue.length - this.head + this.heldCount
  }

  /** A run ended at `at`: hold it, and release the children it held back. */
  ended(runId: string, at: number): void {
    this.queue.push({ id: runId, at })
    const children = this.held.get(runId)
    if (children) {
      this.held.delete(runId)
      this.heldCount -= children.length
      for (const child of children) this.queue.push(child)
    }
  }

  /** Forgets the runs past the policy. */
  sweep(now: number): void {
    const { maxAgeMs, maxRuns } = this.policy
    while (this.head < this.queue.length && (this.size > maxRuns || this.queue[this.head]!.at + maxAgeMs <= now)) {
      const entry = this.queue[this.head++]!
      const parent = this.host.liveParent(entry.id)
      if (parent !== undefined) {
        const list = this.held.get(parent)
        if (list) list.push(entry)
        else this.held.set(parent, [entry])
        this.heldCount++
        continue
      }
      this.host.forget(entry.id)
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
  }
}
