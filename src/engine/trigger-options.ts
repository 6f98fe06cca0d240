import { ValidationError } from '../errors/input-errors.js'
import { checkWakeAt, parseWait } from '../sdk/time-limits.js'
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

/** Idempotency keys per task, each live until its TTL runs out. */
export class IdempotencyIndex {
  private readonly keys = new Map<string, { runId: string; expiresAt: number }>()

  /** Checks the key and returns the run it points to while live. */
  live(taskId: string, key: unknown, now: number): string | undefined {
    if (typeof key !== 'string' || key === '') {
      throw new ValidationError('INVALID_OPTION', `Failed to trigger task "${taskId}": idempotencyKey is ${JSON.stringify(key)}; expected a non-empty string.`)
    }
    const entry = this.keys.get(`${taskId}\u0000${key}`)
    return entry && entry.expiresAt > now ? entry.runId : undefined
  }

  /** The key's time to live in ms, checked before anything is stored. */
  ttl(options: TriggerOptions): number {
    return options.idempotencyKeyTTL === undefined ? DEFAULT_KEY_TTL_MS : parseWait(options.idempotencyKeyTTL, 'idempotencyKeyTTL')
  }

  remember(taskId: string, key: string, runId: string, expiresAt: number): void {
    this.keys.set(`${taskId}\u0000${key}`, { runId, expiresAt })
  }
}
