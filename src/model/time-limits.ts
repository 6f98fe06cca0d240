import { ValidationError } from '../errors/input-errors.js'
import { parseDuration, type Duration } from './duration.js'

/**
 * The longest wait backlot accepts, 365 days: every trigger `delay` / `delayUntil`, `step.sleep` /
 * `step.sleepUntil`, retry `minDelay` / `maxDelay`, `RetryAfterError` and idempotency key TTL
 * (docs/protocol.md, "Time limits"). Past it, a typed `INVALID_DURATION` error; so every time the
 * engine stores is a valid date that every read can format.
 */
export const MAX_WAIT_MS = 365 * 86_400_000

const LIMIT_TEXT = '365 days'

/**
 * A duration in ms, checked against `MAX_WAIT_MS`.
 *
 * @example
 * parseWait('30 days', 'the delay of task "report"') // 2592000000
 */
export function parseWait(value: Duration, what: string): number {
  return checkWaitMs(parseDuration(value, what), what)
}

/** `ms` itself, or an `INVALID_DURATION` error when it passes `MAX_WAIT_MS`. */
export function checkWaitMs(ms: number, what: string): number {
  if (ms > MAX_WAIT_MS) {
    throw new ValidationError('INVALID_DURATION', `Failed to accept ${what}: ${ms} ms is longer than the maximum of ${LIMIT_TEXT} (${MAX_WAIT_MS} ms). Wait at most ${LIMIT_TEXT}, or store the date and check it again later (e.g. with a cron).`)
  }
  return ms
}

/** `at` itself, or an `INVALID_DURATION` error when it is more than `MAX_WAIT_MS` after `now`. */
export function checkWakeAt(at: number, now: number, what: string): number {
  if (!Number.isFinite(at)) {
    throw new ValidationError('INVALID_DURATION', `Failed to accept ${what}: ${String(at)} is not a time. Pass a valid Date, ISO string or epoch milliseconds.`)
  }
  if (at - now > MAX_WAIT_MS) {
    throw new ValidationError('INVALID_DURATION', `Failed to accept ${what}: ${describeTime(at)} is more than ${LIMIT_TEXT} after now (${new Date(now).toISOString()}). Wait at most ${LIMIT_TEXT}, or store the date and check it again later (e.g. with a cron).`)
  }
  return at
}

function describeTime(at: number): string {
  const d = new Date(at)
  return Number.isNaN(d.getTime()) ? `${at} (epoch ms)` : d.toISOString()
}
