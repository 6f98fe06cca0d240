import { ValidationError } from '../errors/input-errors.js'
import { checkWakeAt, parseWait } from '../model/time-limits.js'
import type { TriggerOptions } from '../sdk/types.js'

const DEFAULT_KEY_TTL_MS = 86_400_000

/** When a delayed run may start (epoch ms), or undefined for at once. */
export function resolveDelay(taskId: string, delay: TriggerOptions['delay'], now: number): number | undefined {
  if (delay === undefined) return undefined
  if (delay instanceof Date) {
    const t = delay.getTime()
    if (Number.isNaN(t)) throw new ValidationError('INVALID_DURATION', `Failed to trigger task "${taskId}": the delay is an invalid Date. Pass a valid Date or a duration such as '1h'.`)
    return t > now ? checkWakeAt(t, now, `the delay of task "${taskId}"`) : t
  }
  return now + parseWait(delay, `the delay of task "${taskId}"`)
}

/**
 * Idempotency keys per task, each live until its TTL runs out. Expired keys are dropped when
 * looked up, and all at once whenever the index has doubled since the last sweep, so it holds
 * at most about twice the live keys.
 */
export class IdempotencyIndex {
  private readonly keys = new Map<string, { runId: string; expiresAt: number }>()
  private sweepAt = 1024

  /** Checks the key and returns the run it points to while live. */
  live(taskId: string, key: unknown, now: number): string | undefined {
    if (typeof key !== 'string' || key === '') {
      throw new ValidationError('INVALID_OPTION', `Failed to trigger task "${taskId}": idempotencyKey is ${JSON.stringify(key)}; expected a non-empty string.`)
    }
    const id = `${taskId}\u0000${key}`
    const entry = this.keys.get(id)
    if (!entry) return undefined
    if (entry.expiresAt > now) return entry.runId
    this.keys.delete(id)
    return undefined
  }

  /** The key's time to live in ms, checked before anything is stored. */
  ttl(options: TriggerOptions): number {
    return options.idempotencyKeyTTL === undefined ? DEFAULT_KEY_TTL_MS : parseWait(options.idempotencyKeyTTL, 'idempotencyKeyTTL')
  }

  remember(taskId: string, key: string, runId: string, expiresAt: number, now: number): void {
    if (this.keys.size >= this.sweepAt) {
      for (const [id, entry] of this.keys) if (entry.expiresAt <= now) this.keys.delete(id)
      this.sweepAt = Math.max(1024, this.keys.size * 2)
    }
    this.keys.set(`${taskId}\u0000${key}`, { runId, expiresAt })
  }

  /** Drops the key if it still points to this run (the run is being forgotten). */
  forget(taskId: string, key: string, runId: string): void {
    const id = `${taskId}\u0000${key}`
    if (this.keys.get(id)?.runId === runId) this.keys.delete(id)
  }

  /** Keys held now, live or not yet swept. */
  get size(): number {
    return this.keys.size
  }
}
